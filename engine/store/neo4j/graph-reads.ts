/**
 * Graph reads for the API and the explorer: one entity, a bounded
 * neighbourhood (expanded hop by hop, shipments folded into SHIPS_FROM edges
 * with parcel counts), a ring's subgraph and search. Nodes leave as the
 * model's `type:key` GraphNodes; driver values are made plain here.
 */
import { NODE_TYPE_SPECS, RING_TIE_ORDER } from '../../model/identifiers.ts';
import { nodeId, type EdgeType, type GraphEdge, type GraphNode, type NodeRef, type NodeType, type Subgraph } from '../../model/graph.ts';
import type { GraphReads } from '../ports.ts';
import { NODE_LABELS, nodeTypeOfLabels } from './node-types.ts';
import { createQueryBatcher } from './query-batch.ts';
import type { Record as DriverRecord } from 'neo4j-driver';
import type { Runner } from './session.ts';
import { compareCodePoints } from '../code-point-order.ts';
import { asNumber, asRecord, asString, asStringList, type Plain } from './values.ts';

/** Properties that are bookkeeping, not evidence. */
const HIDDEN = new Set(['uid', 'gen', 'body', 'why']);
/** Neighbours read per expanded node: hubs stay bounded. */
const PER_NODE = 500;

function toGraphNode(type: NodeType, props: Record<string, Plain>): GraphNode {
  const keyProp = type === 'ring' ? 'id' : NODE_LABELS[type].key;
  const key = asString(props[keyProp]);
  const attributes: GraphNode['attributes'] = {};
  for (const [name, value] of Object.entries(props)) {
    if (HIDDEN.has(name)) continue;
    if (Array.isArray(value)) attributes[name] = value.map((v) => asString(v));
    else if (value === null || typeof value !== 'object') attributes[name] = value;
  }
  const label = typeof props['name'] === 'string' ? props['name'] : typeof props['text'] === 'string' ? props['text'] : key;
  return { id: nodeId(type, key), type, key, label, attributes };
}

/** The counts and links the explorer shows for each node type (facts come from read/get-entity). */
function entityFacts(type: NodeType, attributes: GraphNode['attributes'], facts: Record<string, Plain>): GraphNode['attributes'] {
  const n = (name: string): number => asNumber(facts[name] ?? 0);
  const text = (name: string): string | null => (typeof facts[name] === 'string' ? facts[name] : null);
  // Identifiers other than places (payment accounts, phones, emails, ID documents, devices): who uses them.
  if (type !== 'address' && NODE_TYPE_SPECS[type].linksSellers) return { sellers: n('sellers') };
  switch (type) {
    case 'seller':
      return { ring: text('ring'), shops: n('shops'), registeredAddress: attributes['registeredAddressKey'] ?? null, registeredAddressText: text('registeredAddressText') };
    case 'shop':
      return { shipments: n('shipments'), reports: n('shopReports') };
    case 'address':
      return { sellers: n('sellers'), shipmentsFrom: n('shipmentsFrom') };
    case 'shipment':
      return { origin: attributes['originKey'] ?? null, destination: attributes['destinationKey'] ?? null };
    case 'brand':
      return { reports: n('brandReports'), counterfeitReports: n('counterfeitReports') };
    default:
      return {};
  }
}

/** What a ring subgraph shows around its members, in the order nodes are kept when the limit cuts (as in the embedded store). */
const MEMBER_TIES = RING_TIE_ORDER;

/**
 * Address variants sent per address in a ring subgraph, with `variantsCount` when there are more: a hub address
 * carries thousands of raw spellings (measured: a 22-member ring took 1.5 s, most of it variants), and the API
 * cuts every list to this preview anyway. Neighbourhoods and search use it too (as the embedded store does); entity
 * detail reads them all.
 */
const VARIANTS_PREVIEW = 5;

function withVariantsPreview(node: GraphNode, total: Plain | undefined): GraphNode {
  const attributes = { ...node.attributes };
  if (total === null || total === undefined) delete attributes['variants'];
  else if (asNumber(total) > VARIANTS_PREVIEW) attributes['variantsCount'] = asNumber(total);
  return { ...node, attributes };
}

