import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ingestExport, type FullStore, type IdentifierGroup } from '../../engine/index.ts';
import { createEmbeddedStore } from '../../engine/store/embedded/index.ts';

const MESSY = path.resolve('tests/fixtures/exports/messy');

describe('ingestExport', () => {
  let dir: string;
  let store: FullStore;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'ringtrace-ingest-'));
    store = createEmbeddedStore({ dataDir: dir });
    await store.open();
  });
  afterEach(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('when an export has bad rows, then each is reported as file:line: reason and every valid row is kept', async () => {
    const report = await ingestExport(store, MESSY);
    const lines = report.errors.map((e) => `${e.file}:${e.line}: ${e.reason}`);
    expect(lines).toEqual([
      'sellers.csv:4: seller_id: required',
      'sellers.csv:5: registered_at: expected an ISO 8601 date or timestamp',
      'sellers.csv:6: status: expected one of active, suspended, banned',
      "shops.csv:4: seller_id: unknown seller 'S-404'",
      'payment_accounts.csv:4: kind: expected one of bank, alipay, card, other',
      'addresses.csv:4: address: required',
      'shipments.ndjson:2: weight_kg: expected a non-negative number',
      "shipments.ndjson:3: shop_id: unknown shop 'SH-3'",
      'shipments.ndjson:4: not valid JSON',
      'reports.csv:4: verdict: expected one of counterfeit, genuine, unknown',
    ]);
    expect(report.rejected).toBe(10);
    expect(report.warnings).toEqual(['sellers.csv: unknown columns ignored: favourite_colour']);
    expect(await store.counts()).toMatchObject({ sellers: 3, shops: 3, shipments: 2, reports: 2 });
  });

  it('when addresses and contacts are written differently, then they resolve to shared identifiers', async () => {
    await ingestExport(store, MESSY);
    const groups: IdentifierGroup[] = [];
    for await (const g of store.identifierGroups({ minSellers: 2 })) groups.push(g);
    const byType = (t: string) => groups.filter((g) => g.type === t).map((g) => g.sellers);
    expect(byType('registered_address')).toEqual([['S-1', 'S-2']]);
    expect(byType('warehouse_address')).toEqual([['S-1', 'S-2']]);
    // P-2 (S-2's parcel from the same warehouse) was rejected, so no shared origin remains.
    expect(byType('shipment_origin')).toEqual([]);
    expect(byType('phone')).toEqual([['S-1', 'S-2']]);
    expect(byType('email')).toEqual([['S-1', 'S-2']]);
    expect(byType('id_document')).toEqual([['S-1', 'S-2']]);
    expect(byType('payment_account')).toEqual([['S-1', 'S-2']]);
  });

  it('when strict and any row is bad, then nothing is written and the report lists the errors', async () => {
    const report = await ingestExport(store, MESSY, { strict: true });
    expect(report.written).toBe(false);
    expect(report.rejected).toBe(10);
    expect(await store.counts()).toMatchObject({ sellers: 0, shops: 0, shipments: 0, reports: 0 });
  });

  it('when the same export is loaded twice, then nothing changes', async () => {
    await ingestExport(store, MESSY);
    const once = await store.counts();
    const groupsOnce: IdentifierGroup[] = [];
    for await (const g of store.identifierGroups({ minSellers: 2 })) groupsOnce.push(g);
    await ingestExport(store, MESSY);
    const groupsTwice: IdentifierGroup[] = [];
    for await (const g of store.identifierGroups({ minSellers: 2 })) groupsTwice.push(g);
    expect(await store.counts()).toEqual(once);
    expect(groupsTwice).toEqual(groupsOnce);
  });

  it('when a later export references sellers of an earlier load, then its rows are accepted', async () => {
    await ingestExport(store, MESSY);
    const later = await mkdtemp(path.join(tmpdir(), 'ringtrace-later-'));
    const { writeFile } = await import('node:fs/promises');
    await writeFile(path.join(later, 'shops.csv'), 'shop_id,seller_id\nSH-9,S-1\n');
    const report = await ingestExport(store, later);
    expect(report.rejected).toBe(0);
    expect(report.accepted).toBe(1);
    await rm(later, { recursive: true, force: true });
  });

  it('when a CSV has a stray quote, a NUL in an id and a day that does not exist, then only those rows are rejected and every other row loads', async () => {
    const folder = await mkdtemp(path.join(tmpdir(), 'ringtrace-broken-'));
    const { writeFile } = await import('node:fs/promises');
    await writeFile(
      path.join(folder, 'sellers.csv'),
      ['seller_id,name,registered_at', 'S-1,One,2016-01-01', 'S-2,Tw"o,2016-01-02', 'S-3,Three,2016-02-30', 'S-4\u0000,Four,2016-01-04', 'S-5,"Fi', 've",2016-01-05', 'S-6,Six,2016-01-06', ''].join('\n'),
    );
    const report = await ingestExport(store, folder);
    expect(report.errors.map((e) => `${e.line}: ${e.reason}`)).toEqual([
      '3: line 3: quote inside an unquoted field',
      '4: registered_at: expected an ISO 8601 date or timestamp',
      '5: seller_id: must not contain control characters (found U+0000)',
    ]);
    expect(report.accepted).toBe(3);
    expect(await store.counts()).toMatchObject({ sellers: 3 });
    await rm(folder, { recursive: true, force: true });
  });

  it('when the folder has no export files, then INVALID_INPUT names the folder', async () => {
    await expect(ingestExport(store, dir + '/nothing-here')).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });
});
