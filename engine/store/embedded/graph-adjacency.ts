/**
 * The relationships around one node, as the graph model of docs/architecture.md names them,
 * read from the link tables. Parcels are folded into one `SHIPS_FROM` edge per
 * (shop, origin) with the parcel count as weight: a busy shop has thousands of
 * shipments, which would drown the view; individual `SHIPPED` shipments come
 * only when the caller asks for shipment nodes. Every read is capped, so a hub
 * address with thousands of sellers costs no more than the cap.
 */
import { nodeId, type EdgeType, type GraphEdge, type NodeRef, type NodeType } from '../../model/graph.ts';
import { ADDRESS_ROLE_RELATIONSHIP } from '../../model/identifiers.ts';
import type { Db } from './connection.ts';
import { SELLER_IDENTIFIER_COLUMNS } from './seller-identifier-columns.ts';
import { ROLES } from './sql.ts';

export interface Step {
  edge: GraphEdge;
  neighbour: NodeRef;
}

/** Neighbours of `ref` of the wanted types, at most `cap` per relationship kind. */
export type Expand = (ref: NodeRef, wanted: ReadonlySet<NodeType>, cap: number) => Step[];

const ROLE_EDGES: Readonly<Record<string, EdgeType>> = ADDRESS_ROLE_RELATIONSHIP;

export function edgeId(type: EdgeType, source: string, target: string): string {
  return `${type}:${source}->${target}`;
}

function step(type: EdgeType, from: NodeRef, to: NodeRef, outgoing: boolean, count?: number): Step {
  const source = outgoing ? nodeId(from.type, from.key) : nodeId(to.type, to.key);
  const target = outgoing ? nodeId(to.type, to.key) : nodeId(from.type, from.key);
  const edge: GraphEdge = { id: edgeId(type, source, target), source, target, type };
  if (count !== undefined) {
    edge.weight = count;
    edge.attributes = { count };
  }
  return { edge, neighbour: to };
}

