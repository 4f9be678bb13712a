/**
 * Routing is exact, so the body guards (keyed `METHOD /path`) and the routes
 * can never disagree: `/api/ingest/` and `/api/Ingest` are no route (404,
 * nothing loaded, whatever the body), not an upload that skipped its guards.
 * HEAD on a download route (the dossier) is 405 with `Allow: GET`: it renders
 * nothing and audits no export. Detection parameters outside their documented
 * range are a 400 naming the parameter, and the runs list keeps its schema.
 * Routing, not storage: the embedded store suffices.
 */
import { describe, expect, it } from 'vitest';
import { EXPLORER_CSP } from '../../api/http/explorer-static.ts';
import { HTTP_STORES, useApi } from './http-harness.ts';

interface ErrorAnswer {
  error: { code: string; message: string; field?: string };
}

const embedded = HTTP_STORES.find((s) => s.name === 'embedded')!;

describe('routing on a loaded store', () => {
  const api = useApi(embedded, { sellers: 1_500, rings: 10, config: { rateLimitPerMinute: 0 } });

  describe('exact routes', () => {
    const admin = () => api().tokens.admin;
    const jobCount = async () => ((await api().request('GET', '/api/jobs', { token: admin() })).body as { items: unknown[] }).items.length;
    const ingests = async () => (await api().store.listIngests({ offset: 0, limit: 1_000 })).total;

    it.each([
      { label: 'a JSON body to /api/ingest/ (trailing slash)', path: '/api/ingest/?file=reports.csv', type: 'application/json', body: '{"a":1}' },
      { label: 'a CSV to /api/Ingest (other case)', path: '/api/Ingest?file=reports.csv', type: 'text/csv', body: 'report_id,shop_id\nRP1,H1\n' },
      { label: 'a 300 kB CSV to /api/ingest/', path: '/api/ingest/?file=reports.csv', type: 'text/csv', body: `report_id,shop_id\n${'RP1,H1\n'.repeat(43_000)}` },
      { label: 'a 300 kB CSV to /api/Ingest', path: '/api/Ingest?file=reports.csv', type: 'text/csv', body: `report_id,shop_id\n${'RP1,H1\n'.repeat(43_000)}` },
    ])('when $label is sent, then 404 NOT_FOUND and nothing is loaded', async ({ path, type, body }) => {
      const [jobsBefore, ingestsBefore] = [await jobCount(), await ingests()];
      const answer = await api().request('POST', path, { token: admin(), raw: body, headers: { 'content-type': type } });
      expect(answer.status).toBe(404);
      expect((answer.body as ErrorAnswer).error.code).toBe('NOT_FOUND');
      expect(await jobCount()).toBe(jobsBefore);
      expect(await ingests()).toBe(ingestsBefore);
    });

    it('when the upload route is asked exactly, then its guards still hold: a JSON body is 415, not a load', async () => {
      const answer = await api().request('POST', '/api/ingest?file=reports.csv', { token: admin(), raw: '{"a":1}', headers: { 'content-type': 'application/json' } });
      expect(answer.status).toBe(415);
      expect((answer.body as ErrorAnswer).error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    });

    it('when a read is asked with a trailing slash or another case, then 404 like any unknown path; the exact path answers', async () => {
      for (const path of ['/api/rings/', '/api/Rings', `/api/rings/${encodeURIComponent(api().rings[0]!.id)}/`, '/api/health/']) {
        const answer = await api().request('GET', path, { token: admin() });
        expect(answer.status, path).toBe(404);
        expect((answer.body as ErrorAnswer).error.code, path).toBe('NOT_FOUND');
      }
      // Outside /api altogether (the mount is case-sensitive too): not the API.
      const upper = await api().request('GET', '/API/rings', { token: admin() });
      expect(upper.status).toBe(404);
      expect(upper.text).not.toContain('"items"');
      // Nor a doubled slash, nor a page the explorer does not have: the same JSON 404, never express's HTML page.
      for (const path of ['/API/rings', '//api/rings', '//api/health', '/nothing-here', '/index.htm']) {
        for (const method of ['GET', 'POST'] as const) {
          const answer = await api().request(method, path, { token: admin() });
          expect(answer.status, `${method} ${path}`).toBe(404);
          expect(answer.headers.get('content-type'), `${method} ${path}`).toContain('application/json');
          expect((answer.body as ErrorAnswer).error.code, `${method} ${path}`).toBe('NOT_FOUND');
        }
      }
      expect((await api().request('GET', '/api/rings', { token: admin() })).status).toBe(200);
    });

    it('when the explorer is asked for, then it is served as before (built or not), with its CSP', async () => {
      for (const path of ['/', '/index.html']) {
        const answer = await api().request('GET', path);
        expect([200, 503], path).toContain(answer.status);
        expect(answer.headers.get('content-type'), path).toContain('text/html');
        expect(answer.headers.get('content-security-policy'), path).toBe(EXPLORER_CSP);
      }
    });
  });

  describe('HEAD on a download', () => {
    const exports = async () => (await api().store.listAudit({ offset: 0, limit: 100, action: 'dossier.export' })).total;

    it('when a dossier is asked with HEAD, then 405 with Allow: GET, nothing rendered and no export audited; GET still downloads', async () => {
      const path = `/api/rings/${encodeURIComponent(api().rings[0]!.id)}/dossier`;
      const head = await fetch(`${api().url}${path}`, { method: 'HEAD', headers: { authorization: `Bearer ${api().tokens.admin}` } });
      expect(head.status).toBe(405);
      expect(head.headers.get('allow')).toBe('GET');
      expect(await exports()).toBe(0);
      // The 405 of another method names the same methods.
      const remove = await api().request('DELETE', path, { token: api().tokens.admin });
      expect(remove.status).toBe(405);
      expect(remove.headers.get('allow')).toBe('GET');

      const get = await fetch(`${api().url}${path}`, { headers: { authorization: `Bearer ${api().tokens.admin}` } });
      expect(get.status).toBe(200);
      expect(get.headers.get('content-type')).toBe('application/zip');
      await get.arrayBuffer();
      expect(await exports()).toBe(1);
    });

    it('when a JSON read is asked with HEAD, then it still answers like GET, and its Allow lists HEAD', async () => {
      const head = await fetch(`${api().url}/api/rings`, { method: 'HEAD', headers: { authorization: `Bearer ${api().tokens.admin}` } });
      expect(head.status).toBe(200);
      expect((await api().request('DELETE', '/api/rings', { token: api().tokens.admin })).headers.get('allow')).toBe('GET, HEAD');
    });
  });

  describe('detection parameters', () => {

    it.each([
      { field: 'resolution', value: 1e308, message: 'must be a number above 0 and at most 10' },
      { field: 'resolution', value: 0, message: 'must be a number above 0 and at most 10' },
      { field: 'seed', value: 2 ** 40, message: 'must be an integer from 0 to 4294967295' },
      { field: 'hubThreshold', value: 1e12, message: "must be 'auto' or an integer from 2 to 1000000000" },
      { field: 'minLinkWeight', value: 1e300, message: 'must be a number from 0 to 100' },
      { field: 'minMemberStrength', value: -1, message: 'must be a number from 0 to 100' },
      { field: 'minRingSize', value: 1e9, message: 'must be an integer from 2 to 1000000' },
      { field: 'coOccurrenceMinShared', value: 1.5, message: 'must be an integer from 0 to 1000' },
    ])('when a run is asked with $field $value, then 400 naming it and its range, and no run starts', async ({ field, value, message }) => {
      const answer = await api().request('POST', '/api/runs', { token: api().tokens.admin, body: { params: { [field]: value } } });
      expect(answer.status).toBe(400);
      expect((answer.body as ErrorAnswer).error).toMatchObject({ code: 'INVALID_INPUT', field: `body.params.${field}`, message: `body.params.${field}: ${message}` });
      const runs = await api().request('GET', '/api/runs', { token: api().tokens.admin });
      // call() checks the answer against the runs list's response schema (modularity a number).
      expect(runs.status).toBe(200);
      expect((runs.body as { items: unknown[] }).items).toHaveLength(1);
    });
  });
});
