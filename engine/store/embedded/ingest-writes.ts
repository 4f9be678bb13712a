/**
 * Ingest writes of the embedded store: one transaction per batch of
 * idempotent upserts with statements prepared once. Attributes follow the
 * newest export except where it is silent (null keeps the known value); links
 * are only ever added. Addresses are de-duplicated inside a batch first, since
 * a warehouse appears on thousands of parcels of one batch.
 */
import type { IngestBatch, ResolvedAddress } from '../../model/records.ts';
import type { IngestWrites } from '../ports.ts';
import type { Db } from './connection.ts';
import { chunks, JSON_IDS, upsertSql } from './sql.ts';

export function createIngestWrites(db: Db): IngestWrites {
  const upsertSeller = db.prepare(
    upsertSql({
      table: 'sellers',
      key: 'seller_id',
      keep: ['name', 'registered_at', 'phone', 'phone_raw', 'email', 'id_number_hash', 'status', 'registered_address_key'],
    }),
  );
  const upsertShop = db.prepare(
    upsertSql({ table: 'shops', key: 'shop_id', replace: ['seller_id'], keep: ['name', 'url', 'opened_at', 'closed_at', 'status'] }),
  );
  const upsertAccount = db.prepare(upsertSql({ table: 'payment_accounts', key: 'account_id', keep: ['kind', 'holder_name'] }));
  const linkAccount = db.prepare('INSERT OR IGNORE INTO seller_accounts (account_id, seller_id) VALUES (?, ?)');
  const upsertAddress = db.prepare(upsertSql({ table: 'addresses', key: 'key', replace: ['text'], keep: [] }));
  const addVariant = db.prepare('INSERT OR IGNORE INTO address_variants (key, raw) VALUES (?, ?)');
  const linkAddress = db.prepare('INSERT OR IGNORE INTO seller_addresses (role, address_key, seller_id) VALUES (?, ?, ?)');
  const upsertShipment = db.prepare(
    upsertSql({
      table: 'shipments',
      key: 'shipment_id',
      replace: ['shop_id'],
      keep: ['origin_key', 'destination_key', 'carrier', 'tracking_no', 'shipped_at', 'weight_kg', 'declared_item'],
    }),
  );
  const upsertReport = db.prepare(
    upsertSql({ table: 'reports', key: 'report_id', replace: ['shop_id'], keep: ['brand', 'kind', 'verdict', 'reported_at'] }),
  );
  const addBrand = db.prepare('INSERT OR IGNORE INTO brands (name) VALUES (?)');

  const write = db.transaction((batch: IngestBatch) => {
    const addresses = new AddressSet();
    for (const s of batch.sellers) {
      addresses.add(s.registeredAddress);
      upsertSeller.run(s.sellerId, s.name, s.registeredAt, s.phone, s.phoneRaw, s.email, s.idNumberHash, s.status, s.registeredAddress?.key ?? null);
      if (s.registeredAddress) linkAddress.run('registered', s.registeredAddress.key, s.sellerId);
    }
    for (const a of batch.addresses) {
      addresses.add(a.address);
      linkAddress.run(a.role, a.address.key, a.sellerId);
    }
    for (const s of batch.shops) upsertShop.run(s.shopId, s.sellerId, s.name, s.url, s.openedAt, s.closedAt, s.status);
    for (const p of batch.paymentAccounts) {
      upsertAccount.run(p.accountId, p.kind, p.holderName);
      linkAccount.run(p.accountId, p.sellerId);
    }
    for (const s of batch.shipments) {
      addresses.add(s.origin);
      addresses.add(s.destination);
      upsertShipment.run(s.shipmentId, s.shopId, s.origin?.key ?? null, s.destination?.key ?? null, s.carrier, s.trackingNo, s.shippedAt, s.weightKg, s.declaredItem);
    }
    const brands = new Set<string>();
    for (const r of batch.reports) {
      if (r.brand !== null) brands.add(r.brand);
      upsertReport.run(r.reportId, r.shopId, r.brand, r.kind, r.verdict, r.reportedAt);
    }
    for (const brand of brands) addBrand.run(brand);
    // Key order: consecutive inserts land on the same index pages instead of
    // all over a tree of millions of (mostly customer) addresses.
    const keys = [...addresses.texts.keys()].sort();
    for (const key of keys) upsertAddress.run(key, addresses.texts.get(key));
    for (const key of keys) for (const raw of addresses.variants.get(key) ?? []) addVariant.run(key, raw);
  });

  const existing = (table: 'sellers' | 'shops', column: 'seller_id' | 'shop_id') => {
    const select = db.prepare(`SELECT ${column} FROM ${table} WHERE ${column} IN ${JSON_IDS}`).pluck();
    return async (ids: string[]): Promise<Set<string>> => {
      const found = new Set<string>();
      for (const part of chunks([...new Set(ids)])) {
        for (const id of select.all(JSON.stringify(part)) as string[]) found.add(id);
      }
      return found;
    };
  };

  return {
    async writeBatch(batch) {
      // Deferred would upgrade to a write lock mid-way and could fail with BUSY; take it up front.
      write.immediate(batch);
    },
    existingSellers: existing('sellers', 'seller_id'),
    existingShops: existing('shops', 'shop_id'),
  };
}

/** The distinct canonical addresses and raw variants of one batch. */
class AddressSet {
  readonly texts = new Map<string, string>();
  readonly variants = new Map<string, Set<string>>();

  add(address: ResolvedAddress | null): void {
    if (address === null) return;
    this.texts.set(address.key, address.text);
    const raws = this.variants.get(address.key);
    if (raws) raws.add(address.raw);
    else this.variants.set(address.key, new Set([address.raw]));
  }
}
