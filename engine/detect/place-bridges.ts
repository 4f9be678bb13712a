/**
 * Borrowed warehouses. A small operation that ships part of its parcels from
 * a bigger one's warehouse (or two operations using one logistics provider)
 * looks, to Louvain, like one dense community: the shared place carries heavy
 * warehouse and shipping-origin ties. One shared place is not common control,
 * so a community is cut at a place when, without that place's ties, it falls
 * into pieces and more than one piece is an operation of its own — it has a
 * strong place (warehouse or shipping origin) of its own shared by two or more
 * of its members. Pieces stay together when anything else joins them: an ID
 * document, a payout account, a device, another shared place, or a phone,
 * e-mail or address that is not a bundle of co-occurring identifiers. Pieces with
 * no place of their own (members tied only through the shared place) stay with
 * the operation the place belongs to: the piece with most of its users.
 */
import { IDENTIFIERS } from '../model/identifiers.ts';
import type { Bundles } from './co-occurrence.ts';
import { forEachGroupByCommunity } from './group-buckets.ts';
import { groupTypeOf, type IdentifierTable } from './identifier-table.ts';
import { UnionFind } from './union-find.ts';
import { ADDRESS_TYPES } from './weights.ts';

interface GroupInCommunity {
  g: number;
  members: number[];
  /** The place's canonical key for place identifiers, null otherwise. */
  place: string | null;
  /** A warehouse or shipping origin: a place an operation ships from. */
  shipsFrom: boolean;
}

/**
 * Groups with two or more members in one community, per community — every
 * non-hub identifier except bundled ones (an agent's address and phone join
 * nobody: co-occurrence.ts).
 */
function groupsByCommunity(table: IdentifierTable, community: Int32Array, isHub: (g: number) => boolean, bundles: Bundles | null): Map<number, GroupInCommunity[]> {
  const out = new Map<number, GroupInCommunity[]>();
  // Hubs carry no evidence; a bundle speaks once, through its representative.
  const skip = (g: number): boolean => isHub(g) || (bundles !== null && (bundles.bundleOf[g] !== g || bundles.multi.has(g)));
  forEachGroupByCommunity(table, community, skip, (g, byCommunity) => {
    const type = groupTypeOf(table, g);
    const place = ADDRESS_TYPES.has(type) ? table.value[g]! : null;
    for (const [c, positions] of byCommunity) {
      if (positions.length < 2) continue;
      const members = positions.map((i) => table.members[i]!);
      let list = out.get(c);
      if (!list) out.set(c, (list = []));
      list.push({ g, members, place, shipsFrom: place !== null && IDENTIFIERS[type].strong });
    }
  });
  return out;
}

/** Splits `part` at place `p` (see the file comment); returns the resulting parts (the part itself when it stays). */
function splitAtPlace(part: number[], groups: readonly GroupInCommunity[], p: string): number[][] {
  const local = new Map<number, number>();
  part.forEach((v, i) => local.set(v, i));
  const sets = new UnionFind(part.length);
  const users = new Uint32Array(part.length);
  const inPart = (members: number[]): number[] => members.flatMap((v) => {
    const i = local.get(v);
    return i === undefined ? [] : [i];
  });
  for (const entry of groups) {
    const mine = inPart(entry.members);
    if (entry.place === p) {
      for (const i of mine) users[i] = 1;
      continue;
    }
    for (let k = 1; k < mine.length; k++) sets.union(mine[0]!, mine[k]!);
  }
  const pieceOf = new Map<number, number[]>();
  for (let i = 0; i < part.length; i++) {
    const root = sets.find(i);
    const list = pieceOf.get(root);
    if (list) list.push(i);
    else pieceOf.set(root, [i]);
  }
  if (pieceOf.size < 2) return [part];
  const pieces = [...pieceOf.values()];
  const root = (i: number): number => sets.find(i);
  // A piece is an operation of its own when a shipping place other than p has ≥ 2 of its members.
  const own = new Set<number>();
  for (const entry of groups) {
    if (!entry.shipsFrom || entry.place === p) continue;
    const mine = inPart(entry.members);
    if (mine.length >= 2) own.add(root(mine[0]!));
  }
  const operations = pieces.filter((piece) => own.has(root(piece[0]!)));
  if (operations.length === 0) return [part];
  const usersOf = (piece: number[]): number => piece.reduce((n, i) => n + users[i]!, 0);
  const rest = pieces.filter((piece) => !own.has(root(piece[0]!)));
  const restUsers = rest.reduce((n, piece) => n + usersOf(piece), 0);
  // The place belongs to the rest when two or more of its users are there; otherwise to the operation using it most.
  let keeper: number[] | null = null;
  if (restUsers < 2) {
    keeper = operations.reduce((best, piece) => (usersOf(piece) > usersOf(best) ? piece : best));
  }
  const parts: number[][] = [];
  const kept: number[] = rest.flat();
  for (const piece of operations) {
    if (piece === keeper) kept.push(...piece);
    else parts.push(piece);
  }
  if (parts.length === 0) return [part];
  if (kept.length > 0) parts.unshift(kept);
  return parts.map((piece) => piece.map((i) => part[i]!).sort((a, b) => a - b));
}

/**
 * Cuts communities at places shared by separate operations. Places are tried
 * most-used first; each resulting part is tried again at the next place.
 */
export function splitAtSharedPlaces(table: IdentifierTable, input: Int32Array, isHub: (g: number) => boolean, bundles: Bundles | null = null): Int32Array {
  const out = Int32Array.from(input);
  const membersOf = new Map<number, number[]>();
  let next = 0;
  for (let v = 0; v < out.length; v++) {
    const c = out[v]!;
    if (c < 0) continue;
    next = Math.max(next, c + 1);
    const list = membersOf.get(c);
    if (list) list.push(v);
    else membersOf.set(c, [v]);
  }
  const groupsOf = groupsByCommunity(table, out, isHub, bundles);
  for (const c of [...membersOf.keys()].sort((a, b) => a - b)) {
    const members = membersOf.get(c)!;
    const groups = groupsOf.get(c);
    if (members.length < 4 || !groups) continue;
    const placeUsers = new Map<string, Set<number>>();
    for (const entry of groups) {
      if (entry.place === null) continue;
      const set = placeUsers.get(entry.place) ?? new Set<number>();
      for (const v of entry.members) set.add(v);
      placeUsers.set(entry.place, set);
    }
    const places = [...placeUsers.entries()]
      .sort((a, b) => b[1].size - a[1].size || (a[0] < b[0] ? -1 : 1))
      .map(([place]) => place);
    let parts = [members];
    for (const p of places) {
      parts = parts.flatMap((part) => (part.length >= 4 ? splitAtPlace(part, groups, p) : [part]));
    }
    if (parts.length < 2) continue;
    // The first part keeps the community id; the others get new ones.
    for (const part of parts.slice(1)) {
      for (const v of part) out[v] = next;
      next++;
    }
  }
  return out;
}
