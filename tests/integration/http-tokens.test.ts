/**
 * Token lifecycle through the API on each store: expiry, revocation that takes
 * effect at once even when done behind the server's back (as the CLI or
 * another server does), last-used times, brand names checked against the
 * store's brands, printable names only, and no name shared by two live tokens.
 */
import { describe, expect, it } from 'vitest';
import { issueToken } from '../../api/http/access/tokens.ts';
import { ENABLED_STORES, useApi } from './http-harness.ts';

interface Created {
  token: { id: string; brands: string[]; expiresAt: string | null; lastUsedAt: string | null };
  secret: string;
}

describe.each(ENABLED_STORES)('token lifecycle on $name', (target) => {
  const api = useApi(target, { config: { rateLimitPerMinute: 0 } });

  it('when a token has expired, then it is refused like a revoked one', async () => {
    const issuedLongAgo = new Date(Date.now() - 2 * 3_600_000);
    const { secret } = await issueToken(api().store, { role: 'investigator', name: 'short-lived', expiresIn: '1h' }, issuedLongAgo);
    const answer = await api().request('GET', '/api/rings', { token: secret });
    expect(answer.status).toBe(401);
    expect(answer.body).toMatchObject({ error: { code: 'UNAUTHORIZED' } });
    const fresh = await issueToken(api().store, { role: 'investigator', name: 'long-lived', expiresIn: '30d' });
    expect((await api().request('GET', '/api/rings', { token: fresh.secret })).status).toBe(200);
  });

  it('when a token is revoked in the store behind the server, then its very next request is refused', async () => {
    const { token, secret } = await issueToken(api().store, { role: 'investigator', name: 'to-revoke' });
    expect((await api().request('GET', '/api/rings', { token: secret })).status).toBe(200);
    expect(await api().store.revokeToken(token.id)).toBe(true);
    expect((await api().request('GET', '/api/rings', { token: secret })).status).toBe(401);
  });

  it('when a token is used, then its last use is recorded and listed', async () => {
    const { token, secret } = await issueToken(api().store, { role: 'viewer', name: 'used' });
    expect(token.lastUsedAt).toBeNull();
    await api().request('GET', '/api/rings', { token: secret });
    let lastUsed: string | null = null;
    for (let i = 0; i < 50 && lastUsed === null; i++) {
      const listed = await api().request('GET', '/api/tokens?limit=500', { token: api().tokens.admin });
      lastUsed = (listed.body as { items: Created['token'][] }).items.find((t) => t.id === token.id)?.lastUsedAt ?? null;
      if (lastUsed === null) await new Promise((r) => setTimeout(r, 20));
    }
    expect(lastUsed).not.toBeNull();
  });

  it('when a liaison token names a brand in another case, then it is stored in the store’s spelling; an unknown brand is refused', async () => {
    const brand = api().liaisonBrand;
    const created = await api().request('POST', '/api/tokens', { token: api().tokens.admin, body: { role: 'liaison', brands: [brand.toUpperCase()], expiresIn: '12h' } });
    expect(created.status).toBe(201);
    const body = created.body as Created;
    expect(body.token.brands).toEqual([brand]);
    expect(Date.parse(body.token.expiresAt ?? '')).toBeGreaterThan(Date.now() + 11 * 3_600_000);
    const scoped = await api().request('GET', '/api/rings?limit=500', { token: body.secret });
    expect((scoped.body as { items: unknown[] }).items.length).toBeGreaterThan(0);

    const unknown = await api().request('POST', '/api/tokens', { token: api().tokens.admin, body: { role: 'liaison', brands: ['No Such Brand'] } });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({ error: { code: 'INVALID_INPUT', field: 'brands' } });
    expect((unknown.body as { error: { message: string } }).error.message).toContain('No Such Brand');
  });

  it('when a name holds a control character or the lifetime is not a duration, then 400 names the field', async () => {
    const control = await api().request('POST', '/api/tokens', { token: api().tokens.admin, body: { role: 'viewer', name: 'bad\u0007name' } });
    expect(control.body).toMatchObject({ error: { code: 'INVALID_INPUT', field: 'name' } });
    const duration = await api().request('POST', '/api/tokens', { token: api().tokens.admin, body: { role: 'viewer', expiresIn: '30 days' } });
    expect(duration.body).toMatchObject({ error: { code: 'INVALID_INPUT', field: 'expiresIn' } });
  });

  it('when a token is asked for with the name of a live token, then 409 CONFLICT and no token: saved views and audit entries go by name', async () => {
    const taken = (await api().store.listTokens()).find((t) => t.role === 'liaison' && t.revokedAt === null)!;
    const before = (await api().store.listTokens()).length;
    const clash = await api().request('POST', '/api/tokens', { token: api().tokens.admin, body: { role: 'viewer', name: taken.name } });
    expect(clash.status).toBe(409);
    expect(clash.body).toMatchObject({ error: { code: 'CONFLICT', field: 'name' } });
    expect((clash.body as { error: { message: string } }).error.message).toContain(`'${taken.name}'`);
    expect((await api().store.listTokens()).length).toBe(before);
    // The refusal is audited like any token change.
    const audit = await api().request('GET', '/api/audit?action=token.create&outcome=error', { token: api().tokens.admin });
    expect((audit.body as { items: Array<{ details?: { name?: string } }> }).items.some((e) => e.details?.name === taken.name)).toBe(true);
  });

  it('when a one-time login code is exchanged, then it yields an expiring browser token once, and is never a bearer token itself', async () => {
    const { secret: code } = await issueToken(api().store, { role: 'admin', name: 'start-test', expiresIn: '30m', purpose: 'login' });
    expect((await api().request('GET', '/api/me', { token: code })).status).toBe(401);
    const exchanged = await api().request('POST', '/api/login', { body: { code } });
    expect(exchanged.status).toBe(201);
    const browser = exchanged.body as Created;
    expect(Date.parse(browser.token.expiresAt ?? '')).toBeGreaterThan(Date.now() + 11 * 3_600_000);
    expect((await api().request('GET', '/api/me', { token: browser.secret })).status).toBe(200);
    const again = await api().request('POST', '/api/login', { body: { code } });
    expect(again.status).toBe(401);
    expect((again.body as { error: { message: string } }).error.message).toContain('already used or has expired');
    const stale = await issueToken(api().store, { role: 'admin', expiresIn: '1m', purpose: 'login' }, new Date(Date.now() - 3_600_000));
    expect((await api().request('POST', '/api/login', { body: { code: stale.secret } })).status).toBe(401);
    expect((await api().request('POST', '/api/login', { body: { code: api().tokens.admin } })).status).toBe(401);
  });
});
