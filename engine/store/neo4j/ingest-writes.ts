/**
 * Ingest writes: one managed transaction per batch (the driver retries it
 * whole on transient errors), running the statements ingest-plan.ts derives
 * from the batch, each one `UNWIND $rows …` over every row of its entity
 * type. Upsert semantics match the embedded store: null keeps the known
 * value, multi-valued links are only added, single-valued ones move.
 */
import type { IngestWrites } from '../ports.ts';
import { planBatch } from './ingest-plan.ts';
import type { Runner } from './session.ts';
import { asString, chunks } from './values.ts';

const LOOKUP_CHUNK = 10_000;

export function createIngestWrites(runner: Runner): IngestWrites {
  const existing = (name: 'read/find-existing-sellers' | 'read/find-existing-shops') => async (ids: string[]): Promise<Set<string>> => {
    const found = new Set<string>();
    for (const part of chunks([...new Set(ids)], LOOKUP_CHUNK)) {
      for (const record of await runner.read(name, { ids: part })) found.add(asString(record.get('id')));
    }
    return found;
  };

  return {
    async writeBatch(batch) {
      const statements = planBatch(batch);
      if (statements.length === 0) return;
      await runner.write('writeBatch', async (tx) => {
        for (const s of statements) await tx.run(s.name, s.params, s.templates);
      });
    },
    existingSellers: existing('read/find-existing-sellers'),
    existingShops: existing('read/find-existing-shops'),
  };
}