/** The node of a record with `props` (variants cut to the preview) and `variants` (how many in all) columns. */
function previewNodeOf(type: NodeType, record: { get(key: string): unknown }): GraphNode {
  return withVariantsPreview(toGraphNode(type, asRecord(record.get('props'))), record.get('variants') as Plain);
}

const byKey = (a: { key: string }, b: { key: string }): number => compareCodePoints(a.key, b.key);

/**
 * Builds the ring subgraph from get-ring-subgraph's lists: members first (by id), then their ties type by type,
 * then the origins their shops ship from (most parcels first), then reports and brands, so that a cut at `limit`
 * keeps what matters most — the same order as the embedded store.
 */
function ringSubgraphOf(membersValue: unknown, tiesValue: unknown, originsValue: unknown, reportsValue: unknown, limit: number): Subgraph {
  const nodes = new Map<string, GraphNode>();
  const edges = new Map<string, GraphEdge>();
  let truncated = false;
  const add = (node: GraphNode): boolean => {
    if (nodes.has(node.id)) return true;
    if (nodes.size >= limit) {
      truncated = true;
      return false;
    }
    nodes.set(node.id, node);
    return true;
  };
  const link = (type: EdgeType, source: string, target: string, weight?: number): void => {
    if (!nodes.has(source) || !nodes.has(target)) return;
    const id = `${type}:${source}->${target}`;
    edges.set(id, { id, source, target, type, ...(weight === undefined ? {} : { weight, attributes: { count: weight } }) });
  };

  const members = (membersValue as unknown[]).map((p) => toGraphNode('seller', asRecord(p))).sort(byKey);
  for (const member of members) add({ ...member, attributes: { ...member.attributes, ringMember: true } });
  const ties = (tiesValue as unknown[]).flatMap((item) => {
    const t = asRecord(item);
    const type = nodeTypeOfLabels(asStringList(t['labels']));
    if (type === null) return [];
    const node = withVariantsPreview(toGraphNode(type, asRecord(t['props'])), t['variants']);
    return [{ seller: nodeId('seller', asString(t['seller'])), rel: asString(t['rel']) as EdgeType, node }];
  });
  ties.sort((a, b) => compareCodePoints(a.seller, b.seller) || byKey(a.node, b.node));
  for (const type of MEMBER_TIES) {
    for (const tie of ties) if (tie.node.type === type && add(tie.node)) link(tie.rel, tie.seller, tie.node.id);
  }
  const shops = [...nodes.values()].filter((n) => n.type === 'shop').map((n) => n.id);
  const origins = (originsValue as unknown[]).map((item) => {
    const o = asRecord(item);
    const node = withVariantsPreview(toGraphNode('address', asRecord(o['props'])), o['variants']);
    return { shop: nodeId('shop', asString(o['shop'])), node, count: asNumber(o['count']) };
  });
  origins.sort((a, b) => compareCodePoints(a.shop, b.shop) || b.count - a.count || byKey(a.node, b.node));
  const reports = (reportsValue as unknown[]).map((item) => {
    const r = asRecord(item);
    const brand = r['brand'];
    return { shop: nodeId('shop', asString(r['shop'])), node: toGraphNode('report', asRecord(r['props'])), brand: brand === null || brand === undefined ? null : toGraphNode('brand', asRecord(brand)) };
  });
  reports.sort((a, b) => compareCodePoints(a.shop, b.shop) || byKey(a.node, b.node));
  for (const shop of shops) {
    for (const o of origins) if (o.shop === shop && add(o.node)) link('SHIPS_FROM', shop, o.node.id, o.count);
  }
  for (const shop of shops) {
    for (const r of reports) if (r.shop === shop && add(r.node)) link('ABOUT', r.node.id, shop);
  }
  for (const r of reports) {
    if (r.brand !== null && nodes.has(r.node.id) && add(r.brand)) link('FOR_BRAND', r.node.id, r.brand.id);
  }
  return { nodes: [...nodes.values()], edges: [...edges.values()], truncated };
}

