/** Viewer masking: pseudonyms are stable, resolvable only when issued, and cover nodes, edges, rings and runs. */
import { describe, expect, it } from 'vitest';
import type { Ring, RunRecord, Subgraph } from '../../engine/index.ts';
import { createMasker } from '../../api/http/access/mask.ts';

const graph: Subgraph = {
  nodes: [
    { id: 'seller:S1', type: 'seller', key: 'S1', label: 'Acme', attributes: { phone: '+8613800138000', email: 'a@b.cn', idNumberHash: 'abc123', name: 'Acme' } },
    { id: 'phone:+8613800138000', type: 'phone', key: '+8613800138000', label: '+8613800138000', attributes: { sellers: 2, number: '+8613800138000' } },
    { id: 'payment_account:ACC-9', type: 'payment_account', key: 'ACC-9', label: 'ACC-9', attributes: { holderName: 'Li Wei', kind: 'bank' } },
  ],
  edges: [
    { id: 'USES_PHONE:seller:S1->phone:+8613800138000', source: 'seller:S1', target: 'phone:+8613800138000', type: 'USES_PHONE' },
    { id: 'PAID_INTO:seller:S1->payment_account:ACC-9', source: 'seller:S1', target: 'payment_account:ACC-9', type: 'PAID_INTO' },
  ],
  truncated: false,
};

describe('createMasker', () => {
  it('when a subgraph is masked, then no personal value remains and edges still join the masked nodes', () => {
    const masker = createMasker('k'.repeat(32));

    const masked = masker.subgraph(graph);

    const text = JSON.stringify(masked);
    for (const secret of ['+8613800138000', 'a@b.cn', 'abc123', 'ACC-9', 'Li Wei']) expect(text).not.toContain(secret);
    const ids = new Set(masked.nodes.map((n) => n.id));
    for (const edge of masked.edges) expect(ids.has(edge.source) && ids.has(edge.target)).toBe(true);
    expect(masked.nodes[0]?.attributes.name).toBe('Acme');
    expect(masked.nodes[0]?.attributes.phone).toBe(masked.nodes[1]?.key);
  });

  it('when the same value is masked twice, then the pseudonym is the same; with another key it differs', () => {
    const a = createMasker('a'.repeat(32));
    const b = createMasker('b'.repeat(32));

    expect(a.pseudonym('phone', '123')).toBe(a.pseudonym('phone', '123'));
    expect(a.pseudonym('phone', '123')).not.toBe(b.pseudonym('phone', '123'));
    expect(a.pseudonym('phone', '123')).not.toBe(a.pseudonym('email', '123'));
  });

  it('when a pseudonym was issued, then it resolves to the real key; an unknown one does not', () => {
    const masker = createMasker();
    const key = masker.pseudonym('phone', '+4412345678');

    expect(masker.resolve('phone', key)).toBe('+4412345678');
    expect(masker.resolve('email', key)).toBeNull();
    expect(masker.resolve('phone', 'masked-unknown')).toBeNull();
  });

  it('when a ring and a run are masked, then shared identifiers, why lists and hubs of personal types are masked, others kept', () => {
    const masker = createMasker();
    const ring = {
      id: 'R-1', score: 1, size: 2, members: ['S1', 'S2'], shops: [], likelySources: [], brands: [], evidence: { counterfeitReports: 0, takedowns: 0 }, scoreBreakdown: {},
      sharedIdentifiers: [
        { type: 'payment_account', value: 'ACC-9', sellers: 2 },
        { type: 'warehouse_address', value: 'addr-key', label: '1 Dock Rd', sellers: 2 },
      ],
      why: { S1: [{ type: 'email', value: 'a@b.cn', weight: 1, sharedWith: ['S2'] }] },
    } as Ring;
    const run = { hubs: [{ type: 'phone', value: '00000000000', sellers: 900 }, { type: 'shipment_origin', value: 'hub-key', sellers: 5000 }] } as unknown as RunRecord;

    const text = JSON.stringify([masker.ring(ring), masker.run(run)]);

    for (const secret of ['ACC-9', 'a@b.cn', '00000000000']) expect(text).not.toContain(secret);
    expect(text).toContain('1 Dock Rd');
    expect(text).toContain('hub-key');
  });
});
