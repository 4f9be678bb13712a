/**
 * Runs and rings. saveRun writes the rings under the run id in a staging
 * generation (batched transactions, invisible to readers), then one final
 * transaction upserts the Run, drops the run's older generation, ties the new
 * rings to it, marks it current and writes the alerts, outbox messages and
 * case changes the run raised (casework.ts): a crash before that leaves the previous
 * run current and whole; a failure cleans the staged rings up.
 */
import { randomUUID } from 'node:crypto';
import { EngineError } from '../../model/errors.ts';
import { storedRingChange, type Ring, type RunRecord } from '../../model/rings.ts';
import { lostRunLock } from '../../model/run-lock.ts';
import type { RingReads, RingWrites } from '../ports.ts';
import { writeCasework } from './casework.ts';
import { holdsRunLock } from './run-locks.ts';
import type { Runner } from './session.ts';
import { asNullableString, asNumber, asRecord, asString, chunks } from './values.ts';

const RING_BATCH = 500;

function checkRings(rings: Ring[]): void {
  for (const ring of rings) {
    const ok =
      typeof ring.id === 'string' && Array.isArray(ring.members) && ring.members.every((m) => typeof m === 'string') &&
      Array.isArray(ring.brands) && Number.isFinite(ring.score) && Number.isFinite(ring.size);
    if (!ok) throw new EngineError('INVALID_INPUT', 'saveRun: a ring lacks its id, members, brands, score or size', { details: { ringId: String(ring.id) } });
  }
}

export function createRings(runner: Runner): RingWrites & RingReads {
  const currentRunId = async (): Promise<string | null> => {
    const [record] = await runner.read('read/get-current-run');
    if (record === undefined) return null;
    return (JSON.parse(asString(record.get('record'))) as RunRecord).id;
  };
  const toRing = (runId: string, body: string, why: string | null): Ring => {
    const ring = JSON.parse(body) as Ring;
    return { ...ring, ...(why === null ? {} : { why: JSON.parse(why) as Ring['why'] }), runId };
  };

  return {
    async saveRun(run, rings, options = {}) {
      checkRings(rings);
      const gen = randomUUID();
      try {
        for (const part of chunks(rings, RING_BATCH)) {
          const rows = part.map((ring) => {
            const { why, runId: _runId, ...body } = ring;
            return {
              id: ring.id, uid: `${run.id}\u0000${ring.id}\u0000${gen}`, score: ring.score, size: ring.size, change: ring.change ?? null, tier: ring.tier ?? 'ring',
              brands: ring.brands, members: ring.members, body: JSON.stringify(body), why: why === undefined ? null : JSON.stringify(why),
            };
          });
          await runner.write('saveRun (rings)', (tx) => tx.run('write/create-staged-rings', { runId: run.id, gen, rows }));
        }
        await runner.write('saveRun (publish)', async (tx) => {
          if (options.lockHolder !== undefined && !(await holdsRunLock(tx, options.lockHolder))) {
            throw lostRunLock(run.id);
          }
          await tx.run('write/upsert-run', { runId: run.id, startedAt: run.startedAt, record: JSON.stringify(run), seq: Date.now() });
          await tx.run('write/delete-replaced-rings', { runId: run.id, gen });
          await tx.run('write/link-run-rings', { runId: run.id, gen });
          await tx.run('write/set-current-run', { runId: run.id });
          if (options.casework) await writeCasework(tx, options.casework);
        });
      } catch (error) {
        // Best effort: staged rings are invisible anyway, this only frees the space.
        await runner.write('saveRun (cleanup)', (tx) => tx.run('write/delete-staged-rings', { runId: run.id, gen })).catch(() => undefined);
        throw error;
      }
    },

    async currentRun() {
      const [record] = await runner.read('read/get-current-run');
      return record === undefined ? null : (JSON.parse(asString(record.get('record'))) as RunRecord);
    },

    async getRun(runId) {
      const [record] = await runner.read('read/get-run', { runId });
      return record === undefined ? null : (JSON.parse(asString(record.get('record'))) as RunRecord);
    },

    async listRuns(offset, limit) {
      const records = await runner.read('read/list-runs', { offset, limit });
      return records.map((r) => JSON.parse(asString(r.get('record'))) as RunRecord);
    },

    async listRings(query) {
      const runId = query.runId ?? (await currentRunId());
      if (runId === null) return { rings: [], total: 0 };
      const [record] = await runner.read('read/list-rings', {
        runId,
        minScore: query.minScore ?? null,
        minSize: query.minSize ?? null,
        maxSize: query.maxSize ?? null,
        brands: query.brands ?? null,
        changes: query.changes ?? null,
        tiers: query.tiers ?? null,
        sort: query.sort ?? 'score',
        offset: query.offset ?? 0,
        limit: query.limit ?? null,
      });
      if (record === undefined) return { rings: [], total: 0 };
      const rings = (record.get('rings') as unknown[]).map((item) => {
        const r = asRecord(item);
        return toRing(asString(r['runId']), asString(r['body']), null);
      });
      return { rings, total: asNumber(record.get('total')) };
    },

    async getRing(ringId, runId) {
      const run = runId ?? (await currentRunId());
      if (run === null) return null;
      const [record] = await runner.read('read/get-ring', { runId: run, ringId });
      if (record === undefined) return null;
      return toRing(asString(record.get('runId')), asString(record.get('body')), asNullableString(record.get('why')));
    },

    async ringHistory(ringId) {
      const records = await runner.read('read/get-ring-history', { ringId });
      return records.map((r) => ({
        runId: asString(r.get('runId')),
        startedAt: asString(r.get('startedAt')),
        size: asNumber(r.get('size')),
        score: asNumber(r.get('score')),
        change: storedRingChange(asNullableString(r.get('change'))),
      }));
    },
  };
}
