/**
 * Contract cases for access: tokens by hash, listing and revocation, names
 * unique among live tokens, and the append-only audit trail with filters and
 * paging.
 */
import { describe, expect, it } from 'vitest';
import { auditEntry, token } from '../../fixtures/store/builders.ts';
import { useStore, type StoreFactory } from './factory.ts';

export function defineAccessCases(factory: StoreFactory): void {
  describe('tokens', () => {
    const store = useStore(factory);

    it('when a token is created, then it is found by hash and listed', async () => {
      const liaison = token('t1', { role: 'liaison', brands: ['Acme'], name: 'acme-liaison' });
      await store().createToken(liaison);
      await store().createToken(token('t2', { createdAt: '2026-02-01T00:00:00Z' }));

      expect(await store().findTokenByHash('hash-t1')).toEqual(liaison);
      expect(await store().findTokenByHash('nope')).toBeNull();
      expect((await store().listTokens()).map((t) => t.id)).toEqual(['t1', 't2']);
    });

    it('when many lookups arrive at once, then each gets its own token, and a revocation before them is seen by all', async () => {
      const ids = Array.from({ length: 40 }, (_, i) => `c${i}`);
      for (const id of ids) await store().createToken(token(id, { name: `concurrent-${id}` }));
      await store().revokeToken('c7');

      const found = await Promise.all([...ids, 'missing', ...ids].map((id) => store().findTokenByHash(`hash-${id}`)));

      const names = ids.map((id) => `concurrent-${id}`);
      expect(found.map((t) => t?.name ?? null)).toEqual([...names, null, ...names]);
      expect(found.filter((t) => t?.revokedAt != null).map((t) => t!.id)).toEqual(['c7', 'c7']);
    });

    it('when a token is created with the name of a live token, then CONFLICT and nothing is stored; a revoked or expired name is free again', async () => {
      await store().createToken(token('t1', { name: 'liaison-1', role: 'liaison', brands: ['Acme'] }));

      await expect(store().createToken(token('t2', { name: 'liaison-1' }))).rejects.toMatchObject({ code: 'CONFLICT', details: { field: 'name' } });
      expect((await store().listTokens()).map((t) => t.id)).toEqual(['t1']);
      expect(await store().findTokenByHash('hash-t2')).toBeNull();

      await store().revokeToken('t1');
      await store().createToken(token('t3', { name: 'liaison-1', createdAt: '2026-01-02T00:00:00.000Z' }));
      await store().createToken(token('t4', { name: 'short', createdAt: '2026-01-02T00:00:00.000Z', expiresAt: '2026-01-02T01:00:00.000Z' }));
      await expect(store().createToken(token('t5', { name: 'short', createdAt: '2026-01-02T00:30:00.000Z' }))).rejects.toMatchObject({ code: 'CONFLICT' });
      await store().createToken(token('t6', { name: 'short', createdAt: '2026-01-02T02:00:00.000Z' }));
      expect((await store().listTokens()).map((t) => t.id)).toEqual(['t1', 't3', 't4', 't6']);
    });

    it('when several tokens with one name are created at the same moment, then exactly one is stored and the others are CONFLICT', async () => {
      const ids = Array.from({ length: 8 }, (_, i) => `race-${i}`);

      const outcomes = await Promise.allSettled(ids.map((id) => store().createToken(token(id, { name: 'racing-liaison' }))));

      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      expect(outcomes.filter((o) => o.status === 'rejected').map((o) => (o as PromiseRejectedResult).reason as { code: string }).map((e) => e.code)).toEqual(Array(7).fill('CONFLICT'));
      expect((await store().listTokens()).filter((t) => t.name === 'racing-liaison')).toHaveLength(1);
    });

    it('when a token is revoked, then it carries revokedAt and a second revoke reports false', async () => {
      await store().createToken(token('t1'));

      expect(await store().revokeToken('t1')).toBe(true);
      expect(await store().revokeToken('t1')).toBe(false);
      expect(await store().revokeToken('nope')).toBe(false);
      expect((await store().findTokenByHash('hash-t1'))?.revokedAt).toEqual(expect.any(String));
    });
  });

  describe('audit', () => {
    const store = useStore(factory);

    it('when entries are appended, then they list newest first with filters, paging and total', async () => {
      await store().appendAudit(auditEntry('a1', '2026-01-01T10:00:00Z', { tokenName: 'ann', action: 'ring.view', ringIds: ['R-a'] }));
      await store().appendAudit(auditEntry('a2', '2026-01-02T10:00:00Z', { tokenName: 'bob', action: 'dossier.export', outcome: 'denied' }));
      await store().appendAudit(
        auditEntry('a3', '2026-01-03T10:00:00Z', { tokenName: 'ann', action: 'ring.view', role: 'investigator', details: { page: 2 }, entityIds: ['seller:S1'] }),
      );

      const all = await store().listAudit({ offset: 0, limit: 10 });
      expect(all.total).toBe(3);
      expect(all.entries.map((e) => e.id)).toEqual(['a3', 'a2', 'a1']);
      expect(all.entries[0]).toEqual(
        auditEntry('a3', '2026-01-03T10:00:00Z', { tokenName: 'ann', action: 'ring.view', role: 'investigator', details: { page: 2 }, entityIds: ['seller:S1'] }),
      );
      expect((await store().listAudit({ offset: 0, limit: 10, tokenName: 'ann' })).entries.map((e) => e.id)).toEqual(['a3', 'a1']);
      expect((await store().listAudit({ offset: 0, limit: 10, action: 'dossier.export', outcome: 'denied' })).total).toBe(1);
      expect((await store().listAudit({ offset: 0, limit: 10, since: '2026-01-02T00:00:00Z', until: '2026-01-02T23:59:59Z' })).entries.map((e) => e.id)).toEqual(['a2']);
      const page = await store().listAudit({ offset: 1, limit: 1 });
      expect(page).toMatchObject({ total: 3, entries: [{ id: 'a2' }] });
    });

    it('when an entry id is appended twice, then the second append fails and the first stays', async () => {
      await store().appendAudit(auditEntry('a1', '2026-01-01T10:00:00Z', { action: 'first' }));

      await expect(store().appendAudit(auditEntry('a1', '2026-01-01T11:00:00Z', { action: 'rewrite' }))).rejects.toThrow();

      expect((await store().listAudit({ offset: 0, limit: 10 })).entries.map((e) => e.action)).toEqual(['first']);
    });
  });
}
