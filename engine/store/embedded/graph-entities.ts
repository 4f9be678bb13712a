/**
 * One node of the graph with everything the store knows about it, for every
 * node type: the details panel of the explorer and the attributes of nodes in
 * neighbourhoods and ring subgraphs. Counts come from indexes, so a hub
 * address costs one index range, not a scan.
 */
import { nodeId, type GraphNode, type NodeRef, type NodeType } from '../../model/graph.ts';
import type { Db } from './connection.ts';
import { sellerColumnOfNode } from './seller-identifier-columns.ts';
import { ROLES } from './sql.ts';

type Attributes = GraphNode['attributes'];
type Loader = (key: string) => { label: string; attributes: Attributes } | null;
type Row = Record<string, string | number | null>;

export type EntityLoader = (ref: NodeRef) => GraphNode | null;

export interface EntityLoaderOptions {
  /**
   * Address variants read per address, with `variantsCount` when there are more (default: all). Graph views
   * ask for a preview: a hub address has thousands of raw spellings, and the API cuts lists to a preview anyway.
   */
  variantsPreview?: number;
}

export function createEntityLoader(db: Db, options: EntityLoaderOptions = {}): EntityLoader {
  const one = (sql: string) => {
    const statement = db.prepare(sql);
    return (...params: unknown[]): Row | undefined => statement.get(...params) as Row | undefined;
  };
  const count = (sql: string) => {
    const statement = db.prepare(sql).pluck();
    return (...params: unknown[]): number => statement.get(...params) as number;
  };
  const list = (sql: string) => {
    const statement = db.prepare(sql).pluck();
    return (...params: unknown[]): string[] => statement.all(...params) as string[];
  };

  const seller = one(
    `SELECT s.name, s.registered_at AS registeredAt, s.status, s.phone, s.phone_raw AS phoneRaw, s.email,
            s.id_number_hash AS idNumberHash, s.device_id AS deviceId, s.registered_address_key AS registeredAddress, a.text AS registeredAddressText,
            (SELECT count(*) FROM shops WHERE seller_id = s.seller_id) AS shops
     FROM sellers s LEFT JOIN addresses a ON a.key = s.registered_address_key WHERE s.seller_id = ?`,
  );
  const sellerRing = one(
    `SELECT m.ring_id AS ring FROM ring_members m WHERE m.seller_id = ? AND m.run_id = (SELECT value FROM meta WHERE key = 'current_run')`,
  );
  const shop = one(
    `SELECT seller_id AS sellerId, name, url, opened_at AS openedAt, closed_at AS closedAt, status,
            (SELECT count(*) FROM shipments WHERE shop_id = s.shop_id) AS shipments,
            (SELECT count(*) FROM reports WHERE shop_id = s.shop_id) AS reports
     FROM shops s WHERE shop_id = ?`,
  );
  const address = one(
    `SELECT text, (SELECT count(DISTINCT seller_id) FROM seller_addresses WHERE role IN ${ROLES} AND address_key = a.key) AS sellers,
            (SELECT count(*) FROM shipments WHERE origin_key = a.key) AS shipmentsFrom
     FROM addresses a WHERE key = ?`,
  );
  const variantsPreview = options.variantsPreview ?? -1;
  const variants = list('SELECT raw FROM address_variants WHERE key = ? ORDER BY raw LIMIT ?');
  const variantCount = count('SELECT count(*) FROM address_variants WHERE key = ?');
  const account = one(
    `SELECT kind, holder_name AS holderName, (SELECT count(*) FROM seller_accounts WHERE account_id = p.account_id) AS sellers
     FROM payment_accounts p WHERE account_id = ?`,
  );
  // Seller-field identifiers (phone, email, ID hash, device) exist while a seller holds the value.
  const sellerFieldNode = (column: string): Loader => {
    const sellers = count(`SELECT count(*) FROM sellers WHERE ${column} = ? AND ${column} IS NOT NULL`);
    return (key) => {
      const n = sellers(key);
      return n > 0 ? { label: key, attributes: { sellers: n } } : null;
    };
  };
  const sellerField = (node: NodeType): Loader => sellerFieldNode(sellerColumnOfNode(node)!.column);
  const shipment = one(
    `SELECT shop_id AS shopId, origin_key AS origin, o.text AS originText, destination_key AS destination, d.text AS destinationText,
            carrier, tracking_no AS trackingNo, shipped_at AS shippedAt, weight_kg AS weightKg, declared_item AS declaredItem
     FROM shipments s LEFT JOIN addresses o ON o.key = s.origin_key LEFT JOIN addresses d ON d.key = s.destination_key
     WHERE shipment_id = ?`,
  );
  const report = one('SELECT shop_id AS shopId, brand, kind, verdict, reported_at AS reportedAt FROM reports WHERE report_id = ?');
  const brand = one(
    `SELECT (SELECT count(*) FROM reports WHERE brand = b.name) AS reports,
            (SELECT count(*) FROM reports WHERE brand = b.name AND verdict = 'counterfeit') AS counterfeitReports
     FROM brands b WHERE name = ?`,
  );
  // The current run's version of the ring, else its latest version.
  const ring = one(
    `SELECT r.run_id AS runId, r.score, r.size, r.change, r.body FROM rings r JOIN runs ON runs.id = r.run_id
     WHERE r.ring_id = ?
     ORDER BY r.run_id = (SELECT value FROM meta WHERE key = 'current_run') DESC, runs.started_at DESC, runs.seq DESC LIMIT 1`,
  );

  const loaders: Record<NodeType, Loader> = {
    seller: (key) => {
      const row = seller(key);
      if (!row) return null;
      const inRing = sellerRing(key);
      return { label: String(row.name ?? key), attributes: { ...row, ring: inRing?.ring ?? null } };
    },
    shop: (key) => {
      const row = shop(key);
      return row ? { label: String(row.name ?? key), attributes: row } : null;
    },
    address: (key) => {
      const row = address(key);
      if (!row) return null;
      const attributes: Attributes = { ...row, variants: variants(key, variantsPreview) };
      if (variantsPreview >= 0 && (attributes.variants as string[]).length === variantsPreview) {
        const total = variantCount(key);
        if (total > variantsPreview) attributes.variantsCount = total;
      }
      return { label: String(row.text), attributes };
    },
    payment_account: (key) => {
      const row = account(key);
      return row ? { label: key, attributes: row } : null;
    },
    phone: sellerField('phone'),
    email: sellerField('email'),
    id_document: sellerField('id_document'),
    device: sellerField('device'),
    shipment: (key) => {
      const row = shipment(key);
      return row ? { label: key, attributes: row } : null;
    },
    report: (key) => {
      const row = report(key);
      return row ? { label: [row.kind, row.brand].filter((x) => x !== null).join(' ') || key, attributes: row } : null;
    },
    brand: (key) => {
      const row = brand(key);
      return row ? { label: key, attributes: row } : null;
    },
    ring: (key) => {
      const row = ring(key);
      if (!row) return null;
      const body = JSON.parse(String(row.body)) as { brands: string[]; shops: string[]; evidence: { counterfeitReports: number; takedowns: number } };
      return {
        label: key,
        attributes: {
          runId: row.runId ?? null,
          score: row.score ?? null,
          size: row.size ?? null,
          change: row.change ?? null,
          brands: body.brands,
          shops: body.shops.length,
          counterfeitReports: body.evidence.counterfeitReports,
          takedowns: body.evidence.takedowns,
        },
      };
    },
  };

  return (ref) => {
    const found = loaders[ref.type](ref.key);
    return found ? { id: nodeId(ref.type, ref.key), type: ref.type, key: ref.key, ...found } : null;
  };
}
