/**
 * Graph reads of the embedded store: one entity, a neighbourhood (breadth
 * first, depth 1–2, capped), a ring's subgraph ready for Sigma, and search.
 * Traversal walks the link tables through `graph-adjacency.ts`; node
 * attributes come from `graph-entities.ts`, so a node reads the same wherever
 * it appears.
 */
import { RING_TIE_ORDER } from '../../model/identifiers.ts';
import { NODE_TYPES, nodeId, type GraphEdge, type GraphNode, type NodeRef, type NodeType, type Subgraph } from '../../model/graph.ts';
import type { GraphReads } from '../ports.ts';
import type { Db } from './connection.ts';
import { createExpand, type Expand } from './graph-adjacency.ts';
import { createEntityLoader, type EntityLoader } from './graph-entities.ts';
import { createSearch } from './graph-search.ts';


/** Without a type filter, parcels stay folded into SHIPS_FROM edges; asking for `shipment` unfolds them. */
const DEFAULT_TYPES: ReadonlySet<NodeType> = new Set(NODE_TYPES.filter((t) => t !== 'shipment'));
/** What a ring subgraph shows around its members, in the order nodes are kept when the limit cuts. */
const MEMBER_TIES = RING_TIE_ORDER;

/** Nodes and edges gathered in order; the first `limit` nodes win. */
class Collector {
  readonly refs = new Map<string, NodeRef>();
  readonly edges = new Map<string, GraphEdge>();
  truncated = false;

  constructor(private readonly limit: number) {}

  /** Adds the node unless the limit is reached; true when it is (now) in. */
  add(ref: NodeRef): boolean {
    const id = nodeId(ref.type, ref.key);
    if (this.refs.has(id)) return true;
    if (this.refs.size >= this.limit) {
      this.truncated = true;
      return false;
    }
    this.refs.set(id, ref);
    return true;
  }

  has(ref: NodeRef): boolean {
    return this.refs.has(nodeId(ref.type, ref.key));
  }

  link(edge: GraphEdge): void {
    if (this.refs.has(edge.source) && this.refs.has(edge.target)) this.edges.set(edge.id, edge);
  }

  toSubgraph(load: EntityLoader, decorate: (node: GraphNode) => GraphNode = (n) => n): Subgraph {
    const nodes: GraphNode[] = [];
    for (const ref of this.refs.values()) {
      const node = load(ref);
      if (node) nodes.push(decorate(node));
    }
    const present = new Set(nodes.map((n) => n.id));
    const edges = [...this.edges.values()].filter((e) => present.has(e.source) && present.has(e.target));
    return { nodes, edges, truncated: this.truncated };
  }
}

/** `indexNewRows` brings the full-text indexes up to date before each search (a no-op when they are). */
export function createGraphReads(db: Db, indexNewRows: () => void): GraphReads {
  const load = createEntityLoader(db);
  // Neighbourhoods and ring subgraphs show a preview of address variants (entity detail shows them all).
  const loadForGraph = createEntityLoader(db, { variantsPreview: 5 });
  const expand: Expand = createExpand(db);
  const search = createSearch(db, loadForGraph);
  const ringRun = db.prepare(
    `SELECT r.run_id FROM rings r WHERE r.ring_id = ? AND r.run_id = coalesce(?, (SELECT value FROM meta WHERE key = 'current_run'))`,
  ).pluck();
  const ringMembers = db.prepare('SELECT seller_id FROM ring_members WHERE run_id = ? AND ring_id = ? ORDER BY seller_id').pluck();

  /** Takes each step's neighbour (while the limit allows) and keeps the edge when both ends are in. */
  const take = (into: Collector, steps: Iterable<{ edge: GraphEdge; neighbour: NodeRef }>, next?: NodeRef[]): void => {
    for (const { edge, neighbour } of steps) {
      const known = into.has(neighbour);
      if (into.add(neighbour)) {
        into.link(edge);
        if (!known) next?.push(neighbour);
      }
    }
  };

  return {
    async entity(ref) {
      return load(ref);
    },

    async neighbourhood(ref, { depth, limit, types }) {
      if (load(ref) === null) return { nodes: [], edges: [], truncated: false };
      const wanted = types ? new Set(types) : DEFAULT_TYPES;
      const out = new Collector(Math.max(1, limit));
      out.add(ref);
      let frontier: NodeRef[] = [ref];
      for (let level = 0; level < depth; level += 1) {
        const next: NodeRef[] = [];
        for (const node of frontier) {
          // One more than the room left tells whether the limit cut this node's neighbours.
          take(out, expand(node, wanted, Math.max(1, limit - out.refs.size + 1)), next);
        }
        frontier = next;
      }
      return out.toSubgraph(loadForGraph);
    },

    async ringSubgraph(ringId, { limit, runId }) {
      const run = ringRun.get(ringId, runId ?? null) as string | undefined;
      if (run === undefined) return null;
      const members = ringMembers.all(run, ringId) as string[];
      const memberIds = new Set(members.map((m) => nodeId('seller', m)));
      const out = new Collector(Math.max(1, limit));
      for (const m of members) out.add({ type: 'seller', key: m });
      const memberRefs = members.map((m): NodeRef => ({ type: 'seller', key: m }));
      // Shops first, then the strongest ties, so a cut keeps what matters most.
      for (const type of MEMBER_TIES) {
        const wanted = new Set<NodeType>([type]);
        for (const member of memberRefs) take(out, expand(member, wanted, limit + 1));
      }
      const shops = [...out.refs.values()].filter((r) => r.type === 'shop');
      for (const shop of shops) take(out, expand(shop, new Set<NodeType>(['address']), limit + 1));
      const reports: NodeRef[] = [];
      for (const shop of shops) take(out, expand(shop, new Set<NodeType>(['report']), limit + 1), reports);
      for (const report of reports) take(out, expand(report, new Set<NodeType>(['brand']), 1));
      return out.toSubgraph(loadForGraph, (node) =>
        memberIds.has(node.id) ? { ...node, attributes: { ...node.attributes, ringMember: true } } : node,
      );
    },

    async search(query) {
      if (query.addressKey !== undefined && (query.types === undefined || query.types.includes('address'))) {
        const exact = loadForGraph({ type: 'address', key: query.addressKey });
        if (exact !== null) return [exact];
      }
      indexNewRows();
      return search(query);
    },
  };
}
