/**
 * Neo4j adapter specifics the shared contract does not cover: schema applied
 * idempotently, unreachable servers, driver values made plain, batch write
 * throughput, a create that races another writer, and a ring run that fails
 * half-way leaving the previous one.
 */
import neo4jDriver from 'neo4j-driver';
import { describe, expect, it } from 'vitest';
import { createNeo4jStore } from '../../engine/store/neo4j/index.ts';
import { createIngestWrites } from '../../engine/store/neo4j/ingest-writes.ts';
import { createRunner, type Runner } from '../../engine/store/neo4j/session.ts';
import { freePort } from '../../engine/store/neo4j/local-server.ts';
import { batch, seller, shop, shipment, place } from '../fixtures/store/builders.ts';
import { scenario } from '../fixtures/store/scenario.ts';
import { neo4jTestsEnabled, useNeo4j, wipeNeo4j } from './neo4j-setup.ts';

describe.skipIf(!neo4jTestsEnabled)('createNeo4jStore', () => {
  const neo4j = useNeo4j();

  it('when opened twice on the same database, then the schema is applied idempotently', async () => {
    const first = createNeo4jStore(neo4j());
    await first.open();
    await first.close();
    const second = createNeo4jStore(neo4j());
    await second.open();
    const info = await second.info();
    await second.close();

    expect(info).toMatchObject({ kind: 'neo4j', location: neo4j().uri });
    expect(info.version).toMatch(/Neo4j Kernel 5\.26/);
  });

  it('when nothing listens at the URI, then open fails with retriable STORE_UNAVAILABLE naming the URI only', async () => {
    const port = await freePort();
    const store = createNeo4jStore({ uri: `bolt://127.0.0.1:${port}`, user: 'neo4j', password: 'top-secret-pw' });

    const attempt = store.open();

    await expect(attempt).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE', retriable: true, message: `Neo4j unreachable at bolt://127.0.0.1:${port}` });
    await expect(attempt).rejects.not.toThrow(/top-secret-pw/);
  });

  it('when the password is wrong, then open fails with STORE_UNAVAILABLE without the password', async () => {
    const store = createNeo4jStore({ ...neo4j(), password: 'wrong-password-1' });

    await expect(store.open()).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE', retriable: false });
  });

  it('when a batch is written, then entities read back as plain JS values', async () => {
    await wipeNeo4j(neo4j());
    const store = createNeo4jStore(neo4j());
    await store.open();
    try {
      await store.writeBatch(scenario());
      const counts = await store.counts();
      const p1 = await store.entity({ type: 'shipment', key: 'P1' });
      const address = await store.entity({ type: 'address', key: place('12 Dragon Road Building 5').key });

      expect(Object.values(counts).every((n) => typeof n === 'number')).toBe(true);
      expect(p1?.attributes).toMatchObject({ weightKg: 1.5, carrier: 'SF' });
      expect(address?.attributes['variants']).toEqual(expect.arrayContaining(['12 dragon rd bldg 5', '12 Dragon Road, Building 5']));
    } finally {
      await store.close();
    }
  });

  it('when another writer creates a seller between the existence check and the create, then the batch is re-run as upserts and all is there once', async () => {
    await wipeNeo4j(neo4j());
    const store = createNeo4jStore(neo4j());
    await store.open();
    const driver = neo4jDriver.driver(neo4j().uri, neo4jDriver.auth.basic(neo4j().user, neo4j().password), { disableLosslessIntegers: true });
    try {
      await store.writeBatch(batch({ sellers: [seller('S1', { name: 'Before', phone: '+8611' })] }));
      const plain = createRunner(() => driver, undefined, neo4j().uri);
      // The first transaction is told nothing exists yet, as if S1 had been created after it looked.
      let attempts = 0;
      const racing: Runner = {
        ...plain,
        write: (what, work) => {
          attempts += 1;
          const blind = attempts === 1;
          return plain.write(what, (tx) => work({ run: (name, params, templates) => (blind && name === 'read/find-existing-ids' ? Promise.resolve([]) : tx.run(name, params, templates)) }));
        },
      };

      await createIngestWrites(racing).writeBatch(batch({ sellers: [seller('S1', { name: 'After', phone: '+8622' }), seller('S2', { name: 'New' })] }));

      expect(attempts).toBe(2);
      expect(await store.counts()).toMatchObject({ sellers: 2 });
      expect((await store.entity({ type: 'seller', key: 'S1' }))?.attributes).toMatchObject({ name: 'After', phone: '+8622' });
      const phones = [];
      for await (const g of store.identifierGroups({ minSellers: 1 })) if (g.type === 'phone') phones.push(g);
      expect(phones).toEqual([expect.objectContaining({ value: '+8622', sellers: ['S1'] })]);
    } finally {
      await driver.close();
      await store.close();
    }
  });

  it('when 20,000 sellers with shops and parcels are written in batches, then the rate is measured and all arrive', async () => {
    await wipeNeo4j(neo4j());
    const store = createNeo4jStore(neo4j());
    await store.open();
    try {
      const n = 20_000;
      const warehouse = place('99 Batch Road');
      const started = performance.now();
      for (let i = 0; i < n; i += 5_000) {
        const ids = Array.from({ length: 5_000 }, (_, j) => i + j);
        await store.writeBatch(
          batch({
            sellers: ids.map((k) => seller(`B${k}`, { name: `Seller ${k}`, phone: `+86${k % 4000}`, status: 'active' })),
            shops: ids.map((k) => shop(`BS${k}`, `B${k}`, { name: `Shop ${k}` })),
            shipments: ids.map((k) => shipment(`BP${k}`, `BS${k}`, { origin: warehouse })),
          }),
        );
      }
      const seconds = (performance.now() - started) / 1000;
      const rows = n * 3;
      console.info(`neo4j batch writes: ${rows} rows in ${seconds.toFixed(1)} s = ${Math.round(rows / seconds)} rows/s`);

      expect(await store.counts()).toMatchObject({ sellers: n, shops: n, shipments: n, addresses: 1 });
      const groups = [];
      for await (const g of store.identifierGroups({ maxSellers: 100 })) groups.push(g);
      expect(groups.find((g) => g.type === 'shipment_origin')).toMatchObject({ size: n, sellers: [] });
      expect(groups.filter((g) => g.type === 'phone')).toHaveLength(4000);
    } finally {
      await store.close();
    }
  });
});
