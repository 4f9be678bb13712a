/**
 * Personal-data masking for the viewer role. Phones, emails, ID-document
 * hashes and payment-account ids (and account holder names) are replaced by
 * pseudonyms: `masked-` plus a keyed hash, stable within a process, so the
 * explorer still sees that two sellers share one phone without learning it.
 * A pseudonym this process handed out can be resolved back for the same
 * viewer's follow-up requests (expanding a masked node); nothing else can.
 * Every response shape that carries such values has its own function here,
 * so nothing is masked by guessing at field names.
 */
import { createHmac, randomBytes } from 'node:crypto';
import {
  nodeId,
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

export const PERSONAL_NODE_TYPES: ReadonlySet<NodeType> = new Set<NodeType>(['phone', 'email', 'id_document', 'payment_account']);
const PERSONAL_IDENTIFIERS: ReadonlySet<IdentifierType> = new Set<IdentifierType>(['phone', 'email', 'id_document', 'payment_account']);
/**
 * Node attributes holding personal data, per node type, with the node type
 * whose pseudonym replaces them (so a seller's masked `phone` equals its
 * masked phone node's key); null blanks the value.
 */
const PERSONAL_ATTRIBUTES: Partial<Record<NodeType, Record<string, NodeType | null>>> = {
  seller: { phone: 'phone', phoneRaw: 'phone', email: 'email', idNumberHash: 'id_document' },
  payment_account: { holderName: null },
};
const MASK_PREFIX = 'masked-';
/** Pseudonyms remembered for resolving follow-up requests; the oldest are forgotten first. */
const REMEMBERED = 100_000;

export interface Masker {
  pseudonym(type: NodeType | IdentifierType, value: string): string;
  /** The real key behind a pseudonym this process issued, else null. */
  resolve(type: NodeType, key: string): string | null;
  isPseudonym(key: string): boolean;
  node(node: GraphNode): GraphNode;
  subgraph(graph: Subgraph): Subgraph;
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
  const maskNodeId = (id: string): string => {
    const colon = id.indexOf(':');
    const type = id.slice(0, colon) as NodeType;
    return PERSONAL_NODE_TYPES.has(type) ? nodeId(type, pseudonym(type, id.slice(colon + 1))) : id;
  };
  const maskValue = (type: IdentifierType, value: string): string => (PERSONAL_IDENTIFIERS.has(type) ? pseudonym(type, value) : value);

  const node = (n: GraphNode): GraphNode => {
    const attributes = { ...n.attributes };
    for (const [name, as] of Object.entries(PERSONAL_ATTRIBUTES[n.type] ?? {})) {
      const value = attributes[name];
      if (typeof value === 'string') attributes[name] = as === null ? '(masked)' : pseudonym(as, value);
    }
    if (!PERSONAL_NODE_TYPES.has(n.type)) return { ...n, attributes };
    const key = pseudonym(n.type, n.key);
    // A store may also keep the key as a property (Neo4j's `Phone{number}`); whatever its name, it goes too.
    for (const [name, value] of Object.entries(attributes)) {
      if (value === n.key || (Array.isArray(value) && value.includes(n.key))) attributes[name] = key;
    }
    return { ...n, id: nodeId(n.type, key), key, label: key, attributes };
  };
  const edge = (e: GraphEdge): GraphEdge => {
    const source = maskNodeId(e.source);
    const target = maskNodeId(e.target);
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
    subgraph: (graph) => ({ nodes: graph.nodes.map(node), edges: graph.edges.map(edge), truncated: graph.truncated }),
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
