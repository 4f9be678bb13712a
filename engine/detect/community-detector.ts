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

/**
 * How a GDS strategy gets the evidence graph into the GDS catalog: `bolt` ships the graph ringtrace built over Bolt
 * into a Cypher-aggregation projection (nothing written); `written` writes it as EVIDENCE_LINK relationships for a
 * native projection and deletes them once projected; `cypher` has Neo4j compute the weights from the identifier
 * nodes itself (no bundling of co-occurring identifiers). docs/scale.md, "Projections", has the measurements.
 */
export const GDS_PROJECTIONS = ['bolt', 'written', 'cypher'] as const;
export type GdsProjection = (typeof GDS_PROJECTIONS)[number];

export interface CommunityContext {
  resolution: number;
  seed: number;
  /** The largest identifier size that is not a hub (Infinity: no hub cut), for strategies that weigh ties themselves. */
  hubThreshold: number;
  /** The weakest summed pair weight that makes an edge. */
  minLinkWeight: number;
  /** Seller id of each evidence-graph node. */
  sellerIds: readonly string[];
  /** The previous run's rings, for strategies that start from them (seeded Leiden). */
  previous: readonly LineageInput[] | null;
}

/** A partition, with what a strategy measured on the way (recorded in the run's timings and logged). */
export interface DetectedPartition extends Partition {
  /** Sub-steps in ms (e.g. `gdsProject`, `gdsAlgorithm`), added to the run's timings. */
  timingsMs?: Record<string, number>;
  /** The graph the algorithm ran on, where it is not the evidence graph as given (GDS: nodes and undirected edges). */
  projected?: { nodes: number; edges: number };
}

export interface CommunityDetector {
  /** Recorded with the run: `in-process`, `gds-leiden`, `gds-louvain`, with `-written` / `-cypher` for those projections. */
  readonly engine: string;
  detect(graph: EvidenceGraph, context: CommunityContext): Promise<DetectedPartition>;
}

/** Louvain per connected component in this process (graphology), seeded per component. */
export const IN_PROCESS_COMMUNITIES: CommunityDetector = {
  engine: 'in-process',
  detect: (graph, context) => Promise.resolve(detectCommunities(graph, { resolution: context.resolution, seed: context.seed })),
};
