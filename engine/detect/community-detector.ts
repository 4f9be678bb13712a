/**
 * The community-detection step as a strategy the detector accepts: given the
 * evidence graph (typed, hub-aware weights), return a partition of its nodes.
 * Everything around it — merging under common control, pruning, scoring,
 * sources, lineage, the write — is the same whichever strategy ran. The
 * default runs Louvain per connected component in this process
 * (communities.ts); the Neo4j adapter offers one that runs Leiden or Louvain
 * inside Neo4j with Graph Data Science (engine/store/neo4j/gds-communities.ts).
 */
import { detectCommunities, type Partition } from './communities.ts';
import type { EvidenceGraph } from './evidence-graph.ts';
import type { LineageInput } from './lineage.ts';

export interface CommunityContext {
  resolution: number;
  seed: number;
  /** Seller id of each evidence-graph node. */
  sellerIds: readonly string[];
  /** The previous run's rings, for strategies that start from them (seeded Leiden). */
  previous: readonly LineageInput[] | null;
}

export interface CommunityDetector {
  /** Recorded with the run: `in-process`, `gds-leiden`, `gds-louvain`. */
  readonly engine: string;
  detect(graph: EvidenceGraph, context: CommunityContext): Promise<Partition>;
}

/** Louvain per connected component in this process (graphology), seeded per component. */
export const IN_PROCESS_COMMUNITIES: CommunityDetector = {
  engine: 'in-process',
  detect: (graph, context) => Promise.resolve(detectCommunities(graph, { resolution: context.resolution, seed: context.seed })),
};
