/**
 * Reads what planning a run's casework needs from the store — the cases that
 * follow its rings, the previous versions of dismissed rings, the history of
 * cases a merge folds — and plans it (plan-casework.ts). Runs under the
 * detection lock, just before the run is saved with the result.
 */
import type { CaseEvent, RunCasework } from '../model/casework.ts';
import type { Ring, RunRecord } from '../model/rings.ts';
import type { CaseworkStore, RingReads } from '../store/ports.ts';
import { planCasework, type AlertPolicy } from './plan-casework.ts';

export async function gatherCasework(
  store: RingReads & Pick<CaseworkStore, 'casesForRings' | 'caseEvents'>,
  run: RunRecord,
  rings: Ring[],
  previous: { runId: string; ringIds: string[] } | null,
  policy: AlertPolicy,
  now: string = new Date().toISOString(),
): Promise<RunCasework> {
  const ids = new Set<string>(previous?.ringIds ?? []);
  for (const ring of rings) {
    ids.add(ring.id);
    for (const id of ring.previousIds ?? []) ids.add(id);
  }
  const cases = await store.casesForRings([...ids]);
  const previousVersions = new Map<string, Ring>();
  const foldedEvents = new Map<string, CaseEvent[]>();
  for (const ring of rings) {
    const related = [ring.id, ...(ring.previousIds ?? [])];
    const relatedCases = [...new Set(related.flatMap((id) => cases.get(id) ?? []))];
    if (previous !== null && relatedCases.some((c) => c.status === 'closed-dismissed')) {
      for (const id of related) {
        const before = await store.getRing(id, previous.runId);
        if (before) previousVersions.set(id, before);
      }
    }
    if (relatedCases.length > 1) {
      for (const c of relatedCases) if (!foldedEvents.has(c.id)) foldedEvents.set(c.id, await store.caseEvents(c.id));
    }
  }
  return planCasework({ run, rings, previousRingIds: previous?.ringIds ?? [], cases, previousVersions, foldedEvents, policy, now });
}
