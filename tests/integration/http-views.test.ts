/**
 * Saved views through the API on each store: save, list one's own, open a
 * shared link as someone else, a liaison's out-of-scope view answered like
 * an out-of-scope ring (404, ring not named), validation naming the field,
 * the size cap, delete by owner or admin only, and the audit trail.
 */
import { describe, expect, it } from 'vitest';
import { ENABLED_STORES, useApi } from './http-harness.ts';

interface Saved {
  id: string;
  owner: string;
  name: string;
  ringId: string;
  createdAt: string;
  state: Record<string, unknown>;
}

function state(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    mode: 'evidence',
    selected: null,
    expanded: ['address:k1'],
    hiddenTypes: ['phone'],
    minEvidence: 0.25,
    timeRange: [1_700_000_000_000, 1_710_000_000_000],
    style: { color: 'status', size: 'parcels' },
    positions: { 'seller:S-1': [1.5, -2.5] },
    pinned: ['seller:S-1'],
    hidden: ['phone:+100'],
    groups: [{ id: 'g1', label: 'Crew', members: ['seller:S-1', 'seller:S-2'], collapsed: true }],
    ...overrides,
  };
}

describe.each(ENABLED_STORES)('saved views on $name', (target) => {
  const api = useApi(target, { config: { rateLimitPerMinute: 0, bodyLimitBytes: 1_000_000 } });

  it('when an investigator saves a view, then it is listed for them only and opens for another user with its state unchanged', async () => {
    const ring = api().rings[0]!;
    const created = await api().request('POST', '/api/views', { token: api().tokens.investigator, body: { name: '  Warehouse crew  ', ringId: ring.id, state: state() } });
    expect(created.status).toBe(201);
    const saved = created.body as Saved;
    expect(saved).toMatchObject({ name: 'Warehouse crew', ringId: ring.id, state: state() });
    expect(saved.id).toMatch(/^view-[0-9a-f]{12}$/);

    const mine = await api().request('GET', '/api/views', { token: api().tokens.investigator });
    expect((mine.body as { items: Saved[] }).items.map((v) => v.id)).toContain(saved.id);
    expect((mine.body as { items: Array<Record<string, unknown>> }).items[0]).not.toHaveProperty('state');
    const theirs = await api().request('GET', '/api/views', { token: api().tokens.viewer });
    expect((theirs.body as { items: Saved[] }).items.map((v) => v.id)).not.toContain(saved.id);

    const shared = await api().request('GET', `/api/views/${saved.id}`, { token: api().tokens.admin });
    expect(shared.status).toBe(200);
    expect(shared.body).toEqual(saved);
    // A viewer gets the same view with the personal node it names (a phone) as the pseudonym viewers see.
    const masked = await api().request('GET', `/api/views/${saved.id}`, { token: api().tokens.viewer });
    expect(masked.status).toBe(200);
    const hidden = (masked.body as Saved).state['hidden'] as string[];
    expect(hidden).toHaveLength(1);
    expect(hidden[0]).toMatch(/^phone:masked-/);
    expect(masked.body).toEqual({ ...saved, state: { ...saved.state, hidden } });
  });

  it('when an admin saves a view naming real phones and accounts, then a viewer gets them as pseudonyms and a liaison only its scope', async () => {
    const inside = api().rings.find((r) => r.brands.includes(api().liaisonBrand))!;
    const outside = api().rings.find((r) => !r.brands.includes(api().liaisonBrand))!;
    const graph = (await api().request('GET', `/api/rings/${inside.id}/subgraph`, { token: api().tokens.admin })).body as { nodes: Array<{ id: string; type: string }>; edges: Array<{ source: string; target: string }> };
    const member = `seller:${inside.members[0]}`;
    const personal = graph.edges.flatMap((e) => (e.source === member ? [e.target] : e.target === member ? [e.source] : [])).find((id) => /^(phone|email|payment_account|id_document|device):/.test(id));
    expect(personal, 'a member with a personal identifier').toBeDefined();
    const stranger = `seller:${outside.members.find((m) => !graph.nodes.some((n) => n.id === `seller:${m}`))!}`;
    const real = state({
      selected: personal,
      expanded: [personal, stranger],
      positions: { [personal!]: [1, 2], [stranger]: [3, 4], [member]: [5, 6] },
      pinned: [personal],
      hidden: [],
      groups: [
        { id: 'g1', label: 'Holder of that account', members: [member, personal], collapsed: false },
        { id: 'g2', label: 'Crew', members: [member, `seller:${inside.members[1] ?? inside.members[0]}`], collapsed: true },
      ],
    });
    const saved = (await api().request('POST', '/api/views', { token: api().tokens.admin, body: { name: 'real ids', ringId: inside.id, state: real } })).body as Saved;

    const asViewer = (await api().request('GET', `/api/views/${saved.id}`, { token: api().tokens.viewer })).body as Saved;
    expect(JSON.stringify(asViewer)).not.toContain(personal!.slice(personal!.indexOf(':') + 1));
    expect(JSON.stringify(asViewer)).not.toContain('Holder of that account');
    const viewerGraph = (await api().request('GET', `/api/rings/${inside.id}/subgraph`, { token: api().tokens.viewer })).body as { nodes: Array<{ id: string }> };
    const pseudonym = asViewer.state['selected'] as string;
    expect(viewerGraph.nodes.map((n) => n.id)).toContain(pseudonym);
    expect(asViewer.state['groups']).toEqual([
      { id: 'g1', label: 'Group g1', members: [member, pseudonym], collapsed: false },
      (real['groups'] as unknown[])[1],
    ]);

    // The liaison (members policy) sees its ring's member identifiers as they are, and nothing outside its scope.
    const asLiaison = (await api().request('GET', `/api/views/${saved.id}`, { token: api().tokens.liaison })).body as Saved;
    expect(asLiaison.state['selected']).toBe(personal);
    expect(asLiaison.state['expanded']).toEqual([personal]);
    expect(Object.keys(asLiaison.state['positions'] as object).sort()).toEqual([personal, member].sort());
    expect(JSON.stringify(asLiaison)).not.toContain(stranger);
    expect(asLiaison.state['groups']).toEqual(real['groups']);
  });

  it("when a liaison opens a view of a ring outside its brands, then it is 404 like the ring, and the ring is not named", async () => {
    const outside = api().rings.find((r) => !r.brands.includes(api().liaisonBrand))!;
    const inside = api().rings.find((r) => r.brands.includes(api().liaisonBrand))!;
    const other = (await api().request('POST', '/api/views', { token: api().tokens.investigator, body: { name: 'out', ringId: outside.id, state: state() } })).body as Saved;
    const own = (await api().request('POST', '/api/views', { token: api().tokens.investigator, body: { name: 'in', ringId: inside.id, state: state() } })).body as Saved;

    const refused = await api().request('GET', `/api/views/${other.id}`, { token: api().tokens.liaison });
    expect(refused.status).toBe(404);
    expect(refused.body).toMatchObject({ error: { code: 'NOT_FOUND' } });
    expect(refused.text).not.toContain(outside.id);
    expect((await api().request('GET', `/api/views/${own.id}`, { token: api().tokens.liaison })).status).toBe(200);
    const saving = await api().request('POST', '/api/views', { token: api().tokens.liaison, body: { name: 'x', ringId: outside.id, state: state() } });
    expect(saving.status).toBe(404);

    // Hidden and missing views answer alike, on open and on delete (no owner named, no "outside your scope").
    const missing = 'view-000000000000';
    for (const method of ['GET', 'DELETE'] as const) {
      const hidden = await api().request(method, `/api/views/${other.id}`, { token: api().tokens.liaison });
      const absent = await api().request(method, `/api/views/${missing}`, { token: api().tokens.liaison });
      expect([method, hidden.status]).toEqual([method, 404]);
      expect(hidden.text.replace(other.id, 'ID').replace(/"requestId":"[^"]+"/, '')).toBe(absent.text.replace(missing, 'ID').replace(/"requestId":"[^"]+"/, ''));
    }
    expect((await api().request('GET', `/api/views/${other.id}`, { token: api().tokens.investigator })).status).toBe(200);
  });

  it('when the body is wrong, then 400 names the field; a state over the cap is refused with its size', async () => {
    const ring = api().rings[0]!;
    const bad = await api().request('POST', '/api/views', { token: api().tokens.investigator, body: { name: 'x', ringId: ring.id, state: state({ style: { color: 'rainbow', size: 'type' } }) } });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: { code: 'INVALID_INPUT', field: 'body.state.style.color' } });
    const unnamed = await api().request('POST', '/api/views', { token: api().tokens.investigator, body: { name: ' ', ringId: ring.id, state: state() } });
    expect(unnamed.body).toMatchObject({ error: { code: 'INVALID_INPUT', field: 'body.name' } });
    const extra = await api().request('POST', '/api/views', { token: api().tokens.investigator, body: { name: 'x', ringId: ring.id, state: { ...state(), script: 'alert(1)' } } });
    expect(extra.status).toBe(400);

    const positions = Object.fromEntries(Array.from({ length: 4_000 }, (_, i) => [`seller:S-${i}`, [i * 1.25, -i * 1.25]]));
    const huge = await api().request('POST', '/api/views', { token: api().tokens.investigator, body: { name: 'huge', ringId: ring.id, state: state({ positions }) } });
    expect(huge.status).toBe(400);
    expect(huge.body).toMatchObject({ error: { code: 'INVALID_INPUT', field: 'body.state' } });
    expect((huge.body as { error: { message: string } }).error.message).toContain('at most 90,000');
  });

  it('when someone else deletes a view, then only its owner or an admin may; the delete is audited', async () => {
    const ring = api().rings[0]!;
    const a = (await api().request('POST', '/api/views', { token: api().tokens.investigator, body: { name: 'a', ringId: ring.id, state: state() } })).body as Saved;
    const b = (await api().request('POST', '/api/views', { token: api().tokens.investigator, body: { name: 'b', ringId: ring.id, state: state() } })).body as Saved;

    const refused = await api().request('DELETE', `/api/views/${a.id}`, { token: api().tokens.viewer });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ error: { code: 'FORBIDDEN' } });
    expect((await api().request('DELETE', `/api/views/${a.id}`, { token: api().tokens.investigator })).body).toEqual({ deleted: a.id });
    expect((await api().request('GET', `/api/views/${a.id}`, { token: api().tokens.investigator })).status).toBe(404);
    expect((await api().request('DELETE', `/api/views/${a.id}`, { token: api().tokens.investigator })).status).toBe(404);
    expect((await api().request('DELETE', `/api/views/${b.id}`, { token: api().tokens.admin })).status).toBe(200);

    const audit = await api().request('GET', '/api/audit?action=view.delete&limit=50', { token: api().tokens.admin });
    const entries = (audit.body as { items: Array<{ outcome: string; ringIds: string[]; details?: { viewId?: string } }> }).items;
    expect(entries.some((e) => e.details?.viewId === a.id && e.outcome === 'ok')).toBe(true);
    expect(entries.some((e) => e.details?.viewId === a.id && e.outcome === 'denied' && e.ringIds.includes(ring.id))).toBe(true);
    expect(entries.some((e) => e.details?.viewId === b.id && e.outcome === 'ok')).toBe(true);
  });
});
