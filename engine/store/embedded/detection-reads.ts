/**
 * Detection reads of the embedded store. Identifier groups stream out of
 * (value, seller) indexes already in order, one statement per identifier
 * type, on a read-only connection of their own: the stream may stay open
 * across awaits while the caller uses the store for other things, and it reads
 * one consistent snapshot per type (WAL).
 */
import { IDENTIFIER_TYPES, IDENTIFIERS, type IdentifierType } from '../../model/identifiers.ts';
import { emptySellerFacts, type IdentifierGroup, type SellerFacts } from '../../model/rings.ts';
import type { DetectionReads, IdentifierGroupQuery } from '../ports.ts';
import { compareCodePoints } from '../code-point-order.ts';
import type { Db } from './connection.ts';
import { SELLER_IDENTIFIER_COLUMNS } from './seller-identifier-columns.ts';
import { chunks, JSON_IDS } from './sql.ts';

/**
 * Rows of (value, seller) ordered by value then seller, per identifier type
 * (shipments separately). Values shared by fewer than `minSellers` are dropped
 * inside SQLite by a GROUP BY over the (value, seller) index first: most
 * phones, emails and ID hashes belong to one seller, and shipping those
 * singletons to JavaScript only to drop them would be most of the work.
 */
function linkQuery(table: string, value: string, filter: (alias: string) => string): string {
  return `
    WITH shared AS (SELECT ${value} AS v FROM ${table} AS g WHERE ${filter('g')} GROUP BY ${value} HAVING count(*) >= ?)
    SELECT t.${value}, t.seller_id FROM shared JOIN ${table} AS t ON t.${value} = shared.v
    WHERE ${filter('t')} ORDER BY t.${value}, t.seller_id`;
}

/** The (value, seller) query of each seller-link identifier type; null for shipment origins (parcels, below). */
function linkQueryOf(type: IdentifierType): string | null {
  const spec = IDENTIFIERS[type];
  const column = SELLER_IDENTIFIER_COLUMNS.find((c) => c.type === type)?.column;
  if (column !== undefined) return linkQuery('sellers', column, (t) => `${t}.${column} IS NOT NULL`);
  if (spec.place === 'origin') return null;
  if (spec.place !== null) return linkQuery('seller_addresses', 'address_key', (t) => `${t}.role = '${spec.place}'`);
  if (type === 'payment_account') return linkQuery('seller_accounts', 'account_id', () => 'TRUE');
  throw new Error(`the embedded store has no table for identifier type ${type}`);
}

/** In registry order (the order detection's data fingerprint was defined in). */
const LINK_QUERIES: ReadonlyArray<[IdentifierType, string | null]> = IDENTIFIER_TYPES.map((type) => [type, linkQueryOf(type)]);

/** Parcels per (origin, shop), in origin order; sellers are folded in per origin. */
const SHIPMENT_QUERY = `
  SELECT g.origin_key, s.seller_id, g.parcels
  FROM (SELECT origin_key, shop_id, count(*) AS parcels FROM shipments
        WHERE origin_key IS NOT NULL GROUP BY origin_key, shop_id) AS g
  JOIN shops s ON s.shop_id = g.shop_id
  ORDER BY g.origin_key`;

