/**
 * The case actions people take (note, status, assignee) against a case a
 * merge folded into another: refused with CONFLICT naming the case it
 * continues in, so a note or referral is not written where no list or ring
 * leads; the folded case stays readable, and `cases show` says where it went.
 */
import { describe, expect, it } from 'vitest';
import { describeCase } from '../../api/cli/commands/casework.ts';
import { addCaseNote, caseWithHistory, setCaseAssignee, setCaseStatus, type AuditEntry, type CaseActor, type CaseChange, type CaseEvent, type CaseRecord } from '../../engine/index.ts';

const INVESTIGATOR: CaseActor = { name: 'inv', role: 'investigator', brands: [] };

function caseOf(id: string, fields: Partial<CaseRecord> = {}): CaseRecord {
  return { id, ringId: 'R-a', ringIds: ['R-a'], status: 'new', assignee: null, score: 0.8, brands: ['Acme'], alertId: `AL-${id}`, createdAt: '2026-04-01T00:00:00.000Z', updatedAt: '2026-04-01T00:00:00.000Z', mergedInto: null, ...fields };
}

/** An in-memory stand-in for the store's case reads and writes. */
function storeWith(...cases: CaseRecord[]) {
  const byId = new Map(cases.map((c) => [c.id, c]));
  const changes: CaseChange[] = [];
  return {
    changes,
    getCase: (id: string) => Promise.resolve(byId.get(id) ?? null),
    caseEvents: (): Promise<CaseEvent[]> => Promise.resolve([]),
    listAudit: (): Promise<{ entries: AuditEntry[]; total: number }> => Promise.resolve({ entries: [], total: 0 }),
    changeCase: (change: CaseChange) => {
      changes.push(change);
      const c = { ...byId.get(change.caseId)!, ...(change.status ? { status: change.status } : {}), ...(change.assignee !== undefined ? { assignee: change.assignee } : {}) };
      byId.set(c.id, c);
      return Promise.resolve(c);
    },
  };
}

describe('case actions', () => {
  it('when a case was folded into another by a merge, then a note, a status change and an assignee are refused with CONFLICT naming the continuing case, and nothing is written', async () => {
    const store = storeWith(caseOf('CASE-old', { mergedInto: 'CASE-new' }), caseOf('CASE-new'));

    const attempts = [
      addCaseNote(store, INVESTIGATOR, 'CASE-old', 'raid planned'),
      setCaseStatus(store, INVESTIGATOR, 'CASE-old', { status: 'referred', reason: 'sent to police' }),
      setCaseAssignee(store, INVESTIGATOR, 'CASE-old', 'alex'),
    ];

    for (const attempt of attempts) await expect(attempt).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('CASE-new') as string });
    expect(store.changes).toEqual([]);
    await expect(caseWithHistory(store, INVESTIGATOR, 'CASE-old')).resolves.toMatchObject({ case: { id: 'CASE-old', mergedInto: 'CASE-new' } });
  });

  it('when the case continues (not folded), then the same changes are written', async () => {
    const store = storeWith(caseOf('CASE-new'));

    await addCaseNote(store, INVESTIGATOR, 'CASE-new', 'raid planned');
    await setCaseStatus(store, INVESTIGATOR, 'CASE-new', { status: 'referred', reason: 'sent to police' });

    expect(store.changes.map((c) => c.event.kind)).toEqual(['note', 'status']);
  });
});

describe('describeCase (ringtrace cases show)', () => {
  it('when the case was folded into another, then the header names the case to work instead', () => {
    const shown = describeCase(caseOf('CASE-old', { mergedInto: 'CASE-new' }), []);

    expect(shown.split('\n')[1]).toContain('merged into case CASE-new');
    expect(describeCase(caseOf('CASE-new'), [])).not.toContain('merged into');
  });
});
