/**
 * Turns the plan into one `SellerSpec` per seller: who the seller is, which
 * identifiers and addresses it declares, its payment accounts, shops (with
 * status, dates, parcel counts and reports) and where its parcels leave from.
 * Ring members come from their planned ties; honest and family sellers are
 * drawn here, one at a time, with mostly unique identifiers, some missing
 * fields, hub use, registration-agent clients, near-miss addresses and the
 * occasional recycled phone number of a ring member.
 */
import type { AddressRole, ReportKind, ReportVerdict, SellerStatus, ShopStatus } from '../engine/index.ts';
import type { Place } from './address-variants.ts';
import type { PaymentAccount } from './identities.ts';
import type { Coincidence, Family, MarketPlan } from './plan.ts';
import type { RingMember } from './ring-plan.ts';
import type { Rng } from './rng.ts';
import { between, days, EXPORT_AT, MARKET_START } from './timeline.ts';
import { BRANDS, CITIES, ITEMS } from './vocabulary.ts';

export interface ReportSpec {
  kind: ReportKind;
  verdict: ReportVerdict;
  brand: string;
  at: number;
}

export interface ShopSpec {
  status: ShopStatus;
  openedAt: number;
  closedAt: number | null;
  name: string;
  shipments: number;
  items: readonly string[];
  reports: ReportSpec[];
}

export interface SellerSpec {
  sellerId: string;
  name: string | null;
  registeredAt: number;
  phone: string | null;
  email: string | null;
  idHash: string | null;
  status: SellerStatus;
  registered: Place | null;
  accounts: PaymentAccount[];
  addresses: { place: Place; role: AddressRole }[];
  shops: ShopSpec[];
  /** Where parcels leave from, with relative weights. */
  origins: (readonly [Place, number])[];
  /** Origins the seller's first parcels surely use, in order (a ring member's warehouses), so every planned tie shows in the files. */
  firstOrigins: Place[];
}

export interface RecycledPhone {
  phone: string;
  ringMember: string;
  honestSeller: string;
}

export interface SpecBuilder {
  sellerId(index: number): string;
  /** An honest seller, maybe in a family or a coincidence group. */
  honest(index: number, family: Family | null, coincidence?: Coincidence | null): SellerSpec;
  ringMember(member: RingMember): SellerSpec;
  readonly recycledPhones: RecycledPhone[];
  readonly agentClients: number[];
}

type Mode = 'own' | 'courier' | 'fulfilment';

function shopWindow(rng: Rng, registeredAt: number, status: ShopStatus, openWithinDays: number): { openedAt: number; closedAt: number | null } {
  const openedAt = between(rng, registeredAt, registeredAt + days(openWithinDays));
  const closedAt = status === 'open' ? null : between(rng, openedAt + days(20), openedAt + days(500));
  return { openedAt, closedAt };
}

function reportAt(rng: Rng, shop: { openedAt: number; closedAt: number | null }): number {
  return between(rng, shop.openedAt, shop.closedAt ?? EXPORT_AT);
}