function escapeLucene(text: string): string {
  return text.replace(/[+\-&|!(){}[\]^"~*?:\\/]/g, (c) => `\\${c}`);
}

interface SearchAsk {
  text: string;
  labels: string[] | null;
  limit: number;
  /** The Lucene query and the full-text procedures' options (read/search-nodes only). */
  query?: string;
  textOptions?: { limit?: number };
}

export function createGraphReads(runner: Runner): GraphReads {
  /** One batched search query: each search's rows, in the order the query ranked them. */
  const searchBatch = (name: 'read/search-keys' | 'read/search-nodes') =>
    createQueryBatcher(async (asks: SearchAsk[]): Promise<DriverRecord[][]> => {
      const records = await runner.read(name, { queries: asks.map((a, i) => ({ ...a, i })), preview: VARIANTS_PREVIEW });
      const out = asks.map((): DriverRecord[] => []);
      for (const r of records) out[asNumber(r.get('i'))]!.push(r);
      return out;
    });
  const searchKeys = searchBatch('read/search-keys');
  const searchNodes = searchBatch('read/search-nodes');

  /** Expands from element ids up to `depth` hops, keeping at most `limit` nodes. */
  const expand = async (
    start: Array<{ elementId: string; node: GraphNode }>,
    depth: number,
    limit: number,
    types: NodeType[] | undefined,
  ): Promise<Subgraph> => {
    const nodes = new Map<string, GraphNode>();
    const byElement = new Map<string, string>();
    const edges = new Map<string, GraphEdge>();
    let truncated = false;
    for (const s of start) {
      nodes.set(s.node.id, s.node);
      byElement.set(s.elementId, s.node.id);
    }
    let frontier = start.map((s) => s.elementId);
    for (let hop = 0; hop < depth && frontier.length > 0 && !truncated; hop += 1) {
      const next: string[] = [];
      const withShipments = types?.includes('shipment') ?? false;
      const records = await runner.read('read/expand-nodes', { ids: frontier, perNode: PER_NODE, withShipments, preview: VARIANTS_PREVIEW });
      for (const record of records) {
        const type = nodeTypeOfLabels(asStringList(record.get('labels')));
        if (type === null || (types !== undefined && !types.includes(type))) continue;
        const toElement = asString(record.get('to'));
        let id = byElement.get(toElement);
        if (id === undefined) {
          if (nodes.size >= limit) {
            truncated = true;
            continue;
          }
          const node = previewNodeOf(type, record);
          id = node.id;
          if (!nodes.has(id)) {
            nodes.set(id, node);
            next.push(toElement);
          }
          byElement.set(toElement, id);
        }
        const from = byElement.get(asString(record.get('from')));
        if (from === undefined) continue;
        const relType = asString(record.get('relType')) as EdgeType;
        const [source, target] = record.get('outgoing') === true ? [from, id] : [id, from];
        const edgeId = `${relType}:${source}->${target}`;
        const weight = asNumber(record.get('weight'));
        edges.set(edgeId, { id: edgeId, source, target, type: relType, ...(relType === 'SHIPS_FROM' ? { weight, attributes: { count: weight } } : {}) });
      }
      frontier = next;
    }
    return { nodes: [...nodes.values()], edges: [...edges.values()], truncated };
  };

  const locate = async (refs: NodeRef[]): Promise<Array<{ elementId: string; node: GraphNode }>> => {
    const found: Array<{ elementId: string; node: GraphNode }> = [];
    const byType = new Map<Exclude<NodeType, 'ring'>, string[]>();
    for (const ref of refs) {
      if (ref.type === 'ring') continue;
      byType.set(ref.type, [...(byType.get(ref.type) ?? []), ref.key]);
    }
    for (const [type, keys] of byType) {
      const { label, key } = NODE_LABELS[type];
      for (const record of await runner.read('read/find-node-ids', { keys, preview: VARIANTS_PREVIEW }, { label, property: key })) {
        found.push({ elementId: asString(record.get('elementId')), node: previewNodeOf(type, record) });
      }
    }
    return found;
  };

  return {
    async entity(ref) {
      if (ref.type === 'ring') {
        const [record] = await runner.read('read/get-current-ring-node', { ringId: ref.key, runId: null });
        return record === undefined ? null : toGraphNode('ring', asRecord(record.get('props')));
      }
      const { label, key } = NODE_LABELS[ref.type];
      const [record] = await runner.read('read/get-entity', { key: ref.key }, { label, property: key });
      if (record === undefined) return null;
      const node = toGraphNode(ref.type, asRecord(record.get('props')));
      const facts = asRecord(record.get('facts'));
      Object.assign(node.attributes, entityFacts(ref.type, node.attributes, facts));
      const more = asStringList(facts['moreVariants'] ?? []);
      if (more.length > 0) node.attributes['variants'] = [...asStringList(node.attributes['variants'] ?? []), ...more];
      return node;
    },

    async neighbourhood(ref, options) {
      let start: Array<{ elementId: string; node: GraphNode }>;
      if (ref.type === 'ring') {
        const [record] = await runner.read('read/get-current-ring-node', { ringId: ref.key, runId: null });
        start = record === undefined ? [] : [{ elementId: asString(record.get('elementId')), node: toGraphNode('ring', asRecord(record.get('props'))) }];
      } else {
        start = await locate([ref]);
      }
      if (start.length === 0) return { nodes: [], edges: [], truncated: false };
      return expand(start, options.depth, Math.max(1, options.limit), options.types);
    },

    async ringSubgraph(ringId, options) {
      const [record] = await runner.read('read/get-ring-subgraph', { ringId, runId: options.runId ?? null, preview: VARIANTS_PREVIEW });
      if (record === undefined) return null;
      return ringSubgraphOf(record.get('members'), record.get('ties'), record.get('origins'), record.get('reports'), Math.max(1, options.limit));
    },

    async search(query) {
      const text = query.text.trim();
      if (text === '') return [];
      // Words only (letters and digits), lower case, each as a prefix: user text never reaches Lucene syntax.
      const terms = text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((t) => t !== '').map(escapeLucene);
      // A term no analyzer produces: with no words, only the exact / prefix matches can answer.
      const lucene = terms.length === 0 ? 'ringtrace0no0words' : terms.map((t) => `${t}*`).join(' AND ');
      const labels = query.types === undefined ? null : query.types.flatMap((t) => (t === 'ring' ? [] : [NODE_LABELS[t].label]));
      // The exact-key path: a one-token text with a digit or a sign in it (ids, phones, emails, accounts, hashes, devices,
      // address keys) that is a whole key is answered by key-index lookups alone (with the ids it is the start of);
      // otherwise the full search runs.
      // Concurrent searches share one query of each kind (query-batch.ts).
      const ask = { text, labels, limit: query.limit };
      if (query.addressKey !== undefined && (labels === null || labels.includes(NODE_LABELS.address.label))) {
        const exact = (await searchKeys({ text: query.addressKey, labels: [NODE_LABELS.address.label], limit: 1 })).filter((r) => r.get('score') === 1000);
        if (exact.length > 0) return exact.map((r) => previewNodeOf('address', r));
      }
      // A word of letters only (a name, a street) is almost never a whole key, so it goes straight to the full
      // search, which holds the key branches too: one query per search either way that a name or word takes.
      const keyLike = !/\s/u.test(text) && !/^\p{L}+$/u.test(text);
      const byKey = keyLike ? await searchKeys(ask) : [];
      const records = byKey.some((r) => r.get('score') === 1000) ? byKey : await searchNodes({ ...ask, query: lucene, textOptions: labels === null ? { limit: query.limit } : {} });
      const out: GraphNode[] = [];
      for (const record of records) {
        const type = nodeTypeOfLabels(asStringList(record.get('labels')));
        if (type !== null && type !== 'ring') out.push(previewNodeOf(type, record));
      }
      return out;
    },
  };
}
