/**
 * GET /api/events on both stores: a client authenticated by a one-time
 * ticket receives run-finished, alert and case-changed for writes made on a
 * second store connection (as another process would), a liaison only its
 * brands' alerts; a ticket works once; a client that leaves is forgotten.
 */
import { describe, expect, it } from 'vitest';
import { planCasework, type FullStore, type Ring } from '../../engine/index.ts';
import { createEmbeddedStore } from '../../engine/store/embedded/index.ts';
import { createNeo4jStore } from '../../engine/store/neo4j/index.ts';
import { ring as ringOf, run } from '../fixtures/store/builders.ts';
import { ENABLED_STORES, useApi } from './http-harness.ts';
import { useNeo4j } from './neo4j-setup.ts';

interface Received { event: string; data: Record<string, string> }

/** Opens the stream and collects events until `stop()`. */
async function listen(url: string, path: string, headers: Record<string, string> = {}) {
  const controller = new AbortController();
  const response = await fetch(`${url}${path}`, { headers, signal: controller.signal });
  const events: Received[] = [];
  let buffer = '';
  const reading = (async () => {
    const decoder = new TextDecoder();
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (event && data) events.push({ event, data: JSON.parse(data) as Record<string, string> });
        }
      }
    } catch {
      // aborted
    }
  })();
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    events,
    async until(test: (e: Received[]) => boolean, ms = 10_000): Promise<void> {
      const deadline = Date.now() + ms;
      while (!test(events)) {
        if (Date.now() > deadline) throw new Error(`no matching event within ${ms} ms; got ${JSON.stringify(events)}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async stop(): Promise<void> {
      controller.abort();
      await reading;
    },
  };
}

describe.each(ENABLED_STORES)('GET /api/events on $name', (target) => {
  // Before useApi: each useNeo4j wipes the database once at the start, which must come before the fixture loads.
  const neo4j = target.name === 'neo4j' ? useNeo4j() : null;
  const api = useApi(target);
  /** A second connection to the same store, as another process would have. */
  const second = (): FullStore => (neo4j ? createNeo4jStore(neo4j()) : createEmbeddedStore({ dataDir: `${api().dataDir}/store` }));
  const ticket = async (role: 'admin' | 'liaison' | 'outsider'): Promise<string> =>
    ((await api().request('POST', '/api/events/ticket', { token: api().tokens[role] })).body as { ticket: string }).ticket;

  it('when a run and a case change are written elsewhere, then listeners get run-finished, alert and case-changed, a liaison only its brands\' alert', async () => {
    const admin = await listen(api().url, `/api/events?ticket=${await ticket('admin')}`);
    const outsider = await listen(api().url, '/api/events', { authorization: `Bearer ${api().tokens.outsider}` });
    expect(admin.status).toBe(200);
    expect(admin.contentType).toContain('text/event-stream');
    await admin.until((e) => e.some((x) => x.event === 'ready'));
    await outsider.until((e) => e.some((x) => x.event === 'ready'));

    const other = second();
    await other.open();
    try {
      const current = (await other.currentRun())!;
      const previous = (await other.listRings({ sort: 'score', offset: 0, limit: 10_000 })).rings;
      const fresh: Ring = ringOf('R-live-new', ['LIVE-1', 'LIVE-2', 'LIVE-3'], { score: 0.93, brands: [api().liaisonBrand], change: 'new' });
      const rings = [...previous.map((r) => ({ ...r, change: 'unchanged' as const })), fresh];
      const next = run('run-live-2', new Date().toISOString(), { previousRunId: current.id });
      const casework = planCasework({ run: next, rings, previousRingIds: previous.map((r) => r.id), cases: await other.casesForRings(rings.map((r) => r.id)), previousVersions: new Map(), foldedEvents: new Map(), policy: { minScore: 0.5, webhook: false }, now: new Date().toISOString() });
      await other.saveRun(next, rings, { casework });

      await admin.until((e) => e.some((x) => x.event === 'run-finished' && x.data['runId'] === 'run-live-2'));
      await admin.until((e) => e.some((x) => x.event === 'alert' && x.data['ringId'] === 'R-live-new'));
      const caseId = casework.openCases[0]!.id;
      await admin.until((e) => e.some((x) => x.event === 'case-changed' && x.data['caseId'] === caseId));
      await other.changeCase({ caseId, event: { id: 'EV-live-note', caseId, kind: 'note', author: 'elsewhere', role: 'investigator', at: new Date(Date.now() + 1_000).toISOString(), text: 'from another process' } });
      await admin.until((e) => e.filter((x) => x.event === 'case-changed' && x.data['caseId'] === caseId).length >= 2);
    } finally {
      await other.close();
    }

    await outsider.until((e) => e.some((x) => x.event === 'run-finished'));
    expect(outsider.events.filter((x) => x.event === 'alert' || x.event === 'case-changed')).toEqual([]);
    await admin.stop();
    await outsider.stop();
  });

  it('when a ticket is used twice or is made up, then the second use and the made-up one are 401', async () => {
    const t = await ticket('admin');
    const first = await listen(api().url, `/api/events?ticket=${t}`);
    const again = await fetch(`${api().url}/api/events?ticket=${t}`);
    const made = await fetch(`${api().url}/api/events?ticket=nope`);

    expect(first.status).toBe(200);
    expect(again.status).toBe(401);
    expect(((await made.json()) as { error: { code: string } }).error.code).toBe('UNAUTHORIZED');
    await first.stop();
  });

  it('when the token of an open stream is revoked, then the stream is told and closed, and its unused ticket no longer opens one', async () => {
    const created = (await api().request('POST', '/api/tokens', { token: api().tokens.admin, body: { role: 'investigator', name: 'events-revoked' } })).body as { token: { id: string }; secret: string };
    const stream = await listen(api().url, '/api/events', { authorization: `Bearer ${created.secret}` });
    await stream.until((e) => e.some((x) => x.event === 'ready'));
    const spare = ((await api().request('POST', '/api/events/ticket', { token: created.secret })).body as { ticket: string }).ticket;

    expect((await api().request('DELETE', `/api/tokens/${created.token.id}`, { token: api().tokens.admin })).status).toBe(200);
    await stream.until((e) => e.some((x) => x.event === 'revoked'));
    const late = await fetch(`${api().url}/api/events?ticket=${spare}`);
    expect(late.status).toBe(401);
    expect(((await late.json()) as { error: { message: string } }).error.message).toContain('revoked');
    await stream.stop();
  });

  it('when clients disconnect, then the hub forgets them', async () => {
    const hub = api().server.app.services.events;
    const settle = async (n: number): Promise<void> => {
      const deadline = Date.now() + 5_000;
      while (hub.clients() !== n && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    };
    // The earlier tests' clients are gone too, once the server has seen their connections close; a slow close
    // of one of them must not be counted as these clients, so the check is relative to what is left.
    await settle(0);
    const before = hub.clients();
    const a = await listen(api().url, `/api/events?ticket=${await ticket('admin')}`);
    const b = await listen(api().url, `/api/events?ticket=${await ticket('liaison')}`);
    await a.until((e) => e.length > 0);
    await b.until((e) => e.length > 0);
    await settle(before + 2);
    expect(hub.clients() - before).toBe(2);

    await a.stop();
    await b.stop();
    await settle(0);
    expect(hub.clients()).toBe(0);
  });
});