export function createSpecBuilder(plan: MarketPlan, rng: Rng): SpecBuilder {
  const { identities, places, hubs, agents } = plan;
  const width = Math.max(6, String(plan.sellers).length);
  const sellerId = (index: number): string => `S-${String(index + 1).padStart(width, '0')}`;
  const recycledPhones: RecycledPhone[] = [];
  const agentClients = agents.map(() => 0);
  const phoneDonors = plan.rings.flatMap((ring) => ring.members.filter((m) => m.phone.origin === 'own' || m.phone.origin === 'tie'));
  const recycleChance = Math.min(0.01, (plan.rings.length * 0.4) / plan.sellers);
  // Agents' honest clients: ~30 per agent on average, some agents far busier than others.
  const agentChance = Math.min(0.03, (agents.length * 30) / plan.sellers);
  const agentPopularity = agents.map((_, i) => [i, 0.3 + 2.7 * rng.next() ** 2] as const);
  const usedNearMisses = new Set<string>();
  let lastHome: Place | null = null;

  const nearMissOf = (base: Place): Place | null => {
    const place = places.nearMiss(base, rng.chance(0.5) ? 'room' : 'number');
    const key = `${place.city}|${place.district}|${place.street}|${place.streetType}|${place.number}|${place.building}|${place.floor}|${place.room}`;
    if (usedNearMisses.has(key)) return null;
    usedNearMisses.add(key);
    return place;
  };

  const homePlace = (): Place | null => {
    const roll = rng.next();
    if (roll < 0.04) return null;
    if (roll < 0.06) return nearMissOf(rng.pick(plan.landmarks)) ?? places.next();
    if (roll < 0.08 && lastHome !== null) return nearMissOf(lastHome) ?? places.next();
    const place = places.next();
    lastHome = place;
    return place;
  };

  const honestReports = (shop: { status: ShopStatus; openedAt: number; closedAt: number | null }): ReportSpec[] => {
    const reports: ReportSpec[] = [];
    if (rng.chance(0.025)) {
      const verdict = rng.weighted<ReportVerdict>([['unknown', 0.8], ['genuine', 0.12], ['counterfeit', 0.08]]);
      reports.push({ kind: 'complaint', verdict, brand: rng.pick(BRANDS), at: reportAt(rng, shop) });
    }
    if (rng.chance(0.015)) {
      const verdict = rng.weighted<ReportVerdict>([['genuine', 0.9], ['unknown', 0.1]]);
      reports.push({ kind: 'test_buy', verdict, brand: rng.pick(BRANDS), at: reportAt(rng, shop) });
    }
    if (shop.status === 'taken_down') {
      reports.push({ kind: 'takedown', verdict: 'unknown', brand: rng.pick(BRANDS), at: shop.closedAt ?? EXPORT_AT });
    }
    return reports;
  };

  const honest = (index: number, family: Family | null, coincidence: Coincidence | null = null): SellerSpec => {
    const id = sellerId(index);
    const person = identities.person();
    const surname = family?.surname ?? person.surname;
    const fullName = `${surname} ${person.given}`;
    const city = rng.pick(CITIES).name;
    const registeredAt = between(rng, MARKET_START, EXPORT_AT - days(60));

    let registered: Place | null;
    let phone: string | null = null;
    let atAgent = false;
    if (family !== null) {
      registered = family.home;
      phone = family.phone;
    } else if (agents.length > 0 && rng.chance(agentChance)) {
      const which = rng.weighted(agentPopularity);
      const agent = agents[which];
      agentClients[which] = (agentClients[which] ?? 0) + 1;
      registered = agent?.office ?? homePlace();
      atAgent = agent !== undefined;
      if (agent && rng.chance(0.8)) phone = agent.phone;
    } else {
      registered = homePlace();
    }
    if (coincidence?.kind === 'office') {
      registered = coincidence.place;
      phone = coincidence.phone;
    } else if (coincidence?.kind === 'phone') phone = coincidence.phone;
    if (phone === null) {
      const roll = rng.next();
      if (roll < 0.1) phone = hubs.phone;
      else if (roll < 0.15) phone = null;
      else if (phoneDonors.length > 0 && rng.chance(recycleChance)) {
        const donor = rng.pick(phoneDonors);
        phone = donor.phone.value;
        if (phone !== null) recycledPhones.push({ phone, ringMember: sellerId(donor.index), honestSeller: id });
      } else phone = identities.phone();
    }
    const emailRoll = rng.next();
    const email = emailRoll < 0.1 ? hubs.email : emailRoll < 0.15 ? null : identities.email(person.given, surname);

    const accounts: PaymentAccount[] = [];
    if (rng.chance(0.92)) accounts.push(identities.account(fullName));
    if (rng.chance(0.1)) accounts.push(identities.account(fullName));
    if (rng.chance(0.15)) accounts.push(hubs.escrow);
    if (coincidence?.kind === 'payment_account') accounts.push(coincidence.account);

    const logistics = coincidence?.kind === 'logistics' ? coincidence.place : null;
    const mode = logistics !== null ? 'own' : rng.weighted<Mode>([['own', 0.5], ['courier', 0.35], ['fulfilment', 0.15]]);
    const courier = rng.pick(hubs.couriers);
    const addresses: SellerSpec['addresses'] = [];
    if (registered !== null && rng.chance(0.9)) addresses.push({ place: registered, role: 'registered' });
    if (rng.chance(0.35)) addresses.push({ place: registered !== null && rng.chance(0.5) ? registered : places.next(), role: 'return' });
    if (mode === 'fulfilment' && rng.chance(0.8)) addresses.push({ place: hubs.fulfilment, role: 'warehouse' });
    const ownWarehouse = logistics ?? (mode === 'own' && rng.chance(0.06) ? places.next() : null);
    if (ownWarehouse !== null && (logistics === null || rng.chance(0.6))) addresses.push({ place: ownWarehouse, role: 'warehouse' });
    if (coincidence?.kind === 'pickup_address') addresses.push({ place: coincidence.place, role: 'pickup' });
    else if (rng.chance(0.12)) addresses.push({ place: rng.chance(0.3) && registered !== null ? registered : places.next(), role: 'pickup' });
    if (coincidence?.kind === 'return_address') addresses.push({ place: coincidence.place, role: 'return' });

    const home = ownWarehouse ?? (atAgent ? null : registered) ?? places.next();
    const origins: (readonly [Place, number])[] =
      mode === 'own' ? [[home, 0.85], [courier, 0.1], [hubs.fulfilment, 0.05]]
      : mode === 'courier' ? [[courier, 0.85], [home, 0.15]]
      : [[hubs.fulfilment, 0.85], [courier, 0.15]];

    const shopCount = rng.weighted([[0, 0.05], [1, 0.72], [2, 0.18], [3, 0.04], [4, 0.01]] as const);
    const shops: ShopSpec[] = [];
    for (let s = 0; s < shopCount; s += 1) {
      const status = rng.weighted<ShopStatus>([['open', 0.85], ['closed', 0.14], ['taken_down', 0.01]]);
      const window = shopWindow(rng, registeredAt, status, 700);
      shops.push({
        status,
        ...window,
        name: identities.shopName(rng.chance(0.05)),
        shipments: rng.geometric(0.4, 12),
        items: ITEMS,
        reports: honestReports({ status, ...window }),
      });
    }

    return {
      sellerId: id,
      name: rng.chance(0.01) ? null : rng.chance(0.55) ? identities.company(city) : fullName,
      registeredAt,
      phone,
      email,
      idHash: rng.chance(0.1) ? null : identities.idHash(),
      status: rng.weighted<SellerStatus>([['active', 0.955], ['suspended', 0.025], ['banned', 0.02]]),
      registered,
      accounts,
      addresses,
      shops,
      origins,
      firstOrigins: [origins[0]?.[0] ?? home],
    };
  };

  const ringMember = (member: RingMember): SellerSpec => {
    const ring = member.ring;
    const registered = member.registered.value;
    const addresses: SellerSpec['addresses'] = [];
    if (registered !== null && rng.chance(0.85)) addresses.push({ place: registered, role: 'registered' });
    if (member.declaresWarehouse) for (const place of member.warehouses) addresses.push({ place, role: 'warehouse' });
    if (member.borrowed !== null && rng.chance(0.4)) addresses.push({ place: member.borrowed, role: 'warehouse' });
    if (member.usesFulfilment && rng.chance(0.5)) addresses.push({ place: hubs.fulfilment, role: 'warehouse' });
    for (const place of member.returnAddresses) addresses.push({ place, role: 'return' });

    const origins: (readonly [Place, number])[] = member.warehouses.map((place) => [place, 0.8 / member.warehouses.length] as const);
    // The borrowed warehouse takes `borrowedShare` of the parcels the member's own warehouses would send.
    if (member.borrowed !== null) origins.push([member.borrowed, (0.8 * member.borrowedShare) / (1 - member.borrowedShare)]);
    if (member.usesFulfilment) origins.push([hubs.fulfilment, 0.15]);
    if (member.usesCourier) origins.push([rng.pick(hubs.couriers), 0.15]);
    const fallback = (member.registered.origin === 'agent' ? null : registered) ?? member.returnAddresses[0] ?? places.next();
    origins.push([fallback, origins.length === 0 ? 1 : 0.05]);
    const shipsFromWarehouse = member.warehouses.length > 0 || member.borrowed !== null;

    const shops = member.shops.map((plannedShop): ShopSpec => {
      const window = shopWindow(rng, member.registeredAt, plannedShop.status, 300);
      const brand = (): string => rng.pick(ring.brands);
      const reports: ReportSpec[] = [];
      if (plannedShop.caughtBy === 'test_buy') {
        reports.push({ kind: 'test_buy', verdict: 'counterfeit', brand: brand(), at: reportAt(rng, window) });
      }
      if (plannedShop.status === 'taken_down') {
        reports.push({ kind: 'takedown', verdict: 'counterfeit', brand: brand(), at: window.closedAt ?? EXPORT_AT });
      }
      if (plannedShop.caughtBy === null && rng.chance(0.04)) {
        reports.push({ kind: 'complaint', verdict: 'unknown', brand: brand(), at: reportAt(rng, window) });
      }
      if (plannedShop.caughtBy === null && rng.chance(0.03)) {
        reports.push({ kind: 'test_buy', verdict: 'genuine', brand: brand(), at: reportAt(rng, window) });
      }
      return {
        status: plannedShop.status,
        ...window,
        name: identities.shopName(rng.chance(0.35)),
        // A late joiner's few parcels still leave once from each of its warehouses (so its planned ties show).
        shipments: member.lateJoiner ? Math.max(1, member.warehouses.length + (member.borrowed === null ? 0 : 1)) + rng.geometric(0.5, 2) : shipsFromWarehouse ? 3 + rng.geometric(0.15, 40) : 1 + rng.geometric(0.3, 15),
        items: ring.items,
        reports,
      };
    });

    return {
      sellerId: sellerId(member.index),
      name: member.name,
      registeredAt: member.registeredAt,
      phone: member.phone.value,
      email: member.email.value,
      idHash: member.idHash.value,
      status: member.status,
      registered,
      accounts: member.usesEscrow ? [...member.accounts, hubs.escrow] : member.accounts,
      addresses,
      shops,
      origins,
      firstOrigins: member.borrowed === null ? [...member.warehouses] : [...member.warehouses, member.borrowed],
    };
  };

  return { sellerId, honest, ringMember, recycledPhones, agentClients };
}
