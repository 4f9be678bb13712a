/**
 * The webhook delivery loop: claims due outbox messages, POSTs each signed per
 * Standard Webhooks with the same `webhook-id` on every attempt, and records
 * the outcome — `sent` on a 2xx answer; otherwise another attempt after an
 * exponential backoff with jitter, until `maxAttempts`, then `failed` (kept
 * and visible until retention deletes it, prune-outbox.ts). Each request has a timeout; nothing here runs
 * inside detection, so a receiver that is down or slow never holds up a run.
 * Delivery is at least once: a process killed after the receiver answered but
 * before the outcome was stored sends the message again, under the same id.
 */
import { silentLogger, type Logger } from '../model/logger.ts';
import type { DeliveryOutcome, OutboxMessage } from '../model/casework.ts';
import type { CaseworkStore } from '../store/ports.ts';
import { webhookHeaders } from './webhook-signature.ts';

export interface WebhookTarget {
  url: string;
  secret: string;
  timeoutMs: number;
  maxAttempts: number;
  /** First retry after about this long; each further one waits twice as long (capped at `maxBackoffMs`). */
  retryBaseMs: number;
  maxBackoffMs?: number;
}

export interface DeliverOptions {
  logger?: Logger;
  now?: () => number;
  /** In [0, 1): the jitter (tests pin it). */
  random?: () => number;
  limit?: number;
  ignoreSchedule?: boolean;
  includeFailed?: boolean;
}

export interface DeliveryPass {
  sent: number;
  retrying: number;
  failed: number;
}

/** "Equal jitter" backoff (AWS Architecture Blog, "Exponential Backoff And Jitter"): half fixed, half random. */
export function backoffMs(attempts: number, target: Pick<WebhookTarget, 'retryBaseMs' | 'maxBackoffMs'>, random: () => number = Math.random): number {
  const ceiling = Math.min(target.maxBackoffMs ?? 3_600_000, target.retryBaseMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

async function post(target: WebhookTarget, message: OutboxMessage, nowMs: number): Promise<string | null> {
  const headers = webhookHeaders(target.secret, message.id, Math.floor(nowMs / 1000), message.payload);
  try {
    const response = await fetch(target.url, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json', 'user-agent': 'ringtrace-webhooks' },
      body: message.payload,
      signal: AbortSignal.timeout(target.timeoutMs),
      redirect: 'manual',
    });
    // The body is not needed; reading it frees the connection.
    await response.arrayBuffer().catch(() => undefined);
    return response.status >= 200 && response.status < 300 ? null : `HTTP ${response.status}`;
  } catch (error) {
    if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return `no answer within ${target.timeoutMs} ms`;
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : error instanceof Error ? error.message : String(error);
    return `request failed: ${cause}`;
  }
}

/**
 * One pass: due messages (up to `limit`) tried once each. Messages are claimed
 * one at a time, each for one request's timeout plus a margin, so a sender
 * killed mid-request holds its message back only that long.
 */
export async function deliverDue(store: Pick<CaseworkStore, 'claimOutbox' | 'recordDelivery'>, target: WebhookTarget, options: DeliverOptions = {}): Promise<DeliveryPass> {
  const now = options.now ?? Date.now;
  const logger = options.logger ?? silentLogger;
  const pass: DeliveryPass = { sent: 0, retrying: 0, failed: 0 };
  /** What this pass recorded per message: a message claimed again is put back exactly so. */
  const tried = new Map<string, DeliveryOutcome>();
  const limit = options.limit ?? 100;
  while (tried.size < limit) {
    const [message] = await store.claimOutbox({
      nowMs: now(), limit: 1, claimMs: target.timeoutMs + 2_000,
      ...(options.ignoreSchedule ? { ignoreSchedule: true } : {}), ...(options.includeFailed ? { includeFailed: true } : {}),
    });
    if (message === undefined) break;
    const earlier = tried.get(message.id);
    if (earlier !== undefined) {
      // Only when the schedule is ignored or failed ones are included: tried in this pass already.
      await store.recordDelivery(earlier);
      break;
    }
    const error = await post(target, message, now());
    const attempts = message.attempts + 1;
    const at = new Date(now()).toISOString();
    let outcome: DeliveryOutcome;
    if (error === null) {
      outcome = { messageId: message.id, state: 'sent', attempts, at };
      pass.sent += 1;
      logger.info('webhook delivered', { messageId: message.id, alertId: message.alertId, attempts });
    } else if (attempts >= target.maxAttempts) {
      outcome = { messageId: message.id, state: 'failed', attempts, at, error };
      pass.failed += 1;
      logger.warn('webhook delivery failed for good', { messageId: message.id, alertId: message.alertId, attempts, error });
    } else {
      const nextAttemptAt = new Date(now() + backoffMs(attempts, target, options.random)).toISOString();
      outcome = { messageId: message.id, state: 'pending', attempts, at, error, nextAttemptAt };
      pass.retrying += 1;
      logger.warn('webhook delivery will be retried', { messageId: message.id, alertId: message.alertId, attempts, error, nextAttemptAt });
    }
    await store.recordDelivery(outcome);
    tried.set(message.id, outcome);
  }
  return pass;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Delivers until none of `alertIds` is pending or `waitMs` has passed (what
 * `ringtrace detect` does before it exits). Returns the messages still
 * pending, left to a running server or the next run.
 */
export async function deliverAlerts(
  store: Pick<CaseworkStore, 'claimOutbox' | 'recordDelivery' | 'listOutbox'>,
  target: WebhookTarget,
  alertIds: readonly string[],
  waitMs: number,
  options: DeliverOptions = {},
): Promise<OutboxMessage[]> {
  const now = options.now ?? Date.now;
  const deadline = now() + waitMs;
  const wanted = new Set(alertIds);
  for (;;) {
    await deliverDue(store, target, options);
    const pending = (await store.listOutbox()).filter((m) => wanted.has(m.alertId) && m.state === 'pending');
    if (pending.length === 0 || now() >= deadline) return pending;
    const next = Math.min(...pending.map((m) => Date.parse(m.nextAttemptAt)));
    await sleep(Math.max(50, Math.min(deadline - now(), next - now())));
  }
}

export interface OutboxDelivery {
  /** Runs a pass now (after a run saved alerts) instead of at the next tick. */
  kick(): void;
  /** Stops the loop and waits for the pass in flight. */
  stop(): Promise<void>;
}

/** The server's loop: a pass every `intervalMs` and on `kick()`, never two at once; a failing pass is logged, never thrown. */
export function startOutboxDelivery(store: Pick<CaseworkStore, 'claimOutbox' | 'recordDelivery'>, target: WebhookTarget, options: DeliverOptions & { intervalMs: number }): OutboxDelivery {
  const logger = options.logger ?? silentLogger;
  let stopped = false;
  let running: Promise<void> | null = null;
  let again = false;
  const pass = (): void => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = deliverDue(store, target, options)
      .then(() => undefined, (error: unknown) => logger.warn('webhook delivery pass failed', { error: String(error) }))
      .finally(() => {
        running = null;
        if (again) {
          again = false;
          pass();
        }
      });
  };
  const timer = setInterval(pass, options.intervalMs);
  timer.unref();
  pass();
  return {
    kick: pass,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
