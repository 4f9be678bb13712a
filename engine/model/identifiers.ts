/**
 * The identifier registry: one record per kind of identifier that can tie two
 * sellers together, and one per graph node type. Everything that needs to know
 * what an identifier type *is* — its evidence weight, whether it proves common
 * control, whether it is a place, whether it is personal data, how it is
 * stored and drawn — derives from these two tables. Both are typed as complete
 * records over their unions, so a type added to `IDENTIFIER_TYPES` or
 * `NODE_TYPES` without an entry here is a compile error, not a silent gap.
 *
 * Pure data: the explorer imports it too.
 */
import type { EdgeType, NodeType } from './graph.ts';
import type { AddressRole, SellerRecord } from './records.ts';

/**
 * Every kind of identifier that can tie two sellers together. The order is
 * part of a run's data fingerprint (types are stored by index), so new types
 * are appended.
 */
export const IDENTIFIER_TYPES = [
  'id_document',
  'payment_account',
  'phone',
  'email',
  'registered_address',
  'warehouse_address',
  'return_address',
  'pickup_address',
  'shipment_origin',
  'device',
] as const;
export type IdentifierType = (typeof IDENTIFIER_TYPES)[number];

/** The seller attributes that hold a seller's own single-valued identifiers. */
export type SellerIdentifierField = Extract<keyof SellerRecord, 'phone' | 'email' | 'idNumberHash' | 'deviceId'>;

export interface IdentifierSpec {
  /** The graph node type an identifier of this kind is (places are all `address`). */
  node: NodeType;
  /** The relationship that ties a seller to it (`FROM` for shipment origins: Shipment→Address). */
  relationship: EdgeType;
  /**
   * Base evidence weight: how much two sellers sharing one such identifier say
   * about common control, before the rarity factor (weights.ts).
   */
  weight: number;
  /** One person or one payout behind the accounts: communities sharing it are merged. */
  control: boolean;
  /** Strong evidence: a group tied by at least one such identifier is not a coincidence group. */
  strong: boolean;
  /** A family sharing a home does not share this (so a tie through it is never "household only"). */
  beyondHousehold: boolean;
  /** The address role of a place identifier; `origin` for shipment origins; null for non-places. */
  place: AddressRole | 'origin' | null;
  /** Personal data: masked for roles that may not see it. */
  personal: boolean;
  /** For identifiers held on the seller record itself: the record's field. */
  sellerField: SellerIdentifierField | null;
  /** Shown to people (why panel, dossier, CLI). */
  display: string;
}

export const IDENTIFIERS: { readonly [T in IdentifierType]: IdentifierSpec } = {
  id_document: {
    node: 'id_document', relationship: 'IDENTIFIED_BY', weight: 1.0, control: true, strong: true, beyondHousehold: true,
    place: null, personal: true, sellerField: 'idNumberHash', display: 'ID document',
  },
  payment_account: {
    node: 'payment_account', relationship: 'PAID_INTO', weight: 0.9, control: true, strong: true, beyondHousehold: true,
    place: null, personal: true, sellerField: null, display: 'Payment account',
  },
  // Two accounts logging in from one device fingerprint are one operator; a
  // shared kiosk or internet-café terminal is a hub and carries no edge.
  // Families do share a computer, so a device tie can still be household-only.
  device: {
    node: 'device', relationship: 'USES_DEVICE', weight: 0.8, control: true, strong: true, beyondHousehold: false,
    place: null, personal: true, sellerField: 'deviceId', display: 'Device',
  },
  warehouse_address: {
    node: 'address', relationship: 'WAREHOUSE_AT', weight: 0.7, control: false, strong: true, beyondHousehold: true,
    place: 'warehouse', personal: false, sellerField: null, display: 'Warehouse',
  },
  shipment_origin: {
    node: 'address', relationship: 'FROM', weight: 0.6, control: false, strong: true, beyondHousehold: false,
    place: 'origin', personal: false, sellerField: null, display: 'Ships from',
  },
  email: {
    node: 'email', relationship: 'USES_EMAIL', weight: 0.4, control: false, strong: false, beyondHousehold: false,
    place: null, personal: true, sellerField: 'email', display: 'Email',
  },
  return_address: {
    node: 'address', relationship: 'RETURNS_TO', weight: 0.35, control: false, strong: false, beyondHousehold: false,
    place: 'return', personal: false, sellerField: null, display: 'Return address',
  },
  registered_address: {
    node: 'address', relationship: 'REGISTERED_AT', weight: 0.3, control: false, strong: false, beyondHousehold: false,
    place: 'registered', personal: false, sellerField: null, display: 'Registered address',
  },
  phone: {
    node: 'phone', relationship: 'USES_PHONE', weight: 0.3, control: false, strong: false, beyondHousehold: false,
    place: null, personal: true, sellerField: 'phone', display: 'Phone',
  },
  pickup_address: {
    node: 'address', relationship: 'PICKUP_AT', weight: 0.25, control: false, strong: false, beyondHousehold: false,
    place: 'pickup', personal: false, sellerField: null, display: 'Pickup address',
  },
};

export function identifierTypesWhere(test: (spec: IdentifierSpec) => boolean): ReadonlySet<IdentifierType> {
  return new Set(IDENTIFIER_TYPES.filter((t) => test(IDENTIFIERS[t])));
}

