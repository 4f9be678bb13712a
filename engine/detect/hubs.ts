/**
 * Hub identifiers: courier consolidation centres, fulfilment warehouses,
 * escrow accounts, placeholder phones — shared by so many sellers that they
 * say nothing about common control. The threshold comes from the data, not a
 * fixed small cap (a big ring's own warehouse can serve 60+ sellers):
 *
 * Group sizes of real identifiers fall off steeply; hubs sit far out in the
 * tail, separated from the largest genuine groups by a wide multiplicative gap.
 * We take the widest ratio gap between consecutive distinct sizes above a
 * floor (well above any family or small ring), and call everything above the
 * gap a hub — provided the gap is convincing (ratio ≥ `minGapRatio`). Without
 * a convincing gap, a size-proportional ceiling applies (an identifier shared
 * by more than `maxShare` of all sellers is a hub). Hubs are listed per run.
 */
import type { IdentifierTable } from './identifier-table.ts';

export interface HubThresholdOptions {
  /** Sizes below this are never hubs (default 30). */
  floor?: number;
  /** A gap must multiply size by at least this much to separate hubs (default 2.5). */
  minGapRatio?: number;
  /** Above this share of all sellers an identifier is always a hub (default 1%). */
  maxShare?: number;
}

/** Returns the largest group size that is NOT a hub. */
export function deriveHubThreshold(sizes: ArrayLike<number>, totalSellers: number, options: HubThresholdOptions = {}): number {
  const floor = options.floor ?? 30;
  const minGapRatio = options.minGapRatio ?? 2.5;
  const ceiling = Math.max(floor, Math.floor(totalSellers * (options.maxShare ?? 0.01)));
  const distinct = [...new Set(Array.from(sizes).filter((s) => s >= floor))].sort((a, b) => a - b);
  let bestRatio = 1;
  let threshold = Number.POSITIVE_INFINITY;
  for (let i = 1; i < distinct.length; i++) {
    const ratio = distinct[i]! / distinct[i - 1]!;
    if (ratio > bestRatio) {
      bestRatio = ratio;
      threshold = distinct[i - 1]!;
    }
  }
  if (bestRatio < minGapRatio) threshold = Number.POSITIVE_INFINITY;
  return Math.min(threshold, ceiling);
}

export function isHub(table: IdentifierTable, g: number, threshold: number): boolean {
  return table.size[g]! > threshold;
}
