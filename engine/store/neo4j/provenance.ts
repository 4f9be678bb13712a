/**
 * Ingest provenance (`(:Ingest)-[:READ]->(:IngestFile)`, append-only: the
 * registry holds no query that updates or deletes them) and the evidence
 * reads of dossiers (every shipment of a set of shops).
 */
import type { IngestRecord } from '../../model/provenance.ts';
import { compareCodePoints } from '../code-point-order.ts';
import type { EvidenceReads, IngestReads, StoredShipment } from '../ports.ts';
import type { Runner } from './session.ts';
import { asNullableString, asNumber, asRecord, asString, chunks, type Plain } from './values.ts';

const SHOP_CHUNK = 5_000;

function toIngest(ingest: Record<string, Plain>, files: Plain): IngestRecord {
  return {
    id: asString(ingest['id']),
    startedAt: asString(ingest['startedAt']),
    finishedAt: asString(ingest['finishedAt']),
    by: { kind: asString(ingest['actorKind']) as IngestRecord['by']['kind'], name: asString(ingest['actorName']), tokenId: asNullableString(ingest['tokenId']) },
    strict: ingest['strict'] === true,
    written: ingest['written'] === true,
    accepted: asNumber(ingest['accepted']),
    rejected: asNumber(ingest['rejected']),
    files: (Array.isArray(files) ? files : []).map((f) => {
      const file = asRecord(f);
      return {
        name: asString(file['name']), bytes: asNumber(file['bytes']), sha256: asString(file['sha256']),
        rows: asNumber(file['rows']), accepted: asNumber(file['accepted']), rejected: asNumber(file['rejected']),
      };
    }),
  };
}

function nullableNumber(value: unknown): number | null {
  return value === null || value === undefined ? null : asNumber(value);
}

export function createProvenance(runner: Runner): IngestReads & EvidenceReads & { recordIngest(record: IngestRecord): Promise<void> } {
  return {
    async recordIngest(r) {
      const ingest = {
        id: r.id, startedAt: r.startedAt, finishedAt: r.finishedAt, actorKind: r.by.kind, actorName: r.by.name, tokenId: r.by.tokenId,
        strict: r.strict, written: r.written, accepted: r.accepted, rejected: r.rejected,
      };
      const files = r.files.map((f, position) => ({ position, ...f }));
      await runner.write('recordIngest', (tx) => tx.run('write/create-ingest', { ingest, files }));
    },

    async listIngests({ offset, limit }) {
      const [record] = await runner.read('read/list-ingests', { offset, limit });
      if (record === undefined) return { ingests: [], total: 0 };
      const items = record.get('ingests') as Array<{ ingest: Record<string, Plain>; files: Plain }>;
      return { ingests: items.map((item) => toIngest(asRecord(item.ingest), item.files)), total: asNumber(record.get('total')) };
    },

    async shipmentsOfShops(shopIds) {
      const out: StoredShipment[] = [];
      for (const part of chunks([...new Set(shopIds)], SHOP_CHUNK)) {
        for (const r of await runner.read('read/get-shop-shipments', { shopIds: part })) {
          out.push({
            shipmentId: asString(r.get('shipmentId')),
            shopId: asString(r.get('shopId')),
            originKey: asNullableString(r.get('originKey')),
            destinationKey: asNullableString(r.get('destinationKey')),
            carrier: asNullableString(r.get('carrier')),
            trackingNo: asNullableString(r.get('trackingNo')),
            shippedAt: asNullableString(r.get('shippedAt')),
            weightKg: nullableNumber(r.get('weightKg')),
            declaredItem: asNullableString(r.get('declaredItem')),
          });
        }
      }
      return out.sort((a, b) => compareCodePoints(a.shopId, b.shopId) || compareCodePoints(a.shipmentId, b.shipmentId));
    },
  };
}
