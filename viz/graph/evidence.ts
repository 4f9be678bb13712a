/**
 * Evidence weight of each edge of a ring graph, from the ring's "why" lists:
 * a seller→identifier edge carries the weight detection gave that identifier
 * for that member (ID documents and payout accounts strong, registered
 * addresses and phones weak, hubs down-weighted). Parcel flows (SHIPS_FROM)
 * weigh by volume on a log scale, so one warehouse with 100 parcels stands out
 * from a one-off shipment without drowning everything else.
 */
import type { IdentifierType, NodeType } from '../../engine/index.ts';
import type { GraphEdge, WhyItem } from '../../api/http/schemas.ts';
import { IDENTIFIERS } from '../../engine/model/identifiers.ts';

/** The graph node type an identifier of each kind is drawn as (the identifier registry's). */
export function nodeOfIdentifier(type: IdentifierType): NodeType {
  return IDENTIFIERS[type].node;
}

/** `seller id → node id → weight`, the strongest item when one identifier appears under several roles. */
export type EvidenceIndex = Map<string, Map<string, number>>;

export function evidenceIndex(members: ReadonlyArray<{ sellerId: string; why: WhyItem[] }>): EvidenceIndex {
  const index: EvidenceIndex = new Map();
  for (const { sellerId, why } of members) {
    const byNode = new Map<string, number>();
    for (const item of why) {
      const id = `${nodeOfIdentifier(item.type)}:${item.value}`;
      byNode.set(id, Math.max(byNode.get(id) ?? 0, item.weight));
    }
    index.set(`seller:${sellerId}`, byNode);
  }
  return index;
}

/** Parcels → [0, 1]: 1 parcel ≈ 0.15, 10 ≈ 0.5, 100+ = 1. */
export function volumeEvidence(parcels: number): number {
  return Math.min(1, Math.log10(1 + Math.max(0, parcels)) / 2);
}

export function edgeEvidence(edge: GraphEdge, index: EvidenceIndex): number | null {
  if (edge.type === 'SHIPS_FROM' || edge.type === 'FROM') return volumeEvidence(edge.weight ?? Number(edge.attributes?.count ?? 1));
  const fromSource = index.get(edge.source)?.get(edge.target);
  if (fromSource !== undefined) return fromSource;
  const fromTarget = index.get(edge.target)?.get(edge.source);
  if (fromTarget !== undefined) return fromTarget;
  return null;
}
