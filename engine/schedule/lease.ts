/**
 * Holding the store's detection lock for one run: take it (or wait for it),
 * renew the lease on a timer while the run lives, release it at the end. The
 * timer only keeps the lease alive; correctness does not rest on it, because
 * the run's save is fenced by the lock (SaveRunOptions.lockHolder) — a run
 * whose lease ran out and was taken over cannot publish.
 */
import { randomUUID } from 'node:crypto';
import { EngineError } from '../model/errors.ts';
import { silentLogger, type Logger } from '../model/logger.ts';
import type { RunLockInfo } from '../model/run-lock.ts';
import type { RunLocks } from '../store/ports.ts';

export interface LeaseOptions {
  /** Lease length; renewed every third of it. */
  leaseMs: number;
  /** Wait this long for a running run to finish instead of refusing at once (0: refuse). */
  waitMs?: number;
  /** How often a waiting caller asks again (default: a tenth of the lease, 250 ms to 5 s). */
  pollMs?: number;
  logger?: Logger;
  /** Called once when a waiting caller first finds the lock held. */
  onWaiting?: (heldBy: RunLockInfo) => void;
}

export interface HeldLease {
  readonly lock: RunLockInfo;
  /** Stops renewing and frees the lock; idempotent, never throws. */
  release(): Promise<void>;
}

/** The CONFLICT a refused caller gets: it names the running run, who runs it, and until when its lease lasts. */
export function runInProgress(heldBy: RunLockInfo): EngineError {
  return new EngineError(
    'CONFLICT',
    `detection run ${heldBy.runId} is already running (${heldBy.owner}, since ${heldBy.acquiredAt}; lease until ${heldBy.expiresAt}); use --wait to wait for it`,
    { details: { runId: heldBy.runId, owner: heldBy.owner, acquiredAt: heldBy.acquiredAt, expiresAt: heldBy.expiresAt } },
  );
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function acquireLease(store: RunLocks, claim: { runId: string; owner: string }, options: LeaseOptions): Promise<HeldLease> {
  const logger = options.logger ?? silentLogger;
  const holder = randomUUID();
  const deadline = Date.now() + (options.waitMs ?? 0);
  const pollMs = options.pollMs ?? Math.min(5_000, Math.max(250, Math.round(options.leaseMs / 10)));
  let waiting = false;
  let lock: RunLockInfo;
  for (;;) {
    const result = await store.acquireRunLock({ holder, ...claim }, options.leaseMs);
    if (result.acquired) {
      lock = result.lock;
      break;
    }
    if (Date.now() + pollMs > deadline) throw runInProgress(result.heldBy);
    if (!waiting) {
      waiting = true;
      options.onWaiting?.(result.heldBy);
    }
    await sleep(pollMs);
  }

  let released = false;
  const renewEvery = Math.max(50, Math.floor(options.leaseMs / 3));
  const timer = setInterval(() => {
    store.renewRunLock(holder, options.leaseMs).then(
      (renewed) => {
        if (!renewed && !released) logger.warn('detection lock lost: its lease ran out and another process took it; this run will not be saved', { runId: claim.runId });
      },
      (error: unknown) => logger.warn('detection lock renewal failed; retrying', { runId: claim.runId, error: String(error) }),
    );
  }, renewEvery);
  // A renewal timer must never keep a finished CLI process alive.
  timer.unref();

  return {
    lock,
    async release() {
      if (released) return;
      released = true;
      clearInterval(timer);
      await store.releaseRunLock(holder).catch((error: unknown) => {
        logger.warn('detection lock release failed; it frees itself when the lease runs out', { runId: claim.runId, error: String(error) });
      });
    },
  };
}
