/**
 * Community detection inside Neo4j with Graph Data Science (OpenGDS 2.13 on
 * Neo4j 5.26): a CommunityDetector the detection pipeline accepts in place of
 * in-process Louvain. The evidence graph is projected into the GDS catalog in
 * one of three ways (gds-projections.ts: shipped over Bolt, the default;
 * written as relationships and projected natively; or computed in Cypher from
 * the identifier nodes), Leiden (Traag, Waltman & van Eck 2019; optionally
 * seeded from the previous run's rings, Bolt projection only) or Louvain runs
 * there, and the communities stream back into the same merging, pruning,
 * scoring, sources, lineage and write steps. The projection is dropped
 * whatever happens.
 */
import { randomBytes } from 'node:crypto';
import { connectedComponents, type Partition } from '../../detect/communities.ts';
import type { CommunityContext, CommunityDetector, GdsProjection } from '../../detect/community-detector.ts';
import type { EvidenceGraph } from '../../detect/evidence-graph.ts';
import { EngineError } from '../../model/errors.ts';
import { createProjectionStep } from './gds-projections.ts';
import type { Runner } from './session.ts';
import { asNumber, asString } from './values.ts';

export type GdsAlgorithm = 'leiden' | 'louvain';

/**
 * Leiden's resolution on the whole evidence graph. The in-process path runs Louvain per connected component at 0.3;
 * GDS runs once over the whole graph, where a low resolution merges neighbouring rings (the resolution limit), so
 * its value is chosen by measuring on the seeded marketplaces (docs/scale.md).
 */
export const GDS_LEIDEN_GAMMA = 1;

/** Whether the server offers what the GDS path needs (Leiden, Louvain, the aggregation projection, drop). */
export async function gdsAvailable(runner: Runner): Promise<boolean> {
  const names = new Set((await runner.read('read/gds-procedures')).map((r) => asString(r.get('name'))));
  return ['gds.leiden.stream', 'gds.louvain.stream', 'gds.graph.drop'].every((n) => names.has(n));
}

/**
 * Start communities: members of one previous ring share a seed, every other
 * node gets one of its own (Leiden's seedProperty wants a value on every node).
 */
export function seedCommunities(nodeCount: number, sellerIds: readonly string[], previous: CommunityContext['previous']): { seeds: number[]; seeded: boolean } {
  const ringOf = new Map<string, number>();
  previous?.forEach((ring, r) => {
    for (const member of ring.members) ringOf.set(member, r);
  });
  // Dense ids below the node count: GDS keeps seed communities as indices.
  const dense = new Map<number, number>();
  let next = 0;
  const seeds = new Array<number>(nodeCount);
  for (let v = 0; v < nodeCount; v++) {
    const ring = ringOf.get(sellerIds[v]!);
    if (ring === undefined) {
      seeds[v] = next++;
      continue;
    }
    let id = dense.get(ring);
    if (id === undefined) dense.set(ring, (id = next++));
    seeds[v] = id;
  }
  return { seeds, seeded: ringOf.size > 0 };
}

/** Dense community ids in order of each community's smallest node, so the partition does not depend on GDS's ids. */
export function densePartition(graph: EvidenceGraph, assigned: Map<number, number>): Partition {
  const community = new Int32Array(graph.nodeCount).fill(-1);
  const dense = new Map<number, number>();
  for (let v = 0; v < graph.nodeCount; v++) {
    const c = assigned.get(v);
    if (c === undefined) continue;
    let id = dense.get(c);
    if (id === undefined) dense.set(c, (id = dense.size));
    community[v] = id;
  }
  const component = connectedComponents(graph);
  const sizes = new Map<number, number>();
  for (const c of component) if (c >= 0) sizes.set(c, (sizes.get(c) ?? 0) + 1);
  let largestComponent = 0;
  for (const n of sizes.values()) largestComponent = Math.max(largestComponent, n);
  return { community, communityCount: dense.size, componentCount: sizes.size, largestComponent };
}

