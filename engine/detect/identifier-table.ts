/**
 * A compact, column-oriented table of identifier groups: seller ids interned
 * to dense integers (in sorted id order, so results do not depend on the order
 * a store streams groups in) and members kept in one flat Int32Array. At 1M
 * sellers this holds a few million memberships in tens of megabytes instead of
 * millions of small JS arrays.
 */
import { IDENTIFIER_TYPES, type IdentifierType } from '../model/identifiers.ts';
import type { IdentifierGroup } from '../model/rings.ts';

export interface IdentifierTable {
  /** Seller id per dense index, sorted. */
  sellerIds: string[];
  groupCount: number;
  type: Uint8Array;
  /** Full number of sellers tied to the identifier (also for hubs whose members were not fetched). */
  size: Uint32Array;
  value: string[];
  /** Members of group g are members[offset[g] .. offset[g + 1]). */
  offset: Uint32Array;
  members: Int32Array;
  /** Parcels per membership (shipment_origin only; 0 elsewhere). */
  parcels: Float32Array;
}

export const TYPE_INDEX: Readonly<Record<IdentifierType, number>> = Object.fromEntries(
  IDENTIFIER_TYPES.map((t, i) => [t, i]),
) as Record<IdentifierType, number>;

/** An append-only typed array that doubles its capacity when full. */
class Growable<T extends Int32Array | Float32Array> {
  length = 0;
  constructor(
    public data: T,
    private readonly allocate: (size: number) => T,
  ) {}
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = this.allocate(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
}

/** Consumes a stream of groups into a table. */
export async function buildIdentifierTable(groups: AsyncIterable<IdentifierGroup>): Promise<IdentifierTable> {
  const index = new Map<string, number>();
  const ids: string[] = [];
  const types: number[] = [];
  const sizes: number[] = [];
  const values: string[] = [];
  const offsets: number[] = [0];
  const members = new Growable(new Int32Array(1 << 16), (n) => new Int32Array(n));
  const parcels = new Growable(new Float32Array(1 << 16), (n) => new Float32Array(n));

  for await (const group of groups) {
    // An empty value names nothing (a store loaded before region-only addresses
    // were rejected holds an address keyed ''): it must not link its sellers.
    if (group.value.trim() === '') continue;
    types.push(TYPE_INDEX[group.type]);
    sizes.push(group.size);
    values.push(group.value);
    for (let i = 0; i < group.sellers.length; i++) {
      const id = group.sellers[i] as string;
      let k = index.get(id);
      if (k === undefined) {
        k = ids.length;
        ids.push(id);
        index.set(id, k);
      }
      members.push(k);
      parcels.push(group.shipments?.[i] ?? 0);
    }
    offsets.push(members.length);
  }

  // Re-number sellers in sorted id order so everything downstream is order-independent.
  const order = ids.map((_, i) => i).sort((a, b) => (ids[a]! < ids[b]! ? -1 : ids[a]! > ids[b]! ? 1 : 0));
  const rank = new Int32Array(ids.length);
  order.forEach((old, r) => {
    rank[old] = r;
  });
  const flat = members.data.subarray(0, members.length);
  for (let i = 0; i < flat.length; i++) flat[i] = rank[flat[i]!]!;

  // Groups in a canonical order too (type, then value), with members sorted.
  const groupOrder = values.map((_, g) => g).sort((a, b) => types[a]! - types[b]! || (values[a]! < values[b]! ? -1 : values[a]! > values[b]! ? 1 : 0));
  const table: IdentifierTable = {
    sellerIds: order.map((old) => ids[old]!),
    groupCount: groupOrder.length,
    type: new Uint8Array(groupOrder.length),
    size: new Uint32Array(groupOrder.length),
    value: new Array<string>(groupOrder.length),
    offset: new Uint32Array(groupOrder.length + 1),
    members: new Int32Array(members.length),
    parcels: new Float32Array(members.length),
  };
  let cursor = 0;
  groupOrder.forEach((g, newG) => {
    table.type[newG] = types[g]!;
    table.size[newG] = sizes[g]!;
    table.value[newG] = values[g]!;
    table.offset[newG] = cursor;
    const start = offsets[g]!;
    const end = offsets[g + 1]!;
    const pairs: Array<[number, number]> = [];
    for (let i = start; i < end; i++) pairs.push([flat[i]!, parcels.data[i]!]);
    pairs.sort((a, b) => a[0] - b[0]);
    for (const [m, p] of pairs) {
      table.members[cursor] = m;
      table.parcels[cursor] = p;
      cursor++;
    }
  });
  table.offset[groupOrder.length] = cursor;
  return table;
}

export function groupTypeOf(table: IdentifierTable, g: number): IdentifierType {
  return IDENTIFIER_TYPES[table.type[g]!] as IdentifierType;
}
