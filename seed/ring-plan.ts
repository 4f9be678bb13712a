/**
 * Plans the counterfeit rings before any row is written: heavy-tailed sizes,
 * each member's identifiers, and the ties between members. Ties are laid out
 * the way real rings look, sparse rather than cliques: members join one by one
 * to an earlier member (a mix of chains and preferential-attachment stars), and
 * each join is realised by one shared identifier (the ring's warehouse, a
 * payment account, a registered or return address, a phone, an e-mail, or an
 * ID document). Members with fewer than two ties get more, so every member has
 * at least two identifiers it shares with another member. Registration-agent
 * values and hub values never count as ties. Rings are small in memory (tens of
 * thousands of members at 1M sellers), so all of this stays in memory.
 */
import type { SellerStatus, ShopStatus } from '../engine/index.ts';
import { describePlace, type Place, type PlaceGenerator } from './address-variants.ts';
import type { IdentityFactory, PaymentAccount } from './identities.ts';
import type { Rng } from './rng.ts';
import { days, between, EXPORT_AT } from './timeline.ts';
import { BRANDS, CITIES, ITEMS } from './vocabulary.ts';

/** Who set a single-valued identifier: the member alone, a ring tie, a registration agent, or a hub. */
export type SlotOrigin = 'own' | 'tie' | 'agent' | 'hub';

export interface Slot<T> {
  value: T | null;
  origin: SlotOrigin;
}

export type TieType = 'warehouse' | 'payment_account' | 'registered_address' | 'return_address' | 'phone' | 'email' | 'id_document';

export type CaughtBy = 'test_buy' | 'takedown' | null;

export interface RingShopPlan {
  status: ShopStatus;
  caughtBy: CaughtBy;
}

export interface RingMember {
  readonly index: number;
  readonly ring: RingPlan;
  readonly person: { given: string; surname: string; full: string };
  readonly name: string;
  registeredAt: number;
  /** Registered in the last months before the export: one open shop, few parcels. */
  lateJoiner: boolean;
  phone: Slot<string>;
  email: Slot<string>;
  idHash: Slot<string>;
  registered: Slot<Place>;
  accounts: PaymentAccount[];
  returnAddresses: Place[];
  warehouses: Place[];
  borrowed: Place | null;
  /** Share of parcels sent from the borrowed warehouse. */
  borrowedShare: number;
  declaresWarehouse: boolean;
  usesEscrow: boolean;
  usesFulfilment: boolean;
  usesCourier: boolean;
  status: SellerStatus;
  shops: RingShopPlan[];
}

export interface RingPlan {
  readonly id: string;
  readonly members: RingMember[];
  readonly warehouses: Place[];
  readonly brands: string[];
  readonly items: string[];
  readonly startsAt: number;
  evidenced: boolean;
  borrowsFrom: RingPlan | null;
}

export interface RingPlanContext {
  rng: Rng;
  places: PlaceGenerator;
  identities: IdentityFactory;
  /** Places from `places.next()` that others may near-miss. */
  landmarks: Place[];
}

const TIE_WEIGHTS: readonly (readonly [TieType, number])[] = [
  ['warehouse', 0.28],
  ['payment_account', 0.26],
  ['registered_address', 0.12],
  ['phone', 0.11],
  ['email', 0.08],
  ['id_document', 0.07],
  ['return_address', 0.08],
];
const MAX_ID_DOCUMENT_SHARERS = 3;
const MAX_ACCOUNT_SHARERS = 4;

/**
 * Ring sizes: mostly 3–5, a tail of 6–30 and 31–59, and, when there are at
 * least 50 rings, about 1 % of 60–120 (at least two).
 */
export function sampleRingSizes(count: number, rng: Rng): number[] {
  const giants = count >= 50 ? Math.max(2, Math.round(count * 0.01)) : 0;
  const sizes: number[] = [];
  for (let i = 0; i < count - giants; i += 1) {
    const band = rng.weighted([['small', 0.64], ['medium', 0.22], ['large', 0.11], ['very-large', 0.03]] as const);
    if (band === 'small') sizes.push(rng.int(3, 5));
    else if (band === 'medium') sizes.push(rng.int(6, 9));
    else if (band === 'large') sizes.push(Math.round(10 + 20 * rng.next() ** 1.7));
    else sizes.push(rng.int(31, 59));
  }
  for (let i = 0; i < giants; i += 1) sizes.push(Math.round(60 + 60 * rng.next() ** 2));
  return rng.shuffle(sizes);
}

function placeKey(place: Place): string {
  return describePlace(place);
}

