/**
 * Communities of the evidence graph. One global Louvain pass suffers the
 * resolution limit (Fortunato & Barthélemy, PNAS 2007: small communities merge
 * in big graphs; measured in docs/architecture.md), so we split the graph into connected
 * components first and run Louvain (Blondel et al. 2008, graphology's
 * implementation) on each component that is big enough to need it, with a
 * seeded RNG derived from the run seed and the component's first node so the
 * result does not depend on component order.
 */
import { UndirectedGraph } from 'graphology';
import louvainModule from 'graphology-communities-louvain';
import type { EvidenceGraph } from './evidence-graph.ts';
import { createRng } from './rng.ts';
import { UnionFind } from './union-find.ts';

/**
 * The package is CommonJS (`module.exports = fn`) but typed as an ES default
 * export; under NodeNext TypeScript sees the module object, while at run time
 * the default import already is the function.
 */
type Louvain = (typeof louvainModule)['default'];
const louvain = louvainModule as unknown as Louvain;

export interface CommunityOptions {
  resolution: number;
  seed: number;
  /** Components this small become one community without Louvain (default 3). */
  directMaxSize?: number;
}

export interface Partition {
  /** Community per node, -1 for nodes without edges. */
  community: Int32Array;
  communityCount: number;
  componentCount: number;
  largestComponent: number;
}


export function connectedComponents(graph: EvidenceGraph): Int32Array {
  const uf = new UnionFind(graph.nodeCount);
  for (let e = 0; e < graph.edgeCount; e++) uf.union(graph.source[e]!, graph.target[e]!);
  const component = new Int32Array(graph.nodeCount).fill(-1);
  for (let e = 0; e < graph.edgeCount; e++) {
    component[graph.source[e]!] = uf.find(graph.source[e]!);
    component[graph.target[e]!] = uf.find(graph.target[e]!);
  }
  return component;
}

export function detectCommunities(graph: EvidenceGraph, options: CommunityOptions): Partition {
  const directMaxSize = options.directMaxSize ?? 3;
  const component = connectedComponents(graph);
  // Nodes and edges per component (root = smallest node index of the component).
  const nodesOf = new Map<number, number[]>();
  for (let v = 0; v < graph.nodeCount; v++) {
    const c = component[v]!;
    if (c < 0) continue;
    let list = nodesOf.get(c);
    if (!list) nodesOf.set(c, (list = []));
    list.push(v);
  }
  const edgesOf = new Map<number, number[]>();
  for (let e = 0; e < graph.edgeCount; e++) {
    const c = component[graph.source[e]!]!;
    const list = nodesOf.get(c)!;
    if (list.length <= directMaxSize) continue;
    let edges = edgesOf.get(c);
    if (!edges) edgesOf.set(c, (edges = []));
    edges.push(e);
  }

  const community = new Int32Array(graph.nodeCount).fill(-1);
  let next = 0;
  let largest = 0;
  const roots = [...nodesOf.keys()].sort((a, b) => a - b);
  for (const root of roots) {
    const nodes = nodesOf.get(root)!;
    largest = Math.max(largest, nodes.length);
    if (nodes.length <= directMaxSize) {
      for (const v of nodes) community[v] = next;
      next++;
      continue;
    }
    const sub = new UndirectedGraph({ allowSelfLoops: false });
    for (const v of nodes) sub.addNode(v);
    for (const e of edgesOf.get(root)!) {
      sub.addUndirectedEdge(graph.source[e]!, graph.target[e]!, { weight: graph.weight[e]! });
    }
    const assignment = louvain(sub, {
      resolution: options.resolution,
      rng: createRng((options.seed ^ Math.imul(root + 1, 0x9e3779b1)) >>> 0),
      getEdgeWeight: 'weight',
    });
    const local = new Map<number, number>();
    for (const v of nodes) {
      const c = assignment[String(v)]!;
      let id = local.get(c);
      if (id === undefined) local.set(c, (id = next++));
      community[v] = id;
    }
  }
  return { community, communityCount: next, componentCount: roots.length, largestComponent: largest };
}

/** Newman–Girvan modularity (with resolution γ) of a partition of the whole evidence graph. */
export function modularity(graph: EvidenceGraph, community: Int32Array, resolution: number): number {
  const m = graph.totalWeight;
  if (m === 0) return 0;
  const internal = new Map<number, number>();
  const degree = new Map<number, number>();
  for (let e = 0; e < graph.edgeCount; e++) {
    const a = community[graph.source[e]!]!;
    if (a >= 0 && a === community[graph.target[e]!]) internal.set(a, (internal.get(a) ?? 0) + graph.weight[e]!);
  }
  for (let v = 0; v < graph.nodeCount; v++) {
    const c = community[v]!;
    if (c >= 0) degree.set(c, (degree.get(c) ?? 0) + graph.strength[v]!);
  }
  let q = 0;
  for (const [c, d] of degree) q += (internal.get(c) ?? 0) / m - resolution * (d / (2 * m)) ** 2;
  return q;
}
