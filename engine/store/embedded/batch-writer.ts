/**
 * The write half of ingest, run on the writer thread: one transaction per
 * batch of idempotent upserts with statements prepared once. Attributes
 * follow the newest export except where it is silent (null keeps the known
 * value); links are only ever added. Addresses are de-duplicated inside a
 * batch first, since a warehouse appears on thousands of parcels of one batch.
 */
import type { BatchColumns } from '../batch-columns.ts';
import type { Db } from './connection.ts';
import { upsertSql } from './sql.ts';

type Text = string | null;

/** Returns a function that writes one batch and returns once it is committed. */
export function createBatchWriter(db: Db): (batch: BatchColumns) => void {
  const upsertSeller = db.prepare(
    upsertSql({
      table: 'sellers',
      key: 'seller_id',
      keep: ['name', 'registered_at', 'phone', 'phone_raw', 'email', 'id_number_hash', 'status', 'registered_address_key', 'device_id'],
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

  const write = db.transaction((b: BatchColumns) => {
    const addresses = new AddressSet();
    const s = b.sellers;
    for (let i = 0; i < s.sellerId.length; i += 1) {
      const key = s.addressKey[i] ?? null;
      addresses.add(key, s.addressText[i], s.addressRaw[i]);
      upsertSeller.run(s.sellerId[i], s.name[i], s.registeredAt[i], s.phone[i], s.phoneRaw[i], s.email[i], s.idNumberHash[i], s.status[i], key, s.deviceId[i]);
      if (key !== null) linkAddress.run('registered', key, s.sellerId[i]);
    }
    const a = b.addresses;
    for (let i = 0; i < a.sellerId.length; i += 1) {
      addresses.add(a.key[i] ?? null, a.text[i], a.raw[i]);
      linkAddress.run(a.role[i], a.key[i], a.sellerId[i]);
    }
    const sh = b.shops;
    for (let i = 0; i < sh.shopId.length; i += 1) {
      upsertShop.run(sh.shopId[i], sh.sellerId[i], sh.name[i], sh.url[i], sh.openedAt[i], sh.closedAt[i], sh.status[i]);
    }
    const p = b.paymentAccounts;
    for (let i = 0; i < p.accountId.length; i += 1) {
      upsertAccount.run(p.accountId[i], p.kind[i], p.holderName[i]);
      linkAccount.run(p.accountId[i], p.sellerId[i]);
    }
    const m = b.shipments;
    for (let i = 0; i < m.shipmentId.length; i += 1) {
      addresses.add(m.originKey[i] ?? null, m.originText[i], m.originRaw[i]);
      addresses.add(m.destinationKey[i] ?? null, m.destinationText[i], m.destinationRaw[i]);
      upsertShipment.run(
        m.shipmentId[i], m.shopId[i], m.originKey[i], m.destinationKey[i], m.carrier[i],
        m.trackingNo[i], m.shippedAt[i], m.weightKg[i], m.declaredItem[i],
      );
    }
    const r = b.reports;
    const brands = new Set<string>();
    for (let i = 0; i < r.reportId.length; i += 1) {
      const brand = r.brand[i] ?? null;
      if (brand !== null) brands.add(brand);
      upsertReport.run(r.reportId[i], r.shopId[i], brand, r.kind[i], r.verdict[i], r.reportedAt[i]);
    }
    for (const brand of brands) addBrand.run(brand);
    // Key order: consecutive inserts land on the same index pages instead of
    // all over a tree of millions of (mostly customer) addresses.
    const keys = [...addresses.texts.keys()].sort();
    for (const key of keys) upsertAddress.run(key, addresses.texts.get(key));
    for (const key of keys) for (const raw of addresses.variants.get(key) ?? []) addVariant.run(key, raw);
  });

  // Deferred would upgrade to a write lock mid-way and could fail with BUSY; take it up front.
  return (batch) => write.immediate(batch);
}

/** The distinct canonical addresses and raw variants of one batch. */
class AddressSet {
  readonly texts = new Map<string, Text | undefined>();
  readonly variants = new Map<string, Set<Text | undefined>>();

  add(key: string | null, text: Text | undefined, raw: Text | undefined): void {
    if (key === null) return;
    this.texts.set(key, text);
    const raws = this.variants.get(key);
    if (raws) raws.add(raw);
    else this.variants.set(key, new Set([raw]));
  }
}
