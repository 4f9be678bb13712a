/**
 * Contract cases for ingest writes: idempotent upserts, newer exports updating
 * attributes without losing links or known values, and existence lookups.
 */
import { describe, expect, it } from 'vitest';
import { account, batch, seller, shop } from '../../fixtures/store/builders.ts';
import { ODD_ID, scenario } from '../../fixtures/store/scenario.ts';
import { collectGroups, useStore, type StoreFactory } from './factory.ts';

export function defineIngestCases(factory: StoreFactory): void {
  describe('writeBatch', () => {
    const store = useStore(factory);

    it('when a batch is written, then counts reflect its distinct entities', async () => {
      await store().writeBatch(scenario());

      expect(await store().counts()).toEqual({ sellers: 11, shops: 5, addresses: 4, paymentAccounts: 2, shipments: 7, reports: 4 });
      expect(await store().sellerCount()).toBe(11);
    });

    it('when the same batch is written twice, then nothing changes', async () => {
      await store().writeBatch(scenario());
      const counts = await store().counts();
      const groups = await collectGroups(store());
      const entity = await store().entity({ type: 'seller', key: 'S1' });

      await store().writeBatch(scenario());

      expect(await store().counts()).toEqual(counts);
      expect(await collectGroups(store())).toEqual(groups);
      expect(await store().entity({ type: 'seller', key: 'S1' })).toEqual(entity);
    });

    it('when a newer batch changes attributes, then they update and links stay', async () => {
      await store().writeBatch(scenario());

      await store().writeBatch(
        batch({
          sellers: [seller('S1', { name: 'Lucky Star Renamed', status: 'suspended' })],
          shops: [shop('SH1', 'S1', { status: 'taken_down' })],
          paymentAccounts: [account('ACC-NEW', 'S1')],
        }),
      );

      const s1 = await store().entity({ type: 'seller', key: 'S1' });
      expect(s1?.attributes).toMatchObject({ name: 'Lucky Star Renamed', status: 'suspended', idNumberHash: 'H1', email: 'lucky@star.test' });
      const sh1 = await store().entity({ type: 'shop', key: 'SH1' });
      expect(sh1?.attributes).toMatchObject({ status: 'taken_down', name: 'Star Outlet' });
      const accounts = (await collectGroups(store(), { minSellers: 1 })).filter((g) => g.type === 'payment_account' && g.sellers.includes('S1'));
      expect(accounts.map((g) => g.value).sort()).toEqual(['ACC-NEW', 'ACC-RING']);
    });

    it('when a newer batch leaves an optional field absent, then the known value is kept', async () => {
      await store().writeBatch(scenario());

      await store().writeBatch(batch({ sellers: [seller('S2')] }));

      const s2 = await store().entity({ type: 'seller', key: 'S2' });
      expect(s2?.attributes).toMatchObject({ name: 'Bright Moon Goods', phone: '+8613800000001', status: 'banned', idNumberHash: 'H1' });
    });

    it('when an empty batch is written, then it succeeds and changes nothing', async () => {
      await store().writeBatch(batch({}));

      expect((await store().counts()).sellers).toBe(0);
    });
  });

  describe('existingSellers / existingShops', () => {
    const store = useStore(factory);

    it('when asked about known and unknown ids, then only the known come back, compared exactly', async () => {
      await store().writeBatch(scenario());

      expect(await store().existingSellers(['S1', 's1', 'S99', ODD_ID, 'S1'])).toEqual(new Set(['S1', ODD_ID]));
      expect(await store().existingShops(['SH1', 'SH9', 'SH1b'])).toEqual(new Set(['SH1', 'SH1b']));
      expect(await store().existingSellers([])).toEqual(new Set());
    });

    it('when asked about many ids at once, then the answer is complete', async () => {
      const sellers = Array.from({ length: 25_000 }, (_, i) => seller(`M${i}`));
      await store().writeBatch(batch({ sellers }));
      const asked = [...sellers.map((s) => s.sellerId), 'M-unknown'];

      const found = await store().existingSellers(asked);

      expect(found.size).toBe(25_000);
      expect(found.has('M-unknown')).toBe(false);
    });
  });
}