/** Keys of the identifiers of a member that can tie it to another member. */
function tieKeys(member: RingMember): string[] {
  const keys: string[] = [];
  const single = (type: string, slot: Slot<string>): void => {
    if (slot.value !== null && (slot.origin === 'own' || slot.origin === 'tie')) keys.push(`${type}:${slot.value}`);
  };
  single('phone', member.phone);
  single('email', member.email);
  single('id', member.idHash);
  if (member.registered.value !== null && (member.registered.origin === 'own' || member.registered.origin === 'tie')) {
    keys.push(`addr:${placeKey(member.registered.value)}`);
  }
  for (const account of member.accounts) keys.push(`acct:${account.id}`);
  for (const place of member.returnAddresses) keys.push(`addr:${placeKey(place)}`);
  for (const place of member.warehouses) keys.push(`wh:${placeKey(place)}`);
  return keys;
}

function countBy<T>(items: Iterable<T>): Map<T, number> {
  const counts = new Map<T, number>();
  for (const item of items) counts.set(item, (counts.get(item) ?? 0) + 1);
  return counts;
}

/** For each tie key in the ring, how many members hold it. */
function keyCounts(ring: RingPlan): Map<string, number> {
  return countBy(ring.members.flatMap((member) => [...new Set(tieKeys(member))]));
}

/** How many of the member's identifiers another member of its ring also holds. */
export function tieCount(member: RingMember, counts: Map<string, number>): number {
  return [...new Set(tieKeys(member))].filter((key) => (counts.get(key) ?? 0) >= 2).length;
}

/** The ring's warehouses that members ship from, most used first. */
export function usedWarehouses(ring: RingPlan): Place[] {
  const users = countBy(ring.members.flatMap((member) => member.warehouses));
  return ring.warehouses.filter((place) => users.has(place)).sort((a, b) => (users.get(b) ?? 0) - (users.get(a) ?? 0));
}

/** Ring identifiers shared by at least two members, counted by type (for ground truth). */
export function tieSummary(ring: RingPlan): Record<string, number> {
  const summary: Record<string, number> = {};
  const label: Record<string, string> = { phone: 'phone', email: 'email', id: 'id_document', addr: 'address', acct: 'payment_account', wh: 'warehouse' };
  for (const [key, count] of keyCounts(ring)) {
    if (count < 2) continue;
    const type = label[key.slice(0, key.indexOf(':'))] ?? 'other';
    summary[type] = (summary[type] ?? 0) + 1;
  }
  return summary;
}

function shareSlot<T>(from: Slot<T>, to: Slot<T>, sameValue: (a: T, b: T) => boolean): boolean {
  if (from.value === null || (from.origin !== 'own' && from.origin !== 'tie') || to.origin !== 'own') return false;
  if (to.value !== null && sameValue(from.value, to.value)) return false;
  to.value = from.value;
  to.origin = 'tie';
  from.origin = 'tie';
  return true;
}

function sharers(ring: RingPlan, has: (member: RingMember) => boolean): number {
  return ring.members.filter(has).length;
}

function tieByAccount(a: RingMember, b: RingMember, ctx: RingPlanContext): void {
  const ring = a.ring;
  const joinable = a.accounts.filter(
    (account) => !b.accounts.includes(account) && sharers(ring, (m) => m.accounts.includes(account)) < MAX_ACCOUNT_SHARERS,
  );
  if (joinable.length > 0 && ctx.rng.chance(0.5)) {
    b.accounts.push(ctx.rng.pick(joinable));
    return;
  }
  const account = ctx.identities.account(ctx.rng.chance(0.6) ? a.person.full : a.name);
  a.accounts.push(account);
  b.accounts.push(account);
}

/** The ring's first warehouse is its main one: three times as likely as each later one. */
function pickRingWarehouse(ring: RingPlan, rng: Rng): Place {
  return rng.weighted(ring.warehouses.map((place, i) => [place, i === 0 ? 3 : 1] as const));
}

function tieByWarehouse(a: RingMember, b: RingMember, ctx: RingPlanContext): boolean {
  const ring = a.ring;
  const maxWarehouses = ring.members.length >= 40 ? 3 : ring.members.length >= 10 ? 2 : 1;
  let target: Place;
  if (a.warehouses.length > 0) target = ctx.rng.pick(a.warehouses);
  else if (ring.warehouses.length < maxWarehouses && ctx.rng.chance(0.2)) {
    target = ctx.places.next();
    ring.warehouses.push(target);
  } else target = pickRingWarehouse(ring, ctx.rng);
  if (b.warehouses.includes(target)) return false;
  if (!a.warehouses.includes(target)) a.warehouses.push(target);
  b.warehouses.push(target);
  return true;
}

function tieByReturnAddress(a: RingMember, b: RingMember, ctx: RingPlanContext): boolean {
  const target = a.returnAddresses.length > 0 ? ctx.rng.pick(a.returnAddresses) : ctx.places.next();
  if (b.returnAddresses.includes(target)) return false;
  if (!a.returnAddresses.includes(target)) a.returnAddresses.push(target);
  b.returnAddresses.push(target);
  return true;
}

