/**
 * Turns one ingest batch into the ordered list of Cypher statements that
 * writeBatch runs in one transaction. Entities the transaction found absent
 * (`fresh`) take a create path: one statement per entity type creates the
 * nodes and all their links (measured 1.45x faster than the upsert path on
 * shipments). Known entities take the upsert path: node upserts first, then,
 * for each single-valued link (a seller's phone, a shop's operator, a
 * shipment's shop and addresses, a report's shop and brand), an unlink of
 * stale targets and a MERGE of the current one. Splitting "move the link" into
 * two plain statements keeps every plan free of Eager operators. To keep
 * row-by-row semantics when an id recurs within a batch, links and created
 * nodes use each id's final values (the last row wins; for optional fields the
 * last non-null value), exactly what the upsert's coalesce chain ends with.
 */
import type { IngestBatch, ResolvedAddress } from '../../model/records.ts';
import type { QueryName } from './cypher-registry.ts';
import { IDENTIFIER_LINKS, ROLE_RELS } from './node-types.ts';
import type { Params, Templates } from './session.ts';

export interface Statement {
  name: QueryName;
  params: Params;
  templates?: Templates;
}

/**
 * Spellings kept on an Address node itself; more become AddressVariant nodes. Most addresses have a handful; a hub
 * gains some in every batch, and a long list would be rewritten whole each time.
 */
export const INLINE_VARIANTS = 32;

/** Ids the write transaction found absent, per entity type: their rows take the create path. */
export interface FreshIds {
  sellers: ReadonlySet<string>;
  shops: ReadonlySet<string>;
  shipments: ReadonlySet<string>;
  reports: ReadonlySet<string>;
}

export const NO_FRESH_IDS: FreshIds = { sellers: new Set(), shops: new Set(), shipments: new Set(), reports: new Set() };

/** Folds rows per id into the final value of each field: later rows win, null keeps the earlier value. */
function finalValues<R, V extends Record<string, unknown>>(rows: R[], id: (row: R) => string, fields: (row: R) => V): Map<string, V> {
  const out = new Map<string, V>();
  for (const row of rows) {
    const values = fields(row);
    const known = out.get(id(row));
    if (known === undefined) {
      out.set(id(row), values);
      continue;
    }
    for (const key of Object.keys(values) as Array<keyof V>) known[key] = values[key] ?? known[key];
  }
  return out;
}

/** Distinct canonical addresses of a batch with their raw variants. */
export function collectAddresses(batch: IngestBatch): Array<{ key: string; text: string; raws: string[] }> {
  const byKey = new Map<string, { key: string; text: string; raws: Set<string> }>();
  const add = (a: ResolvedAddress | null): void => {
    if (a === null) return;
    const entry = byKey.get(a.key);
    if (entry === undefined) byKey.set(a.key, { key: a.key, text: a.text, raws: new Set([a.raw]) });
    else {
      entry.text = a.text;
      entry.raws.add(a.raw);
    }
  };
  for (const s of batch.sellers) add(s.registeredAddress);
  for (const a of batch.addresses) add(a.address);
  for (const s of batch.shipments) {
    add(s.origin);
    add(s.destination);
  }
  return [...byKey.values()].map((e) => ({ key: e.key, text: e.text, raws: [...e.raws] }));
}

/** Rows of ids the transaction found absent, and the others. */
function splitFresh<R>(rows: R[], id: (row: R) => string, fresh: ReadonlySet<string>): { created: R[]; known: R[] } {
  const created: R[] = [];
  const known: R[] = [];
  for (const row of rows) (fresh.has(id(row)) ? created : known).push(row);
  return { created, known };
}

/** Properties of a created node: the folded values without nulls (Neo4j stores no null properties). */
function presentProps(values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== null && v !== undefined));
}

