/**
 * Explainable ring scores: a sum T of named feature contributions, mapped to
 * [0, 1) by T / (T + T½), where T½ is the total of a documented reference
 * ring (REFERENCE_RING: three sellers sharing one payout account and one
 * warehouse they ship from, nothing else). So 0.5 means "as much evidence as
 * the reference", 0.75 three times as much, 0.9 nine times: the top of the
 * list keeps ranking instead of saturating at 1.00. The breakdown is rescaled
 * so its values add up to the score exactly, keeping each feature's share (a
 * group whose total is not positive scores 0 and shows its raw
 * contributions). Features and their weights are documented here and in the
 * README.
 */
import type { SellerFacts } from '../model/rings.ts';

export interface RingFeatures {
  size: number;
  counterfeitReports: number;
  genuineReports: number;
  takedowns: number;
  bannedSellers: number;
  shops: number;
  churnedShops: number;
  sharedPaymentAccounts: number;
  sharedIdDocuments: number;
  /** Declared warehouse addresses shared by ≥ 2 members. */
  sharedWarehouses: number;
  /** Parcels members sent from shared non-hub places that are not a shared home (registered) address. */
  sharedSourceParcels: number;
  /** Mean evidence strength a member has inside the ring. */
  meanMemberStrength: number;
  /** True when any tie is of a strong type (ID document, payment account, warehouse, shipping origin). */
  hasStrongTies: boolean;
  /**
   * Household pattern: no shared ID document, payment account or warehouse,
   * and every shared place is a shared registered (home) address — a family
   * selling from home, not a counterfeit operation.
   */
  householdOnly: boolean;
  /**
   * No ID document, payout account or device is shared and all strong ties
   * are one place: the clients of one warehouse or logistics provider, not
   * (yet) evidence of common control.
   */
  onePlaceOnly: boolean;
}

/**
 * The reference ring a score of 0.5 stands for: three sellers sharing one
 * payout account and one declared warehouse, each shipping ten parcels from
 * it, with one shop each, no reports, no churn.
 */
export const REFERENCE_RING: RingFeatures = {
  size: 3,
  counterfeitReports: 0,
  genuineReports: 0,
  takedowns: 0,
  bannedSellers: 0,
  shops: 3,
  churnedShops: 0,
  sharedPaymentAccounts: 1,
  sharedIdDocuments: 0,
  sharedWarehouses: 1,
  sharedSourceParcels: 30,
  meanMemberStrength: 2,
  hasStrongTies: true,
  householdOnly: false,
  onePlaceOnly: false,
};

/** Each feature's contribution before squashing. */
export function featureContributions(f: RingFeatures): Record<string, number> {
  return {
    counterfeitVerdicts: 1.6 * Math.log1p(f.counterfeitReports),
    takedownsAndBans: 0.5 * Math.log1p(f.takedowns + f.bannedSellers),
    sharedPaymentAccounts: 0.7 * Math.log1p(f.sharedPaymentAccounts),
    sharedIdDocuments: 0.8 * Math.log1p(f.sharedIdDocuments),
    sharedWarehouses: 0.5 * Math.log1p(f.sharedWarehouses),
    shopChurn: f.shops > 0 ? 0.8 * (f.churnedShops / f.shops) * Math.min(1, f.shops / 4) : 0,
    sharedSourceVolume: 0.35 * Math.log10(1 + f.sharedSourceParcels),
    linkStrength: 0.6 * Math.min(1, f.meanMemberStrength / 2),
    ringSize: 0.25 * Math.log2(Math.max(1, f.size / 2)),
    genuineVerdicts: -0.3 * Math.log1p(f.genuineReports),
    weakTiesOnly: f.hasStrongTies ? 0 : -0.6,
    householdPattern: f.householdOnly ? -0.8 : 0,
    onePlaceOnly: f.onePlaceOnly ? -0.6 : 0,
  };
}

function totalOf(f: RingFeatures): number {
  return Object.values(featureContributions(f)).reduce((a, b) => a + b, 0);
}

/** The total evidence of the reference ring: the total that scores 0.5. */
export const HALF_SCORE_TOTAL = totalOf(REFERENCE_RING);

export function scoreRing(f: RingFeatures): { score: number; breakdown: Record<string, number> } {
  const raw = featureContributions(f);
  const total = Object.values(raw).reduce((a, b) => a + b, 0);
  const score = total > 0 ? total / (total + HALF_SCORE_TOTAL) : 0;
  // With a positive total the breakdown is rescaled to add up to the score;
  // otherwise the score is 0 and the raw contributions say why.
  const factor = total > 0 ? score / total : 1;
  const breakdown: Record<string, number> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value !== 0) breakdown[name] = round4(value * factor);
  }
  return { score: round4(score), breakdown };
}

export function aggregateFacts(facts: Iterable<SellerFacts>): Pick<RingFeatures, 'counterfeitReports' | 'genuineReports' | 'takedowns' | 'bannedSellers' | 'shops' | 'churnedShops'> & { brands: Set<string>; shopIds: string[] } {
  const out = { counterfeitReports: 0, genuineReports: 0, takedowns: 0, bannedSellers: 0, shops: 0, churnedShops: 0, brands: new Set<string>(), shopIds: [] as string[] };
  for (const f of facts) {
    out.counterfeitReports += f.counterfeitReports;
    out.genuineReports += f.genuineReports;
    out.takedowns += f.shopsTakenDown;
    if (f.status === 'banned') out.bannedSellers++;
    out.shops += f.shopIds.length;
    out.churnedShops += f.shopsTakenDown + f.shopsClosed;
    for (const b of f.counterfeitBrands) out.brands.add(b);
    out.shopIds.push(...f.shopIds);
  }
  return out;
}

function round4(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}
