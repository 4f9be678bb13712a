/**
 * The ingest statement plan of the Neo4j adapter: which statements a batch
 * becomes, in which order, and the final values single-valued links use when
 * an id recurs within one batch (the same result as applying rows one by one),
 * for known ids (upsert path) and ids the transaction found absent (create path).
 */
import { describe, expect, it } from 'vitest';
import { planBatch, type FreshIds, type Statement } from '../../engine/store/neo4j/ingest-plan.ts';
import { batch, place, report, seller, shipment, shop } from '../fixtures/store/builders.ts';

const rowsOf = (plan: Statement[], name: Statement['name'], rel?: string): unknown[] =>
  plan.filter((s) => s.name === name && (rel === undefined || s.templates?.['rel'] === rel)).flatMap((s) => s.params['rows'] as unknown[]);

describe('planBatch', () => {
  it('when the batch is empty, then there is nothing to run', () => {
    expect(planBatch(batch({}))).toEqual([]);
  });

  it('when a seller recurs with a new phone and then none, then the links use the last non-null phone', () => {
    const plan = planBatch(batch({ sellers: [seller('S1', { phone: '+861' }), seller('S1', { phone: '+862' }), seller('S1', { phone: null })] }));

    expect(rowsOf(plan, 'write/upsert-sellers')).toHaveLength(3);
    expect(rowsOf(plan, 'write/link-seller-identifiers', 'USES_PHONE')).toEqual([{ sellerId: 'S1', value: '+862' }]);
    expect(rowsOf(plan, 'write/unlink-seller-identifiers', 'USES_PHONE')).toEqual([{ sellerId: 'S1', value: '+862' }]);
  });

  it('when links move, then every unlink runs before its link and node upserts come first', () => {
    const plan = planBatch(batch({
      sellers: [seller('S1', { phone: '+861', registeredAddress: place('1 Main Street') })],
      shops: [shop('H1', 'S1')],
      shipments: [shipment('P1', 'H1', { origin: place('9 Dock Road') })],
      reports: [report('R1', 'H1', { brand: 'Acme' })],
    }));
    const names = plan.map((s) => `${s.name}${s.templates?.['rel'] === undefined ? '' : `:${s.templates['rel']}`}`);
    const at = (name: string): number => names.indexOf(name);

    expect(at('write/upsert-addresses')).toBe(0);
    expect(at('write/unlink-seller-identifiers:USES_PHONE')).toBeLessThan(at('write/link-seller-identifiers:USES_PHONE'));
    expect(at('write/upsert-sellers')).toBeLessThan(at('write/link-seller-addresses:REGISTERED_AT'));
    expect(at('write/unlink-shop-operators')).toBeLessThan(at('write/link-shop-operators'));
    expect(at('write/unlink-shipments')).toBeLessThan(at('write/link-shipment-addresses:FROM'));
    expect(at('write/unlink-reports')).toBeLessThan(at('write/link-report-brands'));
    expect(names).not.toContain('write/link-shipment-addresses:TO');
  });

  it('when a shipment recurs with another shop and no origin, then the links keep the last shop and the earlier origin', () => {
    const plan = planBatch(batch({
      shipments: [shipment('P1', 'H1', { origin: place('9 Dock Road') }), shipment('P1', 'H2', { origin: null })],
    }));

    expect(rowsOf(plan, 'write/link-shipment-shops')).toEqual([{ id: 'P1', shopId: 'H2' }]);
    expect(rowsOf(plan, 'write/link-shipment-addresses', 'FROM')).toEqual([{ id: 'P1', key: place('9 Dock Road').key }]);
    expect(rowsOf(plan, 'write/unlink-shipments')).toEqual([{ id: 'P1', shopId: 'H2', originKey: place('9 Dock Road').key, destinationKey: null }]);
  });

  it('when a report loses its brand in a later row, then the brand link keeps the earlier brand', () => {
    const plan = planBatch(batch({ reports: [report('R1', 'H1', { brand: 'Acme' }), report('R1', 'H1', { brand: null })] }));

    expect(rowsOf(plan, 'write/link-report-brands')).toEqual([{ id: 'R1', brand: 'Acme' }]);
  });

  const fresh = (ids: Partial<FreshIds>): FreshIds => ({ sellers: new Set(), shops: new Set(), shipments: new Set(), reports: new Set(), ...ids });

  it('when a new seller recurs with two registered addresses and a later null phone, then one create keeps the last values and the earlier address is still linked', () => {
    const plan = planBatch(batch({
      sellers: [seller('S1', { name: 'A', phone: '+861', registeredAddress: place('1 Main Street') }), seller('S1', { name: 'B', phone: null, registeredAddress: place('2 Side Street') })],
    }), fresh({ sellers: new Set(['S1']) }));

    expect(rowsOf(plan, 'write/create-sellers')).toEqual([expect.objectContaining({
      props: expect.objectContaining({ id: 'S1', name: 'B', phone: '+861', registeredAddressKey: place('2 Side Street').key }),
      phone: '+861', addressKey: place('2 Side Street').key,
    })]);
    expect(rowsOf(plan, 'write/link-seller-addresses', 'REGISTERED_AT')).toEqual([{ sellerId: 'S1', key: place('1 Main Street').key }]);
    expect(rowsOf(plan, 'write/upsert-sellers')).toEqual([]);
    expect(rowsOf(plan, 'write/unlink-seller-identifiers', 'USES_PHONE')).toEqual([]);
  });

  it('when a batch mixes new and known shipments, then new ones are created without nulls and known ones take the upsert path', () => {
    const plan = planBatch(batch({
      shipments: [shipment('P1', 'H1', { origin: place('9 Dock Road'), carrier: null }), shipment('P2', 'H1'), shipment('P1', 'H2', { origin: null })],
    }), fresh({ shipments: new Set(['P1']) }));

    const created = rowsOf(plan, 'write/create-shipments') as Array<{ props: Record<string, unknown>; originKey: string | null }>;
    expect(created).toHaveLength(1);
    expect(created[0]?.props).toMatchObject({ id: 'P1', shopId: 'H2', originKey: place('9 Dock Road').key });
    expect(Object.values(created[0]?.props ?? {})).not.toContain(null);
    expect(created[0]?.originKey).toBe(place('9 Dock Road').key);
    expect(rowsOf(plan, 'write/upsert-shipments')).toEqual([expect.objectContaining({ id: 'P2' })]);
    expect(rowsOf(plan, 'write/link-shipment-shops')).toEqual([{ id: 'P2', shopId: 'H1' }]);
  });
});
