/**
 * The dossier's payment-accounts table: an account several members pay into
 * that detection left out of the ring's ties (a hub such as a marketplace
 * escrow) says it was not counted and comes after the accounts that tie
 * members, instead of heading the table as the most shared account.
 */
import { describe, expect, it } from 'vitest';
import type { GraphEdge, GraphNode, Subgraph } from '../../engine/index.ts';
import type { DossierData } from '../../engine/dossier/dossier-data.ts';
import { buildEvidenceTables } from '../../engine/dossier/evidence-tables.ts';
import { ring, run } from '../fixtures/store/builders.ts';

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
    const data: DossierData = {
      ring: ring('R-1', members, { sharedIdentifiers: [{ type: 'payment_account', value: 'ACC-1', sellers: 2 }] }),
      run: run('run-1', '2026-04-01T00:00:00.000Z'),
      graph,
      nodes: new Map(graph.nodes.map((n) => [n.id, n])),
      shipments: [],
      addressTexts: new Map(),
      ingests: [],
      store: { kind: 'embedded', location: '/tmp/store', version: 'test' },
    };

    const { paymentAccounts } = buildEvidenceTables(data);

    expect(paymentAccounts.columns.map((c) => c.name)).toContain('counted_as_evidence');
    expect(paymentAccounts.rows.map((r) => [r['account_id'], r['members'], r['counted_as_evidence']])).toEqual([
      ['ACC-1', 2, true],
      ['ESCROW', 3, false],
    ]);
  });
});
