/**
 * Evidence weights. Each identifier type has a documented base weight (how
 * much sharing it says about common control), scaled by rarity: an identifier
 * shared by many sellers says less about any pair of them. The rarity factor
 * follows FRAUDAR's column weights (Hooi et al., KDD 2016: 1/log(x + c)),
 * normalised so a pair-only identifier has factor 1.
 */
import type { IdentifierType } from '../model/rings.ts';

/**
 * Base weight per identifier type. Strong: one ID document or one payout
 * account behind several sellers is common control. Medium: a warehouse or a
 * shipping origin that many parcels leave from. Weak: registered addresses,
 * phones and emails are shared innocently (registration agents, office towers,
 * recycled numbers, families).
 */
export const TYPE_WEIGHTS: Readonly<Record<IdentifierType, number>> = {
  id_document: 1.0,
  payment_account: 0.9,
  warehouse_address: 0.7,
  shipment_origin: 0.6,
  email: 0.4,
  return_address: 0.35,
  registered_address: 0.3,
  phone: 0.3,
  pickup_address: 0.25,
};

/** Types whose identifiers are places (their value is a canonical address key). */
export const ADDRESS_TYPES: ReadonlySet<IdentifierType> = new Set([
  'registered_address',
  'warehouse_address',
  'return_address',
  'pickup_address',
  'shipment_origin',
]);

const LOG2_3 = Math.log2(3);

/** Rarity factor for an identifier shared by `size` sellers: 1 at size 2, ~0.27 at 60. */
export function rarity(size: number): number {
  return LOG2_3 / Math.log2(1 + Math.max(size, 2));
}

/**
 * Shipment-origin ties also scale with how many parcels both sellers sent from
 * the place: one stray parcel is weak evidence, a steady flow is strong.
 */
export function parcelFactor(parcelsA: number, parcelsB: number): number {
  const n = Math.min(parcelsA, parcelsB);
  return Math.min(1, Math.log1p(n) / Math.log1p(5));
}

export function pairWeight(type: IdentifierType, size: number): number {
  return TYPE_WEIGHTS[type] * rarity(size);
}