export function planBatch(batch: IngestBatch, fresh: FreshIds = NO_FRESH_IDS): Statement[] {
  const out: Statement[] = [];
  const push = (name: QueryName, rows: unknown[], templates?: Templates): void => {
    if (rows.length > 0) out.push({ name, params: { rows }, ...(templates === undefined ? {} : { templates }) });
  };

  const addresses = collectAddresses(batch);
  if (addresses.length > 0) out.push({ name: 'write/upsert-addresses', params: { rows: addresses, inline: INLINE_VARIANTS } });

  const sellerProps = (s: IngestBatch['sellers'][number]) => ({
    id: s.sellerId, name: s.name, registeredAt: s.registeredAt, phone: s.phone, phoneRaw: s.phoneRaw,
    email: s.email, idNumberHash: s.idNumberHash, deviceId: s.deviceId, status: s.status, registeredAddressKey: s.registeredAddress?.key ?? null,
  });
  const sellers = splitFresh(batch.sellers, (s) => s.sellerId, fresh.sellers);
  const freshSellers = finalValues(sellers.created, (s) => s.sellerId, sellerProps);
  push('write/create-sellers', [...freshSellers.values()]
    .map((v) => ({ props: presentProps(v), phone: v.phone, email: v.email, idNumberHash: v.idNumberHash, deviceId: v.deviceId, addressKey: v.registeredAddressKey })));
  push('write/upsert-sellers', sellers.known.map(sellerProps));
  const sellerIds = finalValues(sellers.known, (s) => s.sellerId, (s) => ({ phone: s.phone, email: s.email, idNumberHash: s.idNumberHash, deviceId: s.deviceId }));
  for (const link of IDENTIFIER_LINKS) {
    const field = link.sellerField;
    if (field === null) continue;
    const rows: Array<{ sellerId: string; value: string }> = [];
    for (const [sellerId, values] of sellerIds) {
      const value = values[field];
      if (value !== null) rows.push({ sellerId, value });
    }
    const templates = { label: link.label, property: link.property, rel: link.rel };
    push('write/unlink-seller-identifiers', rows, templates);
    push('write/link-seller-identifiers', rows, templates);
  }

  // Address links are only ever added, so every row is kept (MERGE makes repeats no-ops).
  const byRole = new Map<string, Array<{ sellerId: string; key: string }>>();
  const role = (rel: string): Array<{ sellerId: string; key: string }> => {
    const rows = byRole.get(rel) ?? [];
    byRole.set(rel, rows);
    return rows;
  };
  for (const s of sellers.known) if (s.registeredAddress !== null) role(ROLE_RELS.registered).push({ sellerId: s.sellerId, key: s.registeredAddress.key });
  // A fresh seller's earlier rows may name other registered addresses: the link is only ever added, so they stay.
  for (const s of sellers.created) {
    if (s.registeredAddress === null || freshSellers.get(s.sellerId)?.registeredAddressKey === s.registeredAddress.key) continue;
    role(ROLE_RELS.registered).push({ sellerId: s.sellerId, key: s.registeredAddress.key });
  }
  for (const a of batch.addresses) role(ROLE_RELS[a.role]).push({ sellerId: a.sellerId, key: a.address.key });
  for (const [rel, rows] of byRole) push('write/link-seller-addresses', rows, { rel });

  const shopProps = (s: IngestBatch['shops'][number]) => ({
    id: s.shopId, sellerId: s.sellerId, name: s.name, url: s.url, openedAt: s.openedAt, closedAt: s.closedAt, status: s.status,
  });
  const shops = splitFresh(batch.shops, (s) => s.shopId, fresh.shops);
  push('write/create-shops', [...finalValues(shops.created, (s) => s.shopId, shopProps).values()].map((v) => ({ props: presentProps(v) })));
  push('write/upsert-shops', shops.known.map(shopProps));
  const operators = [...finalValues(shops.known, (s) => s.shopId, (s) => ({ sellerId: s.sellerId }))].map(([shopId, v]) => ({ shopId, sellerId: v.sellerId }));
  push('write/unlink-shop-operators', operators);
  push('write/link-shop-operators', operators);

  push('write/upsert-payment-accounts', batch.paymentAccounts.map((p) => ({ id: p.accountId, sellerId: p.sellerId, kind: p.kind, holderName: p.holderName })));

  const shipmentProps = (s: IngestBatch['shipments'][number]) => ({
    id: s.shipmentId, shopId: s.shopId, originKey: s.origin?.key ?? null, destinationKey: s.destination?.key ?? null,
    carrier: s.carrier, trackingNo: s.trackingNo, shippedAt: s.shippedAt, weightKg: s.weightKg, declaredItem: s.declaredItem,
  });
  const shipments = splitFresh(batch.shipments, (s) => s.shipmentId, fresh.shipments);
  push('write/create-shipments', [...finalValues(shipments.created, (s) => s.shipmentId, shipmentProps).values()]
    .map((v) => ({ props: presentProps(v), originKey: v.originKey, destinationKey: v.destinationKey })));
  push('write/upsert-shipments', shipments.known.map(shipmentProps));
  const parcels = [...finalValues(shipments.known, (s) => s.shipmentId, (s) => ({
    shopId: s.shopId, originKey: s.origin?.key ?? null, destinationKey: s.destination?.key ?? null,
  }))].map(([id, v]) => ({ id, ...v }));
  push('write/unlink-shipments', parcels);
  push('write/link-shipment-shops', parcels.map((p) => ({ id: p.id, shopId: p.shopId })));
  push('write/link-shipment-addresses', parcels.flatMap((p) => (p.originKey === null ? [] : [{ id: p.id, key: p.originKey }])), { rel: 'FROM' });
  push('write/link-shipment-addresses', parcels.flatMap((p) => (p.destinationKey === null ? [] : [{ id: p.id, key: p.destinationKey }])), { rel: 'TO' });

  const reportProps = (r: IngestBatch['reports'][number]) => ({
    id: r.reportId, shopId: r.shopId, brand: r.brand, kind: r.kind, verdict: r.verdict, reportedAt: r.reportedAt,
  });
  const reportRows = splitFresh(batch.reports, (r) => r.reportId, fresh.reports);
  push('write/create-reports', [...finalValues(reportRows.created, (r) => r.reportId, reportProps).values()].map((v) => ({ props: presentProps(v), brand: v.brand })));
  push('write/upsert-reports', reportRows.known.map(reportProps));
  const reports = [...finalValues(reportRows.known, (r) => r.reportId, (r) => ({ shopId: r.shopId, brand: r.brand }))].map(([id, v]) => ({ id, ...v }));
  push('write/unlink-reports', reports);
  push('write/link-report-shops', reports.map((r) => ({ id: r.id, shopId: r.shopId })));
  push('write/link-report-brands', reports.flatMap((r) => (r.brand === null ? [] : [{ id: r.id, brand: r.brand }])));
  return out;
}
