/**
 * Where the embedded store keeps each seller's single-valued identifiers
 * (phone, email, ID hash, device): columns of `sellers`, each with a
 * (value, seller) index. Derived from the identifier registry, so every
 * seller-field identifier type is read, expanded, searched and counted the
 * same way; the column table is complete by type.
 */
import { IDENTIFIERS, SELLER_FIELD_IDENTIFIERS, type IdentifierType, type SellerIdentifierField } from '../../model/identifiers.ts';
import type { EdgeType, NodeType } from '../../model/graph.ts';

const COLUMNS: { readonly [F in SellerIdentifierField]: string } = {
  phone: 'phone',
  email: 'email',
  idNumberHash: 'id_number_hash',
  deviceId: 'device_id',
};

export interface SellerIdentifierColumn {
  type: IdentifierType;
  node: NodeType;
  relationship: EdgeType;
  column: string;
}

export const SELLER_IDENTIFIER_COLUMNS: readonly SellerIdentifierColumn[] = SELLER_FIELD_IDENTIFIERS.map((type) => {
  const spec = IDENTIFIERS[type];
  return { type, node: spec.node, relationship: spec.relationship, column: COLUMNS[spec.sellerField!] };
});

/** The seller-field column behind an identifier node type, if it is one. */
export function sellerColumnOfNode(node: NodeType): SellerIdentifierColumn | undefined {
  return SELLER_IDENTIFIER_COLUMNS.find((c) => c.node === node);
}
