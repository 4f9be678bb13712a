/**
 * Co-occurring identifiers: a registration agent gives every client its office
 * address and its phone, so the two appear together across sellers who have
 * nothing else in common. Counted as two ties they double the evidence of one
 * fact (a shared third party). Weak identifiers (not `strong` in the registry:
 * phones, e-mails, registered, return and pickup addresses) whose member lists
 * largely coincide are bundled, and a bundle counts once for a pair of sellers:
 * the strongest of its identifiers they share, not the sum. Strong identifiers
 * (ID documents, payout accounts, devices, warehouses, shipping origins) are
 * never bundled: each is evidence of its own.
 */
import { identifierTypesWhere } from '../model/identifiers.ts';
import { groupTypeOf, type IdentifierTable } from './identifier-table.ts';
import { UnionFind } from './union-find.ts';

export interface CoOccurrenceOptions {
  /** Two identifiers are bundled when at least this many sellers hold both (0: never bundle). */
  minShared: number;
  /** …and the sellers holding both are at least this share of the smaller one's sellers. */
  minShare?: number;
}

export interface Bundles {
  /** Bundle id per group: the smallest group index of its bundle (the group itself when alone). */
  bundleOf: Int32Array;
  /** Groups of every bundle with two or more groups, keyed by bundle id, in group order. */
  multi: Map<number, number[]>;
}

const WEAK_TYPES = identifierTypesWhere((s) => !s.strong);

/** Bundles weak identifiers that co-occur on the same sellers (see the file comment). */
export function bundleCoOccurring(table: IdentifierTable, keepGroup: (g: number) => boolean, options: CoOccurrenceOptions): Bundles {
  const bundleOf = Int32Array.from({ length: table.groupCount }, (_, g) => g);
  const multi = new Map<number, number[]>();
  if (options.minShared <= 0) return { bundleOf, multi };
  const minShare = options.minShare ?? 0.5;
  const count = (g: number): number => table.offset[g + 1]! - table.offset[g]!;
  const candidate = (g: number): boolean => keepGroup(g) && WEAK_TYPES.has(groupTypeOf(table, g)) && count(g) >= options.minShared;

  // Candidate groups per seller, then overlaps per pair of groups through their shared sellers.
  const perSeller = new Map<number, number[]>();
  for (let g = 0; g < table.groupCount; g++) {
    if (!candidate(g)) continue;
    for (let i = table.offset[g]!; i < table.offset[g + 1]!; i++) {
      const v = table.members[i]!;
      let list = perSeller.get(v);
      if (!list) perSeller.set(v, (list = []));
      list.push(g);
    }
  }
  const overlap = new Map<number, number>();
  const n = table.groupCount;
  for (const groups of perSeller.values()) {
    for (let i = 0; i < groups.length; i++) {
      for (let j = i + 1; j < groups.length; j++) {
        const key = groups[i]! * n + groups[j]!;
        overlap.set(key, (overlap.get(key) ?? 0) + 1);
      }
    }
  }
  const sets = new UnionFind(n);
  const touched = new Uint8Array(n);
  let any = false;
  for (const [key, shared] of overlap) {
    const a = Math.floor(key / n);
    const b = key - a * n;
    if (shared >= options.minShared && shared >= minShare * Math.min(count(a), count(b))) {
      sets.union(a, b);
      touched[a] = 1;
      touched[b] = 1;
      any = true;
    }
  }
  if (!any) return { bundleOf, multi };
  // Groups ascend, so the first group seen of a bundle is its smallest.
  const idOf = new Map<number, number>();
  for (let g = 0; g < n; g++) {
    if (touched[g] === 0) continue;
    const root = sets.find(g);
    let id = idOf.get(root);
    if (id === undefined) idOf.set(root, (id = g));
    bundleOf[g] = id;
    const list = multi.get(id);
    if (list) list.push(g);
    else multi.set(id, [g]);
  }
  return { bundleOf, multi };
}
