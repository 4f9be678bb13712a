/**
 * Evidence weights. Each identifier type has a documented base weight (how
 * much sharing it says about common control), scaled by rarity: an identifier
 * shared by many sellers says less about any pair of them. The rarity factor
 * follows FRAUDAR's column weights (Hooi et al., KDD 2016: 1/log(x + c)),
 * normalised so a pair-only identifier has factor 1.
 */
import { IDENTIFIERS, IDENTIFIER_TYPES, PLACE_IDENTIFIERS, type IdentifierType } from '../model/identifiers.ts';

/** Base weight per identifier type, from the identifier registry (its table in the README). */
export const TYPE_WEIGHTS: Readonly<Record<IdentifierType, number>> = Object.fromEntries(
  IDENTIFIER_TYPES.map((t) => [t, IDENTIFIERS[t].weight]),
) as Record<IdentifierType, number>;

/** Types whose identifiers are places (their value is a canonical address key). */
export const ADDRESS_TYPES: ReadonlySet<IdentifierType> = PLACE_IDENTIFIERS;

const LOG2_3 = Math.log2(3);

/** Rarity factor for an identifier shared by `size` sellers: 1 at size 2, ~0.27 at 60. */
export function rarity(size: number): number {
  return LOG2_3 / Math.log2(1 + Math.max(size, 2));
}

/** Parcels from one place (the fewer of the two sellers') at which a shipping tie reaches its full weight. */
export const PARCELS_FOR_FULL_WEIGHT = 5;

/**
 * Shipment-origin ties also scale with how many parcels both sellers sent from
 * the place: one stray parcel is weak evidence, a steady flow is strong.
 */
export function parcelFactor(parcelsA: number, parcelsB: number): number {
  const n = Math.min(parcelsA, parcelsB);
  return Math.min(1, Math.log1p(n) / Math.log1p(PARCELS_FOR_FULL_WEIGHT));
}

export function pairWeight(type: IdentifierType, size: number): number {
  return TYPE_WEIGHTS[type] * rarity(size);
}