/** Realises one tie between `a` (the earlier member) and `b`; falls back to a payment account. */
function tie(a: RingMember, b: RingMember, type: TieType, ctx: RingPlanContext): void {
  const sameText = (x: string, y: string): boolean => x === y;
  let done = false;
  if (type === 'warehouse') done = tieByWarehouse(a, b, ctx);
  else if (type === 'return_address') done = tieByReturnAddress(a, b, ctx);
  else if (type === 'registered_address') done = shareSlot(a.registered, b.registered, (x, y) => placeKey(x) === placeKey(y));
  else if (type === 'phone') done = shareSlot(a.phone, b.phone, sameText);
  else if (type === 'email') done = shareSlot(a.email, b.email, sameText);
  else if (type === 'id_document') {
    const holders = sharers(a.ring, (m) => m.idHash.value !== null && m.idHash.value === a.idHash.value);
    done = holders < MAX_ID_DOCUMENT_SHARERS && shareSlot(a.idHash, b.idHash, sameText);
  }
  if (!done) tieByAccount(a, b, ctx);
}

function createMember(ring: RingPlan, index: number, ctx: RingPlanContext): RingMember {
  const { rng, identities, places } = ctx;
  const person = identities.person();
  const city = rng.pick(CITIES).name;
  return {
    index,
    ring,
    person,
    name: rng.chance(0.7) ? identities.company(city) : person.full,
    registeredAt: between(rng, ring.startsAt, ring.startsAt + days(540)),
    phone: { value: identities.phone(), origin: 'own' },
    email: { value: identities.email(person.given, person.surname), origin: 'own' },
    idHash: { value: identities.idHash(), origin: 'own' },
    registered: { value: places.next(), origin: 'own' },
    accounts: [identities.account(person.full)],
    returnAddresses: [],
    warehouses: [],
    borrowed: null,
    borrowedShare: 0,
    lateJoiner: false,
    declaresWarehouse: rng.chance(0.7),
    usesEscrow: false,
    usesFulfilment: false,
    usesCourier: false,
    status: 'active',
    shops: [],
  };
}

/** Creates the rings with their members (identifiers still personal); ties come later. */
export function createRings(sizes: readonly number[], indices: readonly number[], ctx: RingPlanContext): RingPlan[] {
  const { rng } = ctx;
  let next = 0;
  return sizes.map((size, i) => {
    const ring: RingPlan = {
      id: `T-${i + 1}`,
      members: [],
      warehouses: [],
      brands: rng.shuffle([...BRANDS]).slice(0, rng.int(1, 3)),
      items: rng.shuffle([...ITEMS]).slice(0, rng.int(2, 4)),
      startsAt: between(rng, Date.UTC(2017, 0, 1), Date.UTC(2023, 5, 1)),
      evidenced: false,
      borrowsFrom: null,
    };
    const landmark = ctx.landmarks.length > 0 && rng.chance(0.15) ? rng.pick(ctx.landmarks) : null;
    const warehouse = landmark === null ? ctx.places.next() : ctx.places.nearMiss(landmark, 'room');
    ring.warehouses.push(warehouse);
    if (landmark === null) ctx.landmarks.push(warehouse);
    for (let k = 0; k < size; k += 1) {
      const index = indices[next];
      if (index === undefined) throw new RangeError('not enough seller slots for ring members');
      next += 1;
      ring.members.push(createMember(ring, index, ctx));
    }
    return ring;
  });
}

/** Lays out the sparse tie structure of one ring (see the file comment). */
export function tieRing(ring: RingPlan, ctx: RingPlanContext): void {
  const { rng } = ctx;
  const order = rng.shuffle([...ring.members]);
  const degree = new Map<RingMember, number>(order.map((member) => [member, 0]));
  for (let i = 1; i < order.length; i += 1) {
    const child = order[i] as RingMember;
    const earlier = order.slice(0, i);
    const parent = rng.chance(0.45)
      ? (order[i - 1] as RingMember)
      : rng.weighted(earlier.map((member) => [member, (degree.get(member) ?? 0) + 1] as const));
    tie(parent, child, rng.weighted(TIE_WEIGHTS), ctx);
    degree.set(parent, (degree.get(parent) ?? 0) + 1);
    degree.set(child, (degree.get(child) ?? 0) + 1);
  }
  for (const member of order) {
    if (member.warehouses.length === 0 && rng.chance(0.25)) member.warehouses.push(pickRingWarehouse(ring, rng));
  }
  const warehouseUsers = countBy(ring.members.flatMap((member) => member.warehouses));
  if (![...warehouseUsers.values()].some((users) => users >= 2)) {
    const [a, b] = order;
    if (a && b) tieByWarehouse(a, b, ctx);
  }
  for (let round = 0; round < 6; round += 1) {
    const counts = keyCounts(ring);
    const weak = order.filter((member) => tieCount(member, counts) < 2);
    if (weak.length === 0) break;
    for (const member of weak) {
      const partner = rng.pick(order.filter((other) => other !== member));
      tie(partner, member, rng.weighted(TIE_WEIGHTS), ctx);
    }
  }
}

