/**
 * Detection that never overlaps another run, across processes and machines:
 * the store's detection lock is taken first (or waited for), renewed while the
 * run lives, fences the save, and is released at the end. The run's id is
 * chosen before the lock is taken, so a refused caller is told which run is
 * in progress. A process killed mid-run writes nothing: the previous run stays
 * current, and its lock frees itself when the lease runs out.
 */
import { defaultRunId, type DetectResult } from '../detect/detect-rings.ts';
import { runDetection, type DetectionStore, type RunDetectionOptions } from '../detect/run-detection.ts';
import type { DetectParams } from '../model/rings.ts';
import type { RunLocks } from '../store/ports.ts';
import { acquireLease, type LeaseOptions } from './lease.ts';

export type ExclusiveDetectionStore = DetectionStore & RunLocks;

export interface DetectionLockOptions extends Omit<LeaseOptions, 'logger'> {
  /** Who runs it, as the refusal names it: `cli pid 4242 on host-a`, `schedule on host-b`, a token name. */
  owner: string;
  /** The run id (default: `run-<time>-<random>`, as plain detection names runs). */
  runId?: string;
  logger?: LeaseOptions['logger'];
  now?: () => Date;
}

/** What the locked work must use: the run id the lock announces and the holder that fences the save. */
export interface LockedRun {
  runId: string;
  lockHolder: string;
}

/** The default lease: long enough for the longest synchronous stretch of a big run (Louvain on one huge component). */
export const DEFAULT_LEASE_MS = 120_000;

/** Runs `work` under the store's detection lock; `work` must save with `lockHolder` and name the run `runId`. */
export async function withDetectionLock<T>(store: RunLocks, options: DetectionLockOptions, work: (locked: LockedRun) => Promise<T>): Promise<T> {
  const now = options.now ?? (() => new Date());
  const runId = options.runId ?? defaultRunId(now(), now());
  const { owner, runId: _runId, now: _now, ...lease } = options;
  const held = await acquireLease(store, { runId, owner }, lease);
  try {
    return await work({ runId, lockHolder: held.lock.holder });
  } finally {
    await held.release();
  }
}

export type ExclusiveDetectionOptions = Omit<RunDetectionOptions, 'save' | 'newRunId'> & DetectionLockOptions;

/** Detection in this thread under the lock (the CLI's `detect`). */
export function runExclusiveDetection(
  store: ExclusiveDetectionStore,
  params: Partial<DetectParams>,
  options: ExclusiveDetectionOptions,
): Promise<DetectResult> {
  const { owner, leaseMs, waitMs, pollMs, onWaiting, runId, ...detect } = options;
  const lock: DetectionLockOptions = { owner, leaseMs, ...(waitMs !== undefined ? { waitMs } : {}), ...(pollMs !== undefined ? { pollMs } : {}), ...(onWaiting ? { onWaiting } : {}), ...(runId ? { runId } : {}), ...(detect.logger ? { logger: detect.logger } : {}), ...(detect.now ? { now: detect.now } : {}) };
  return withDetectionLock(store, lock, (locked) => runDetection(store, params, { ...detect, newRunId: () => locked.runId, save: { lockHolder: locked.lockHolder } }));
}
