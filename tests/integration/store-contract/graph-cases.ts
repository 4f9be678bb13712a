/**
 * Contract cases for graph reads: entity of every node type, neighbourhoods
 * (depth, limit, truncation, type filter, folded parcels), a ring's subgraph
 * and search.
 */
import { describe, expect, it } from 'vitest';
import { nodeId, type GraphNode, type NodeType, type Subgraph } from '../../../engine/index.ts';
import { address, batch, place, ring, run, seller, shop } from '../../fixtures/store/builders.ts';
import { CUSTOMER, HOME, HUB_PHONE, RING_PHONE, WAREHOUSE, scenario } from '../../fixtures/store/scenario.ts';
import { useStore, type StoreFactory } from './factory.ts';

const ids = (g: Subgraph | GraphNode[]): string[] => ('nodes' in g ? g.nodes : g).map((n) => n.id).sort();
const edges = (g: Subgraph): string[] => g.edges.map((e) => `${e.source} ${e.type} ${e.target}${e.weight === undefined ? '' : ` ${e.weight}`}`).sort();

export function defineGraphCases(factory: StoreFactory): void {
  describe('entity', () => {
    const store = useStore(factory);

    it('when each node type is read, then its node carries what the store knows', async () => {
      await store().writeBatch(scenario());
      await store().saveRun(run('run-1', '2026-01-01T00:00:00Z'), [ring('R-a', ['S1', 'S2', 'S3'], { brands: ['Acme'], score: 0.9 })]);
      const get = (type: NodeType, key: string) => store().entity({ type, key });

      expect(await get('seller', 'S2')).toMatchObject({
        id: 'seller:S2',
        type: 'seller',
        key: 'S2',
        label: 'Bright Moon Goods',
        attributes: { status: 'banned', phone: RING_PHONE, phoneRaw: '+86 138 0000 0001', idNumberHash: 'H1', ring: 'R-a', shops: 1 },
      });
      expect((await get('seller', 'S9'))?.attributes).toMatchObject({ registeredAddress: HOME.key, registeredAddressText: HOME.text, ring: null });
      expect((await get('shop', 'SH1'))?.attributes).toMatchObject({ sellerId: 'S1', status: 'open', url: 'https://shop.test/sh1', shipments: 3, reports: 2 });
      const warehouse = await get('address', WAREHOUSE.key);
      expect(warehouse).toMatchObject({ label: WAREHOUSE.text, attributes: { text: WAREHOUSE.text, sellers: 2, shipmentsFrom: 6 } });
      expect([...(warehouse?.attributes.variants as string[])].sort()).toEqual(['12 Dragon Road, Building 5', '12 dragon rd bldg 5']);
      expect((await get('payment_account', 'ACC-RING'))?.attributes).toMatchObject({ kind: 'alipay', holderName: 'Zhang', sellers: 3 });
      expect((await get('phone', HUB_PHONE))?.attributes).toMatchObject({ sellers: 5 });
      expect((await get('email', 'lucky@star.test'))?.attributes).toMatchObject({ sellers: 1 });
      expect((await get('id_document', 'H1'))?.attributes).toMatchObject({ sellers: 2 });
      expect((await get('shipment', 'P1'))?.attributes).toMatchObject({
        shopId: 'SH1', origin: WAREHOUSE.key, destination: CUSTOMER.key, carrier: 'SF', weightKg: 1.5, declaredItem: 'bag', shippedAt: '2026-01-02',
      });
      expect((await get('report', 'R1'))?.attributes).toMatchObject({ shopId: 'SH1', brand: 'Acme', kind: 'test_buy', verdict: 'counterfeit' });
      expect((await get('brand', 'Acme'))?.attributes).toMatchObject({ reports: 2, counterfeitReports: 2 });
      expect((await get('ring', 'R-a'))?.attributes).toMatchObject({ runId: 'run-1', score: 0.9, size: 3, brands: ['Acme'] });
    });

    it('when the entity is unknown, then null', async () => {
      await store().writeBatch(scenario());

      for (const type of ['seller', 'shop', 'address', 'phone', 'ring', 'brand'] as const) {
        expect(await store().entity({ type, key: 'nope' })).toBeNull();
      }
    });
  });

  describe('neighbourhood', () => {
    const store = useStore(factory);

    it('when depth is 1, then the direct ties come with typed edges', async () => {
      await store().writeBatch(scenario());

      const g = await store().neighbourhood({ type: 'seller', key: 'S2' }, { depth: 1, limit: 50 });

      expect(ids(g)).toEqual(['address:' + WAREHOUSE.key, 'id_document:H1', 'payment_account:ACC-RING', `phone:${RING_PHONE}`, 'seller:S2', 'shop:SH2'].sort());
      expect(edges(g)).toEqual([
        'seller:S2 IDENTIFIED_BY id_document:H1',
        'seller:S2 OPERATES shop:SH2',
        'seller:S2 PAID_INTO payment_account:ACC-RING',
        `seller:S2 USES_PHONE phone:${RING_PHONE}`,
        `seller:S2 WAREHOUSE_AT address:${WAREHOUSE.key}`,
      ]);
      expect(g.truncated).toBe(false);
    });

    it('when an address has more spellings than the node holds, then neighbourhood and search carry five and the count, and the entity all', async () => {
      await store().writeBatch(scenario());
      // More than the Neo4j adapter keeps on the Address node, in two batches: the rest become variant nodes.
      const spellings = Array.from({ length: 40 }, (_, i) => `No. 12 Dragon Road, Bldg 5, spelling ${String(i).padStart(2, '0')}`);
      await store().writeBatch(batch({ addresses: spellings.slice(0, 25).map((raw) => address('S2', place(WAREHOUSE.text, raw), 'warehouse')) }));
      await store().writeBatch(batch({ addresses: spellings.slice(20).map((raw) => address('S2', place(WAREHOUSE.text, raw), 'warehouse')) }));

      const g = await store().neighbourhood({ type: 'seller', key: 'S2' }, { depth: 1, limit: 50 });
      const near = g.nodes.find((n) => n.id === `address:${WAREHOUSE.key}`);
      const found = (await store().search({ text: WAREHOUSE.key, limit: 5 })).find((n) => n.id === `address:${WAREHOUSE.key}`);
      const all = (await store().entity({ type: 'address', key: WAREHOUSE.key }))?.attributes.variants as string[];

      expect(near?.attributes.variants).toHaveLength(5);
      expect(near?.attributes.variantsCount).toBe(42);
      expect(found?.attributes.variants).toHaveLength(5);
      expect(found?.attributes.variantsCount).toBe(42);
      expect([...all].sort()).toEqual([...spellings, '12 Dragon Road, Building 5', '12 dragon rd bldg 5'].sort());
    });

    it('when depth is 2, then sellers sharing an identifier appear, and parcels are folded per origin', async () => {
      await store().writeBatch(scenario());

      const g = await store().neighbourhood({ type: 'shop', key: 'SH1' }, { depth: 2, limit: 100 });

      expect(ids(g)).toEqual(expect.arrayContaining(['seller:S1', 'shop:SH1b', 'address:' + WAREHOUSE.key, 'seller:S2', 'shop:SH2', 'report:R1', 'brand:Acme']));
      expect(ids(g).some((id) => id.startsWith('shipment:'))).toBe(false);
      expect(edges(g)).toEqual(expect.arrayContaining([`shop:SH1 SHIPS_FROM address:${WAREHOUSE.key} 3`, `shop:SH2 SHIPS_FROM address:${WAREHOUSE.key} 2`]));
      const ship = g.edges.find((e) => e.type === 'SHIPS_FROM' && e.source === 'shop:SH1');
      expect(ship?.attributes).toEqual({ count: 3 });
      expect(new Set(g.edges.map((e) => e.id)).size).toBe(g.edges.length);
    });

    it('when the limit cuts, then at most limit nodes come back and truncated is set', async () => {
      await store().writeBatch(scenario());

      const g = await store().neighbourhood({ type: 'phone', key: HUB_PHONE }, { depth: 1, limit: 3 });

      expect(g.nodes).toHaveLength(3);
      expect(g.truncated).toBe(true);
      expect(g.nodes[0]?.id).toBe(`phone:${HUB_PHONE}`);
      for (const e of g.edges) expect(ids(g)).toEqual(expect.arrayContaining([e.source, e.target]));
    });

    it('when types are given, then only those node types are walked', async () => {
      await store().writeBatch(scenario());

      const g = await store().neighbourhood({ type: 'seller', key: 'S1' }, { depth: 2, limit: 100, types: ['seller', 'payment_account'] });

      expect(ids(g)).toEqual(['payment_account:ACC-RING', 'seller:S1', 'seller:S2', 'seller:S3']);
      expect(edges(g)).toHaveLength(3);
    });

    it('when shipments are asked for, then individual parcels appear', async () => {
      await store().writeBatch(scenario());

      const g = await store().neighbourhood({ type: 'shop', key: 'SH2' }, { depth: 1, limit: 100, types: ['shipment'] });

      expect(ids(g)).toEqual(['shipment:P5', 'shipment:P6', 'shop:SH2']);
      expect(edges(g)).toEqual(['shop:SH2 SHIPPED shipment:P5', 'shop:SH2 SHIPPED shipment:P6']);
    });

    it('when the start node is unknown, then the subgraph is empty', async () => {
      expect(await store().neighbourhood({ type: 'seller', key: 'nope' }, { depth: 1, limit: 10 })).toEqual({ nodes: [], edges: [], truncated: false });
    });
  });

  describe('ringSubgraph', () => {
    const store = useStore(factory);

    it('when a ring is drawn, then members, their ties, folded sources and brands come with stable edges', async () => {
      await store().writeBatch(scenario());
      await store().saveRun(run('run-1', '2026-01-01T00:00:00Z'), [ring('R-a', ['S1', 'S2', 'S3'])]);

      const g = await store().ringSubgraph('R-a', { limit: 100 });
      const again = await store().ringSubgraph('R-a', { limit: 100 });

      expect(ids(g!)).toEqual(expect.arrayContaining([
        'seller:S1', 'seller:S2', 'seller:S3', 'shop:SH1', 'shop:SH1b', 'shop:SH2', 'shop:SH3',
        'payment_account:ACC-RING', 'id_document:H1', `phone:${RING_PHONE}`, 'email:lucky@star.test',
        `address:${WAREHOUSE.key}`, 'report:R1', 'brand:Acme', 'brand:Zeta',
      ]));
      expect(g!.nodes.filter((n) => n.attributes.ringMember === true).map((n) => n.key).sort()).toEqual(['S1', 'S2', 'S3']);
      expect(edges(g!)).toEqual(expect.arrayContaining([`shop:SH1 SHIPS_FROM address:${WAREHOUSE.key} 3`, 'report:R1 FOR_BRAND brand:Acme', 'report:R1 ABOUT shop:SH1']));
      expect(again!.edges.map((e) => e.id).sort()).toEqual(g!.edges.map((e) => e.id).sort());
      expect(g!.truncated).toBe(false);
      expect(new Set(g!.nodes.map((n) => n.id)).size).toBe(g!.nodes.length);
    });

    it('when the limit cuts, then members are kept first and truncated is set', async () => {
      await store().writeBatch(scenario());
      await store().saveRun(run('run-1', '2026-01-01T00:00:00Z'), [ring('R-a', ['S1', 'S2', 'S3'])]);

      const g = await store().ringSubgraph('R-a', { limit: 4 });

      expect(g!.nodes).toHaveLength(4);
      expect(g!.truncated).toBe(true);
      expect(ids(g!).filter((id) => id.startsWith('seller:'))).toEqual(['seller:S1', 'seller:S2', 'seller:S3']);
    });

    it('when the ring is unknown, then null', async () => {
      expect(await store().ringSubgraph('R-none', { limit: 10 })).toBeNull();
    });
  });

  describe('search', () => {
    const store = useStore(factory);

    it('when text matches names, ids, phones, emails or address words, then those nodes come back', async () => {
      await store().writeBatch(scenario());
      const find = async (text: string, types?: NodeType[]) => ids(await store().search({ text, limit: 20, ...(types ? { types } : {}) }));

      expect(await find('moon')).toEqual(['seller:S2', 'shop:SH2']);
      expect(await find('lucky sta')).toEqual(['seller:S1']);
      expect(await find(RING_PHONE)).toEqual([`phone:${RING_PHONE}`]);
      expect(await find('lucky@')).toEqual(['email:lucky@star.test', 'seller:S1']);
      expect(await find('dragon road')).toEqual([`address:${WAREHOUSE.key}`]);
      expect(await find('SH1')).toEqual(['shop:SH1', 'shop:SH1b']);
      expect(await find('elm', ['address'])).toEqual([`address:${HOME.key}`]);
      expect(await find('"quoted" OR *')).toEqual([]);
    });

    it('when searches run at once, then each gets the answer it gets alone', async () => {
      await store().writeBatch(scenario());
      const texts = ['moon', 'lucky sta', RING_PHONE, 'lucky@', 'dragon road', 'SH1', 'nothing-like-this', 'S1', 'S2'];
      const alone: string[][] = [];
      for (const text of texts) alone.push(ids(await store().search({ text, limit: 20 })));

      const together = await Promise.all([...texts, ...texts].map(async (text) => ids(await store().search({ text, limit: 20 }))));

      expect(together).toEqual([...alone, ...alone]);
      expect(alone[0]).toEqual(['seller:S2', 'shop:SH2']);
    });

    it('when a common word matches many names, then the limit still holds, and a type filter still finds the few of its type', async () => {
      const many = Array.from({ length: 30 }, (_, i) => seller(`HB${String(i).padStart(2, '0')}`, { name: `Harbor Trader ${i}` }));
      await store().writeBatch(batch({ sellers: [...many, seller('HB-OWNER', { name: 'Quiet Owner' })], shops: [shop('SHOP-HARBOR', 'HB-OWNER', { name: 'Harbor Goods' })] }));

      expect(await store().search({ text: 'harbor', limit: 5 })).toHaveLength(5);
      expect(ids(await store().search({ text: 'harbor', types: ['shop'], limit: 5 }))).toEqual(['shop:SHOP-HARBOR']);
    });

    it('when the query resolves to a stored place, then that address answers alone; an unknown key changes nothing', async () => {
      await store().writeBatch(scenario());

      expect(ids(await store().search({ text: 'dragon road', addressKey: WAREHOUSE.key, limit: 20 }))).toEqual([`address:${WAREHOUSE.key}`]);
      expect(ids(await store().search({ text: 'moon', addressKey: 'no such place|nowhere', limit: 20 }))).toEqual(['seller:S2', 'shop:SH2']);
      expect(ids(await store().search({ text: 'moon', addressKey: WAREHOUSE.key, types: ['seller'], limit: 20 }))).toEqual(['seller:S2']);
    });

    it('when an id matches exactly, then it ranks first; when limit is small, then it is kept', async () => {
      await store().writeBatch(scenario());
      await store().writeBatch(batch({ sellers: [seller('SH1-lookalike', { name: 'SH1 fan' })] }));

      const found = await store().search({ text: 'SH1', limit: 1 });

      expect(found.map((n) => n.id)).toEqual([nodeId('shop', 'SH1')]);
    });
  });
}
