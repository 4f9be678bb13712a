/**
 * Contract cases for device fingerprints (`sellers.device_id`), the identifier
 * type added through the identifier registry: stored and updated like the
 * other single-valued seller identifiers, grouped for detection, read as
 * `device` nodes, expanded, drawn in ring subgraphs and found by search.
 */
import { describe, expect, it } from 'vitest';
import type { Subgraph } from '../../../engine/index.ts';
import { batch, ring, run, seller } from '../../fixtures/store/builders.ts';
import { scenario } from '../../fixtures/store/scenario.ts';
import { collectGroups, useStore, type StoreFactory } from './factory.ts';

const KIOSK = 'KIOSK-MALL-1';

/** The scenario with S1 and S3 on one laptop and the five honest sellers on a public kiosk. */
function withDevices() {
  const base = scenario();
  const devices: Record<string, string> = { S1: 'DV-LAPTOP', S3: 'DV-LAPTOP', S2: 'DV-PHONE-S2', S4: KIOSK, S5: KIOSK, S6: KIOSK, S7: KIOSK, S8: KIOSK };
  return { ...base, sellers: base.sellers.map((s) => ({ ...s, deviceId: devices[s.sellerId] ?? null })) };
}

const edgeList = (g: Subgraph): string[] => g.edges.map((e) => `${e.source} ${e.type} ${e.target}`).sort();

export function defineDeviceCases(factory: StoreFactory): void {
  describe('devices', () => {
    const store = useStore(factory);

    it('when sellers share a device, then it is one device group of sorted sellers, and a kiosk is a group too', async () => {
      await store().writeBatch(withDevices());

      const groups = (await collectGroups(store())).filter((g) => g.type === 'device').map((g) => `${g.value} ${g.size} [${g.sellers.join(',')}]`);

      expect(groups.sort()).toEqual(['DV-LAPTOP 2 [S1,S3]', `${KIOSK} 5 [S4,S5,S6,S7,S8]`]);
    });

    it('when a device node and its seller are read, then both carry it, and a newer export moves the seller off the old device', async () => {
      await store().writeBatch(withDevices());
      expect((await store().entity({ type: 'seller', key: 'S3' }))?.attributes).toMatchObject({ deviceId: 'DV-LAPTOP' });
      expect((await store().entity({ type: 'device', key: 'DV-LAPTOP' }))?.attributes).toMatchObject({ sellers: 2 });

      await store().writeBatch(batch({ sellers: [seller('S3', { deviceId: 'DV-NEW' })] }));
      await store().writeBatch(batch({ sellers: [seller('S1')] }));

      expect((await store().entity({ type: 'device', key: 'DV-LAPTOP' }))?.attributes).toMatchObject({ sellers: 1 });
      expect((await store().entity({ type: 'seller', key: 'S1' }))?.attributes).toMatchObject({ deviceId: 'DV-LAPTOP' });
      expect((await collectGroups(store())).some((g) => g.type === 'device' && g.value === 'DV-LAPTOP')).toBe(false);
      expect(await store().entity({ type: 'device', key: 'nope' })).toBeNull();
    });

    it('when a device is expanded, searched, or in a ring, then its sellers come with USES_DEVICE edges and search finds it', async () => {
      await store().writeBatch(withDevices());
      await store().saveRun(run('run-1', '2026-01-01T00:00:00Z'), [ring('R-a', ['S1', 'S2', 'S3'], { brands: ['Acme'], score: 0.9 })]);

      const around = await store().neighbourhood({ type: 'device', key: 'DV-LAPTOP' }, { depth: 1, limit: 50 });
      const ringGraph = await store().ringSubgraph('R-a', { limit: 500 });
      const found = await store().search({ text: 'DV-LAPTOP', limit: 5 });

      expect(edgeList(around)).toEqual(['seller:S1 USES_DEVICE device:DV-LAPTOP', 'seller:S3 USES_DEVICE device:DV-LAPTOP']);
      expect(edgeList(ringGraph!).filter((e) => e.includes('USES_DEVICE'))).toEqual([
        'seller:S1 USES_DEVICE device:DV-LAPTOP',
        'seller:S2 USES_DEVICE device:DV-PHONE-S2',
        'seller:S3 USES_DEVICE device:DV-LAPTOP',
      ]);
      expect(found[0]?.id).toBe('device:DV-LAPTOP');
    });
  });
}
