/**
 * Row validation (engine/ingest/row-schemas.ts): the reasons a bad row is
 * reported with, column by column, as docs/export-format.md lists them.
 */
import { describe, expect, it } from 'vitest';
import { parseRow } from '../../engine/ingest/row-schemas.ts';

const address = (value: string) => parseRow('addresses', { seller_id: 'A-1', address: value, role: 'warehouse' });

describe('parseRow: addresses that name no place', () => {
  it('when an address names only a country or province, then the row is rejected naming the column and the value', () => {
    expect(address('China')).toEqual({ ok: false, reason: "address: names no place more precise than a region ('China')" });
    expect(address('Guangdong Province, PRC')).toEqual({ ok: false, reason: "address: names no place more precise than a region ('Guangdong Province, PRC')" });
    expect(address(' Zhejiang ')).toEqual({ ok: false, reason: "address: names no place more precise than a region ('Zhejiang')" });
  });

  it('when an address holds only filler words, then the reason says so once, without a doubled column prefix', () => {
    expect(address('No. District City The')).toEqual({ ok: false, reason: "address: names no place, only filler words ('No. District City The')" });
  });

  it('when a required address has no letter or digit, then it is still simply required', () => {
    expect(address('-')).toEqual({ ok: false, reason: 'address: required' });
    expect(address('')).toEqual({ ok: false, reason: 'address: required' });
  });

  it('when a shipment origin, destination or registered address names only a region or filler words, then the row is kept without that address', () => {
    const shipment = parseRow('shipments', { shipment_id: 'P-1', shop_id: 'SH-1', origin_address: 'PRC', destination_address: 'China' });
    expect(shipment.ok && [shipment.record.origin, shipment.record.destination]).toEqual([null, null]);
    const seller = parseRow('sellers', { seller_id: 'S-1', registered_address: 'Guangdong, China' });
    expect(seller.ok && seller.record.registeredAddress).toBeNull();
    const filler = parseRow('sellers', { seller_id: 'S-1', registered_address: 'No. District City The' });
    expect(filler.ok && filler.record.registeredAddress).toBeNull();
  });

  it('when an optional address has no letter or digit, then it is absent, and a real place keeps resolving', () => {
    const shipment = parseRow('shipments', { shipment_id: 'P-1', shop_id: 'SH-1', origin_address: ' - ', destination_address: '' });
    expect(shipment.ok && shipment.record.origin).toBeNull();
    const placed = address('88 Nanshan Rd, Shenzhen, Guangdong Province, China');
    expect(placed.ok && placed.record.address.key).toBe('88 nanshan road|shenzhen');
  });

  it('when any address column is accepted, then its key is never empty', () => {
    for (const raw of ['China', 'PRC', 'Province', 'No.', 'The City', 'Sheng, Zhejiang', 'district']) {
      const row = parseRow('sellers', { seller_id: 'S-1', registered_address: raw });
      expect(row.ok && row.record.registeredAddress).toBeNull();
      expect(address(raw).ok).toBe(false);
    }
  });
});

describe('parseRow: numbers', () => {
  const weight = (value: string) => parseRow('shipments', { shipment_id: 'P-1', shop_id: 'SH-1', weight_kg: value });

  it('when weight_kg is a decimal number, then it is stored as that number', () => {
    const cases: [string, number][] = [['1.25', 1.25], ['0', 0], [' 2 ', 2], ['007', 7], ['.5', 0.5], ['3.', 3], ['1e-7', 1e-7], ['2E+3', 2000]];
    for (const [raw, value] of cases) {
      const row = weight(raw);
      expect(row.ok && row.record.weightKg).toBe(value);
    }
  });

  it('when weight_kg is hex, binary, octal, signed or not finite, then it is rejected with the usual reason', () => {
    for (const raw of ['0x10', '0X1f', '0b11', '0o17', '-1', '-0', '+1', 'Infinity', '1e999', '1_000', '1,5', '1.2.3', 'e5', '.', 'NaN']) {
      expect(weight(raw)).toEqual({ ok: false, reason: 'weight_kg: expected a non-negative number' });
    }
  });
});
