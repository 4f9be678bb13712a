/**
 * Ingest writes: one managed transaction per batch (the driver retries it
 * whole on transient errors). The transaction first asks which of the batch's
 * sellers, shops, shipments and reports exist, then runs the statements
 * ingest-plan.ts derives: new entities are created with their links in one
 * statement per type, known ones go through the upsert path. Upsert semantics
 * match the embedded store: null keeps the known value, multi-valued links are
 * only added, single-valued ones move. When another writer creates one of the
 * "new" ids between the check and the create, the uniqueness constraint fails
 * the transaction and the batch is re-run on the upsert path alone.
 */
import { EngineError } from '../../model/errors.ts';
import type { IngestBatch } from '../../model/records.ts';
import type { IngestWrites } from '../ports.ts';
import { NO_FRESH_IDS, planBatch, type FreshIds } from './ingest-plan.ts';
import type { Runner, TxRunner } from './session.ts';
import { asString, chunks } from './values.ts';

const LOOKUP_CHUNK = 10_000;

type IdLabel = 'Seller' | 'Shop' | 'Shipment' | 'Report';

/** Which of `ids` exist as `label` nodes, asked through `run` (a managed read, or the write transaction itself). */
async function existingIds(run: TxRunner['run'], label: IdLabel, ids: Iterable<string>): Promise<Set<string>> {
  const found = new Set<string>();
  for (const part of chunks([...new Set(ids)], LOOKUP_CHUNK)) {
    for (const record of await run('read/find-existing-ids', { ids: part }, { label })) found.add(asString(record.get('id')));
  }
  return found;
}

/** Ids of the batch that the transaction does not find in the store. */
async function freshIds(tx: TxRunner, batch: IngestBatch): Promise<FreshIds> {
  const absent = async (label: IdLabel, ids: string[]): Promise<Set<string>> => {
    if (ids.length === 0) return new Set();
    const known = await existingIds(tx.run, label, ids);
    return new Set(ids.filter((id) => !known.has(id)));
  };
  return {
    sellers: await absent('Seller', batch.sellers.map((s) => s.sellerId)),
    shops: await absent('Shop', batch.shops.map((s) => s.shopId)),
    shipments: await absent('Shipment', batch.shipments.map((s) => s.shipmentId)),
    reports: await absent('Report', batch.reports.map((r) => r.reportId)),
  };
}

/** True when a write failed on a uniqueness constraint (a create raced with another writer). */
function isConstraintRace(error: unknown): boolean {
  return error instanceof EngineError && error.code === 'CONFLICT';
}

export function createIngestWrites(runner: Runner): Omit<IngestWrites, 'recordIngest'> {
  const existing = (label: IdLabel) => (ids: string[]): Promise<Set<string>> => existingIds(runner.read, label, ids);
  const write = (batch: IngestBatch, createNew: boolean): Promise<void> =>
    runner.write('writeBatch', async (tx) => {
      const fresh = createNew ? await freshIds(tx, batch) : NO_FRESH_IDS;
      for (const s of planBatch(batch, fresh)) await tx.run(s.name, s.params, s.templates);
    });

  return {
    async writeBatch(batch) {
      if (Object.values(batch).every((rows: unknown[]) => rows.length === 0)) return;
      try {
        await write(batch, true);
      } catch (error) {
        if (!isConstraintRace(error)) throw error;
        await write(batch, false);
      }
    },
    existingSellers: existing('Seller'),
    existingShops: existing('Shop'),
  };
}