export function createExpand(db: Db): Expand {
  const rows = (sql: string) => {
    const statement = db.prepare(sql).raw();
    return (...params: unknown[]): Array<Array<string | number>> => statement.all(...params) as Array<Array<string | number>>;
  };
  const q = {
    sellerShops: rows('SELECT shop_id FROM shops WHERE seller_id = ? ORDER BY shop_id LIMIT ?'),
    sellerAddresses: rows('SELECT role, address_key FROM seller_addresses WHERE seller_id = ? ORDER BY role, address_key LIMIT ?'),
    sellerAccounts: rows('SELECT account_id FROM seller_accounts WHERE seller_id = ? ORDER BY account_id LIMIT ?'),
    sellerIds: rows(`SELECT ${SELLER_IDENTIFIER_COLUMNS.map((c) => c.column).join(', ')} FROM sellers WHERE seller_id = ?`),
    sellerRing: rows(`SELECT ring_id FROM ring_members WHERE seller_id = ? AND run_id = (SELECT value FROM meta WHERE key = 'current_run')`),
    shopSeller: rows('SELECT seller_id FROM shops WHERE shop_id = ?'),
    shopOrigins: rows(
      'SELECT origin_key, count(*) FROM shipments WHERE shop_id = ? AND origin_key IS NOT NULL GROUP BY origin_key ORDER BY count(*) DESC, origin_key LIMIT ?',
    ),
    shopShipments: rows('SELECT shipment_id FROM shipments WHERE shop_id = ? ORDER BY shipment_id LIMIT ?'),
    shopReports: rows('SELECT report_id FROM reports WHERE shop_id = ? ORDER BY report_id LIMIT ?'),
    addressSellers: rows(`SELECT role, seller_id FROM seller_addresses WHERE role IN ${ROLES} AND address_key = ? ORDER BY seller_id, role LIMIT ?`),
    addressShops: rows(
      'SELECT shop_id, count(*) FROM shipments WHERE origin_key = ? GROUP BY shop_id ORDER BY count(*) DESC, shop_id LIMIT ?',
    ),
    accountSellers: rows('SELECT seller_id FROM seller_accounts WHERE account_id = ? ORDER BY seller_id LIMIT ?'),
    shipment: rows('SELECT shop_id, origin_key, destination_key FROM shipments WHERE shipment_id = ?'),
    report: rows('SELECT shop_id, brand FROM reports WHERE report_id = ?'),
    brandReports: rows('SELECT report_id FROM reports WHERE brand = ? ORDER BY report_id LIMIT ?'),
    // Plain `?` binding through a one-row CTE: better-sqlite3 rejects `?1 … ?2` numbered parameters used more
    // than once ("Too many parameter values"), which broke depth-2 neighbourhoods that reach a ring.
    ringMembers: rows(
      `WITH target(ring_id) AS (SELECT ?)
       SELECT m.seller_id FROM target t JOIN ring_members m ON m.ring_id = t.ring_id
       WHERE m.run_id = coalesce(
         (SELECT run_id FROM rings WHERE ring_id = t.ring_id AND run_id = (SELECT value FROM meta WHERE key = 'current_run')),
         (SELECT r.run_id FROM rings r JOIN runs ON runs.id = r.run_id WHERE r.ring_id = t.ring_id ORDER BY runs.started_at DESC, runs.seq DESC LIMIT 1))
       ORDER BY m.seller_id LIMIT ?`,
    ),
  };
  // An identifier node's only neighbours are the sellers that use it.
  const identifierSellers = new Map<NodeType, readonly [EdgeType, (key: string, cap: number) => Array<Array<string | number>>]>([
    ['payment_account', ['PAID_INTO', q.accountSellers]],
    ...SELLER_IDENTIFIER_COLUMNS.map(
      (c) => [c.node, [c.relationship, rows(`SELECT seller_id FROM sellers WHERE ${c.column} = ? AND ${c.column} IS NOT NULL ORDER BY seller_id LIMIT ?`)]] as const,
    ),
  ]);
  const key = (value: string | number | undefined): string => String(value);

  return (ref, wanted, cap) => {
    const out: Step[] = [];
    const want = (type: NodeType): boolean => wanted.has(type);
    const k = ref.key;
    switch (ref.type) {
      case 'seller': {
        if (want('shop')) for (const [s] of q.sellerShops(k, cap)) out.push(step('OPERATES', ref, { type: 'shop', key: key(s) }, true));
        if (want('address')) {
          for (const [role, a] of q.sellerAddresses(k, cap)) {
            out.push(step(ROLE_EDGES[key(role)] ?? 'REGISTERED_AT', ref, { type: 'address', key: key(a) }, true));
          }
        }
        if (want('payment_account')) {
          for (const [a] of q.sellerAccounts(k, cap)) out.push(step('PAID_INTO', ref, { type: 'payment_account', key: key(a) }, true));
        }
        const [ids] = q.sellerIds(k);
        SELLER_IDENTIFIER_COLUMNS.forEach((c, i) => {
          const value = ids?.[i];
          if (want(c.node) && value != null) out.push(step(c.relationship, ref, { type: c.node, key: key(value) }, true));
        });
        if (want('ring')) for (const [r] of q.sellerRing(k)) out.push(step('MEMBER_OF', ref, { type: 'ring', key: key(r) }, true));
        break;
      }
      case 'shop': {
        if (want('seller')) for (const [s] of q.shopSeller(k)) out.push(step('OPERATES', ref, { type: 'seller', key: key(s) }, false));
        if (want('address')) {
          for (const [a, n] of q.shopOrigins(k, cap)) out.push(step('SHIPS_FROM', ref, { type: 'address', key: key(a) }, true, Number(n)));
        }
        if (want('shipment')) {
          for (const [s] of q.shopShipments(k, cap)) out.push(step('SHIPPED', ref, { type: 'shipment', key: key(s) }, true));
        }
        if (want('report')) for (const [r] of q.shopReports(k, cap)) out.push(step('ABOUT', ref, { type: 'report', key: key(r) }, false));
        break;
      }
      case 'address': {
        if (want('seller')) {
          for (const [role, s] of q.addressSellers(k, cap)) {
            out.push(step(ROLE_EDGES[key(role)] ?? 'REGISTERED_AT', ref, { type: 'seller', key: key(s) }, false));
          }
        }
        if (want('shop')) {
          for (const [s, n] of q.addressShops(k, cap)) out.push(step('SHIPS_FROM', ref, { type: 'shop', key: key(s) }, false, Number(n)));
        }
        break;
      }
      case 'payment_account':
      case 'phone':
      case 'email':
      case 'id_document':
      case 'device': {
        const [edgeType, sellersOf] = identifierSellers.get(ref.type)!;
        if (want('seller')) for (const [s] of sellersOf(k, cap)) out.push(step(edgeType, ref, { type: 'seller', key: key(s) }, false));
        break;
      }
      case 'shipment': {
        const [row] = q.shipment(k);
        if (!row) break;
        const [shopId, origin, destination] = row;
        if (want('shop')) out.push(step('SHIPPED', ref, { type: 'shop', key: key(shopId) }, false));
        if (want('address') && origin != null) out.push(step('FROM', ref, { type: 'address', key: key(origin) }, true));
        if (want('address') && destination != null) out.push(step('TO', ref, { type: 'address', key: key(destination) }, true));
        break;
      }
      case 'report': {
        const [row] = q.report(k);
        if (!row) break;
        const [shopId, brand] = row;
        if (want('shop')) out.push(step('ABOUT', ref, { type: 'shop', key: key(shopId) }, true));
        if (want('brand') && brand != null) out.push(step('FOR_BRAND', ref, { type: 'brand', key: key(brand) }, true));
        break;
      }
      case 'brand':
        if (want('report')) for (const [r] of q.brandReports(k, cap)) out.push(step('FOR_BRAND', ref, { type: 'report', key: key(r) }, false));
        break;
      case 'ring':
        if (want('seller')) for (const [s] of q.ringMembers(k, cap)) out.push(step('MEMBER_OF', ref, { type: 'seller', key: key(s) }, false));
        break;
    }
    return out;
  };
}
