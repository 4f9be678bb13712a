/**
 * Personal-data masking for roles that may not see it (the viewer). Masking
 * is an allow-list: for each node type, the attributes such a role may see
 * are listed below; a seller's own identifiers (phone, email, ID hash,
 * device — the identifier registry's seller fields) become the pseudonym of
 * their identifier node; everything else is masked. So a column added
 * tomorrow reaches viewers masked until someone decides otherwise.
 * Identifier keys of personal node types (phones, emails, ID hashes,
 * payment accounts, devices) become pseudonyms: `masked-` plus a keyed hash,
 * stable within a process, so the explorer still sees that two sellers share
 * one phone without learning it. A pseudonym this process handed out can be
 * resolved back for the same viewer's follow-up requests (expanding a masked
 * node); nothing else can. Every response shape that carries such values has
 * its own function here, so nothing is masked by guessing at field names.
 */
import { createHmac, randomBytes } from 'node:crypto';
import {
  IDENTIFIER_TYPES,
  IDENTIFIERS,
  nodeId,
  PERSONAL_NODE_TYPES,
  type GraphEdge,
  type GraphNode,
  type HubInfo,
  type IdentifierType,
  type NodeType,
  type Ring,
  type RunRecord,
  type SharedIdentifier,
  type Subgraph,
  type WhyItem,
} from '../../../engine/index.ts';

const PERSONAL_IDENTIFIERS: ReadonlySet<IdentifierType> = new Set(IDENTIFIER_TYPES.filter((t) => IDENTIFIERS[t].personal));

/**
 * Attributes a role without personal-data access sees as they are, per node
 * type (both stores' names: the Neo4j store also returns key properties and
 * raw foreign keys). Complete by node type.
 */
export const VISIBLE_ATTRIBUTES: { readonly [T in NodeType]: readonly string[] } = {
  seller: ['id', 'name', 'registeredAt', 'status', 'registeredAddress', 'registeredAddressKey', 'registeredAddressText', 'shops', 'ring', 'ringMember'],
  shop: ['id', 'sellerId', 'name', 'url', 'openedAt', 'closedAt', 'status', 'shipments', 'reports'],
  address: ['key', 'text', 'sellers', 'shipmentsFrom', 'variants', 'variantsCount'],
  payment_account: ['kind', 'sellers'],
  phone: ['sellers'],
  email: ['sellers'],
  id_document: ['sellers'],
  device: ['sellers'],
  shipment: [
    'id', 'shopId', 'origin', 'originKey', 'originText', 'destination', 'destinationKey', 'destinationText',
    'carrier', 'trackingNo', 'shippedAt', 'weightKg', 'declaredItem',
  ],
  report: ['id', 'shopId', 'brand', 'kind', 'verdict', 'reportedAt'],
  brand: ['name', 'reports', 'counterfeitReports'],
  ring: ['id', 'runId', 'score', 'size', 'change', 'brands', 'members', 'shops', 'counterfeitReports', 'takedowns'],
};

/**
 * Seller attributes holding the seller's own identifiers, with the node type
 * whose pseudonym replaces them (so a seller's masked `phone` equals its
 * masked phone node's key). `phoneRaw` is the phone as typed.
 */
const PSEUDONYM_ATTRIBUTES: Readonly<Record<string, NodeType>> = {
  ...Object.fromEntries(
    IDENTIFIER_TYPES.flatMap((t) => {
      const field = IDENTIFIERS[t].sellerField;
      return field === null ? [] : [[field, IDENTIFIERS[t].node]];
    }),
  ),
  phoneRaw: 'phone',
};
const VISIBLE = Object.fromEntries(Object.entries(VISIBLE_ATTRIBUTES).map(([t, names]) => [t, new Set<string>(names)])) as unknown as Record<NodeType, ReadonlySet<string>>;
export const MASKED = '(masked)';
const MASK_PREFIX = 'masked-';
/** Pseudonyms remembered for resolving follow-up requests; the oldest are forgotten first. */
const REMEMBERED = 100_000;

export interface Masker {
  pseudonym(type: NodeType | IdentifierType, value: string): string;
  /** The real key behind a pseudonym this process issued, else null. */
  resolve(type: NodeType, key: string): string | null;
  isPseudonym(key: string): boolean;
  node(node: GraphNode): GraphNode;
  /** Masks every node, or only those `reveal` does not name (by node id). */
  subgraph(graph: Subgraph, reveal?: (nodeId: string) => boolean): Subgraph;
  ring(ring: Ring): Ring;
  sharedIdentifier(item: SharedIdentifier): SharedIdentifier;
  why(items: WhyItem[]): WhyItem[];
  run(run: RunRecord): RunRecord;
}

