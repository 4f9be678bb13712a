/**
 * The retention driver: the cut-off is now minus the retention, the count is
 * logged at info only when something went, and the server's loop prunes at
 * start and every interval, never two at once, logging (never throwing) a
 * failing prune.
 */
import { describe, expect, it } from 'vitest';
import { pruneOutbox, startOutboxPruning, type Logger, type OutboxPrune } from '../../engine/index.ts';

const NOW = Date.parse('2026-06-01T00:00:00.000Z');

function recordingLogger(): Logger & { lines: Array<[string, string, Record<string, unknown> | undefined]> } {
  const lines: Array<[string, string, Record<string, unknown> | undefined]> = [];
  const at = (level: string) => (message: string, fields?: Record<string, unknown>) => void lines.push([level, message, fields]);
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('outbox retention driver', () => {
  it('when it prunes, then the store is asked for messages settled before now minus the retention, and a count above 0 is logged at info', async () => {
    const asked: OutboxPrune[] = [];
    const answers = [4, 0];
    const store = { pruneOutbox: async (p: OutboxPrune) => (asked.push(p), answers.shift() ?? 0) };
    const logger = recordingLogger();

    const first = await pruneOutbox(store, 30, { now: () => NOW, logger, batchSize: 7 });
    const second = await pruneOutbox(store, 1, { now: () => NOW, logger });

    expect(first).toEqual({ removed: 4, before: '2026-05-02T00:00:00.000Z' });
    expect(second).toEqual({ removed: 0, before: '2026-05-31T00:00:00.000Z' });
    expect(asked).toEqual([{ before: '2026-05-02T00:00:00.000Z', batchSize: 7 }, { before: '2026-05-31T00:00:00.000Z', batchSize: 500 }]);
    expect(logger.lines).toEqual([['info', 'webhook outbox pruned', { removed: 4, before: '2026-05-02T00:00:00.000Z', retentionDays: 30 }]]);
    await expect(pruneOutbox(store, 0)).rejects.toThrow(/outbox retention must be a positive whole number of days \(got 0\)/);
  });

  it('when the server loop runs, then it prunes at start and each interval, one at a time, and a failure is logged and the loop goes on', async () => {
    let calls = 0;
    let inFlight = 0;
    let overlapped = false;
    const store = {
      pruneOutbox: async () => {
        calls += 1;
        inFlight += 1;
        overlapped ||= inFlight > 1;
        await sleep(30);
        inFlight -= 1;
        if (calls === 2) throw new Error('store unavailable');
        return 1;
      },
    };
    const logger = recordingLogger();

    const loop = startOutboxPruning(store, 30, { intervalMs: 10, logger });
    expect(calls).toBe(1);
    await sleep(200);
    await loop.stop();
    const stoppedAt = calls;
    await sleep(50);

    expect(calls).toBeGreaterThanOrEqual(3);
    expect(calls).toBe(stoppedAt);
    expect(overlapped).toBe(false);
    expect(logger.lines.filter(([level]) => level === 'warn')).toEqual([['warn', 'webhook outbox prune failed', { error: 'Error: store unavailable' }]]);
    expect(logger.lines.filter(([level]) => level === 'info').length).toBe(calls - 1);
  });
});
