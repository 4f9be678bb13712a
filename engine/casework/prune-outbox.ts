/**
 * Webhook outbox retention (RINGTRACE_OUTBOX_RETENTION_DAYS): messages in a
 * final state — `sent`, `failed` for good, `disabled` — whose last state
 * change is older than the retention are deleted, in bounded batches; a
 * `pending` message (waiting, retrying or claimed) never is, so nothing the
 * receiver has not acknowledged is lost. Alerts and cases stay: each alert
 * keeps its message's final delivery. `serve` prunes about once an hour
 * (`startOutboxPruning`); `ringtrace alerts prune` on demand.
 */
import { EngineError } from '../model/errors.ts';
import { silentLogger, type Logger } from '../model/logger.ts';
import type { CaseworkStore } from '../store/ports.ts';

const DAY_MS = 86_400_000;

/** Messages deleted per store transaction: small enough to never hold a write lock for long. */
export const OUTBOX_PRUNE_BATCH = 500;

/** How often `serve` prunes. */
export const OUTBOX_PRUNE_INTERVAL_MS = 3_600_000;

export interface PruneOptions {
  logger?: Logger;
  now?: () => number;
  batchSize?: number;
}

export interface OutboxPruneResult {
  removed: number;
  /** Messages whose last state change was before this were eligible. */
  before: string;
}

/** Deletes settled messages older than `retentionDays`; logs the count at info level when any went. */
export async function pruneOutbox(store: Pick<CaseworkStore, 'pruneOutbox'>, retentionDays: number, options: PruneOptions = {}): Promise<OutboxPruneResult> {
  if (!Number.isInteger(retentionDays) || retentionDays < 1) {
    throw new EngineError('INVALID_INPUT', `outbox retention must be a positive whole number of days (got ${retentionDays})`, { details: { field: 'outboxRetentionDays' } });
  }
  const now = options.now ?? Date.now;
  const before = new Date(now() - retentionDays * DAY_MS).toISOString();
  const removed = await store.pruneOutbox({ before, batchSize: options.batchSize ?? OUTBOX_PRUNE_BATCH });
  if (removed > 0) (options.logger ?? silentLogger).info('webhook outbox pruned', { removed, before, retentionDays });
  return { removed, before };
}

export interface OutboxPruning {
  /** Stops the timer and waits for the prune in flight. */
  stop(): Promise<void>;
}

/**
 * The server's retention: a prune at start and every `intervalMs` (about an
 * hour), never two at once; a failing prune is logged, never thrown. It runs
 * beside the delivery loop, also with no webhook configured, when `disabled`
 * messages are the ones that pile up.
 */
export function startOutboxPruning(store: Pick<CaseworkStore, 'pruneOutbox'>, retentionDays: number, options: PruneOptions & { intervalMs?: number } = {}): OutboxPruning {
  const logger = options.logger ?? silentLogger;
  let running: Promise<void> | null = null;
  const tick = (): void => {
    if (running) return;
    running = pruneOutbox(store, retentionDays, options)
      .then(() => undefined, (error: unknown) => logger.warn('webhook outbox prune failed', { error: String(error) }))
      .finally(() => (running = null));
  };
  const timer = setInterval(tick, options.intervalMs ?? OUTBOX_PRUNE_INTERVAL_MS);
  timer.unref();
  tick();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
