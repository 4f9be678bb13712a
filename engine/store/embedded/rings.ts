/**
 * Runs and rings in the embedded store. A run is written with all its rings
 * and members and made current in one transaction, so readers see the old run
 * or the new one, with the alerts, outbox messages and case changes it raised
 * (casework.ts) in the same transaction. Rings are JSON bodies plus the columns lists filter and sort
 * on; `why` is kept apart because only single-ring reads need it.
 */
import { storedRingChange, type Ring, type RunRecord } from '../../model/rings.ts';
import { lostRunLock } from '../../model/run-lock.ts';
import type { RingListQuery, RingReads, RingWrites, SaveRunOptions } from '../ports.ts';
import type { Db } from './connection.ts';
import { createCaseworkWriter } from './casework.ts';
import { holdsRunLock } from './run-locks.ts';
import { parseJson, statementCache } from './sql.ts';

const CURRENT_RUN = 'current_run';

type RingRow = [runId: string, body: string, why: string | null];

export function createRings(db: Db): RingWrites & RingReads {
  const upsertRun = db.prepare(
    `INSERT INTO runs (id, started_at, record) VALUES (?, ?, ?)
     ON CONFLICT(id) DO UPDATE SET started_at = excluded.started_at, record = excluded.record`,
  );
  const clearRings = db.prepare('DELETE FROM rings WHERE run_id = ?');
  const clearMembers = db.prepare('DELETE FROM ring_members WHERE run_id = ?');
  const clearBrands = db.prepare('DELETE FROM ring_brands WHERE run_id = ?');
  const insertRing = db.prepare('INSERT INTO rings (run_id, ring_id, score, size, change, body, why) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const insertMember = db.prepare('INSERT OR IGNORE INTO ring_members (run_id, ring_id, seller_id) VALUES (?, ?, ?)');
  const insertBrand = db.prepare('INSERT OR IGNORE INTO ring_brands (run_id, brand, ring_id) VALUES (?, ?, ?)');
  const setMeta = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value');
  const getMeta = db.prepare('SELECT value FROM meta WHERE key = ?').pluck();
  const runById = db.prepare('SELECT record FROM runs WHERE id = ?').pluck();
  const runsPage = db.prepare('SELECT record FROM runs ORDER BY started_at DESC, seq DESC LIMIT ? OFFSET ?').pluck();
  const ringById = db.prepare('SELECT run_id, body, why FROM rings WHERE run_id = ? AND ring_id = ?').raw();
  const history = db
    .prepare(
      `SELECT r.run_id, runs.started_at, r.size, r.score, r.change FROM rings r JOIN runs ON runs.id = r.run_id
       WHERE r.ring_id = ? ORDER BY runs.started_at DESC, runs.seq DESC`,
    )
    .raw();
  const prepared = statementCache(db);
  const writeCasework = createCaseworkWriter(db);

  const save = db.transaction((run: RunRecord, rings: Ring[], options: SaveRunOptions) => {
    if (options.lockHolder !== undefined && !holdsRunLock(db, options.lockHolder)) {
      throw lostRunLock(run.id);
    }
    // Saving a run id again replaces it wholesale: a retried write must not double its rings.
    clearRings.run(run.id);
    clearMembers.run(run.id);
    clearBrands.run(run.id);
    upsertRun.run(run.id, run.startedAt, JSON.stringify(run));
    for (const ring of rings) {
      const { why, runId: _runId, ...body } = ring;
      insertRing.run(run.id, ring.id, ring.score, ring.size, ring.change ?? null, JSON.stringify(body), why ? JSON.stringify(why) : null);
      for (const member of ring.members) insertMember.run(run.id, ring.id, member);
      for (const brand of ring.brands) insertBrand.run(run.id, brand, ring.id);
    }
    setMeta.run(CURRENT_RUN, run.id);
    if (options.casework) writeCasework(options.casework);
  });

  const currentRunId = (): string | null => (getMeta.get(CURRENT_RUN) as string | undefined) ?? null;
  const readRun = (id: string | null): RunRecord | null => {
    const record = id === null ? undefined : (runById.get(id) as string | undefined);
    return record === undefined ? null : (JSON.parse(record) as RunRecord);
  };

  return {
    async saveRun(run, rings, options = {}) {
      save.immediate(run, rings, options);
    },

    async currentRun() {
      return readRun(currentRunId());
    },

    async getRun(runId) {
      return readRun(runId);
    },

    async listRuns(offset, limit) {
      return (runsPage.all(limit, offset) as string[]).map((record) => JSON.parse(record) as RunRecord);
    },

    async listRings(query: RingListQuery) {
      const runId = query.runId ?? currentRunId();
      if (runId === null) return { rings: [], total: 0 };
      const where = ['r.run_id = ?'];
      const params: unknown[] = [runId];
      if (query.minScore !== undefined) {
        where.push('r.score >= ?');
        params.push(query.minScore);
      }
      if (query.minSize !== undefined) {
        where.push('r.size >= ?');
        params.push(query.minSize);
      }
      if (query.maxSize !== undefined) {
        where.push('r.size <= ?');
        params.push(query.maxSize);
      }
      if (query.brands !== undefined) {
        where.push('r.ring_id IN (SELECT ring_id FROM ring_brands WHERE run_id = r.run_id AND brand IN (SELECT value FROM json_each(?)))');
        params.push(JSON.stringify(query.brands));
      }
      if (query.changes !== undefined) {
        where.push('r.change IN (SELECT value FROM json_each(?))');
        params.push(JSON.stringify(query.changes));
      }
      if (query.tiers !== undefined) {
        where.push("coalesce(json_extract(r.body, '$.tier'), 'ring') IN (SELECT value FROM json_each(?))");
        params.push(JSON.stringify(query.tiers));
      }
      const filter = where.join(' AND ');
      const order = query.sort === 'size' ? 'r.size DESC, r.score DESC, r.ring_id' : 'r.score DESC, r.size DESC, r.ring_id';
      const total = prepared(`SELECT count(*) FROM rings r WHERE ${filter}`).pluck().get(...params) as number;
      const rows = prepared(`SELECT r.run_id, r.body, NULL FROM rings r WHERE ${filter} ORDER BY ${order} LIMIT ? OFFSET ?`)
        .raw()
        .all(...params, query.limit ?? -1, query.offset ?? 0) as RingRow[];
      return { rings: rows.map(toRing), total };
    },

    async getRing(ringId, runId) {
      const run = runId ?? currentRunId();
      if (run === null) return null;
      const row = ringById.get(run, ringId) as RingRow | undefined;
      return row ? toRing(row) : null;
    },

    async ringHistory(ringId) {
      const rows = history.all(ringId) as Array<[string, string, number, number, string | null]>;
      return rows.map(([runId, startedAt, size, score, change]) => ({ runId, startedAt, size, score, change: storedRingChange(change) }));
    },
  };
}

function toRing([runId, body, why]: RingRow): Ring {
  const ring = JSON.parse(body) as Ring;
  const whyLists = parseJson<Ring['why']>(why);
  return { ...ring, ...(whyLists ? { why: whyLists } : {}), runId };
}
