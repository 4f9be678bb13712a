/**
 * The API contract, walked: every route of the table is called (as every role
 * it admits, for the read routes) on both stores, and every answer must match
 * its route's response schema exactly — the harness checks each JSON answer
 * in strict mode, so a field a use case returns but the schema lacks fails
 * here (the drift the hand-written copies once allowed). A route added to the
 * table without a request below fails the coverage check.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { Role } from '../../engine/index.ts';
import type { JobView, Paged, RingSummary, RunView, TokenView } from '../../api/http/schemas.ts';
import { issueToken } from '../../api/http/access/tokens.ts';
import { ENABLED_STORES, useApi, type Answer, type RequestOptions } from './http-harness.ts';
import { CONTRACT_ROUTES } from './response-contract.ts';

const enc = encodeURIComponent;
const ROLES_IN_ORDER: Role[] = ['admin', 'investigator', 'liaison', 'viewer'];

describe.each(ENABLED_STORES)('API contract on $name', (target) => {
  const api = useApi(target, { config: { rateLimitPerMinute: 0 } });
  const called = new Set<string>();

  const send = async (role: Role, method: string, template: string, path: string, options: RequestOptions = {}): Promise<Answer> => {
    const answer = await api().request(method, path, { token: api().tokens[role], ...options });
    const spec = CONTRACT_ROUTES.find((r) => r.method === method.toLowerCase() && r.path === template)!;
    expect(answer.status, `${role} ${method} ${path}: ${answer.text.slice(0, 200)}`).toBe(spec.status ?? 200);
    called.add(`${method.toLowerCase()} ${template}`);
    return answer;
  };

  const waitForJob = async (id: string): Promise<JobView> => {
    for (let i = 0; i < 600; i += 1) {
      const job = (await send('admin', 'GET', '/jobs/:jobId', `/api/jobs/${id}`)).body as JobView;
      if (job.state !== 'running') return job;
      await sleep(100);
    }
    throw new Error(`job ${id} did not finish`);
  };

  it('when every route is called, as every role it admits, then every answer matches its response schema exactly', async () => {
    // Writes first, once each: a run, an upload (three existing sellers again: nothing changes), a token made and revoked.
    const run = (await send('admin', 'POST', '/runs', '/api/runs', { body: { params: {} } })).body as { job: JobView };
    expect((await waitForJob(run.job.id)).state).toBe('succeeded');
    const csv = (await readFile(join(api().exportDir, 'sellers.csv'), 'utf8')).split('\n').slice(0, 4).join('\n');
    const upload = (await send('investigator', 'POST', '/ingest', '/api/ingest?file=sellers.csv', { raw: csv, headers: { 'content-type': 'text/csv' } })).body as { job: JobView };
    expect((await waitForJob(upload.job.id)).state).toBe('succeeded');
    await send('admin', 'GET', '/jobs', '/api/jobs');
    const made = (await send('admin', 'POST', '/tokens', '/api/tokens', { body: { role: 'viewer', name: 'contract-walk' } })).body as { token: TokenView };
    await send('admin', 'DELETE', '/tokens/:tokenId', `/api/tokens/${made.token.id}`);
    await send('admin', 'GET', '/tokens', '/api/tokens');
    const { secret: code } = await issueToken(api().store, { role: 'admin', name: 'contract-login', expiresIn: '30m', purpose: 'login' });
    await send('admin', 'POST', '/login', '/api/login', { token: null, body: { code } });
    await send('admin', 'GET', '/audit', '/api/audit?limit=200');
    await send('admin', 'GET', '/openapi.json', '/api/openapi.json');
    await send('admin', 'GET', '/health', '/api/health');
    await send('admin', 'GET', '/ready', '/api/ready');

    // Reads as every role: masking (viewer) and scope (liaison) reshape answers, so each role's answers are checked.
    for (const role of ROLES_IN_ORDER) {
      await send(role, 'GET', '/me', '/api/me');
      const rings = (await send(role, 'GET', '/rings', '/api/rings?limit=500')).body as Paged<RingSummary>;
      expect(rings.items.length, role).toBeGreaterThan(0);
      const ring = rings.items[0]!;
      const detail = (await send(role, 'GET', '/rings/:ringId', `/api/rings/${enc(ring.id)}`)).body as { members: Array<{ sellerId: string }> };
      await send(role, 'GET', '/rings/:ringId/subgraph', `/api/rings/${enc(ring.id)}/subgraph?limit=2000`);
      await send(role, 'GET', '/rings/:ringId/history', `/api/rings/${enc(ring.id)}/history`);
      await send(role, 'GET', '/rings-overview', '/api/rings-overview');
      // The dossier is a ZIP, not JSON: the walk checks its status for the roles that may export it.
      if (role !== 'viewer') await send(role, 'GET', '/rings/:ringId/dossier', `/api/rings/${enc(ring.id)}/dossier`);
      const member = detail.members[0]!.sellerId;
      await send(role, 'GET', '/entities/:type/:key', `/api/entities/seller/${enc(member)}`);
      await send(role, 'GET', '/entities/:type/:key/neighbourhood', `/api/entities/seller/${enc(member)}/neighbourhood?depth=2&limit=500`);
      await send(role, 'GET', '/search', `/api/search?q=${enc(member)}`);
      const runs = (await send(role, 'GET', '/runs', '/api/runs')).body as Paged<RunView>;
      await send(role, 'GET', '/runs/:runId', `/api/runs/${enc(runs.items[0]!.id)}`);
      await send(role, 'GET', '/runs/:runId', '/api/runs/current');
      const view = (await send(role, 'POST', '/views', '/api/views', {
        body: { name: `${role} view`, ringId: ring.id, state: { mode: 'full', selected: `seller:${member}`, expanded: [], hiddenTypes: ['shipment'], minEvidence: 0, timeRange: null, style: { color: 'brand', size: 'degree' }, positions: { [`seller:${member}`]: [0, 1] }, pinned: [], groups: [] } },
      })).body as { id: string };
      await send(role, 'GET', '/views', '/api/views');
      await send(role, 'GET', '/views/:viewId', `/api/views/${view.id}`);
      await send(role, 'DELETE', '/views/:viewId', `/api/views/${view.id}`);
    }

    // Casework: the run above raised alerts and opened their cases. Reads as every role, on what each may see.
    let liaisonCase: string | null = null;
    for (const role of ROLES_IN_ORDER) {
      const alerts = (await send(role, 'GET', '/alerts', '/api/alerts?limit=200')).body as Paged<{ id: string; ringId: string; caseId: string }>;
      const cases = (await send(role, 'GET', '/cases', '/api/cases?limit=200&sort=score')).body as Paged<{ id: string; ringId: string }>;
      if (role !== 'liaison') expect(alerts.items.length, role).toBeGreaterThan(0);
      const first = cases.items[0];
      if (first === undefined) continue;
      if (role === 'liaison') liaisonCase = first.id;
      await send(role, 'GET', '/cases/:caseId', `/api/cases/${enc(first.id)}`);
      await send(role, 'GET', '/rings/:ringId/case', `/api/rings/${enc(first.ringId)}/case`);
      await send(role, 'POST', '/events/ticket', '/api/events/ticket');
      // The event stream never ends: its status and type are its answer.
      const controller = new AbortController();
      const stream = await fetch(`${api().url}/api/events`, { headers: { authorization: `Bearer ${api().tokens[role]}` }, signal: controller.signal });
      expect([stream.status, stream.headers.get('content-type')?.split(';')[0]], role).toEqual([200, 'text/event-stream']);
      controller.abort();
      called.add('get /events');
    }
    const anyCase = ((await send('investigator', 'GET', '/cases', '/api/cases?limit=1')).body as Paged<{ id: string }>).items[0]!;
    await send('investigator', 'POST', '/cases/:caseId/notes', `/api/cases/${enc(anyCase.id)}/notes`, { body: { text: 'contract walk' } });
    await send('investigator', 'POST', '/cases/:caseId/status', `/api/cases/${enc(anyCase.id)}/status`, { body: { status: 'triage', reason: 'contract walk' } });
    await send('admin', 'POST', '/cases/:caseId/assignee', `/api/cases/${enc(anyCase.id)}/assignee`, { body: { assignee: 'ana' } });
    if (liaisonCase !== null) await send('liaison', 'POST', '/cases/:caseId/notes', `/api/cases/${enc(liaisonCase)}/notes`, { body: { text: 'brand confirms' } });
    const alert = ((await send('investigator', 'GET', '/alerts', '/api/alerts?limit=1')).body as Paged<{ id: string }>).items[0]!;
    await send('investigator', 'POST', '/alerts/:alertId/acknowledge', `/api/alerts/${enc(alert.id)}/acknowledge`);

    const missing = CONTRACT_ROUTES.map((r) => `${r.method} ${r.path}`).filter((key) => !called.has(key));
    expect(missing, 'routes the walk did not call').toEqual([]);
  });
});
