/**
 * The three ways the GDS strategy (gds-communities.ts) puts a seller evidence
 * graph into the GDS catalog, and how each maps the algorithm's node ids back
 * to evidence-graph nodes:
 *   - `bolt`: the graph ringtrace built (typed, hub-aware, bundled weights)
 *     travels as parameter lists into a Cypher-aggregation projection over
 *     integer node ids (its indices); nothing is written.
 *   - `written`: the same graph is written as `(:Seller)-[:EVIDENCE_LINK
 *     {weight}]->(:Seller)` relationships in batches, projected natively
 *     (UNDIRECTED, weighted), and deleted as soon as the projection holds
 *     them — before the algorithm runs. Leftovers of a run that died are
 *     deleted before writing, and neighbourhood expansion never walks the
 *     type, so graph reads never see them. Runs are one at a time (the
 *     store's detection lock), so one run never deletes another's links.
 *   - `cypher`: Neo4j computes the pair weights itself from the identifier
 *     nodes (cypher/read/gds-project-identifier-evidence.cypher), with the hub
 *     threshold and minimum link weight ringtrace derived and the registry's
 *     type weights; it does not bundle co-occurring identifiers.
 * Projections and algorithms run as streamed statements: they are detection
 * work, not API reads, so the read deadline (session.ts) does not cut them.
 */
import type { CommunityContext, GdsProjection } from '../../detect/community-detector.ts';
import type { EvidenceGraph } from '../../detect/evidence-graph.ts';
import { PARCELS_FOR_FULL_WEIGHT, TYPE_WEIGHTS } from '../../detect/weights.ts';
import type { QueryName } from './cypher-registry.ts';
import type { Params, Runner } from './session.ts';
import { asNumber, asString } from './values.ts';

/** Links per write transaction of the written projection. */
const LINK_BATCH = 20_000;
/** Relationships per inner transaction when the links are deleted. */
const DELETE_BATCH = 50_000;
/** A hub threshold Bolt can carry as an int ("no cut" without Infinity). */
const NO_MAX = 2 ** 31 - 1;

export interface ProjectedGraph {
  nodes: number;
  /** Undirected edges (GDS counts each twice). */
  edges: number;
}

export interface GdsProjectionStep {
  /** Puts the graph into the catalog as `graphName`; sub-step times go into `timings` (ms). */
  project(graphName: string, graph: EvidenceGraph, context: CommunityContext, seeds: number[], timings: Record<string, number>): Promise<ProjectedGraph>;
  /** The statement that streams communities, and the evidence-graph node of one of its rows (undefined: not one). */
  stream: Extract<QueryName, 'read/gds-stream-communities' | 'read/gds-stream-seller-communities'>;
  nodeOf(record: { get(key: string): unknown }): number | undefined;
  /** Whether Leiden can start from `seed` node properties on this projection. */
  seeds: boolean;
}

/** Runs one statement through the streaming path (no read deadline) and returns its first row. */
export async function firstRow(runner: Runner, name: QueryName, params: Params): Promise<{ get(key: string): unknown } | undefined> {
  let first: { get(key: string): unknown } | undefined;
  for await (const record of runner.stream(name, params)) first ??= record;
  return first;
}

async function timed<T>(timings: Record<string, number>, key: string, work: () => Promise<T>): Promise<T> {
  const t = performance.now();
  try {
    return await work();
  } finally {
    timings[key] = (timings[key] ?? 0) + Math.round(performance.now() - t);
  }
}

function projected(record: { get(key: string): unknown } | undefined): ProjectedGraph {
  return record === undefined ? { nodes: 0, edges: 0 } : { nodes: asNumber(record.get('nodes')), edges: asNumber(record.get('relationships')) / 2 };
}

