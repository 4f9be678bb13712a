/**
 * planCasework: which rings alert, which cases open, how cases follow rings
 * through lineage (merged rings keep both histories, split pieces inherit the
 * case), what counts as a material change of a dismissed ring, and that an
 * unchanged re-run raises and touches nothing.
 */
import { describe, expect, it } from 'vitest';
import { materialChanges, planCasework, type CaseEvent, type CaseRecord, type CaseworkInput, type Ring } from '../../engine/index.ts';
import { ring, run } from '../fixtures/store/builders.ts';

const NOW = '2026-04-02T00:00:00.000Z';
const ACC = (shared: string[]) => [{ type: 'payment_account' as const, value: 'ACC', weight: 0.9, sharedWith: shared }];
const PHONE = (shared: string[]) => [{ type: 'phone' as const, value: '123', weight: 0.3, sharedWith: shared }];

function caseOf(id: string, ringIds: string[], fields: Partial<CaseRecord> = {}): CaseRecord {
  return { id, ringId: ringIds[0]!, ringIds, status: 'new', assignee: null, score: 0.8, brands: ['Acme'], alertId: `AL-${id}`, createdAt: '2026-04-01T00:00:00.000Z', updatedAt: '2026-04-01T00:00:00.000Z', mergedInto: null, ...fields };
}

function plan(rings: Ring[], extra: Partial<CaseworkInput> = {}) {
  return planCasework({ run: run('run-2', NOW), rings, previousRingIds: [], cases: new Map(), previousVersions: new Map(), foldedEvents: new Map(), policy: { minScore: 0.5, webhook: true }, now: NOW, ...extra });
}

