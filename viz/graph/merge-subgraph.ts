/**
 * Merges an API subgraph into the explorer's graph in place: new nodes start
 * near the node they were expanded from (or on a disc for a fresh ring), so
 * the layout only has to settle the new part; existing nodes keep their
 * position. Start positions come from a hash of the node id, so the same
 * deep link opens to the same picture.
 */
import type { GraphNode, Subgraph } from '../../api/http/schemas.ts';
import type { ExplorerGraph, NodeAttributes } from './attributes.ts';
import { edgeEvidence, type EvidenceIndex } from './evidence.ts';

export interface MergeOptions {
  /** Ring members (node ids). */
  members: ReadonlySet<string>;
  evidence: EvidenceIndex;
  /** The expanded node: new nodes are placed around it. */
  anchor?: string;
}

export interface MergeResult {
  addedNodes: string[];
  addedEdges: string[];
}

/** FNV-1a: a stable pseudo-random number in [0, 1) per string. */
export function unitHash(text: string, salt = 0): number {
  let h = 0x811c9dc5 ^ salt;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) / 4_294_967_296;
}

const DATE_ATTRIBUTES = ['reportedAt', 'shippedAt', 'at'] as const;

function parseDate(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const at = Date.parse(value);
  return Number.isFinite(at) ? at : null;
}

function dateOf(node: GraphNode): number | null {
  if (node.type === 'shop') return parseDate(node.attributes.openedAt);
  if (node.type !== 'report' && node.type !== 'shipment') return null;
  for (const name of DATE_ATTRIBUTES) {
    const value = node.attributes[name];
    if (typeof value === 'string') {
      const at = Date.parse(value);
      if (Number.isFinite(at)) return at;
    }
  }
  return null;
}

export function nodeAttributes(node: GraphNode, members: ReadonlySet<string>, position: { x: number; y: number }): NodeAttributes {
  const size = node.attributes.size;
  return {
    x: position.x,
    y: position.y,
    nodeType: node.type,
    key: node.key,
    label: node.label || node.key,
    ringMember: members.has(node.id),
    attributes: node.attributes,
    at: dateOf(node),
    until: node.type === 'shop' ? parseDate(node.attributes.closedAt) : null,
    magnitude: typeof size === 'number' ? size : 1,
  };
}

export function mergeSubgraph(graph: ExplorerGraph, subgraph: Subgraph, options: MergeOptions): MergeResult {
  const added: MergeResult = { addedNodes: [], addedEdges: [] };
  const anchor = options.anchor !== undefined && graph.hasNode(options.anchor) ? graph.getNodeAttributes(options.anchor) : null;
  // A fresh graph spreads over a disc that grows with its size; an expansion stays close to its anchor.
  const spread = anchor ? 1 + Math.sqrt(subgraph.nodes.length) * 0.5 : 10 * Math.sqrt(subgraph.nodes.length + 1);
  for (const node of subgraph.nodes) {
    if (graph.hasNode(node.id)) {
      if (options.members.has(node.id)) graph.setNodeAttribute(node.id, 'ringMember', true);
      continue;
    }
    const angle = unitHash(node.id) * Math.PI * 2;
    const radius = spread * Math.sqrt(unitHash(node.id, 7));
    const position = { x: (anchor?.x ?? 0) + Math.cos(angle) * radius, y: (anchor?.y ?? 0) + Math.sin(angle) * radius };
    graph.addNode(node.id, nodeAttributes(node, options.members, position));
    added.addedNodes.push(node.id);
  }
  for (const edge of subgraph.edges) {
    if (graph.hasEdge(edge.id) || !graph.hasNode(edge.source) || !graph.hasNode(edge.target)) continue;
    // One edge per ordered pair keeps the layout's attraction honest; the first type wins.
    if (graph.hasDirectedEdge(edge.source, edge.target)) continue;
    const evidence = edgeEvidence(edge, options.evidence);
    graph.addDirectedEdgeWithKey(edge.id, edge.source, edge.target, {
      edgeType: edge.type,
      evidence,
      weight: 1 + (evidence ?? 0) * 2,
      ...(edge.type === 'SHIPS_FROM' ? { parcels: edge.weight ?? Number(edge.attributes?.count ?? 1) } : {}),
    });
    added.addedEdges.push(edge.id);
  }
  return added;
}
