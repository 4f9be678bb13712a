/**
 * The in-memory plan of a marketplace, made before any row is written: the
 * hubs, the rings (ring-plan.ts), the registration agents, the benign family
 * groups, and which seller positions they occupy. Everything else (the honest
 * majority) is generated one seller at a time while writing. Special sellers
 * sit at random positions so that seller ids say nothing about membership.
 */
import { EngineError } from '../engine/index.ts';
import { createPlaceGenerator, type Place, type PlaceGenerator } from './address-variants.ts';
import { createIdentityFactory, PLACEHOLDER_EMAIL, PLACEHOLDER_PHONE, type IdentityFactory, type PaymentAccount } from './identities.ts';
import { borrowWarehouses, createRings, finishRing, markLateJoiners, sampleRingSizes, tieRing, type RingMember, type RingPlan, type RingPlanContext } from './ring-plan.ts';
import { hashString, type Rng } from './rng.ts';

export interface Hubs {
  readonly couriers: readonly Place[];
  readonly fulfilment: Place;
  readonly escrow: PaymentAccount;
  readonly phone: string;
  readonly email: string;
}

export interface Agent {
  readonly office: Place;
  readonly phone: string;
  readonly rings: RingPlan[];
  readonly members: RingMember[];
}

export interface Family {
  readonly indices: number[];
  readonly home: Place;
  readonly phone: string | null;
  readonly surname: string;
}

/**
 * Honest sellers tied by coincidence: spouses paid into one account, two shops
 * with one return address or pickup locker, a recycled phone number, an office
 * computer, a tiny shared office (address and phone), or the few clients of a
 * small logistics provider shipping from its warehouse.
 */
export type CoincidenceKind = 'payment_account' | 'return_address' | 'pickup_address' | 'phone' | 'device' | 'office' | 'logistics';

export interface Coincidence {
  readonly kind: CoincidenceKind;
  readonly indices: number[];
  readonly place: Place;
  readonly phone: string;
  readonly account: PaymentAccount;
}

export type Role = { kind: 'ring'; member: RingMember } | { kind: 'family'; family: Family } | { kind: 'coincidence'; group: Coincidence };

export interface MarketPlan {
  readonly sellers: number;
  readonly rings: RingPlan[];
  readonly agents: Agent[];
  readonly families: Family[];
  readonly coincidences: Coincidence[];
  readonly hubs: Hubs;
  readonly roles: Map<number, Role>;
  /** Places from `places.next()` honest sellers may near-miss (hubs, agent offices, ring warehouses). */
  readonly landmarks: Place[];
  readonly places: PlaceGenerator;
  readonly identities: IdentityFactory;
}

/** At most this share of sellers may be ring members or family members. */
const MAX_SPECIAL_SHARE = 0.5;

function createHubs(places: PlaceGenerator): Hubs {
  return {
    couriers: [places.next(), places.next(), places.next()],
    fulfilment: places.next(),
    escrow: { id: 'ESCROW-MKTPAY-0001', kind: 'other', holder: 'Marketplace Payments Escrow' },
    phone: PLACEHOLDER_PHONE,
    email: PLACEHOLDER_EMAIL,
  };
}

function distinctPositions(count: number, sellers: number, rng: Rng): number[] {
  const taken = new Set<number>();
  const positions: number[] = [];
  while (positions.length < count) {
    const position = rng.int(0, sellers - 1);
    if (taken.has(position)) continue;
    taken.add(position);
    positions.push(position);
  }
  return positions;
}

/** Registration agents: their office and phone stand in for one or two members of each of several rings. */
function assignAgents(rings: readonly RingPlan[], ctx: RingPlanContext): Agent[] {
  const { rng } = ctx;
  if (rings.length < 3) return [];
  const agents: Agent[] = [];
  const count = Math.max(1, Math.round(rings.length / 10));
  for (let a = 0; a < count; a += 1) {
    const office = ctx.places.next();
    ctx.landmarks.push(office);
    const agent: Agent = { office, phone: ctx.identities.phone(), rings: [], members: [] };
    const served = rng.shuffle([...rings]).slice(0, rng.int(3, Math.min(8, rings.length)));
    for (const ring of served) {
      const free = ring.members.filter((member) => member.registered.origin === 'own');
      const take = rng.shuffle(free).slice(0, ring.members.length >= 4 ? rng.int(1, 2) : 1);
      if (take.length === 0) continue;
      agent.rings.push(ring);
      for (const member of take) {
        member.registered = { value: office, origin: 'agent' };
        if (rng.chance(0.8)) member.phone = { value: agent.phone, origin: 'agent' };
        agent.members.push(member);
      }
    }
    agents.push(agent);
  }
  return agents;
}

