/**
 * Brand scope of liaison tokens. A liaison sees the rings of the current run
 * whose counterfeit brands (`Ring.brands`) meet its brands, and the entities
 * in those rings' subgraphs; anything else answers 404 as if it did not exist.
 * The index also names the nodes whose personal data the `members` policy
 * reveals: the rings' member sellers and the personal identifiers (phones,
 * emails, ID documents, accounts, devices) tied to a member.
 * The set of visible node ids is built once per (current run, brand set) and
 * shared by concurrent requests; a new run makes a new set.
 */
import { nodeId, PERSONAL_NODE_TYPES, type FullStore, type NodeType, type GraphNode, type Ring, type Subgraph } from '../../../engine/index.ts';
import type { Principal } from './principal.ts';

export interface ScopeIndex {
  ringIds: ReadonlySet<string>;
  nodeIds: ReadonlySet<string>;
  /** Members of the rings in scope and the personal identifier nodes tied to them. */
  memberNodeIds: ReadonlySet<string>;
}

export interface Scopes {
  /** The liaison's visible rings and nodes in the current run. */
  of(principal: Principal): Promise<ScopeIndex>;
}

export function ringInScope(ring: Pick<Ring, 'brands'>, principal: Principal): boolean {
  if (principal.role !== 'liaison') return true;
  return ring.brands.some((b) => principal.brands.includes(b));
}

export function createScopes(store: FullStore, options: { subgraphLimit: number; keep?: number }): Scopes {
  const cache = new Map<string, Promise<ScopeIndex>>();
  const keep = options.keep ?? 64;

  const build = async (runId: string, brands: string[]): Promise<ScopeIndex> => {
    const ringIds = new Set<string>();
    const nodeIds = new Set<string>();
    const memberNodeIds = new Set<string>();
    const pageSize = 500;
    for (let offset = 0; ; offset += pageSize) {
      const { rings, total } = await store.listRings({ runId, brands, sort: 'score', offset, limit: pageSize });
      for (const ring of rings) {
        ringIds.add(ring.id);
        nodeIds.add(nodeId('ring', ring.id));
        const graph = await store.ringSubgraph(ring.id, { limit: options.subgraphLimit, runId });
        for (const node of graph?.nodes ?? []) nodeIds.add(node.id);
        for (const id of memberNodes(graph ?? { nodes: [], edges: [], truncated: false }, ring.members)) memberNodeIds.add(id);
      }
      if (rings.length === 0 || offset + pageSize >= total) break;
    }
    return { ringIds, nodeIds, memberNodeIds };
  };

  return {
    async of(principal) {
      const run = await store.currentRun();
      if (run === null) return { ringIds: new Set(), nodeIds: new Set(), memberNodeIds: new Set() };
      const brands = [...principal.brands].sort();
      const key = `${run.id}\u0000${brands.join('\u0000')}`;
      let index = cache.get(key);
      if (!index) {
        index = build(run.id, brands);
        // A failed build must not stay cached.
        index.catch(() => cache.delete(key));
        if (cache.size >= keep) cache.delete(cache.keys().next().value as string);
        cache.set(key, index);
      }
      return index;
    },
  };
}

const isPersonal = (id: string): boolean => PERSONAL_NODE_TYPES.has(id.slice(0, id.indexOf(':')) as NodeType);

/** The ring's member sellers and the personal identifier nodes an edge of `graph` ties to one of them. */
export function memberNodes(graph: Subgraph, members: readonly string[]): Set<string> {
  const ids = new Set(members.map((m) => nodeId('seller', m)));
  const sellers = new Set(ids);
  for (const edge of graph.edges) {
    if (sellers.has(edge.source) && isPersonal(edge.target)) ids.add(edge.target);
    if (sellers.has(edge.target) && isPersonal(edge.source)) ids.add(edge.source);
  }
  return ids;
}

/** Keeps the nodes a liaison may see, and the edges between them. */
export function filterSubgraph(graph: Subgraph, index: ScopeIndex): Subgraph {
  const nodes = graph.nodes.filter((n) => index.nodeIds.has(n.id));
  const kept = new Set(nodes.map((n) => n.id));
  const edges = graph.edges.filter((e) => kept.has(e.source) && kept.has(e.target));
  return { nodes, edges, truncated: graph.truncated };
}

export function filterNodes(nodes: GraphNode[], index: ScopeIndex): GraphNode[] {
  return nodes.filter((n) => index.nodeIds.has(n.id));
}