export function createMasker(secret: string = randomBytes(32).toString('hex')): Masker {
  const issued = new Map<string, string>();

  const pseudonym = (type: string, value: string): string => {
    const digest = createHmac('sha256', secret).update(`${type}\u0000${value}`).digest('base64url').slice(0, 16);
    const masked = `${MASK_PREFIX}${digest}`;
    const slot = `${type}:${masked}`;
    if (!issued.has(slot)) {
      if (issued.size >= REMEMBERED) issued.delete(issued.keys().next().value as string);
      issued.set(slot, value);
    }
    return masked;
  };
  const maskNodeId = (id: string, reveal: (nodeId: string) => boolean = () => false): string => {
    if (reveal(id)) return id;
    const colon = id.indexOf(':');
    const type = id.slice(0, colon) as NodeType;
    return PERSONAL_NODE_TYPES.has(type) ? nodeId(type, pseudonym(type, id.slice(colon + 1))) : id;
  };
  const maskValue = (type: IdentifierType, value: string): string => (PERSONAL_IDENTIFIERS.has(type) ? pseudonym(type, value) : value);

  const node = (n: GraphNode): GraphNode => {
    const personalKey = PERSONAL_NODE_TYPES.has(n.type);
    const key = personalKey ? pseudonym(n.type, n.key) : n.key;
    const visible = VISIBLE[n.type];
    const attributes: GraphNode['attributes'] = {};
    for (const [name, value] of Object.entries(n.attributes)) {
      const as = n.type === 'seller' ? PSEUDONYM_ATTRIBUTES[name] : undefined;
      if (value === null) attributes[name] = null;
      // A store may also keep the key as a property (Neo4j's `Phone{number}`); whatever its name, it goes too.
      else if (personalKey && (value === n.key || (Array.isArray(value) && value.includes(n.key)))) attributes[name] = key;
      else if (visible.has(name)) attributes[name] = value;
      else if (as !== undefined && typeof value === 'string') attributes[name] = pseudonym(as, value);
      else attributes[name] = MASKED;
    }
    return personalKey ? { ...n, id: nodeId(n.type, key), key, label: key, attributes } : { ...n, attributes };
  };
  const edge = (e: GraphEdge, reveal?: (nodeId: string) => boolean): GraphEdge => {
    const source = maskNodeId(e.source, reveal);
    const target = maskNodeId(e.target, reveal);
    // Edge ids embed both ends; rebuilt from the masked ends so they stay unique and readable.
    return source === e.source && target === e.target ? e : { ...e, id: `${e.type}:${source}->${target}`, source, target };
  };
  const sharedIdentifier = (item: SharedIdentifier): SharedIdentifier => {
    if (!PERSONAL_IDENTIFIERS.has(item.type)) return item;
    const value = maskValue(item.type, item.value);
    return { ...item, value, ...(item.label !== undefined ? { label: value } : {}) };
  };
  const why = (items: WhyItem[]): WhyItem[] =>
    items.map((item) => {
      if (!PERSONAL_IDENTIFIERS.has(item.type)) return item;
      const value = maskValue(item.type, item.value);
      return { ...item, value, ...(item.label !== undefined ? { label: value } : {}) };
    });
  const hub = (h: HubInfo): HubInfo => {
    if (!PERSONAL_IDENTIFIERS.has(h.type)) return h;
    const value = maskValue(h.type, h.value);
    return { ...h, value, ...(h.label !== undefined ? { label: value } : {}) };
  };

  return {
    pseudonym,
    resolve(type, key) {
      return issued.get(`${type}:${key}`) ?? null;
    },
    isPseudonym: (key) => key.startsWith(MASK_PREFIX),
    node,
    subgraph: (graph, reveal) => ({
      nodes: graph.nodes.map((n) => (reveal?.(n.id) ? n : node(n))),
      edges: graph.edges.map((e) => edge(e, reveal)),
      truncated: graph.truncated,
    }),
    ring(ring) {
      const out: Ring = { ...ring, sharedIdentifiers: ring.sharedIdentifiers.map(sharedIdentifier) };
      if (ring.why) out.why = Object.fromEntries(Object.entries(ring.why).map(([member, items]) => [member, why(items)]));
      return out;
    },
    sharedIdentifier,
    why,
    run: (run) => ({ ...run, hubs: run.hubs.map(hub) }),
  };
}
