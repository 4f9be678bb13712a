/**
 * Contract cases for detection reads: identifier groups per type (sizes,
 * sorted distinct sellers, hub cut, parcel counts), seller facts and address
 * texts.
 */
import { describe, expect, it } from 'vitest';
import type { IdentifierGroup } from '../../../engine/index.ts';
import { batch, seller } from '../../fixtures/store/builders.ts';
import { HOME, HUB_PHONE, OTHER_ORIGIN, RING_PHONE, WAREHOUSE, scenario } from '../../fixtures/store/scenario.ts';
import { collectGroups, useStore, type StoreFactory } from './factory.ts';

function summary(groups: IdentifierGroup[]): string[] {
  return groups.map((g) => `${g.type} ${g.value} ${g.size} [${g.sellers.join(',')}]${g.shipments ? ` (${g.shipments.join(',')})` : ''}`);
}

export function defineDetectionCases(factory: StoreFactory): void {
  describe('identifierGroups', () => {
    const store = useStore(factory);

    it('when sellers share identifiers, then each shared value is one group of sorted distinct sellers', async () => {
      await store().writeBatch(scenario());

      const groups = summary(await collectGroups(store()));

      expect([...groups].sort()).toEqual(
        [
          'id_document H1 2 [S1,S2]',
          'payment_account ACC-RING 3 [S1,S2,S3]',
          `phone ${HUB_PHONE} 5 [S4,S5,S6,S7,S8]`,
          `phone ${RING_PHONE} 2 [S2,S3]`,
          // S10 declared the home address in addresses.csv, S9 as its registered_address: one group.
          `registered_address ${HOME.key} 2 [S10,S9]`,
          `warehouse_address ${WAREHOUSE.key} 2 [S1,S2]`,
          // S1's two shops sent 3 + 1 parcels from the warehouse (one written as a variant).
          `shipment_origin ${WAREHOUSE.key} 2 [S1,S2] (4,2)`,
        ].sort(),
      );
    });

    it('when a group is larger than maxSellers, then it keeps its size and ships no sellers', async () => {
      await store().writeBatch(scenario());

      const groups = await collectGroups(store(), { maxSellers: 4 });

      const hub = groups.find((g) => g.value === HUB_PHONE);
      expect(hub).toMatchObject({ type: 'phone', size: 5, sellers: [] });
      expect(groups.find((g) => g.value === 'ACC-RING')?.sellers).toEqual(['S1', 'S2', 'S3']);
    });

    it('when minSellers is 1, then singletons come too; when it is 3, then pairs are skipped', async () => {
      await store().writeBatch(scenario());

      const all = await collectGroups(store(), { minSellers: 1 });
      const big = await collectGroups(store(), { minSellers: 3 });

      expect(all.find((g) => g.type === 'shipment_origin' && g.value === OTHER_ORIGIN.key)).toMatchObject({ size: 1, sellers: ['S3'], shipments: [1] });
      expect(all.find((g) => g.type === 'email')).toMatchObject({ value: 'lucky@star.test', sellers: ['S1'] });
      expect(summary(big).sort()).toEqual(['payment_account ACC-RING 3 [S1,S2,S3]', `phone ${HUB_PHONE} 5 [S4,S5,S6,S7,S8]`]);
    });

    it('when the store is empty, then no group comes back', async () => {
      expect(await collectGroups(store())).toEqual([]);
    });

    it('when the stream is abandoned early, then the store stays usable', async () => {
      await store().writeBatch(scenario());
      for await (const group of store().identifierGroups({})) {
        expect(group.size).toBeGreaterThan(1);
        break;
      }

      await store().writeBatch(batch({ sellers: [seller('S20', { phone: HUB_PHONE })] }));

      expect((await collectGroups(store())).find((g) => g.value === HUB_PHONE)?.size).toBe(6);
    });
  });

  describe('sellerFacts', () => {
    const store = useStore(factory);

    it('when asked for ring sellers, then shops, report counts and brands are summed per seller', async () => {
      await store().writeBatch(scenario());

      const facts = await store().sellerFacts(['S1', 'S2', 'S9', 'S-unknown']);

      expect(facts.get('S1')).toEqual({
        sellerId: 'S1',
        status: 'active',
        shopIds: ['SH1', 'SH1b'],
        shopsTakenDown: 1,
        shopsClosed: 0,
        counterfeitReports: 1,
        genuineReports: 1,
        complaints: 0,
        takedownReports: 0,
        counterfeitBrands: ['Acme'],
        reportedBrands: ['Acme', 'Zeta'],
      });
      expect(facts.get('S2')).toMatchObject({ status: 'banned', shopsClosed: 1, counterfeitReports: 1, takedownReports: 1 });
      expect(facts.get('S9')).toMatchObject({ shopIds: [], counterfeitReports: 0, reportedBrands: [] });
      expect(facts.has('S-unknown')).toBe(false);
    });
  });

  describe('addressTexts', () => {
    const store = useStore(factory);

    it('when asked for address keys, then the canonical texts of the known ones come back', async () => {
      await store().writeBatch(scenario());

      const texts = await store().addressTexts([WAREHOUSE.key, HOME.key, 'nowhere']);

      expect(texts).toEqual(new Map([[WAREHOUSE.key, WAREHOUSE.text], [HOME.key, HOME.text]]));
    });
  });
}