export interface GdsCommunityOptions {
  algorithm: GdsAlgorithm;
  /** How the evidence graph reaches the GDS catalog (default `bolt`). */
  projection?: GdsProjection;
  /** Leiden's resolution (GDS `gamma`); default GDS_LEIDEN_GAMMA. */
  gamma?: number;
  /**
   * Start Leiden from the previous run's rings (`seedProperty`). Off by default: measured on OpenGDS 2.13.9, seeded
   * Leiden on a 2,000-seller marketplace returned 5 communities where the unseeded run found 32 (ring recall 0.15
   * against 1.0), and it fails outright when the seed partition is already optimal. Ring ids stay stable through
   * lineage (member Jaccard) and a fixed `randomSeed` either way. Only the `bolt` projection carries seeds.
   */
  seedFromPrevious?: boolean;
  /** GDS concurrency (default 1: repeatable; the community edition caps it at 4). */
  concurrency?: number;
}

export function createGdsCommunityDetector(runner: Runner, options: GdsCommunityOptions): CommunityDetector {
  const concurrency = options.concurrency ?? 1;
  const projection = options.projection ?? 'bolt';
  if (options.seedFromPrevious === true && projection !== 'bolt') {
    throw new EngineError('INVALID_INPUT', `projection ${projection}: seeded Leiden (seedFromPrevious) needs the bolt projection, which carries the seeds`, { details: { field: 'projection' } });
  }
  return {
    engine: `gds-${options.algorithm}${projection === 'bolt' ? '' : `-${projection}`}`,
    async detect(graph, context) {
      const graphName = `ringtrace-evidence-${randomBytes(6).toString('hex')}`;
      const { seeds, seeded } = seedCommunities(graph.nodeCount, context.sellerIds, context.previous);
      if (graph.edgeCount === 0) return densePartition(graph, new Map());
      const step = createProjectionStep(runner, projection);
      const timingsMs: Record<string, number> = {};
      try {
        const projected = await step.project(graphName, graph, context, seeds, timingsMs);
        // A Cypher projection whose query finds no pair creates no graph at all.
        if (projected.edges === 0) return { ...densePartition(graph, new Map()), timingsMs, projected };
        const config: Record<string, unknown> = { relationshipWeightProperty: 'weight', concurrency };
        if (options.algorithm === 'leiden') Object.assign(config, { gamma: options.gamma ?? GDS_LEIDEN_GAMMA, randomSeed: context.seed });
        const stream = async (withSeeds: boolean): Promise<Map<number, number>> => {
          const assigned = new Map<number, number>();
          const run = withSeeds ? { ...config, seedProperty: 'seed' } : config;
          for await (const record of runner.stream(step.stream, { graphName, config: run }, { algorithm: options.algorithm })) {
            const v = step.nodeOf(record);
            if (v !== undefined) assigned.set(v, asNumber(record.get('communityId')));
          }
          return assigned;
        };
        const t = performance.now();
        let assigned: Map<number, number>;
        if (options.algorithm === 'leiden' && seeded && options.seedFromPrevious === true && step.seeds) {
          // OpenGDS 2.13.9's seeded Leiden fails (a NullPointerException in its dendrogram) when the seed partition
          // is already optimal and no level runs; the unseeded run then gives the answer.
          assigned = await stream(true).catch(() => stream(false));
        } else {
          assigned = await stream(false);
        }
        timingsMs['gdsAlgorithm'] = Math.round(performance.now() - t);
        if (assigned.size === 0) throw new EngineError('INTERNAL', `GDS ${options.algorithm} returned no communities for ${graph.nodeCount} nodes`);
        return { ...densePartition(graph, assigned), timingsMs, projected };
      } finally {
        await runner.read('read/gds-drop-graph', { graphName }).catch(() => undefined);
      }
    },
  };
}
