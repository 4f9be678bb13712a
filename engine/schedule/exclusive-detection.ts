/**
 * Detection that never overlaps another run, across processes and machines:
 * the store's detection lock is taken first (or waited for), renewed while the
 * run lives, fences the save, and is released at the end. The run's id is
 * chosen before the lock is taken, so a refused caller is told which run is
 * in progress. A process killed mid-run writes nothing: the previous run stays
 * current, and its lock frees itself when the lease runs out.
 */
import { defaultRunId, type DetectResult } from '../detect/detect-rings.ts';
import { runDetection, type RunDetectionOptions } from '../detect/run-detection.ts';
import type { DetectParams } from '../model/rings.ts';
import type { DetectionReads, RingReads, RingWrites, RunLocks } from '../store/ports.ts';
import { acquireLease, type LeaseOptions } from './lease.ts';

export type ExclusiveDetectionStore = DetectionReads & RingReads & RingWrites & RunLocks;

export interface ExclusiveDetectionOptions extends Omit<RunDetectionOptions, 'save' | 'newRunId'>, Omit<LeaseOptions, 'logger'> {
  /** Who runs it, as the refusal names it: `cli pid 4242 on host-a`, `schedule on host-b`, a token name. */
  owner: string;
  /** The run id (default: `run-<time>-<random>`, as plain detection names runs). */
  runId?: string;
}

/** The default lease: long enough for the longest synchronous stretch of a big run (Louvain on one huge component). */
export const DEFAULT_LEASE_MS = 120_000;

export async function runExclusiveDetection(
  store: ExclusiveDetectionStore,
  params: Partial<DetectParams>,
  options: ExclusiveDetectionOptions,
): Promise<DetectResult> {
  const now = options.now ?? (() => new Date());
  const runId = options.runId ?? defaultRunId(now(), now());
  const lease = await acquireLease(store, { runId, owner: options.owner }, {
    leaseMs: options.leaseMs,
    ...(options.waitMs !== undefined ? { waitMs: options.waitMs } : {}),
    ...(options.pollMs !== undefined ? { pollMs: options.pollMs } : {}),
    ...(options.onWaiting ? { onWaiting: options.onWaiting } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
  });
  try {
    const { owner: _owner, leaseMs: _lease, waitMs: _wait, pollMs: _poll, onWaiting: _onWaiting, runId: _runId, ...detect } = options;
    return await runDetection(store, params, { ...detect, newRunId: () => runId, save: { lockHolder: lease.lock.holder } });
  } finally {
    await lease.release();
  }
}
