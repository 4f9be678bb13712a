/**
 * Buckets each identifier group's members by the community (or ring) they
 * fell in: the shared walk of merging, pruning, explanation and the
 * shared-place cuts.
 */
import type { IdentifierTable } from './identifier-table.ts';

/** Calls `visit(g, byCommunity)` for every group `skip` leaves, with the positions (in `table.members`) of its members bucketed by community. */
export function forEachGroupByCommunity(
  table: IdentifierTable,
  community: Int32Array,
  skip: (g: number) => boolean,
  visit: (g: number, byCommunity: Map<number, number[]>) => void,
): void {
  const byCommunity = new Map<number, number[]>();
  for (let g = 0; g < table.groupCount; g++) {
    if (skip(g)) continue;
    const start = table.offset[g]!;
    const end = table.offset[g + 1]!;
    if (end - start < 2) continue;
    byCommunity.clear();
    for (let i = start; i < end; i++) {
      const v = table.members[i]!;
      const c = community[v]!;
      if (c < 0) continue;
      let list = byCommunity.get(c);
      if (!list) byCommunity.set(c, (list = []));
      list.push(i);
    }
    visit(g, byCommunity);
  }
}
