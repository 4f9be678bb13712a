/**
 * A batch crosses to a writer thread as columns (engine/store/batch-columns.ts);
 * the bulk load's import-file writer rebuilds the records on its side. The
 * rebuilt batch must be the batch: every field, nulls and absent addresses included.
 */
import { describe, expect, it } from 'vitest';
import { deserialize, serialize } from 'node:v8';
import { fromColumns, toColumns } from '../../engine/store/batch-columns.ts';
import { emptyBatch, type IngestBatch } from '../../engine/model/records.ts';

const place = (n: number) => ({ key: `${n} depot road|yiwu`, text: `${n} Depot Road, Yiwu`, raw: `${n} depot rd, yiwu` });

const batch: IngestBatch = {
  sellers: [
    { sellerId: 'S-1', name: 'Hub "One" Trading', registeredAt: '2020-01-01', phone: '+8610000001', phoneRaw: '+86 100 0000 01', email: 'a@example.com', idNumberHash: 'h1', deviceId: 'D-1', status: 'active', registeredAddress: place(1) },
    { sellerId: 'S-2', name: null, registeredAt: null, phone: null, phoneRaw: null, email: null, idNumberHash: null, deviceId: null, status: null, registeredAddress: null },
  ],
  shops: [
    { shopId: 'SH-1', sellerId: 'S-1', name: 'two\nlines', url: 'https://shop.example/1', openedAt: '2020-02-01', closedAt: null, status: 'taken_down' },
  ],
  paymentAccounts: [
    { accountId: 'A-1', sellerId: 'S-1', kind: 'bank', holderName: 'Wang Na' },
    { accountId: 'A-1', sellerId: 'S-2', kind: null, holderName: null },
  ],
  addresses: [{ sellerId: 'S-2', role: 'warehouse', address: place(2) }],
  shipments: [
    { shipmentId: 'P-1', shopId: 'SH-1', origin: place(2), destination: null, carrier: 'ZTO', trackingNo: 'Z1', shippedAt: '2020-04-01', weightKg: 1.5, declaredItem: 'watch' },
    { shipmentId: 'P-2', shopId: 'SH-1', origin: null, destination: place(3), carrier: null, trackingNo: null, shippedAt: null, weightKg: null, declaredItem: null },
  ],
  reports: [{ reportId: 'R-1', shopId: 'SH-1', brand: 'Aurelle', kind: 'test_buy', verdict: 'counterfeit', reportedAt: '2020-05-01' }],
};

describe('batch columns', () => {
  it('when a batch is sent as columns through the structured clone a worker uses, then the records rebuilt from them are the batch', () => {
    expect(fromColumns(deserialize(serialize(toColumns(batch))) as ReturnType<typeof toColumns>)).toEqual(batch);
  });

  it('when a batch is empty, then it stays empty', () => {
    expect(fromColumns(toColumns(emptyBatch()))).toEqual(emptyBatch());
  });
});
