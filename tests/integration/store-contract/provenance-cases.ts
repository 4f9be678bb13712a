/**
 * Contract cases for ingest provenance (append-only records of what each load
 * read, written by `ingestExport` itself) and the dossier's evidence read
 * (every shipment of a set of shops).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingestExport, type IngestRecord } from '../../../engine/index.ts';
import { scenario } from '../../fixtures/store/scenario.ts';
import { useStore, type StoreFactory } from './factory.ts';

const MESSY = join(import.meta.dirname, '../../fixtures/exports/messy');

function ingestRecord(id: string, finishedAt: string, fields: Partial<IngestRecord> = {}): IngestRecord {
  return {
    id,
    startedAt: finishedAt,
    finishedAt,
    by: { kind: 'token', name: 'loader', tokenId: 'tok-1' },
    strict: false,
    written: true,
    accepted: 3,
    rejected: 1,
    files: [
      { name: 'sellers.csv', bytes: 120, sha256: 'a'.repeat(64), rows: 2, accepted: 2, rejected: 0 },
      { name: 'shops.ndjson', bytes: 80, sha256: 'b'.repeat(64), rows: 2, accepted: 1, rejected: 1 },
    ],
    ...fields,
  };
}

export function defineProvenanceCases(factory: StoreFactory): void {
  describe('ingest provenance', () => {
    const store = useStore(factory);

    it('when ingests are recorded, then they list newest first with their files in read order, paged', async () => {
      await store().recordIngest(ingestRecord('i1', '2026-01-01T10:00:00.000Z'));
      await store().recordIngest(ingestRecord('i2', '2026-01-02T10:00:00.000Z', { by: { kind: 'cli', name: 'ann', tokenId: null }, written: false, strict: true, files: [] }));

      const all = await store().listIngests({ offset: 0, limit: 10 });
      expect(all.total).toBe(2);
      expect(all.ingests).toEqual([
        ingestRecord('i2', '2026-01-02T10:00:00.000Z', { by: { kind: 'cli', name: 'ann', tokenId: null }, written: false, strict: true, files: [] }),
        ingestRecord('i1', '2026-01-01T10:00:00.000Z'),
      ]);
      expect(await store().listIngests({ offset: 1, limit: 1 })).toMatchObject({ total: 2, ingests: [{ id: 'i1' }] });
    });

    it('when an ingest id is recorded twice, then the second fails and the first stays', async () => {
      await store().recordIngest(ingestRecord('i1', '2026-01-01T10:00:00.000Z'));

      await expect(store().recordIngest(ingestRecord('i1', '2026-01-03T10:00:00.000Z', { accepted: 99 }))).rejects.toThrow();

      expect((await store().listIngests({ offset: 0, limit: 10 })).ingests).toEqual([ingestRecord('i1', '2026-01-01T10:00:00.000Z')]);
    });

    it('when an export is ingested, then its record holds each file with the SHA-256 of its bytes and its row counts', async () => {
      const report = await ingestExport(store(), MESSY, { by: { kind: 'cli', name: 'tester', tokenId: null } });

      const { ingests } = await store().listIngests({ offset: 0, limit: 10 });
      expect(ingests).toHaveLength(1);
      const [record] = ingests;
      expect(record).toMatchObject({ id: report.ingestId, by: { kind: 'cli', name: 'tester' }, written: true, accepted: report.accepted, rejected: report.rejected });
      expect(record!.rejected).toBeGreaterThan(0);
      for (const file of record!.files) {
        const bytes = readFileSync(join(MESSY, file.name));
        expect(file.sha256, file.name).toBe(createHash('sha256').update(bytes).digest('hex'));
        expect(file.bytes, file.name).toBe(bytes.length);
      }
      expect(record!.files.map((f) => [f.name, f.accepted, f.rejected])).toEqual(report.files.map((f) => [f.file, f.accepted, f.rejected]));
    });
  });

  describe('shipmentsOfShops', () => {
    const store = useStore(factory);

    it('when shops are given, then all their shipments come back with origin keys and parcel facts, ordered by shop and id', async () => {
      await store().writeBatch(scenario());

      const parcels = await store().shipmentsOfShops(['SH2', 'SH1', 'NO-SUCH-SHOP']);

      expect(parcels.map((p) => `${p.shopId}/${p.shipmentId}`)).toEqual(['SH1/P1', 'SH1/P2', 'SH1/P3', 'SH2/P5', 'SH2/P6']);
      expect(parcels[0]).toMatchObject({ carrier: 'SF', shippedAt: '2026-01-02', weightKg: 1.5, declaredItem: 'bag', originKey: expect.any(String), destinationKey: expect.any(String) });
      expect(parcels[1]).toMatchObject({ carrier: null, shippedAt: null, weightKg: null, declaredItem: null, destinationKey: null });
    });
  });
}
