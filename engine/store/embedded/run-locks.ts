/**
 * The detection lock in the embedded store: one `run_locks` row per lock name.
 * Taking it is one IMMEDIATE transaction (SQLite's write lock serialises
 * processes sharing the file): read the row, and write ours only when there is
 * none, it is ours, or its lease has run out. Release deletes the row; a
 * killed holder's row simply expires.
 */
import { DETECTION_LOCK, type RunLockInfo } from '../../model/run-lock.ts';
import type { RunLocks } from '../ports.ts';
import type { Db } from './connection.ts';

type LockRow = [holder: string, runId: string, owner: string, acquiredAt: string, expiresAtMs: number];

const toInfo = ([holder, runId, owner, acquiredAt, expiresAtMs]: LockRow): RunLockInfo => ({
  holder, runId, owner, acquiredAt, expiresAt: new Date(expiresAtMs).toISOString(),
});

export function createRunLocks(db: Db, now: () => number = Date.now): RunLocks {
  const read = db.prepare('SELECT holder, run_id, owner, acquired_at, expires_at_ms FROM run_locks WHERE name = ?').raw();
  const write = db.prepare(
    `INSERT INTO run_locks (name, holder, run_id, owner, acquired_at, expires_at_ms) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT(name) DO UPDATE SET holder = excluded.holder, run_id = excluded.run_id, owner = excluded.owner,
       acquired_at = excluded.acquired_at, expires_at_ms = excluded.expires_at_ms`,
  );
  const renew = db.prepare('UPDATE run_locks SET expires_at_ms = ? WHERE name = ? AND holder = ?');
  const release = db.prepare('DELETE FROM run_locks WHERE name = ? AND holder = ?');

  const acquire = db.transaction((holder: string, runId: string, owner: string, leaseMs: number) => {
    const t = now();
    const row = read.get(DETECTION_LOCK) as LockRow | undefined;
    if (row !== undefined && row[0] !== holder && row[4] > t) return { acquired: false as const, heldBy: toInfo(row) };
    const acquiredAt = row !== undefined && row[0] === holder ? row[3] : new Date(t).toISOString();
    const mine: LockRow = [holder, runId, owner, acquiredAt, t + leaseMs];
    write.run(DETECTION_LOCK, ...mine);
    return { acquired: true as const, lock: toInfo(mine) };
  });

  return {
    async acquireRunLock(claim, leaseMs) {
      return acquire.immediate(claim.holder, claim.runId, claim.owner, leaseMs);
    },
    async renewRunLock(holder, leaseMs) {
      return renew.run(now() + leaseMs, DETECTION_LOCK, holder).changes > 0;
    },
    async releaseRunLock(holder) {
      release.run(DETECTION_LOCK, holder);
    },
    async runLock() {
      const row = read.get(DETECTION_LOCK) as LockRow | undefined;
      return row !== undefined && row[4] > now() ? toInfo(row) : null;
    },
  };
}

/**
 * Whether `holder` still holds the lock: the fence a run's save checks inside
 * its own transaction. A lease that ran out without anyone taking the lock
 * still counts — nobody else can have written meanwhile.
 */
export function holdsRunLock(db: Db, holder: string): boolean {
  return db.prepare('SELECT holder FROM run_locks WHERE name = ?').pluck().get(DETECTION_LOCK) === holder;
}
