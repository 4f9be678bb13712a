/**
 * Contract cases for alerts, the webhook outbox and cases: a run's casework
 * commits with the run (and not without it), saving it again adds nothing,
 * cases follow ring ids, people's changes append history and refuse stale
 * status changes, and the outbox hands each due message to one claimant and
 * keeps every outcome.
 */
import { describe, expect, it } from 'vitest';
import { isEngineError, planCasework, type CaseEvent, type Ring, type RunCasework } from '../../../engine/index.ts';
import { gatherCasework } from '../../../engine/casework/gather-casework.ts';
import { ring, run } from '../../fixtures/store/builders.ts';
import { useStore, type StoreFactory } from './factory.ts';

const T0 = '2026-03-01T00:00:00.000Z';
const policy = { minScore: 0.5, webhook: true };

function firstRun(): { rings: Ring[]; casework: RunCasework } {
  const rings = [
    ring('R-a', ['S1', 'S2', 'S3'], { score: 0.9, brands: ['Acme'], change: 'new' }),
    ring('R-b', ['S4', 'S5', 'S6'], { score: 0.7, brands: ['Zeta'], change: 'new' }),
    ring('R-low', ['S7', 'S8', 'S9'], { score: 0.2, brands: ['Acme'], change: 'new' }),
  ];
  const casework = planCasework({ run: run('run-1', T0), rings, previousRingIds: [], cases: new Map(), previousVersions: new Map(), foldedEvents: new Map(), policy, now: T0 });
  return { rings, casework };
}

const note = (caseId: string, id: string, at: string, text: string): CaseEvent => ({ id, caseId, kind: 'note', author: 'ana', role: 'investigator', at, text });

