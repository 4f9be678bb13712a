/**
 * The detection lock: one row (embedded) or node (Neo4j) with a unique name,
 * held by one attempt at a time under a lease that the holder renews while its
 * run lives. A holder that dies stops renewing, and the lock is free again once
 * its lease has run out, judged by the store's own clock.
 */
import { EngineError } from './errors.ts';

/** Who asks for the lock. */
export interface RunLockClaim {
  /** Unique per attempt (a random id): renewals and release name it. */
  holder: string;
  /** The run the holder will write, so a refused caller can name it. */
  runId: string;
  /** People-readable origin: `cli pid 4242 on host-a`, `schedule on host-b`, a token name. */
  owner: string;
}

export interface RunLockInfo extends RunLockClaim {
  acquiredAt: string;
  /** When the lease runs out unless renewed (store clock). */
  expiresAt: string;
}

export type RunLockResult = { acquired: true; lock: RunLockInfo } | { acquired: false; heldBy: RunLockInfo };

/** What a save fenced by a lock it no longer holds fails with (both stores). */
export function lostRunLock(runId: string): EngineError {
  return new EngineError('CONFLICT', `run ${runId} lost the detection lock (its lease ran out and another run took it); nothing was saved`, { details: { runId } });
}

/** The one lock name today: detection runs never overlap. */
export const DETECTION_LOCK = 'detection';