/** Types whose identifiers are places (their value is a canonical address key). */
export const PLACE_IDENTIFIERS = identifierTypesWhere((s) => s.place !== null);
/** Types held as single values on the seller record (phone, email, ID hash, device). */
export const SELLER_FIELD_IDENTIFIERS = IDENTIFIER_TYPES.filter(
  (t): t is IdentifierType => IDENTIFIERS[t].sellerField !== null,
);
/** The identifier type of a seller's address of each role. */
export const ADDRESS_ROLE_IDENTIFIER: { readonly [R in AddressRole]: IdentifierType } = {
  registered: 'registered_address',
  return: 'return_address',
  warehouse: 'warehouse_address',
  pickup: 'pickup_address',
};
/** The seller→address relationship of each address role. */
export const ADDRESS_ROLE_RELATIONSHIP = Object.fromEntries(
  (Object.keys(ADDRESS_ROLE_IDENTIFIER) as AddressRole[]).map((role) => [role, IDENTIFIERS[ADDRESS_ROLE_IDENTIFIER[role]].relationship]),
) as { readonly [R in AddressRole]: EdgeType };

export interface NodeTypeSpec {
  /** Neo4j label (the embedded store keeps the same shape in tables). */
  label: string;
  /** The key property. */
  key: string;
  /** Singular and plural names shown to people. */
  singular: string;
  plural: string;
  /** Its key is personal data (phones, emails, ID hashes, accounts, devices). */
  personal: boolean;
  /** A node that ties sellers together (an identifier), as opposed to an entity or evidence. */
  linksSellers: boolean;
  /** The seller→node relationships, for identifier nodes. */
  sellerRelationships: readonly EdgeType[];
  /**
   * Where a ring subgraph takes this type's nodes around its members (lower
   * first; the node limit cuts the last ones): shops, then the strongest ties.
   * Null: not part of a ring's member ties.
   */
  ringTieRank: number | null;
}

function identifiersOf(node: NodeType): IdentifierType[] {
  return IDENTIFIER_TYPES.filter((t) => IDENTIFIERS[t].node === node);
}

function identifierNode(label: string, key: string, singular: string, plural: string, node: NodeType, ringTieRank: number): NodeTypeSpec {
  const kinds = identifiersOf(node);
  return {
    label,
    key,
    singular,
    plural,
    personal: kinds.some((t) => IDENTIFIERS[t].personal),
    linksSellers: true,
    sellerRelationships: kinds.map((t) => IDENTIFIERS[t].relationship).filter((r) => r !== 'FROM'),
    ringTieRank,
  };
}

function entityNode(label: string, key: string, singular: string, plural: string, ringTieRank: number | null = null): NodeTypeSpec {
  return { label, key, singular, plural, personal: false, linksSellers: false, sellerRelationships: [], ringTieRank };
}

export const NODE_TYPE_SPECS: { readonly [T in NodeType]: NodeTypeSpec } = {
  seller: entityNode('Seller', 'id', 'Seller', 'Sellers'),
  shop: entityNode('Shop', 'id', 'Shop', 'Shops', 0),
  payment_account: identifierNode('PaymentAccount', 'id', 'Payment account', 'Payment accounts', 'payment_account', 1),
  id_document: identifierNode('IdDocument', 'hash', 'ID document', 'ID documents', 'id_document', 2),
  device: identifierNode('Device', 'id', 'Device', 'Devices', 'device', 3),
  address: identifierNode('Address', 'key', 'Address', 'Addresses', 'address', 4),
  phone: identifierNode('Phone', 'number', 'Phone', 'Phones', 'phone', 5),
  email: identifierNode('Email', 'address', 'Email', 'Emails', 'email', 6),
  shipment: entityNode('Shipment', 'id', 'Shipment', 'Shipments'),
  report: entityNode('Report', 'id', 'Report', 'Reports'),
  brand: entityNode('Brand', 'name', 'Brand', 'Brands'),
  ring: entityNode('Ring', 'id', 'Ring', 'Rings'),
};

/** The shapes node types are drawn with, on screen and in print. */
export type Glyph = 'circle' | 'square' | 'diamond' | 'hexagon' | 'triangle' | 'triangle-down' | 'star';

/**
 * Each node type's glyph: one table for the explorer and the dossier picture,
 * so a legend never shows a shape the graph does not draw. (Colours differ by
 * medium: a dark screen, a white page.)
 */
export const NODE_GLYPHS: { readonly [T in NodeType]: Glyph } = {
  seller: 'circle',
  shop: 'square',
  address: 'diamond',
  payment_account: 'hexagon',
  phone: 'triangle',
  email: 'triangle-down',
  id_document: 'star',
  device: 'hexagon',
  shipment: 'square',
  report: 'triangle',
  brand: 'star',
  ring: 'circle',
};

export function nodeTypesWhere(test: (spec: NodeTypeSpec) => boolean): ReadonlySet<NodeType> {
  return new Set((Object.keys(NODE_TYPE_SPECS) as NodeType[]).filter((t) => test(NODE_TYPE_SPECS[t])));
}

/** Node types whose keys are personal data. */
export const PERSONAL_NODE_TYPES = nodeTypesWhere((s) => s.personal);
/** Node types that tie sellers together. */
export const LINKING_NODE_TYPES = nodeTypesWhere((s) => s.linksSellers);
/** A ring subgraph's member ties by node type, in the order they are kept when the node limit cuts. */
export const RING_TIE_ORDER: readonly NodeType[] = (Object.keys(NODE_TYPE_SPECS) as NodeType[])
  .filter((t) => NODE_TYPE_SPECS[t].ringTieRank !== null)
  .sort((a, b) => NODE_TYPE_SPECS[a].ringTieRank! - NODE_TYPE_SPECS[b].ringTieRank!);
