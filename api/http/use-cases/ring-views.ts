/** The list view of a ring: what a ranked list needs, nothing personal. */
import type { Ring } from '../../../engine/index.ts';
import type { RingSummary } from '../schemas.ts';

export function ringSummary(ring: Ring): RingSummary {
  return {
    id: ring.id,
    runId: ring.runId ?? null,
    score: ring.score,
    tier: ring.tier ?? 'ring',
    size: ring.size,
    shops: ring.shops.length,
    brands: ring.brands,
    change: ring.change ?? null,
    previousIds: ring.previousIds ?? [],
    evidence: ring.evidence,
    scoreBreakdown: ring.scoreBreakdown,
    likelySources: ring.likelySources.slice(0, 3),
  };
}
