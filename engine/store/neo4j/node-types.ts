/**
 * The allow-list mapping the graph model's node types to Neo4j labels and key
 * properties, and the schema (constraints and indexes) derived from it. Only
 * values from these tables are ever spliced into Cypher templates.
 */
import type { NodeType } from '../../model/graph.ts';
import {
  ADDRESS_ROLE_RELATIONSHIP,
  IDENTIFIER_TYPES,
  IDENTIFIERS,
  NODE_TYPE_SPECS,
  type IdentifierType,
  type SellerIdentifierField,
} from '../../model/identifiers.ts';
import type { AddressRole } from '../../model/records.ts';

export interface LabelKey {
  label: string;
  key: string;
}

/** Graph node types of the API (rings are handled apart: their key is per run). */
export const NODE_LABELS = Object.fromEntries(
  (Object.keys(NODE_TYPE_SPECS) as NodeType[]).filter((t) => t !== 'ring').map((t) => [t, { label: NODE_TYPE_SPECS[t].label, key: NODE_TYPE_SPECS[t].key }]),
) as Record<Exclude<NodeType, 'ring'>, LabelKey>;

export function nodeTypeOfLabels(labels: string[]): NodeType | null {
  if (labels.includes('Ring')) return 'ring';
  for (const [type, { label }] of Object.entries(NODE_LABELS)) {
    if (labels.includes(label)) return type as NodeType;
  }
  return null;
}

export const ROLE_RELS: Readonly<Record<AddressRole, string>> = ADDRESS_ROLE_RELATIONSHIP;

export interface IdentifierLink {
  type: IdentifierType;
  label: string;
  property: string;
  rel: string;
  /** For identifiers held on the seller record (phone, email, ID hash, device): its field. */
  sellerField: SellerIdentifierField | null;
}

/** Seller-level identifier types (all but shipment origins), in registry order: the identifier node and the seller's relationship to it. */
export const IDENTIFIER_LINKS: readonly IdentifierLink[] = IDENTIFIER_TYPES.filter((t) => IDENTIFIERS[t].place !== 'origin').map((type) => {
  const spec = IDENTIFIERS[type];
  const node = NODE_TYPE_SPECS[spec.node];
  return { type, label: node.label, property: node.key, rel: spec.relationship, sellerField: spec.sellerField };
});

/** Uniqueness on every id/key (docs/architecture.md); each also gives MERGE its index. */
export const UNIQUENESS: Array<{ label: string; property: string }> = [
  ...Object.values(NODE_LABELS).map(({ label, key }) => ({ label, property: key })),
  { label: 'Ring', property: 'uid' },
  { label: 'Run', property: 'id' },
  { label: 'Token', property: 'id' },
  { label: 'Token', property: 'hash' },
  // One node per token name ever used: create-token write-locks it, so one name's creations run one at a time.
  { label: 'TokenName', property: 'name' },
  { label: 'AuditEntry', property: 'id' },
  { label: 'RunLock', property: 'name' },
  { label: 'Ingest', property: 'id' },
  { label: 'SavedView', property: 'id' },
  { label: 'Alert', property: 'id' },
  { label: 'OutboxMessage', property: 'id' },
  { label: 'Case', property: 'id' },
  { label: 'CaseEvent', property: 'id' },
  { label: 'CaseRing', property: 'key' },
];

export const RANGE_INDEXES: Array<{ label: string; property: string }> = [
  { label: 'Ring', property: 'runId' },
  { label: 'Ring', property: 'id' },
  { label: 'Run', property: 'current' },
  { label: 'Run', property: 'startedAt' },
  { label: 'AuditEntry', property: 'at' },
  { label: 'Ingest', property: 'finishedAt' },
  { label: 'SavedView', property: 'owner' },
  { label: 'Alert', property: 'createdAt' },
  { label: 'OutboxMessage', property: 'alertId' },
  { label: 'OutboxMessage', property: 'state' },
  { label: 'Case', property: 'updatedAt' },
  { label: 'CaseEvent', property: 'caseId' },
  { label: 'CaseRing', property: 'ringId' },
];

export function schemaName(kind: 'unique' | 'index', label: string, property: string): string {
  return `ringtrace_${kind}_${label.toLowerCase()}_${property.toLowerCase()}`;
}