export function planMarketplace(options: { sellers: number; rings: number; seed: number }, rng: Rng): MarketPlan {
  const { sellers } = options;
  if (!Number.isSafeInteger(sellers) || sellers < 1) {
    throw new EngineError('INVALID_INPUT', 'sellers must be a positive integer', { details: { field: 'sellers' } });
  }
  if (!Number.isSafeInteger(options.rings) || options.rings < 0) {
    throw new EngineError('INVALID_INPUT', 'rings must be a non-negative integer', { details: { field: 'rings' } });
  }
  const places = createPlaceGenerator(hashString('places', options.seed));
  const identities = createIdentityFactory(hashString('identities', options.seed), rng.fork('identities'));
  const hubs = createHubs(places);
  const landmarks: Place[] = [...hubs.couriers, hubs.fulfilment];
  const ctx: RingPlanContext = { rng, places, identities, landmarks };

  const sizes = sampleRingSizes(options.rings, rng);
  const ringMembers = sizes.reduce((sum, size) => sum + size, 0);
  const familySizes = Array.from({ length: Math.round(sellers * 0.01) }, () => (rng.chance(0.7) ? 2 : 3));
  const familyMembers = familySizes.reduce((sum, size) => sum + size, 0);
  if (ringMembers + familyMembers > sellers * MAX_SPECIAL_SHARE) {
    throw new EngineError('INVALID_INPUT', `${options.rings} rings need about ${ringMembers} members; too many for ${sellers} sellers`, {
      details: { field: 'rings' },
    });
  }
  const coincidenceKinds = [
    ...Array.from({ length: Math.round(sellers * 0.0075) }, () =>
      rng.weighted<CoincidenceKind>([['payment_account', 0.25], ['return_address', 0.2], ['phone', 0.2], ['pickup_address', 0.15], ['device', 0.1], ['office', 0.1]]),
    ),
    ...Array.from({ length: Math.round(sellers / 2000) }, () => 'logistics' as const),
  ];
  const coincidenceSizes = coincidenceKinds.map((kind) => (kind === 'logistics' ? rng.int(3, 6) : 2));
  const coincidenceMembers = coincidenceSizes.reduce((sum, size) => sum + size, 0);
  const positions = distinctPositions(ringMembers + familyMembers + coincidenceMembers, sellers, rng);

  const rings = createRings(sizes, positions.slice(0, ringMembers), ctx);
  const agents = assignAgents(rings, ctx);
  for (const ring of rings) tieRing(ring, ctx);
  for (const ring of rings) finishRing(ring, ctx, hubs);
  borrowWarehouses(rings, rng);
  markLateJoiners(rings, rng);

  const roles = new Map<number, Role>();
  for (const ring of rings) for (const member of ring.members) roles.set(member.index, { kind: 'ring', member });
  let next = ringMembers;
  const families = familySizes.map((size) => {
    const family: Family = {
      indices: positions.slice(next, next + size),
      home: places.next(),
      phone: rng.chance(0.35) ? identities.phone() : null,
      surname: identities.person().surname,
    };
    next += size;
    for (const index of family.indices) roles.set(index, { kind: 'family', family });
    return family;
  });

  const coincidences = coincidenceKinds.map((kind, i) => {
    const size = coincidenceSizes[i]!;
    const group: Coincidence = {
      kind,
      indices: positions.slice(next, next + size),
      place: places.next(),
      phone: identities.phone(),
      account: identities.account(identities.person().full),
    };
    next += size;
    for (const index of group.indices) roles.set(index, { kind: 'coincidence', group });
    return group;
  });

  return { sellers, rings, agents, families, coincidences, hubs, roles, landmarks, places, identities };
}