/** Assigns camouflage (hub use), missing fields, shops with churn and evidence, and statuses. */
export function finishRing(ring: RingPlan, ctx: RingPlanContext, hubs: { phone: string; email: string }): void {
  const { rng } = ctx;
  ring.evidenced = rng.chance(ring.members.length >= 10 ? 0.4 : 0.28);
  const catchRate = rng.next() * 0.25 + 0.1;
  for (const member of ring.members) {
    if (member.phone.origin === 'own' && rng.chance(0.15)) member.phone = { value: hubs.phone, origin: 'hub' };
    if (member.email.origin === 'own' && rng.chance(0.15)) member.email = { value: hubs.email, origin: 'hub' };
    if (member.idHash.origin === 'own' && rng.chance(0.1)) member.idHash = { value: null, origin: 'own' };
    member.usesEscrow = rng.chance(0.25);
    member.usesFulfilment = rng.chance(0.2);
    member.usesCourier = rng.chance(0.35);
    const shopCount = 1 + rng.geometric(0.45, 7);
    for (let s = 0; s < shopCount; s += 1) {
      const caughtBy: CaughtBy = ring.evidenced && rng.chance(catchRate) ? (rng.chance(0.55) ? 'test_buy' : 'takedown') : null;
      const status: ShopStatus =
        caughtBy === 'takedown' || (caughtBy === 'test_buy' && rng.chance(0.5)) ? 'taken_down'
        : rng.chance(0.5) ? 'closed' : 'open';
      member.shops.push({ status, caughtBy });
    }
    const caught = member.shops.some((shop) => shop.caughtBy !== null);
    member.status = rng.weighted<SellerStatus>(
      caught ? [['banned', 0.6], ['suspended', 0.2], ['active', 0.2]]
      : ring.evidenced ? [['banned', 0.15], ['suspended', 0.15], ['active', 0.7]]
      : [['banned', 0.04], ['suspended', 0.06], ['active', 0.9]],
    );
  }
  if (ring.evidenced && !ring.members.some((member) => member.shops.some((shop) => shop.caughtBy !== null))) {
    const shop = rng.pick(rng.pick(ring.members).shops);
    shop.caughtBy = 'test_buy';
  }
}

/**
 * Borrowed warehouses: about 20 % of small rings (≤ 9 members) and 5 % of the
 * others ship part of their parcels from the main warehouse of another, larger
 * ring (a logistics provider two operations share). One member up to half of
 * the ring borrows it, sending 20–60 % of its parcels from there.
 */
export function borrowWarehouses(rings: readonly RingPlan[], rng: Rng): void {
  if (rings.length < 2) return;
  for (const ring of rings) {
    const size = ring.members.length;
    if (!rng.chance(size <= 9 ? 0.2 : 0.05)) continue;
    const larger = rings.filter((other) => other !== ring && other.members.length > size);
    const candidates = larger.length > 0 ? larger : rings.filter((other) => other !== ring);
    const lender = rng.pick(candidates);
    const borrowed = usedWarehouses(lender)[0];
    if (borrowed === undefined) continue;
    ring.borrowsFrom = lender;
    const borrowers = rng.shuffle([...ring.members]).slice(0, rng.int(1, Math.max(1, Math.ceil(size / 2))));
    for (const member of borrowers) {
      member.borrowed = borrowed;
      member.borrowedShare = 0.2 + 0.4 * rng.next();
    }
  }
}

/**
 * Late joiners: in rings of four or more, about 10 % of members registered in
 * the last three months before the export, run one open shop and have sent
 * only a few parcels — their ties are in the export, their volume is not yet.
 */
export function markLateJoiners(rings: readonly RingPlan[], rng: Rng): void {
  for (const ring of rings) {
    if (ring.members.length < 4) continue;
    for (const member of ring.members) {
      if (!rng.chance(0.1) || member.shops.some((shop) => shop.caughtBy !== null)) continue;
      member.lateJoiner = true;
      member.registeredAt = between(rng, EXPORT_AT - days(90), EXPORT_AT - days(5));
      member.shops = [{ status: 'open', caughtBy: null }];
      if (member.status === 'banned') member.status = 'active';
    }
  }
}
