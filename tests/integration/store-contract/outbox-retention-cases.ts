/**
 * Contract cases for webhook outbox retention: settled messages (sent, failed
 * for good, disabled) whose last state change is older than the retention are
 * deleted in batches; recent ones and every pending one, however old, stay;
 * alerts and cases are never deleted and keep the pruned message's delivery.
 */
import { describe, expect, it } from 'vitest';
import { pruneOutbox, type DeliveryOutcome, type OutboxMessage, type RunCasework } from '../../../engine/index.ts';
import { run } from '../../fixtures/store/builders.ts';
import { useStore, type StoreFactory } from './factory.ts';

const DAY = 86_400_000;
const NOW = Date.parse('2026-06-01T00:00:00.000Z');
const ago = (days: number): string => new Date(NOW - days * DAY).toISOString();

interface Seed {
  id: string;
  createdDaysAgo: number;
  state: 'pending' | 'disabled';
  /** A delivery attempt recorded this many days ago. */
  outcome?: { state: DeliveryOutcome['state']; daysAgo: number };
}

/** One alert (with its case) and one message per seed, all saved with one run. */
function casework(seeds: Seed[]): RunCasework {
  const out: RunCasework = { alerts: [], outbox: [], openCases: [], touchCases: [], events: [] };
  for (const s of seeds) {
    const createdAt = ago(s.createdDaysAgo);
    const alertId = `AL-${s.id}`;
    out.alerts.push({ id: alertId, ringId: `R-${s.id}`, runId: 'run-1', kind: 'new', score: 0.9, reasons: ['score 0.90 ≥ 0.5'], createdAt, caseId: `C-${s.id}`, brands: ['Acme'] });
    out.outbox.push({ id: `M-${s.id}`, alertId, payload: JSON.stringify({ alertId }), state: s.state, attempts: 0, createdAt, nextAttemptAt: createdAt });
    out.openCases.push({
      id: `C-${s.id}`, ringId: `R-${s.id}`, ringIds: [`R-${s.id}`], status: 'new', assignee: null, score: 0.9, brands: ['Acme'], alertId, createdAt, updatedAt: createdAt, mergedInto: null,
    });
  }
  return out;
}

const SEEDS: Seed[] = [
  // Old and settled: go.
  { id: 'sent-old', createdDaysAgo: 60, state: 'pending', outcome: { state: 'sent', daysAgo: 59 } },
  { id: 'failed-old', createdDaysAgo: 60, state: 'pending', outcome: { state: 'failed', daysAgo: 45 } },
  { id: 'disabled-old', createdDaysAgo: 31, state: 'disabled' },
  // Created long ago, but their last state change is recent: stay.
  { id: 'sent-late', createdDaysAgo: 90, state: 'pending', outcome: { state: 'sent', daysAgo: 1 } },
  { id: 'failed-late', createdDaysAgo: 90, state: 'pending', outcome: { state: 'failed', daysAgo: 29 } },
  { id: 'disabled-new', createdDaysAgo: 2, state: 'disabled' },
  // Pending at any age: stay.
  { id: 'pending-ancient', createdDaysAgo: 400, state: 'pending' },
  { id: 'retrying-old', createdDaysAgo: 100, state: 'pending', outcome: { state: 'pending', daysAgo: 99 } },
  // Enough old disabled ones that a batch of 3 needs several transactions.
  ...Array.from({ length: 7 }, (_, i): Seed => ({ id: `bulk-${i}`, createdDaysAgo: 40 + i, state: 'disabled' })),
];

export function defineOutboxRetentionCases(factory: StoreFactory): void {
  describe('outbox retention', () => {
    const store = useStore(factory);

    async function seed(): Promise<void> {
      await store().saveRun(run('run-1', ago(400)), [], { casework: casework(SEEDS) });
      for (const s of SEEDS) {
        if (s.outcome === undefined) continue;
        const at = ago(s.outcome.daysAgo);
        await store().recordDelivery({
          messageId: `M-${s.id}`, state: s.outcome.state, attempts: 1, at,
          ...(s.outcome.state === 'sent' ? {} : { error: 'HTTP 503' }),
          ...(s.outcome.state === 'pending' ? { nextAttemptAt: new Date(Date.parse(at) + 60_000).toISOString() } : {}),
        });
      }
    }
    const ids = (messages: OutboxMessage[]): string[] => messages.map((m) => m.id).sort();

    it('when the outbox is pruned in batches, then settled messages older than the retention go, recent and pending ones stay, and alerts and cases stay', async () => {
      await seed();
      const alertsBefore = await store().listAlerts({ offset: 0, limit: 100 });

      const result = await pruneOutbox(store(), 30, { now: () => NOW, batchSize: 3 });

      expect(result).toEqual({ removed: 10, before: ago(30) });
      expect(ids(await store().listOutbox())).toEqual(['M-disabled-new', 'M-failed-late', 'M-pending-ancient', 'M-retrying-old', 'M-sent-late']);
      const alertsAfter = await store().listAlerts({ offset: 0, limit: 100 });
      expect(alertsAfter.total).toBe(SEEDS.length);
      expect(alertsAfter.alerts.map((a) => a.id).sort()).toEqual(alertsBefore.alerts.map((a) => a.id).sort());
      expect((await store().listCases({ sort: 'created', offset: 0, limit: 100 })).total).toBe(SEEDS.length);
      // A pruned message's alert still says how its delivery went.
      expect((await store().getAlert('AL-sent-old'))?.delivery).toEqual({ state: 'sent', attempts: 1, sentAt: ago(59) });
      expect((await store().getAlert('AL-failed-old'))?.delivery).toEqual({ state: 'failed', attempts: 1, lastError: 'HTTP 503' });
      expect((await store().getAlert('AL-bulk-0'))?.delivery).toEqual({ state: 'disabled', attempts: 0 });
      expect((await store().getAlert('AL-retrying-old'))?.delivery).toMatchObject({ state: 'pending', attempts: 1 });
      expect(alertsAfter.alerts.find((a) => a.id === 'AL-sent-old')?.delivery.state).toBe('sent');

      expect(await store().pruneOutbox({ before: ago(30), batchSize: 3 })).toBe(0);
    });

    it('when the retention is shorter, then more settled messages go, but pending ones never', async () => {
      await seed();

      // Everything settled before "now + 1 day": every sent, failed and disabled message.
      const removed = await store().pruneOutbox({ before: new Date(NOW + DAY).toISOString(), batchSize: 500 });

      expect(removed).toBe(SEEDS.length - 2);
      expect(ids(await store().listOutbox())).toEqual(['M-pending-ancient', 'M-retrying-old']);
    });
  });
}
