/**
 * A liaison's dossier under the default `members` personal-data policy: the
 * liaison sees its ring's members and their identifiers in full in the ring
 * view, so the package it hands to police carries the same real payment
 * accounts and ID document hashes as an investigator's (no pseudonyms, which
 * police cannot act on and which change with the server's masking key), and
 * says nothing is masked. The policy lives above the store, so one store
 * (embedded) is enough.
 */
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { verifyDossier } from '../../engine/index.ts';
import { HTTP_STORES, useApi } from './http-harness.ts';

const embedded = HTTP_STORES.find((s) => s.name === 'embedded')!;

describe('GET /api/rings/:ringId/dossier for a liaison (members policy)', () => {
  const api = useApi(embedded, { sellers: 1_500, rings: 10 });
  const download = async (ringId: string, token: string): Promise<Buffer> => {
    const response = await fetch(`${api().url}/api/rings/${encodeURIComponent(ringId)}/dossier`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    return Buffer.from(await response.arrayBuffer());
  };
  const text = (zip: Buffer, name: string): string => Buffer.from(unzipSync(zip)[name]!).toString('utf8');

  it('when a liaison downloads its ring\'s dossier, then the identifiers and payment accounts are the real ones the ring view shows it, and the package says nothing is masked', async () => {
    const ring = api().rings.find((r) => r.brands.includes(api().liaisonBrand) && r.sharedIdentifiers.some((s) => s.type === 'payment_account'))!;
    const liaison = await download(ring.id, api().tokens.liaison);
    const investigator = await download(ring.id, api().tokens.investigator);
    const view = await api().request('GET', `/api/rings/${encodeURIComponent(ring.id)}/subgraph`, { token: api().tokens.liaison });
    const accountKeys = (view.body as { nodes: Array<{ type: string; key: string }> }).nodes.filter((n) => n.type === 'payment_account').map((n) => n.key);

    const manifest = verifyDossier(liaison).manifest!;
    expect(manifest.recipient.role).toBe('liaison');
    expect(manifest.masking.masked).toBe(false);
    for (const table of ['evidence/identifiers.csv', 'evidence/payment_accounts.csv', 'evidence/member_ties.csv']) {
      expect(text(liaison, table), table).toBe(text(investigator, table));
      expect(text(liaison, table), table).not.toContain('masked-');
    }
    expect(accountKeys.length).toBeGreaterThan(0);
    for (const key of accountKeys) expect(text(liaison, 'evidence/payment_accounts.csv')).toContain(key);
  });
});
