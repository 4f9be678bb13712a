/**
 * `ringtrace serve` with a webhook, on both stores: alerts a run in another
 * process left pending (its receiver was down) are delivered by the running
 * server's outbox loop, signed, once each, and the alert list shows them sent.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planCasework, type Config, type FullStore, type Ring } from '../../engine/index.ts';
import { createEmbeddedStore } from '../../engine/store/embedded/index.ts';
import { createNeo4jStore } from '../../engine/store/neo4j/index.ts';
import { ring as ringOf, run } from '../fixtures/store/builders.ts';
import { ENABLED_STORES, useApi } from './http-harness.ts';
import { useNeo4j } from './neo4j-setup.ts';

const SECRET = `whsec_${Buffer.alloc(32, 9).toString('base64')}`;

describe.each(ENABLED_STORES)('serve delivers the outbox on $name', (target) => {
  const received: Array<{ id: string; verified: boolean }> = [];
  let receiver: Server;
  const config: Partial<Config> = { webhookSecret: SECRET, webhookTimeoutMs: 2_000, webhookRetryMs: 100 };
  beforeAll(async () => {
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (d) => (body += String(d)));
      req.on('end', () => {
        let verified = true;
        try {
          new Webhook(SECRET).verify(body, req.headers as Record<string, string>);
        } catch {
          verified = false;
        }
        received.push({ id: String(req.headers['webhook-id']), verified });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    Object.assign(config, { webhookUrl: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook` });
  });
  afterAll(() => new Promise<void>((resolve) => receiver.close(() => resolve())));
  const neo4j = target.name === 'neo4j' ? useNeo4j() : null;
  const api = useApi(target, { config });
  const second = (): FullStore => (neo4j ? createNeo4jStore(neo4j()) : createEmbeddedStore({ dataDir: `${api().dataDir}/store` }));

  it('when another process saved a run whose alerts are pending, then the running server delivers each once, signed', async () => {
    const other = second();
    await other.open();
    let ids: string[] = [];
    try {
      const current = (await other.currentRun())!;
      const previous = (await other.listRings({ sort: 'score', offset: 0, limit: 10_000 })).rings;
      const fresh: Ring[] = [1, 2].map((i) => ringOf(`R-serve-${i}`, [`SV${i}-1`, `SV${i}-2`, `SV${i}-3`], { score: 0.9, brands: ['Acme'], change: 'new' }));
      const rings = [...previous.map((r) => ({ ...r, change: 'unchanged' as const })), ...fresh];
      const next = run('run-serve-2', new Date().toISOString(), { previousRunId: current.id });
      const casework = planCasework({ run: next, rings, previousRingIds: previous.map((r) => r.id), cases: await other.casesForRings(rings.map((r) => r.id)), previousVersions: new Map(), foldedEvents: new Map(), policy: { minScore: 0.5, webhook: true }, now: new Date().toISOString() });
      await other.saveRun(next, rings, { casework });
      ids = casework.outbox.map((m) => m.id);
    } finally {
      await other.close();
    }

    const deadline = Date.now() + 15_000;
    while (ids.some((id) => !received.some((r) => r.id === id)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));

    expect(received.map((r) => r.id).sort()).toEqual([...ids].sort());
    expect(received.every((r) => r.verified)).toBe(true);
    const alerts = (await api().request('GET', '/api/alerts?limit=500', { token: api().tokens.admin })).body as { items: Array<{ ringId: string; delivery: { state: string; attempts: number } }> };
    for (const ringId of ['R-serve-1', 'R-serve-2']) expect(alerts.items.find((a) => a.ringId === ringId)?.delivery).toMatchObject({ state: 'sent', attempts: 1 });
  });
});
