/**
 * The typed property graph as the API and the explorer see it: nodes keyed
 * `type:key`, relationships named as in the graph model of docs/architecture.md.
 */

export const NODE_TYPES = [
  'seller',
  'shop',
  'address',
  'payment_account',
  'phone',
  'email',
  'id_document',
  'device',
  'shipment',
  'report',
  'brand',
  'ring',
] as const;
export type NodeType = (typeof NODE_TYPES)[number];

export const EDGE_TYPES = [
  'OPERATES',
  'REGISTERED_AT',
  'RETURNS_TO',
  'WAREHOUSE_AT',
  'PICKUP_AT',
  'PAID_INTO',
  'USES_PHONE',
  'USES_EMAIL',
  'IDENTIFIED_BY',
  'USES_DEVICE',
  'SHIPPED',
  'FROM',
  'TO',
  'ABOUT',
  'FOR_BRAND',
  'MEMBER_OF',
  /** Aggregate: a shop's shipments from one origin address (`count` attribute). */
  'SHIPS_FROM',
] as const;
export type EdgeType = (typeof EDGE_TYPES)[number];

export interface NodeRef {
  type: NodeType;
  key: string;
}

export interface GraphNode {
  /** `${type}:${key}` — unique across the graph. */
  id: string;
  type: NodeType;
  key: string;
  label: string;
  attributes: Record<string, string | number | boolean | null | string[]>;
}

export interface GraphEdge {
  id: string;
  source: string;
  target: string;
  type: EdgeType;
  /** Evidence weight where it applies (e.g. shipment counts, identifier weights). */
  weight?: number;
  attributes?: Record<string, string | number | boolean | null>;
}

export interface Subgraph {
  nodes: GraphNode[];
  edges: GraphEdge[];
  /** True when the limit cut nodes off. */
  truncated: boolean;
}

export function nodeId(type: NodeType, key: string): string {
  return `${type}:${key}`;
}