export function createDetectionReads(db: Db, openReader: () => Db): DetectionReads {
  const sellerStatus = db.prepare(`SELECT seller_id, status FROM sellers WHERE seller_id IN ${JSON_IDS}`).raw();
  const sellerShops = db.prepare(`SELECT seller_id, shop_id, status FROM shops WHERE seller_id IN ${JSON_IDS} ORDER BY seller_id, shop_id`).raw();
  const sellerReports = db
    .prepare(
      `SELECT s.seller_id, r.brand, r.kind, r.verdict, count(*)
       FROM shops s JOIN reports r ON r.shop_id = s.shop_id
       WHERE s.seller_id IN ${JSON_IDS} GROUP BY 1, 2, 3, 4`,
    )
    .raw();
  const addressText = db.prepare(`SELECT key, text FROM addresses WHERE key IN ${JSON_IDS}`).raw();
  const sellerCount = db.prepare('SELECT count(*) FROM sellers').pluck();

  return {
    async *identifierGroups(query: IdentifierGroupQuery) {
      const minSellers = Math.max(1, query.minSellers ?? 2);
      const maxSellers = query.maxSellers ?? Number.POSITIVE_INFINITY;
      const reader = openReader();
      try {
        for (const [type, sql] of LINK_QUERIES) {
          if (sql === null) {
            const rows = reader.prepare(SHIPMENT_QUERY).raw().iterate() as IterableIterator<[string, string, number]>;
            yield* groupShipments(rows, minSellers, maxSellers);
            continue;
          }
          const rows = reader.prepare(sql).raw().iterate(minSellers) as IterableIterator<[string, string]>;
          yield* groupLinks(type, rows, minSellers, maxSellers);
        }
      } finally {
        reader.close();
      }
    },

    async sellerFacts(sellerIds) {
      const facts = new Map<string, SellerFacts>();
      for (const part of chunks([...new Set(sellerIds)])) {
        const ids = JSON.stringify(part);
        for (const [sellerId, status] of sellerStatus.all(ids) as Array<[string, string | null]>) {
          facts.set(sellerId, emptySellerFacts(sellerId, status));
        }
        for (const [sellerId, shopId, status] of sellerShops.all(ids) as Array<[string, string, string | null]>) {
          const f = facts.get(sellerId);
          if (!f) continue;
          f.shopIds.push(shopId);
          if (status === 'taken_down') f.shopsTakenDown += 1;
          if (status === 'closed') f.shopsClosed += 1;
        }
        const rows = sellerReports.all(ids) as Array<[string, string | null, string | null, string | null, number]>;
        const brands = new Map<string, { counterfeit: Set<string>; reported: Set<string> }>();
        for (const [sellerId, brand, kind, verdict, count] of rows) {
          const f = facts.get(sellerId);
          if (!f) continue;
          if (verdict === 'counterfeit') f.counterfeitReports += count;
          if (verdict === 'genuine') f.genuineReports += count;
          if (kind === 'complaint') f.complaints += count;
          if (kind === 'takedown') f.takedownReports += count;
          if (brand === null) continue;
          const b = brands.get(sellerId) ?? { counterfeit: new Set<string>(), reported: new Set<string>() };
          brands.set(sellerId, b);
          b.reported.add(brand);
          if (verdict === 'counterfeit') b.counterfeit.add(brand);
        }
        for (const [sellerId, b] of brands) {
          const f = facts.get(sellerId);
          if (!f) continue;
          f.counterfeitBrands = [...b.counterfeit].sort();
          f.reportedBrands = [...b.reported].sort();
        }
      }
      return facts;
    },

    async addressTexts(keys) {
      const texts = new Map<string, string>();
      for (const part of chunks([...new Set(keys)])) {
        for (const [key, text] of addressText.all(JSON.stringify(part)) as Array<[string, string]>) texts.set(key, text);
      }
      return texts;
    },

    async sellerCount() {
      return sellerCount.get() as number;
    },
  };
}


/** Folds consecutive rows of one value into a group; hubs keep only their size. */
function* groupLinks(
  type: IdentifierType,
  rows: IterableIterator<[string, string]>,
  minSellers: number,
  maxSellers: number,
): Generator<IdentifierGroup> {
  let value: string | null = null;
  let sellers: string[] = [];
  let size = 0;
  const flush = (): IdentifierGroup | null => {
    if (value === null || size < minSellers) return null;
    return { type, value, size, sellers: size > maxSellers ? [] : sellers };
  };
  for (const [v, seller] of rows) {
    if (v !== value) {
      const group = flush();
      if (group) yield group;
      value = v;
      sellers = [];
      size = 0;
    }
    size += 1;
    if (size <= maxSellers) sellers.push(seller);
  }
  const last = flush();
  if (last) yield last;
}

/** Sums parcels per seller of each origin (a seller may have several shops shipping from it). */
function* groupShipments(
  rows: IterableIterator<[string, string, number]>,
  minSellers: number,
  maxSellers: number,
): Generator<IdentifierGroup> {
  let value: string | null = null;
  let parcels = new Map<string, number>();
  const flush = (): IdentifierGroup | null => {
    if (value === null || parcels.size < minSellers) return null;
    if (parcels.size > maxSellers) return { type: 'shipment_origin', value, size: parcels.size, sellers: [], shipments: [] };
    const sellers = [...parcels.keys()].sort(compareCodePoints);
    return { type: 'shipment_origin', value, size: sellers.length, sellers, shipments: sellers.map((s) => parcels.get(s) ?? 0) };
  };
  for (const [v, seller, count] of rows) {
    if (v !== value) {
      const group = flush();
      if (group) yield group;
      value = v;
      parcels = new Map();
    }
    parcels.set(seller, (parcels.get(seller) ?? 0) + count);
  }
  const last = flush();
  if (last) yield last;
}
