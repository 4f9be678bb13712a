/**
 * The answer key written next to the export as `ground_truth.json`: the
 * planted rings (members, own warehouses as canonical text, the ring whose
 * warehouse some members borrow), benign family groups, hub identifiers, and,
 * beyond the required shape, what the detection team needs to debug against:
 * per-ring tie counts, evidence flag and brands, the registration agents and
 * the recycled phone numbers. Phones are given as normalised digits with `+`.
 */
import { describePlace } from './address-variants.ts';
import type { DeviceAssigner } from './devices.ts';
import type { CoincidenceKind, MarketPlan } from './plan.ts';
import { tieSummary, usedWarehouses } from './ring-plan.ts';
import type { RecycledPhone, SpecBuilder } from './seller-specs.ts';

export type HubType = 'shipment_origin' | 'warehouse_address' | 'payment_account' | 'phone' | 'email' | 'device';

export interface GroundTruthRing {
  id: string;
  members: string[];
  warehouses: string[];
  borrowsWarehouseOf: string | null;
  size: number;
  evidenced: boolean;
  brands: string[];
  /** Identifiers shared by at least two members, by type. */
  ties: Record<string, number>;
}

export interface GroundTruth {
  seed: number;
  sellers: number;
  rings: GroundTruthRing[];
  /** Honest sellers tied together: families (home), coincidences (one shared identifier) and small logistics providers' clients. */
  benignGroups: { members: string[]; kind: 'family' | CoincidenceKind }[];
  hubs: { type: HubType; value: string }[];
  agents: { office: string; phone: string; rings: string[]; members: string[]; honestClients: number }[];
  recycledPhones: RecycledPhone[];
  /** Sellers whose address or payment-account rows are missing from the export (partial exports). */
  partialSellers: string[];
}

function normalisedPhone(phone: string): string {
  return /^\d{13}$/.test(phone) ? `+${phone}` : phone;
}

export function buildGroundTruth(seed: number, plan: MarketPlan, builder: SpecBuilder, devices: DeviceAssigner, partialSellers: readonly string[]): GroundTruth {
  const { hubs } = plan;
  return {
    seed,
    sellers: plan.sellers,
    rings: plan.rings.map((ring) => ({
      id: ring.id,
      members: ring.members.map((member) => builder.sellerId(member.index)).sort(),
      warehouses: usedWarehouses(ring).map(describePlace),
      borrowsWarehouseOf: ring.borrowsFrom?.id ?? null,
      size: ring.members.length,
      evidenced: ring.evidenced,
      brands: ring.brands,
      ties: { ...tieSummary(ring), ...(devices.sharedDevices(ring.id) > 0 ? { device: devices.sharedDevices(ring.id) } : {}) },
    })),
    benignGroups: [
      ...plan.families.map((family) => ({ members: family.indices.map(builder.sellerId).sort(), kind: 'family' as const })),
      ...plan.coincidences.map((group) => ({ members: group.indices.map(builder.sellerId).sort(), kind: group.kind })),
    ],
    hubs: [
      ...hubs.couriers.map((place) => ({ type: 'shipment_origin' as const, value: describePlace(place) })),
      { type: 'warehouse_address', value: describePlace(hubs.fulfilment) },
      { type: 'shipment_origin', value: describePlace(hubs.fulfilment) },
      { type: 'payment_account', value: hubs.escrow.id },
      { type: 'phone', value: hubs.phone },
      { type: 'email', value: hubs.email },
      ...devices.kiosks.map((value) => ({ type: 'device' as const, value })),
    ],
    agents: plan.agents.map((agent, i) => ({
      office: describePlace(agent.office),
      phone: normalisedPhone(agent.phone),
      rings: agent.rings.map((ring) => ring.id),
      members: agent.members.map((member) => builder.sellerId(member.index)).sort(),
      honestClients: builder.agentClients[i] ?? 0,
    })),
    recycledPhones: builder.recycledPhones.map((entry) => ({ ...entry, phone: normalisedPhone(entry.phone) })),
    partialSellers: [...partialSellers],
  };
}