export function defineCaseworkCases(factory: StoreFactory): void {
  describe('casework', () => {
    const store = useStore(factory);

    it('when a run is saved with casework, then its alerts, outbox messages and cases are there, and saving it again adds nothing', async () => {
      const { rings, casework } = firstRun();
      await store().saveRun(run('run-1', T0), rings, { casework });
      await store().saveRun(run('run-1', T0), rings, { casework });

      const { alerts, total } = await store().listAlerts({ offset: 0, limit: 10 });
      expect(total).toBe(2);
      expect(alerts.map((a) => a.ringId).sort()).toEqual(['R-a', 'R-b']);
      expect(alerts[0]).toMatchObject({ runId: 'run-1', kind: 'new', status: 'open', delivery: { state: 'pending', attempts: 0 } });
      expect(await store().listOutbox()).toHaveLength(2);
      const cases = await store().casesForRings(['R-a', 'R-b', 'R-low']);
      expect([...cases.keys()].sort()).toEqual(['R-a', 'R-b']);
      const caseA = cases.get('R-a')!;
      expect(caseA).toMatchObject({ ringId: 'R-a', ringIds: ['R-a'], status: 'new', assignee: null, score: 0.9, brands: ['Acme'], mergedInto: null });
      expect(await store().getCase(caseA.id)).toEqual(caseA);
      expect((await store().caseEvents(caseA.id)).map((e) => e.kind)).toEqual(['opened']);
      expect(await store().getAlert(caseA.alertId)).toMatchObject({ caseId: caseA.id, ringId: 'R-a' });
      expect(await store().caseworkMarks()).toEqual({ currentRunId: 'run-1', lastAlertAt: T0, lastCaseUpdateAt: T0 });
    });

    it('when the run save is refused by the lock fence, then none of its casework is written', async () => {
      const { rings, casework } = firstRun();
      await store().acquireRunLock({ holder: 'other', runId: 'run-x', owner: 'test' }, 60_000);

      const refused = await store().saveRun(run('run-1', T0), rings, { casework, lockHolder: 'me' }).catch((e: unknown) => e);

      expect(isEngineError(refused) && refused.code).toBe('CONFLICT');
      expect((await store().listAlerts({ offset: 0, limit: 10 })).total).toBe(0);
      expect(await store().listOutbox()).toEqual([]);
      expect((await store().listCases({ sort: 'score', offset: 0, limit: 10 })).total).toBe(0);
    });

    it('when cases are listed, then filters, brand scope, sorting and paging apply', async () => {
      const { rings, casework } = firstRun();
      await store().saveRun(run('run-1', T0), rings, { casework });
      const ids = async (q: Partial<Parameters<ReturnType<typeof store>['listCases']>[0]>) => {
        const page = await store().listCases({ sort: 'score', offset: 0, limit: 10, ...q });
        return { ringIds: page.cases.map((c) => c.ringId), total: page.total };
      };

      expect(await ids({})).toEqual({ ringIds: ['R-a', 'R-b'], total: 2 });
      expect(await ids({ brands: ['Zeta'] })).toEqual({ ringIds: ['R-b'], total: 1 });
      expect(await ids({ brands: [] })).toEqual({ ringIds: [], total: 0 });
      expect(await ids({ minScore: 0.8 })).toEqual({ ringIds: ['R-a'], total: 1 });
      expect(await ids({ status: ['triage'] })).toEqual({ ringIds: [], total: 0 });
      expect(await ids({ limit: 1, offset: 1 })).toEqual({ ringIds: ['R-b'], total: 2 });
      expect((await store().listAlerts({ brands: ['Acme'], offset: 0, limit: 10 })).alerts.map((a) => a.ringId)).toEqual(['R-a']);
      // One run opens its cases at one time: the newest-first orders start with the highest score.
      expect(await ids({ sort: 'updated' })).toEqual({ ringIds: ['R-a', 'R-b'], total: 2 });
      expect(await ids({ sort: 'created' })).toEqual({ ringIds: ['R-a', 'R-b'], total: 2 });
      expect((await store().listAlerts({ offset: 0, limit: 10 })).alerts.map((a) => a.ringId)).toEqual(['R-a', 'R-b']);
    });

    it('when a person changes a case, then the event is appended, status and assignee change, and a stale status change is refused', async () => {
      const { rings, casework } = firstRun();
      await store().saveRun(run('run-1', T0), rings, { casework });
      const c = (await store().casesForRings(['R-a'])).get('R-a')!;

      await store().changeCase({ caseId: c.id, event: note(c.id, 'ev-1', '2026-03-01T01:00:00.000Z', 'looked at it') });
      const assigned = await store().changeCase({
        caseId: c.id, assignee: 'ana', event: { id: 'ev-2', caseId: c.id, kind: 'assignee', author: 'lead', role: 'admin', at: '2026-03-01T02:00:00.000Z', from: '', to: 'ana' },
      });
      const moved = await store().changeCase({
        caseId: c.id, expectedStatus: 'new', status: 'triage',
        event: { id: 'ev-3', caseId: c.id, kind: 'status', author: 'ana', role: 'investigator', at: '2026-03-01T03:00:00.000Z', from: 'new', to: 'triage', reason: 'worth a look' },
      });
      const stale = await store().changeCase({
        caseId: c.id, expectedStatus: 'new', status: 'closed-dismissed',
        event: { id: 'ev-4', caseId: c.id, kind: 'status', author: 'bo', role: 'investigator', at: '2026-03-01T04:00:00.000Z', from: 'new', to: 'closed-dismissed', reason: 'x' },
      }).catch((e: unknown) => e);
      const missing = await store().changeCase({ caseId: 'CASE-none', event: note('CASE-none', 'ev-5', T0, 'x') }).catch((e: unknown) => e);

      expect(assigned.assignee).toBe('ana');
      expect(moved).toMatchObject({ status: 'triage', assignee: 'ana', updatedAt: '2026-03-01T03:00:00.000Z' });
      expect(isEngineError(stale) && stale.code).toBe('CONFLICT');
      expect(isEngineError(missing) && missing.code).toBe('NOT_FOUND');
      const events = await store().caseEvents(c.id);
      expect(events.map((e) => e.kind)).toEqual(['opened', 'note', 'assignee', 'status']);
      expect(events[1]).toMatchObject({ author: 'ana', role: 'investigator', text: 'looked at it' });
      expect(events[3]).toMatchObject({ from: 'new', to: 'triage', reason: 'worth a look' });
      expect((await store().listCases({ assignee: 'ana', sort: 'updated', offset: 0, limit: 10 })).cases.map((x) => x.id)).toEqual([c.id]);
      expect((await store().caseworkMarks()).lastCaseUpdateAt).toBe('2026-03-01T03:00:00.000Z');
    });

    it('when an alert is acknowledged twice, then the first acknowledgement stays', async () => {
      const { rings, casework } = firstRun();
      await store().saveRun(run('run-1', T0), rings, { casework });
      const id = casework.alerts[0]!.id;

      await store().acknowledgeAlert(id, 'ana', '2026-03-02T00:00:00.000Z');
      const again = await store().acknowledgeAlert(id, 'bo', '2026-03-03T00:00:00.000Z');

      expect(again).toMatchObject({ status: 'acknowledged', acknowledgedBy: 'ana', acknowledgedAt: '2026-03-02T00:00:00.000Z' });
      expect(await store().acknowledgeAlert('AL-none', 'ana', T0)).toBeNull();
      expect((await store().listAlerts({ status: 'open', offset: 0, limit: 10 })).total).toBe(1);
    });

    it('when the outbox is claimed, then a claimed or sent message is not handed out again, retries wait their turn, and failed ones only on request', async () => {
      const { rings, casework } = firstRun();
      await store().saveRun(run('run-1', T0), rings, { casework });
      const now = Date.parse(T0) + 1_000;

      const first = await store().claimOutbox({ nowMs: now, limit: 10, claimMs: 60_000 });
      const second = await store().claimOutbox({ nowMs: now + 1, limit: 10, claimMs: 60_000 });
      expect(first).toHaveLength(2);
      expect(second).toEqual([]);
      const [a, b] = first;
      await store().recordDelivery({ messageId: a!.id, state: 'sent', attempts: 1, at: new Date(now).toISOString() });
      await store().recordDelivery({ messageId: b!.id, state: 'pending', attempts: 1, at: new Date(now).toISOString(), error: 'HTTP 500', nextAttemptAt: new Date(now + 10_000).toISOString() });

      expect(await store().claimOutbox({ nowMs: now + 5_000, limit: 10, claimMs: 60_000 })).toEqual([]);
      const retried = await store().claimOutbox({ nowMs: now + 10_000, limit: 10, claimMs: 60_000 });
      expect(retried.map((m) => [m.id, m.attempts])).toEqual([[b!.id, 1]]);
      await store().recordDelivery({ messageId: b!.id, state: 'failed', attempts: 2, at: new Date(now).toISOString(), error: 'HTTP 500' });
      await store().recordDelivery({ messageId: a!.id, state: 'failed', attempts: 9, at: new Date(now).toISOString(), error: 'late' });

      expect(await store().claimOutbox({ nowMs: now + 99_000, limit: 10, claimMs: 60_000, ignoreSchedule: true })).toEqual([]);
      const alerts = new Map((await store().listAlerts({ offset: 0, limit: 10 })).alerts.map((x) => [x.id, x.delivery]));
      expect(alerts.get(a!.alertId)).toMatchObject({ state: 'sent', attempts: 1 });
      expect(alerts.get(b!.alertId)).toMatchObject({ state: 'failed', attempts: 2, lastError: 'HTTP 500' });
      const again = await store().claimOutbox({ nowMs: now + 99_000, limit: 10, claimMs: 60_000, includeFailed: true });
      expect(again.map((m) => [m.id, m.attempts])).toEqual([[b!.id, 0]]);
    });

    it('when runs merge, split and change a dismissed ring, then the case follows every ring id with both histories, pieces marked, and reopens on a material change', async () => {
      const s = store();
      const policy2 = { minScore: 0.5, webhook: false };
      const save = async (id: string, at: string, rings: Ring[], previous: { runId: string; ringIds: string[] } | null) => {
        const r = run(id, at);
        await s.saveRun(r, rings, { casework: await gatherCasework(s, r, rings, previous, policy2, at) });
      };
      await save('run-1', T0, [
        ring('R-a', ['S1', 'S2', 'S3'], { score: 0.9, brands: ['Acme'], change: 'new' }),
        ring('R-b', ['S4', 'S5', 'S6'], { score: 0.8, brands: ['Zeta'], change: 'new' }),
      ], null);
      const caseA = (await s.casesForRings(['R-a'])).get('R-a')!;
      const caseB = (await s.casesForRings(['R-b'])).get('R-b')!;
      await s.changeCase({ caseId: caseB.id, event: note(caseB.id, 'ev-b', '2026-03-01T01:00:00.000Z', 'B was seen before') });

      await save('run-2', '2026-03-02T00:00:00.000Z', [
        ring('R-a', ['S1', 'S2', 'S3', 'S4', 'S5', 'S6'], { score: 0.95, brands: ['Acme', 'Zeta'], change: 'merged', previousIds: ['R-a', 'R-b'] }),
      ], { runId: 'run-1', ringIds: ['R-a', 'R-b'] });

      const merged = (await s.casesForRings(['R-b'])).get('R-b')!;
      expect(merged.id).toBe(caseA.id);
      expect(merged).toMatchObject({ ringIds: ['R-a', 'R-b'], brands: ['Acme', 'Zeta'], score: 0.95 });
      expect((await s.getCase(caseB.id))?.mergedInto).toBe(caseA.id);
      const history = await s.caseEvents(caseA.id);
      expect(history.find((e) => e.fromCaseId === caseB.id && e.kind === 'note')?.text).toBe('B was seen before');
      expect(history.filter((e) => e.kind === 'opened').length).toBe(2);

      await save('run-3', '2026-03-03T00:00:00.000Z', [
        ring('R-a', ['S1', 'S2', 'S3'], { score: 0.6, brands: ['Acme'], change: 'split', previousIds: ['R-a'] }),
        ring('R-c', ['S4', 'S5', 'S6'], { score: 0.4, brands: ['Zeta'], change: 'split', previousIds: ['R-a'] }),
      ], { runId: 'run-2', ringIds: ['R-a'] });
      expect((await s.casesForRings(['R-c'])).get('R-c')?.id).toBe(caseA.id);
      expect((await s.caseEvents(caseA.id)).some((e) => e.kind === 'lineage' && e.text?.includes('piece R-c inherits this case'))).toBe(true);

      await s.changeCase({
        caseId: caseA.id, expectedStatus: 'new', status: 'closed-dismissed',
        event: { id: 'ev-dismiss', caseId: caseA.id, kind: 'status', author: 'ana', role: 'investigator', at: '2026-03-03T01:00:00.000Z', from: 'new', to: 'closed-dismissed', reason: 'wholesaler' },
      });
      const unchanged = [ring('R-a', ['S1', 'S2', 'S3'], { score: 0.6, brands: ['Acme'], change: 'unchanged', previousIds: ['R-a'] }), ring('R-c', ['S4', 'S5', 'S6'], { score: 0.4, brands: ['Zeta'], change: 'unchanged', previousIds: ['R-c'] })];
      await save('run-4', '2026-03-04T00:00:00.000Z', unchanged, { runId: 'run-3', ringIds: ['R-a', 'R-c'] });
      expect((await s.getCase(caseA.id))?.status).toBe('closed-dismissed');

      await save('run-5', '2026-03-05T00:00:00.000Z', [
        ring('R-a', ['S1', 'S2', 'S3', 'S7'], { score: 0.45, brands: ['Acme'], change: 'grown', previousIds: ['R-a'], why: { S7: [{ type: 'id_document', value: 'H1', weight: 1, sharedWith: ['S1'] }] } }),
        unchanged[1]!,
      ], { runId: 'run-4', ringIds: ['R-a', 'R-c'] });
      const reopened = await s.getCase(caseA.id);
      expect(reopened?.status).toBe('triage');
      const alerts = (await s.listAlerts({ offset: 0, limit: 10 })).alerts;
      expect(alerts[0]).toMatchObject({ ringId: 'R-a', runId: 'run-5', kind: 'material-change', caseId: caseA.id });
    });

    it('when a later run touches cases, then ring ids and scores follow, a dismissed case reopens only while dismissed, and a folded case leaves the lists', async () => {
      const { rings, casework } = firstRun();
      await store().saveRun(run('run-1', T0), rings, { casework });
      const caseA = (await store().casesForRings(['R-a'])).get('R-a')!;
      const caseB = (await store().casesForRings(['R-b'])).get('R-b')!;
      await store().changeCase({
        caseId: caseA.id, expectedStatus: 'new', status: 'closed-dismissed',
        event: { id: 'ev-d', caseId: caseA.id, kind: 'status', author: 'ana', role: 'investigator', at: '2026-03-01T05:00:00.000Z', from: 'new', to: 'closed-dismissed', reason: 'family business' },
      });
      const t1 = '2026-03-02T00:00:00.000Z';

      await store().saveRun(run('run-2', t1), [ring('R-a', ['S1', 'S2', 'S3', 'S4', 'S5', 'S6'], { score: 0.95, brands: ['Acme', 'Zeta'], change: 'merged', previousIds: ['R-a', 'R-b'] })], {
        casework: {
          alerts: [], outbox: [], openCases: [],
          touchCases: [
            { caseId: caseA.id, ringIds: ['R-a', 'R-b'], score: 0.95, brands: ['Acme', 'Zeta'], updatedAt: t1, reopen: true },
            { caseId: caseB.id, ringIds: ['R-b'], score: 0.7, brands: ['Zeta'], updatedAt: t1, reopen: true, mergedInto: caseA.id },
          ],
          events: [{ id: 'ev-m', caseId: caseA.id, kind: 'lineage', author: 'ringtrace', role: 'system', at: t1, text: 'merged', ringIds: ['R-a', 'R-b'] }],
        },
      });

      expect(await store().getCase(caseA.id)).toMatchObject({ status: 'triage', ringIds: ['R-a', 'R-b'], score: 0.95, brands: ['Acme', 'Zeta'], updatedAt: t1 });
      expect(await store().getCase(caseB.id)).toMatchObject({ status: 'new', mergedInto: caseA.id });
      expect((await store().casesForRings(['R-b'])).get('R-b')?.id).toBe(caseA.id);
      expect((await store().listCases({ sort: 'created', offset: 0, limit: 10 })).cases.map((c) => c.id)).toEqual([caseA.id]);
      expect((await store().caseEvents(caseA.id)).map((e) => e.kind)).toEqual(['opened', 'status', 'lineage']);
    });
  });
}
