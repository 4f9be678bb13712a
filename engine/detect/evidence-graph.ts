/**
 * The seller–seller evidence graph, built without a graph library: every
 * non-hub identifier contributes a weighted tie to each pair of its sellers;
 * ties are bucketed by their lower endpoint (counting sort), sorted within each
 * bucket and summed, giving each undirected edge once in compressed form.
 * Only sellers that share a non-hub identifier appear, and no per-pair JS
 * object or Map entry is ever created (docs/architecture.md, "Cost") — except
 * for bundles of co-occurring identifiers (co-occurrence.ts), few and small,
 * whose pairs take the strongest tie of the bundle instead of the sum.
 */
import type { Bundles } from './co-occurrence.ts';
import type { IdentifierTable } from './identifier-table.ts';
import { groupTypeOf } from './identifier-table.ts';
import { pairWeight, parcelFactor } from './weights.ts';

export interface EvidenceGraph {
  nodeCount: number;
  edgeCount: number;
  /** Edge e joins source[e] < target[e] with weight[e]; sorted by (source, target). */
  source: Int32Array;
  target: Int32Array;
  weight: Float32Array;
  /** Sum of incident edge weights per node. */
  strength: Float64Array;
  totalWeight: number;
}

/** Calls `visit(a, b, w)` for every tie a < b that group g contributes. */
function forEachTie(table: IdentifierTable, g: number, visit: (a: number, b: number, w: number) => void): void {
  const start = table.offset[g]!;
  const end = table.offset[g + 1]!;
  if (end - start < 2) return;
  const type = groupTypeOf(table, g);
  const base = pairWeight(type, table.size[g]!);
  const byParcels = type === 'shipment_origin';
  for (let i = start; i < end; i++) {
    const a = table.members[i]!;
    for (let j = i + 1; j < end; j++) {
      const b = table.members[j]!;
      const w = byParcels ? base * parcelFactor(table.parcels[i]!, table.parcels[j]!) : base;
      // Members are sorted per group, so a < b.
      visit(a, b, w);
    }
  }
}

/** Calls `visit` for every tie of the kept groups; a bundle's pair gets the strongest tie among its groups. */
function forEachEvidenceTie(table: IdentifierTable, keepGroup: (g: number) => boolean, bundles: Bundles | null, visit: (a: number, b: number, w: number) => void): void {
  const bundled = (g: number): boolean => bundles !== null && (bundles.bundleOf[g] !== g || bundles.multi.has(g));
  for (let g = 0; g < table.groupCount; g++) {
    if (keepGroup(g) && !bundled(g)) forEachTie(table, g, visit);
  }
  if (bundles === null) return;
  const n = table.sellerIds.length;
  for (const groups of bundles.multi.values()) {
    const strongest = new Map<number, number>();
    for (const g of groups) {
      if (!keepGroup(g)) continue;
      forEachTie(table, g, (a, b, w) => {
        const key = a * n + b;
        if (w > (strongest.get(key) ?? 0)) strongest.set(key, w);
      });
    }
    for (const [key, w] of strongest) visit(Math.floor(key / n), key % n, w);
  }
}

export function buildEvidenceGraph(table: IdentifierTable, keepGroup: (g: number) => boolean, minLinkWeight: number, bundles: Bundles | null = null): EvidenceGraph {
  const n = table.sellerIds.length;
  const count = new Uint32Array(n + 1);
  forEachEvidenceTie(table, keepGroup, bundles, (a) => {
    count[a + 1]!++;
  });
  for (let i = 0; i < n; i++) count[i + 1]! += count[i]!;
  const total = count[n]!;
  const tieTarget = new Int32Array(total);
  const tieWeight = new Float32Array(total);
  const cursor = count.slice(0, n);
  forEachEvidenceTie(table, keepGroup, bundles, (a, b, w) => {
    const at = cursor[a]!++;
    tieTarget[at] = b;
    tieWeight[at] = w;
  });

  // Merge duplicate ties per bucket; keep edges at or above the minimum strength.
  const source: number[] = [];
  const target: number[] = [];
  const weight: number[] = [];
  const order: number[] = [];
  for (let a = 0; a < n; a++) {
    const start = count[a]!;
    const end = count[a + 1]!;
    if (start === end) continue;
    order.length = 0;
    for (let i = start; i < end; i++) order.push(i);
    order.sort((x, y) => tieTarget[x]! - tieTarget[y]!);
    let k = 0;
    while (k < order.length) {
      const b = tieTarget[order[k]!]!;
      let w = 0;
      while (k < order.length && tieTarget[order[k]!] === b) w += tieWeight[order[k++]!]!;
      if (w >= minLinkWeight) {
        source.push(a);
        target.push(b);
        weight.push(w);
      }
    }
  }
  const strength = new Float64Array(n);
  let totalWeight = 0;
  for (let e = 0; e < source.length; e++) {
    strength[source[e]!]! += weight[e]!;
    strength[target[e]!]! += weight[e]!;
    totalWeight += weight[e]!;
  }
  return {
    nodeCount: n,
    edgeCount: source.length,
    source: Int32Array.from(source),
    target: Int32Array.from(target),
    weight: Float32Array.from(weight),
    strength,
    totalWeight,
  };
}
