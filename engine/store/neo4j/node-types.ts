/**
 * The allow-list mapping the graph model's node types to Neo4j labels and key
 * properties, and the schema (constraints and indexes) derived from it. Only
 * values from these tables are ever spliced into Cypher templates.
 */
import type { NodeType } from '../../model/graph.ts';
import type { AddressRole } from '../../model/records.ts';
import type { IdentifierType } from '../../model/rings.ts';

export interface LabelKey {
  label: string;
  key: string;
}

/** Graph node types of the API (rings are handled apart: their key is per run). */
export const NODE_LABELS: Record<Exclude<NodeType, 'ring'>, LabelKey> = {
  seller: { label: 'Seller', key: 'id' },
  shop: { label: 'Shop', key: 'id' },
  address: { label: 'Address', key: 'key' },
  payment_account: { label: 'PaymentAccount', key: 'id' },
  phone: { label: 'Phone', key: 'number' },
  email: { label: 'Email', key: 'address' },
  id_document: { label: 'IdDocument', key: 'hash' },
  shipment: { label: 'Shipment', key: 'id' },
  report: { label: 'Report', key: 'id' },
  brand: { label: 'Brand', key: 'name' },
};

export function nodeTypeOfLabels(labels: string[]): NodeType | null {
  if (labels.includes('Ring')) return 'ring';
  for (const [type, { label }] of Object.entries(NODE_LABELS)) {
    if (labels.includes(label)) return type as NodeType;
  }
  return null;
}

export const ROLE_RELS: Record<AddressRole, string> = {
  registered: 'REGISTERED_AT',
  return: 'RETURNS_TO',
  warehouse: 'WAREHOUSE_AT',
  pickup: 'PICKUP_AT',
};

/** Seller-level identifier types: the identifier node and the seller's relationship to it. */
export const IDENTIFIER_LINKS: Array<{ type: IdentifierType; label: string; property: string; rel: string }> = [
  { type: 'id_document', label: 'IdDocument', property: 'hash', rel: 'IDENTIFIED_BY' },
  { type: 'payment_account', label: 'PaymentAccount', property: 'id', rel: 'PAID_INTO' },
  { type: 'phone', label: 'Phone', property: 'number', rel: 'USES_PHONE' },
  { type: 'email', label: 'Email', property: 'address', rel: 'USES_EMAIL' },
  { type: 'registered_address', label: 'Address', property: 'key', rel: 'REGISTERED_AT' },
  { type: 'warehouse_address', label: 'Address', property: 'key', rel: 'WAREHOUSE_AT' },
  { type: 'return_address', label: 'Address', property: 'key', rel: 'RETURNS_TO' },
  { type: 'pickup_address', label: 'Address', property: 'key', rel: 'PICKUP_AT' },
];

/** Uniqueness on every id/key (docs/architecture.md); each also gives MERGE its index. */
export const UNIQUENESS: Array<{ label: string; property: string }> = [
  ...Object.values(NODE_LABELS).map(({ label, key }) => ({ label, property: key })),
  { label: 'Ring', property: 'uid' },
  { label: 'Run', property: 'id' },
  { label: 'Token', property: 'id' },
  { label: 'Token', property: 'hash' },
  { label: 'AuditEntry', property: 'id' },
];

export const RANGE_INDEXES: Array<{ label: string; property: string }> = [
  { label: 'Ring', property: 'runId' },
  { label: 'Ring', property: 'id' },
  { label: 'Run', property: 'current' },
  { label: 'Run', property: 'startedAt' },
  { label: 'AuditEntry', property: 'at' },
];

export function schemaName(kind: 'unique' | 'index', label: string, property: string): string {
  return `ringtrace_${kind}_${label.toLowerCase()}_${property.toLowerCase()}`;
}