describe('planCasework', () => {
  it('when rings are new, grown or merged at or above the minimum score, then each alerts and opens a case; below it or shrunk, none', () => {
    const out = plan([
      ring('R-new', ['A', 'B', 'C'], { score: 0.7, change: 'new', brands: ['Acme'] }),
      ring('R-low', ['D', 'E', 'F'], { score: 0.49, change: 'new' }),
      ring('R-shrunk', ['G', 'H', 'I'], { score: 0.9, change: 'shrunk' }),
      ring('R-grown', ['J', 'K', 'L', 'M'], { score: 0.5, change: 'grown' }),
    ]);

    expect(out.alerts.map((a) => [a.ringId, a.kind])).toEqual([['R-new', 'new'], ['R-grown', 'grown']]);
    expect(out.openCases.map((c) => [c.ringId, c.status, c.alertId])).toEqual(out.alerts.map((a) => [a.ringId, 'new', a.id]));
    expect(out.alerts.map((a) => a.caseId)).toEqual(out.openCases.map((c) => c.id));
    expect(out.outbox.map((m) => [m.alertId, m.state, m.attempts])).toEqual(out.alerts.map((a) => [a.id, 'pending', 0]));
    expect(JSON.parse(out.outbox[0]!.payload)).toMatchObject({ type: 'ring.alert', data: { ringId: 'R-new', kind: 'new', caseId: out.openCases[0]!.id, brands: ['Acme'] } });
    expect(out.events.map((e) => e.kind)).toEqual(['opened', 'opened']);
  });

  it('when the same run is planned twice, then the ids are the same; without a webhook messages start disabled', () => {
    const rings = [ring('R-new', ['A', 'B', 'C'], { score: 0.7, change: 'new' })];
    expect(plan(rings)).toEqual(plan(rings));
    expect(plan(rings, { policy: { minScore: 0.5, webhook: false } }).outbox[0]!.state).toBe('disabled');
  });

  it('when a re-run finds the same rings unchanged, then nothing is raised or touched', () => {
    const c = caseOf('C1', ['R-a']);
    const out = plan([ring('R-a', ['A', 'B', 'C'], { score: 0.8, change: 'unchanged', brands: ['Acme'] })], { cases: new Map([['R-a', c]]), previousRingIds: ['R-a'] });
    expect(out).toEqual({ alerts: [], outbox: [], openCases: [], touchCases: [], events: [] });
  });

  it('when a ring with an open case grows, then the alert joins that case and no case opens', () => {
    const c = caseOf('C1', ['R-a']);
    const out = plan([ring('R-a', ['A', 'B', 'C', 'D'], { score: 0.85, change: 'grown', previousIds: ['R-a'], brands: ['Acme'] })], { cases: new Map([['R-a', c]]), previousRingIds: ['R-a'] });

    expect(out.openCases).toEqual([]);
    expect(out.alerts[0]).toMatchObject({ kind: 'grown', caseId: 'C1' });
    expect(out.touchCases).toEqual([{ caseId: 'C1', ringIds: ['R-a'], score: 0.85, brands: ['Acme'], updatedAt: NOW }]);
    expect(out.events.map((e) => [e.caseId, e.kind])).toEqual([['C1', 'lineage']]);
  });

  it('when two rings with cases merge, then the older case follows both ring ids with both histories, the other is folded into it', () => {
    const older = caseOf('C-old', ['R-a'], { createdAt: '2026-03-01T00:00:00.000Z' });
    const newer = caseOf('C-new', ['R-b'], { brands: ['Zeta'] });
    const history: CaseEvent[] = [{ id: 'EV-b1', caseId: 'C-new', kind: 'note', author: 'ana', role: 'investigator', at: '2026-04-01T01:00:00.000Z', text: 'seen before' }];
    const out = plan([ring('R-a', ['A', 'B', 'C', 'D', 'E', 'F'], { score: 0.9, change: 'merged', previousIds: ['R-a', 'R-b'], brands: ['Acme', 'Zeta'] })], {
      cases: new Map([['R-a', older], ['R-b', newer]]), foldedEvents: new Map([['C-new', history]]), previousRingIds: ['R-a', 'R-b'],
    });

    expect(out.alerts[0]).toMatchObject({ kind: 'merged', caseId: 'C-old' });
    const byCase = new Map(out.touchCases.map((t) => [t.caseId, t]));
    expect(byCase.get('C-old')).toMatchObject({ ringIds: ['R-a', 'R-b'], brands: ['Acme', 'Zeta'], score: 0.9 });
    expect(byCase.get('C-new')).toMatchObject({ mergedInto: 'C-old' });
    const copied = out.events.find((e) => e.caseId === 'C-old' && e.fromCaseId === 'C-new');
    expect(copied).toMatchObject({ kind: 'note', text: 'seen before', author: 'ana' });
    expect(out.events.filter((e) => e.kind === 'lineage').map((e) => e.caseId).sort()).toEqual(['C-new', 'C-old', 'C-old']);
  });

  it('when a ring with a case splits, then every piece follows the case, and the new piece is marked in its history', () => {
    const c = caseOf('C1', ['R-a']);
    const out = plan([
      ring('R-a', ['A', 'B', 'C'], { score: 0.6, change: 'split', previousIds: ['R-a'], brands: ['Acme'] }),
      ring('R-piece', ['D', 'E', 'F'], { score: 0.4, change: 'split', previousIds: ['R-a'], brands: ['Acme'] }),
    ], { cases: new Map([['R-a', c]]), previousRingIds: ['R-a'] });

    expect(out.openCases).toEqual([]);
    expect(out.touchCases).toEqual([{ caseId: 'C1', ringIds: ['R-a', 'R-piece'], score: 0.6, brands: ['Acme'], updatedAt: NOW }]);
    expect(out.events).toEqual([expect.objectContaining({ caseId: 'C1', kind: 'lineage', ringIds: ['R-piece', 'R-a'], text: expect.stringContaining('piece R-piece inherits this case') })]);
  });

  it('when a dismissed ring gains a member tied by a payout account, then it alerts as a material change and the case reopens; a phone-only newcomer does not', () => {
    const dismissed = caseOf('C1', ['R-a'], { status: 'closed-dismissed' });
    const before = ring('R-a', ['A', 'B', 'C'], { score: 0.3 });
    const strong = ring('R-a', ['A', 'B', 'C', 'D'], { score: 0.35, change: 'grown', previousIds: ['R-a'], why: { D: ACC(['A']) } });
    const weak = ring('R-a', ['A', 'B', 'C', 'D'], { score: 0.9, change: 'grown', previousIds: ['R-a'], why: { D: PHONE(['A']) } });
    const input = { cases: new Map([['R-a', dismissed]]), previousVersions: new Map([['R-a', before]]), previousRingIds: ['R-a'] };

    const material = plan([strong], input);
    const quiet = plan([weak], input);

    expect(material.alerts.map((a) => [a.kind, a.caseId])).toEqual([['material-change', 'C1']]);
    expect(material.alerts[0]!.reasons[0]).toContain('1 new member with strong ties (Payment account');
    expect(material.touchCases[0]).toMatchObject({ caseId: 'C1', reopen: true });
    expect(material.events.find((e) => e.kind === 'status')).toMatchObject({ from: 'closed-dismissed', to: 'triage', author: 'ringtrace' });
    expect(quiet.alerts).toEqual([]);
    expect(quiet.touchCases[0]?.reopen).toBeUndefined();
  });

  it('when counterfeit verdicts rise on a dismissed ring, then that is material too; a dissolved ring is noted on its case', () => {
    const before = ring('R-a', ['A', 'B', 'C'], { evidence: { counterfeitReports: 1, takedowns: 0 } });
    expect(materialChanges(ring('R-a', ['A', 'B', 'C'], { evidence: { counterfeitReports: 3, takedowns: 0 } }), [before])).toEqual(['counterfeit verdicts 1 → 3']);
    expect(materialChanges(ring('R-a', ['A', 'B'], { evidence: { counterfeitReports: 1, takedowns: 0 } }), [before])).toEqual([]);

    const out = plan([], { cases: new Map([['R-gone', caseOf('C9', ['R-gone'])]]), previousRingIds: ['R-gone'] });
    expect(out.events).toEqual([expect.objectContaining({ caseId: 'C9', kind: 'lineage', text: 'ring R-gone was not found in run run-2 (dissolved)' })]);
  });
});
