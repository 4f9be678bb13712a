/**
 * Ingest writes: one managed transaction per batch, one `UNWIND $rows … MERGE`
 * query per entity type (addresses first, de-duplicated, since a warehouse
 * recurs on thousands of parcels of one batch). Upsert semantics match the
 * embedded store: null keeps the known value, links are merged.
 */
import type { IngestBatch, ResolvedAddress } from '../../model/records.ts';
import type { IngestWrites } from '../ports.ts';
import { ROLE_RELS } from './node-types.ts';
import type { Runner } from './session.ts';
import { asString, chunks } from './values.ts';

const LOOKUP_CHUNK = 10_000;

export function createIngestWrites(runner: Runner): IngestWrites {
  const existing = (name: 'read/find-existing-sellers' | 'read/find-existing-shops') => async (ids: string[]): Promise<Set<string>> => {
    const found = new Set<string>();
    for (const part of chunks([...new Set(ids)], LOOKUP_CHUNK)) {
      for (const record of await runner.read(name, { ids: part })) found.add(asString(record.get('id')));
    }
    return found;
  };

  return {
    async writeBatch(batch) {
      const addresses = collectAddresses(batch);
      const byRole = new Map<string, Array<{ sellerId: string; key: string }>>();
      for (const a of batch.addresses) {
        const rel = ROLE_RELS[a.role];
        const rows = byRole.get(rel) ?? [];
        rows.push({ sellerId: a.sellerId, key: a.address.key });
        byRole.set(rel, rows);
      }
      await runner.write('writeBatch', async (tx) => {
        if (addresses.length > 0) await tx.run('write/upsert-addresses', { rows: addresses });
        if (batch.sellers.length > 0) {
          await tx.run('write/upsert-sellers', {
            rows: batch.sellers.map((s) => ({
              id: s.sellerId, name: s.name, registeredAt: s.registeredAt, phone: s.phone, phoneRaw: s.phoneRaw,
              email: s.email, idNumberHash: s.idNumberHash, status: s.status, registeredAddressKey: s.registeredAddress?.key ?? null,
            })),
          });
        }
        for (const [rel, rows] of byRole) await tx.run('write/link-seller-addresses', { rows }, { rel });
        if (batch.shops.length > 0) {
          await tx.run('write/upsert-shops', {
            rows: batch.shops.map((s) => ({
              id: s.shopId, sellerId: s.sellerId, name: s.name, url: s.url, openedAt: s.openedAt, closedAt: s.closedAt, status: s.status,
            })),
          });
        }
        if (batch.paymentAccounts.length > 0) {
          await tx.run('write/upsert-payment-accounts', {
            rows: batch.paymentAccounts.map((p) => ({ id: p.accountId, sellerId: p.sellerId, kind: p.kind, holderName: p.holderName })),
          });
        }
        if (batch.shipments.length > 0) {
          await tx.run('write/upsert-shipments', {
            rows: batch.shipments.map((s) => ({
              id: s.shipmentId, shopId: s.shopId, originKey: s.origin?.key ?? null, destinationKey: s.destination?.key ?? null,
              carrier: s.carrier, trackingNo: s.trackingNo, shippedAt: s.shippedAt, weightKg: s.weightKg, declaredItem: s.declaredItem,
            })),
          });
        }
        if (batch.reports.length > 0) {
          await tx.run('write/upsert-reports', {
            rows: batch.reports.map((r) => ({
              id: r.reportId, shopId: r.shopId, brand: r.brand, kind: r.kind, verdict: r.verdict, reportedAt: r.reportedAt,
            })),
          });
        }
      });
    },
    existingSellers: existing('read/find-existing-sellers'),
    existingShops: existing('read/find-existing-shops'),
  };
}

/** Distinct canonical addresses of a batch with their raw variants. */
function collectAddresses(batch: IngestBatch): Array<{ key: string; text: string; raws: string[] }> {
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
