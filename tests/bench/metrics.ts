/**
 * Quality metrics of a detected ring list against planted ground truth:
 * ring recall at Jaccard ≥ 0.5, mean best Jaccard, seller precision/recall of
 * the top-K rings (K = number of true rings), average precision of the
 * ranking, and the share of benign groups among the top K.
 */

export interface QualityMetrics {
  detected: number;
  ringRecall: number;
  meanBestJaccard: number;
  topKSellerPrecision: number;
  topKSellerRecall: number;
  averagePrecision: number;
  benignInTopK: number;
}

export const MATCH = 0.5;

function jaccard(a: ReadonlySet<string>, b: readonly string[]): number {
  let shared = 0;
  for (const m of b) if (a.has(m)) shared++;
  return shared / (a.size + b.length - shared);
}

/** Best Jaccard of `ring` against each candidate, using a member index to stay linear. */
function bestMatch(ring: readonly string[], sets: ReadonlyArray<ReadonlySet<string>>, indexOf: Map<string, number[]>): { index: number; jaccard: number } {
  const touched = new Set<number>();
  for (const m of ring) for (const i of indexOf.get(m) ?? []) touched.add(i);
  let best = { index: -1, jaccard: 0 };
  for (const i of touched) {
    const j = jaccard(sets[i]!, ring);
    if (j > best.jaccard) best = { index: i, jaccard: j };
  }
  return best;
}

function index(groups: ReadonlyArray<readonly string[]>): Map<string, number[]> {
  const out = new Map<string, number[]>();
  groups.forEach((g, i) => {
    for (const m of g) {
      const list = out.get(m);
      if (list) list.push(i);
      else out.set(m, [i]);
    }
  });
  return out;
}

/** `ranked` is the detected rings' members, best first. */
export function evaluate(ranked: string[][], truth: string[][], benign: string[][]): QualityMetrics {
  const truthSets = truth.map((t) => new Set(t));
  const detectedSets = ranked.map((r) => new Set(r));
  const detectedIndex = index(ranked);
  const truthIndex = index(truth);
  const benignSets = benign.map((b) => new Set(b));
  const benignIndex = index(benign);

  let recalled = 0;
  let sumBest = 0;
  for (const t of truth) {
    const best = bestMatch(t, detectedSets, detectedIndex);
    sumBest += best.jaccard;
    if (best.jaccard >= MATCH) recalled++;
  }

  const k = truth.length;
  const top = ranked.slice(0, k);
  const trueSellers = new Set(truth.flat());
  const topSellers = new Set(top.flat());
  let hit = 0;
  for (const s of topSellers) if (trueSellers.has(s)) hit++;
  let benignTop = 0;
  for (const r of top) if (bestMatch(r, benignSets, benignIndex).jaccard >= MATCH) benignTop++;

  // AP: a detected ring is relevant when it matches a true ring not matched higher up.
  const used = new Set<number>();
  let relevant = 0;
  let sumPrecision = 0;
  ranked.forEach((r, i) => {
    const best = bestMatch(r, truthSets, truthIndex);
    if (best.jaccard >= MATCH && !used.has(best.index)) {
      used.add(best.index);
      relevant++;
      sumPrecision += relevant / (i + 1);
    }
  });

  return {
    detected: ranked.length,
    ringRecall: truth.length ? recalled / truth.length : 0,
    meanBestJaccard: truth.length ? sumBest / truth.length : 0,
    topKSellerPrecision: topSellers.size ? hit / topSellers.size : 0,
    topKSellerRecall: trueSellers.size ? hit / trueSellers.size : 0,
    averagePrecision: truth.length ? sumPrecision / truth.length : 0,
    benignInTopK: top.length ? benignTop / top.length : 0,
  };
}

/** Connected components (size ≥ 2) of sellers linked by shared keys; largest first. */
export function componentsOf(memberships: Iterable<readonly string[]>): string[][] {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let r = x;
    while (parent.get(r) !== r) r = parent.get(r)!;
    let c = x;
    while (c !== r) {
      const n = parent.get(c)!;
      parent.set(c, r);
      c = n;
    }
    return r;
  };
  for (const group of memberships) {
    for (const m of group) if (!parent.has(m)) parent.set(m, m);
    for (let i = 1; i < group.length; i++) {
      const a = find(group[0]!);
      const b = find(group[i]!);
      if (a !== b) parent.set(a < b ? b : a, a < b ? a : b);
    }
  }
  const comps = new Map<string, string[]>();
  for (const m of parent.keys()) {
    const r = find(m);
    const list = comps.get(r);
    if (list) list.push(m);
    else comps.set(r, [m]);
  }
  return [...comps.values()].filter((c) => c.length >= 2).sort((a, b) => b.length - a.length || (a[0]! < b[0]! ? -1 : 1));
}

export interface ScoreMetrics {
  /** Rings scored at or above the alert threshold. */
  alerts: number;
  /** Share of those that match a true ring (J ≥ 0.5). */
  alertPrecision: number;
  /** Share of true rings matched by a ring scored at or above the threshold. */
  alertCoverage: number;
  /** Rings whose score displays as 1.00 (two decimals). */
  displayedAsOne: number;
}

/** How useful the score is as an alert threshold: precision and coverage of the rings at or above it. */
export function evaluateScores(rings: ReadonlyArray<{ members: string[]; score: number }>, truth: string[][], threshold = 0.5): ScoreMetrics {
  const truthSets = truth.map((t) => new Set(t));
  const truthIndex = index(truth);
  const alerted = rings.filter((r) => r.score >= threshold);
  const covered = new Set<number>();
  let matched = 0;
  for (const r of alerted) {
    const best = bestMatch(r.members, truthSets, truthIndex);
    if (best.jaccard >= MATCH) {
      matched++;
      covered.add(best.index);
    }
  }
  return {
    alerts: alerted.length,
    alertPrecision: alerted.length ? matched / alerted.length : 0,
    alertCoverage: truth.length ? covered.size / truth.length : 0,
    displayedAsOne: rings.filter((r) => r.score >= 0.995).length,
  };
}
