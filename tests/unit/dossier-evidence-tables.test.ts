/**
 * The dossier's evidence tables. Payment accounts: an account several members
 * pay into that detection left out of the ring's ties (a hub such as a
 * marketplace escrow) says it was not counted and comes after the accounts
 * that tie members, instead of heading the table as the most shared account.
 * Shipments by source: every likely source has its row at its rank, also one
 * no parcel left from, so row n is the picture's "source #n".
 */
import { describe, expect, it } from 'vitest';
import type { GraphEdge, GraphNode, Subgraph } from '../../engine/index.ts';
import type { StoredShipment } from '../../engine/store/ports.ts';
import { buildEvidenceTables } from '../../engine/dossier/evidence-tables.ts';
import { dossierData } from '../fixtures/dossier-data.ts';
import { ring } from '../fixtures/store/builders.ts';

const seller = (key: string): GraphNode => ({ id: `seller:${key}`, type: 'seller', key, label: key, attributes: {} });
const account = (key: string, kind: string): GraphNode => ({ id: `payment_account:${key}`, type: 'payment_account', key, label: key, attributes: { kind, holderName: null } });
const paid = (s: string, a: string): GraphEdge => ({ id: `PAID_INTO:seller:${s}->payment_account:${a}`, source: `seller:${s}`, target: `payment_account:${a}`, type: 'PAID_INTO' });

describe('buildEvidenceTables: payment accounts', () => {
  it('when members share an escrow hub and one real account, then the real account comes first counted as evidence and the hub is marked not counted', () => {
    const members = ['S1', 'S2', 'S3'];
    const graph: Subgraph = {
      nodes: [...members.map(seller), account('ESCROW', 'other'), account('ACC-1', 'bank')],
      edges: [paid('S1', 'ESCROW'), paid('S2', 'ESCROW'), paid('S3', 'ESCROW'), paid('S1', 'ACC-1'), paid('S2', 'ACC-1')],
      truncated: false,
    };
    const data = dossierData(ring('R-1', members, { sharedIdentifiers: [{ type: 'payment_account', value: 'ACC-1', sellers: 2 }] }), graph);

    const { paymentAccounts } = buildEvidenceTables(data);

    expect(paymentAccounts.columns.map((c) => c.name)).toContain('counted_as_evidence');
    expect(paymentAccounts.rows.map((r) => [r['account_id'], r['members'], r['counted_as_evidence']])).toEqual([
      ['ACC-1', 2, true],
      ['ESCROW', 3, false],
    ]);
  });
});

describe('buildEvidenceTables: shipments by source', () => {
  const parcel = (id: string, origin: string): StoredShipment => ({ shipmentId: id, shopId: 'SH1', originKey: origin, destinationKey: null, carrier: 'SF', trackingNo: null, shippedAt: '2026-01-01', weightKg: null, declaredItem: null });

  it('when a likely source sent no parcels, then it still has the row at its rank, before origins detection did not rank', () => {
    const members = ['S1', 'S2'];
    const graph: Subgraph = { nodes: members.map(seller), edges: [], truncated: false };
    const data = dossierData(
      ring('R-1', members, {
        shops: ['SH1'],
        likelySources: [
          { key: 'wh-a', address: 'Warehouse A', shipments: 2, sellers: 2 },
          { key: 'home-b', address: 'Return address B', shipments: 0, sellers: 2 },
        ],
      }),
      graph,
      {
        shipments: [parcel('P1', 'wh-a'), parcel('P2', 'wh-a'), ...['P3', 'P4', 'P5'].map((id) => parcel(id, 'hub-c'))],
        addressTexts: new Map([['wh-a', 'Warehouse A'], ['hub-c', 'Fulfilment hub C']]),
      },
    );

    const { sources } = buildEvidenceTables(data);

    expect(sources.rows.map((r) => [r['rank'], r['origin_address'], r['likely_source'], r['parcels']])).toEqual([
      [1, 'Warehouse A', true, 2],
      [2, 'Return address B', true, 0],
      [3, 'Fulfilment hub C', false, 3],
    ]);
  });
});
