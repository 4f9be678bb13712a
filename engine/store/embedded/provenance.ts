/**
 * Ingest provenance and the evidence reads of dossiers in the embedded store:
 * append-only ingest records (the schema's triggers refuse updates and
 * deletes) and every shipment of a set of shops.
 */
import type { IngestRecord } from '../../model/provenance.ts';
import type { EvidenceReads, IngestReads, StoredShipment } from '../ports.ts';
import { compareCodePoints } from '../code-point-order.ts';
import type { Db } from './connection.ts';
import { chunks, JSON_IDS } from './sql.ts';

type IngestRow = [
  id: string, startedAt: string, finishedAt: string, actorKind: string, actorName: string, tokenId: string | null,
  strict: number, written: number, accepted: number, rejected: number,
];
type FileRow = [name: string, bytes: number, sha256: string, rows: number, accepted: number, rejected: number];

export function createProvenance(db: Db): IngestReads & EvidenceReads & { recordIngest(record: IngestRecord): Promise<void> } {
  const insertIngest = db.prepare(
    `INSERT INTO ingests (id, started_at, finished_at, actor_kind, actor_name, token_id, strict, written, accepted, rejected)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertFile = db.prepare(
    'INSERT INTO ingest_files (ingest_id, position, name, bytes, sha256, rows, accepted, rejected) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const record = db.transaction((r: IngestRecord) => {
    insertIngest.run(r.id, r.startedAt, r.finishedAt, r.by.kind, r.by.name, r.by.tokenId, r.strict ? 1 : 0, r.written ? 1 : 0, r.accepted, r.rejected);
    r.files.forEach((f, i) => insertFile.run(r.id, i, f.name, f.bytes, f.sha256, f.rows, f.accepted, f.rejected));
  });
  const total = db.prepare('SELECT count(*) FROM ingests').pluck();
  const page = db
    .prepare(
      `SELECT id, started_at, finished_at, actor_kind, actor_name, token_id, strict, written, accepted, rejected
       FROM ingests ORDER BY finished_at DESC, seq DESC LIMIT ? OFFSET ?`,
    )
    .raw();
  const files = db.prepare('SELECT name, bytes, sha256, rows, accepted, rejected FROM ingest_files WHERE ingest_id = ? ORDER BY position').raw();

  const shipments = db.prepare(
    `SELECT shipment_id AS shipmentId, shop_id AS shopId, origin_key AS originKey, destination_key AS destinationKey,
            carrier, tracking_no AS trackingNo, shipped_at AS shippedAt, weight_kg AS weightKg, declared_item AS declaredItem
     FROM shipments WHERE shop_id IN ${JSON_IDS}`,
  );

  return {
    async recordIngest(r) {
      record.immediate(r);
    },

    async listIngests({ offset, limit }) {
      const rows = page.all(limit, offset) as IngestRow[];
      const ingests = rows.map(([id, startedAt, finishedAt, actorKind, actorName, tokenId, strict, written, accepted, rejected]): IngestRecord => ({
        id, startedAt, finishedAt,
        by: { kind: actorKind as IngestRecord['by']['kind'], name: actorName, tokenId },
        strict: strict === 1, written: written === 1, accepted, rejected,
        files: (files.all(id) as FileRow[]).map(([name, bytes, sha256, fileRows, fileAccepted, fileRejected]) => ({
          name, bytes, sha256, rows: fileRows, accepted: fileAccepted, rejected: fileRejected,
        })),
      }));
      return { ingests, total: total.get() as number };
    },

    async shipmentsOfShops(shopIds) {
      const out: StoredShipment[] = [];
      for (const part of chunks([...new Set(shopIds)])) out.push(...(shipments.all(JSON.stringify(part)) as StoredShipment[]));
      return out.sort((a, b) => compareCodePoints(a.shopId, b.shopId) || compareCodePoints(a.shipmentId, b.shipmentId));
    },
  };
}