/** Writes the evidence graph as EVIDENCE_LINK relationships, one transaction per batch; returns how many. */
export async function writeEvidenceLinks(runner: Runner, graph: EvidenceGraph, sellerIds: readonly string[]): Promise<number> {
  let written = 0;
  for (let start = 0; start < graph.edgeCount; start += LINK_BATCH) {
    const end = Math.min(graph.edgeCount, start + LINK_BATCH);
    const source: string[] = [];
    const target: string[] = [];
    const weight: number[] = [];
    for (let e = start; e < end; e++) {
      source.push(sellerIds[graph.source[e]!]!);
      target.push(sellerIds[graph.target[e]!]!);
      weight.push(graph.weight[e]!);
    }
    const [record] = await runner.write('write evidence links', (tx) => tx.run('write/create-evidence-links', { source, target, weight }));
    written += record === undefined ? 0 : asNumber(record.get('links'));
  }
  return written;
}

/** Deletes every EVIDENCE_LINK relationship. */
export async function deleteEvidenceLinks(runner: Runner): Promise<void> {
  await runner.autoCommit('write/delete-evidence-links', { batchSize: DELETE_BATCH });
}

/** Evidence-graph node of a seller id, for the projections whose GDS nodes are Seller nodes. */
function sellerIndex(sellerIds: readonly string[]): Map<string, number> {
  const index = new Map<string, number>();
  sellerIds.forEach((id, v) => index.set(id, v));
  return index;
}

/** The projection step of a `--projection` choice, over the store's runner. */
export function createProjectionStep(runner: Runner, projection: GdsProjection): GdsProjectionStep {
  switch (projection) {
    case 'bolt':
      return {
        stream: 'read/gds-stream-communities',
        seeds: true,
        nodeOf: (record) => asNumber(record.get('nodeId')),
        project: (graphName, graph, _context, seeds, timings) =>
          timed(timings, 'gdsProject', async () =>
            projected(await firstRow(runner, 'read/gds-project-evidence-graph', {
              graphName, source: Array.from(graph.source), target: Array.from(graph.target), weight: Array.from(graph.weight), seed: seeds,
            }))),
      };
    case 'written': {
      let index = new Map<string, number>();
      let linked = new Uint8Array(0);
      return {
        stream: 'read/gds-stream-seller-communities',
        seeds: false,
        // The native projection holds every seller; those without a link get no community, as in the other projections.
        nodeOf: (record) => {
          const v = index.get(asString(record.get('sellerId')));
          return v !== undefined && linked[v] === 1 ? v : undefined;
        },
        async project(graphName, graph, context, _seeds, timings) {
          index = sellerIndex(context.sellerIds);
          linked = new Uint8Array(graph.nodeCount);
          for (let e = 0; e < graph.edgeCount; e++) linked[graph.source[e]!] = linked[graph.target[e]!] = 1;
          await timed(timings, 'gdsLinksDelete', () => deleteEvidenceLinks(runner));
          try {
            await timed(timings, 'gdsLinksWrite', () => writeEvidenceLinks(runner, graph, context.sellerIds));
            return await timed(timings, 'gdsProject', async () => projected(await firstRow(runner, 'read/gds-project-evidence-links', { graphName })));
          } finally {
            // The projection is GDS's own copy: the links go before the algorithm runs.
            await timed(timings, 'gdsLinksDelete', () => deleteEvidenceLinks(runner));
          }
        },
      };
    }
    case 'cypher': {
      let index = new Map<string, number>();
      return {
        stream: 'read/gds-stream-seller-communities',
        seeds: false,
        nodeOf: (record) => index.get(asString(record.get('sellerId'))),
        async project(graphName, _graph, context, _seeds, timings) {
          index = sellerIndex(context.sellerIds);
          const params = {
            graphName,
            maxSellers: Number.isFinite(context.hubThreshold) ? Math.min(context.hubThreshold, NO_MAX) : NO_MAX,
            minLinkWeight: context.minLinkWeight,
            weights: { ...TYPE_WEIGHTS },
            parcelsFull: PARCELS_FOR_FULL_WEIGHT,
          };
          return timed(timings, 'gdsProject', async () => projected(await firstRow(runner, 'read/gds-project-identifier-evidence', params)));
        },
      };
    }
  }
}
