/**
 * Lineage between runs: a new run's rings are matched to the previous run's by
 * member overlap (Jaccard), greedily from the best pair down, one to one.
 * Matched rings keep their id; others get a content-derived id, so the same
 * data and parameters always produce the same ids. Events: new, grown, shrunk,
 * changed (same size, other members), unchanged, merged (overlaps several old rings), split (an old ring spread
 * over several new ones), dissolved (old ring with no successor).
 */
import { createHash } from 'node:crypto';
import type { LineageEvent, RingChange } from '../model/rings.ts';

export interface LineageInput {
  id: string;
  members: string[];
}

export interface LineageResult {
  /** Per new ring (same order as input): id, change, previous ids it overlaps. */
  assignments: Array<{ id: string; change: RingChange; previousIds: string[] }>;
  counts: Partial<Record<LineageEvent, number>>;
}

/** Minimum Jaccard overlap to inherit an id. */
export const MATCH_JACCARD = 0.3;

export function contentRingId(members: string[]): string {
  const digest = createHash('sha256').update([...members].sort().join('\n')).digest('hex');
  return `R-${digest.slice(0, 12)}`;
}

export function matchRings(previous: LineageInput[], next: string[][]): LineageResult {
  const memberOf = new Map<string, number>();
  previous.forEach((ring, i) => ring.members.forEach((m) => memberOf.set(m, i)));
  // Overlap counts between each new ring and the old rings it touches.
  const overlaps = next.map((members) => {
    const counts = new Map<number, number>();
    for (const m of members) {
      const i = memberOf.get(m);
      if (i !== undefined) counts.set(i, (counts.get(i) ?? 0) + 1);
    }
    return counts;
  });
  const candidates: Array<{ n: number; p: number; jaccard: number }> = [];
  overlaps.forEach((counts, n) => {
    for (const [p, shared] of counts) {
      const jaccard = shared / (next[n]!.length + previous[p]!.members.length - shared);
      if (jaccard >= MATCH_JACCARD) candidates.push({ n, p, jaccard });
    }
  });
  candidates.sort((a, b) => b.jaccard - a.jaccard || a.n - b.n || a.p - b.p);
  const matchOfNew = new Map<number, number>();
  const usedOld = new Set<number>();
  for (const c of candidates) {
    if (matchOfNew.has(c.n) || usedOld.has(c.p)) continue;
    matchOfNew.set(c.n, c.p);
    usedOld.add(c.p);
  }
  // How many new rings received a meaningful share (≥ 2 members) of each old ring.
  const successors = new Map<number, number>();
  overlaps.forEach((counts) => {
    for (const [p, shared] of counts) if (shared >= 2) successors.set(p, (successors.get(p) ?? 0) + 1);
  });

  const counts: LineageResult['counts'] = {};
  const bump = (k: LineageEvent): void => {
    counts[k] = (counts[k] ?? 0) + 1;
  };
  const assignments = next.map((members, n) => {
    const touched = [...overlaps[n]!.entries()].filter(([, shared]) => shared >= 2).map(([p]) => p);
    const previousIds = touched.map((p) => previous[p]!.id).sort();
    const match = matchOfNew.get(n);
    let change: RingChange;
    let id: string;
    if (match === undefined) {
      id = contentRingId(members);
      change = touched.length > 0 && touched.some((p) => (successors.get(p) ?? 0) > 1) ? 'split' : 'new';
    } else {
      const old = previous[match]!;
      id = old.id;
      const oldSet = new Set(old.members);
      const same = members.length === old.members.length && members.every((m) => oldSet.has(m));
      if (touched.length > 1) change = 'merged';
      else if ((successors.get(match) ?? 0) > 1) change = 'split';
      else if (same) change = 'unchanged';
      else if (members.length > old.members.length) change = 'grown';
      else if (members.length < old.members.length) change = 'shrunk';
      else change = 'changed';
    }
    bump(change);
    return { id, change, previousIds };
  });
  previous.forEach((_, p) => {
    if (!usedOld.has(p) && !successors.has(p)) bump('dissolved');
  });
  return { assignments, counts };
}
