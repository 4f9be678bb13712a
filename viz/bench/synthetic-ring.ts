/**
 * Synthetic ring subgraphs for the benchmark, shaped like real ones: sellers
 * in tight groups sharing accounts, ID documents and warehouses, each with
 * shops that ship from a few addresses, plus phones and emails — about 1.6
 * edges per node, as the API's ring subgraphs have. Deterministic per size.
 */
import type { NodeType } from '../../engine/index.ts';
import type { GraphEdge, GraphNode, Subgraph } from '../../api/http/schemas.ts';

export function syntheticRing(order: number, seed = 1): Subgraph {
  let state = seed >>> 0 || 1;
  const random = (): number => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4_294_967_296;
  };
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  const add = (type: NodeType, key: string, attributes: GraphNode['attributes'] = {}): string => {
    const id = `${type}:${key}`;
    nodes.push({ id, type, key, label: key, attributes });
    return id;
  };
  const link = (source: string, target: string, type: GraphEdge['type'], weight?: number): void => {
    edges.push({ id: `${type}:${source}->${target}`, source, target, type, ...(weight !== undefined ? { weight } : {}) });
  };
  const sellers = Math.max(5, Math.round(order * 0.12));
  const pick = (list: string[]): string => list[Math.floor(random() * list.length)]!;
  const accounts: string[] = [];
  const warehouses: string[] = [];
  const documents: string[] = [];
  for (let i = 0; nodes.length < order; i++) {
    const seller = add('seller', `S-${i}`, { name: `Seller ${i}` });
    if (i < sellers && random() < 0.5 && accounts.length > 0) link(seller, pick(accounts), 'PAID_INTO');
    else link(seller, (accounts.push(add('payment_account', `PA-${i}`)), accounts[accounts.length - 1]!), 'PAID_INTO');
    if (random() < 0.3) link(seller, documents.length > 0 && random() < 0.6 ? pick(documents) : (documents.push(add('id_document', `ID-${i}`)), documents[documents.length - 1]!), 'IDENTIFIED_BY');
    if (random() < 0.6) link(seller, add('phone', `+86-${i}`), 'USES_PHONE');
    if (random() < 0.6) link(seller, add('email', `s${i}@example.com`), 'USES_EMAIL');
    const home = warehouses.length > 0 && random() < 0.7 ? pick(warehouses) : (warehouses.push(add('address', `A-${i}`)), warehouses[warehouses.length - 1]!);
    link(seller, home, 'WAREHOUSE_AT');
    const shops = 1 + Math.floor(random() * 4);
    for (let s = 0; s < shops && nodes.length < order; s++) {
      const shop = add('shop', `SH-${i}-${s}`);
      link(seller, shop, 'OPERATES');
      link(shop, home, 'SHIPS_FROM', 1 + Math.floor(random() * 80));
      if (random() < 0.3) link(shop, pick(warehouses), 'SHIPS_FROM', 1 + Math.floor(random() * 10));
    }
  }
  const kept = new Set(nodes.slice(0, order).map((n) => n.id));
  return { nodes: nodes.slice(0, order), edges: edges.filter((e) => kept.has(e.source) && kept.has(e.target)), truncated: false };
}
