/**
 * Real answers against the served OpenAPI document: the statuses routes
 * answer (the refusals included) are documented, and each JSON answer
 * conforms to the schema the document gives for it — null-bearing fields
 * included (the audit entry of a refused request has `role: null`).
 */
import { describe, expect, it } from 'vitest';
import { ENABLED_STORES, useApi, type Answer } from './http-harness.ts';
import { documentValidator, refsOf, resolveRef, type DocumentValidator } from './openapi-check.ts';

const enc = encodeURIComponent;

describe.each(ENABLED_STORES)('the served OpenAPI document on $name', (target) => {
  const api = useApi(target);

  /** Checks one answer against the document: its status is listed there and its body conforms. */
  const conforms = (validator: DocumentValidator, method: string, template: string, answer: Answer, status: number): void => {
    expect(answer.status, `${method} ${template}: ${answer.text.slice(0, 200)}`).toBe(status);
    expect(validator.check(method, template, answer.status, answer.body), `${method} ${template} ${answer.status}`).toBeNull();
  };

  it('when routes answer, refusals included, then each status is documented and each answer conforms to the document', async () => {
    const served = await api().request('GET', '/api/openapi.json');
    const document = served.body as Record<string, unknown>;
    expect(refsOf(document).filter(({ ref }) => resolveRef(document, ref) === undefined)).toEqual([]);
    const validator = documentValidator(document);
    const { admin, investigator } = api().tokens;

    // A login code that is not one: 401, although the route is public.
    conforms(validator, 'POST', '/api/login', await api().request('POST', '/api/login', { token: null, body: { code: 'abc' } }), 401);
    // An audited route without a token: refused, and logged with no token name and no role.
    conforms(validator, 'POST', '/api/runs', await api().request('POST', '/api/runs', { token: null, body: {} }), 401);

    // A second run while one holds the detection lock: 409.
    const holder = `openapi-test-${process.pid}`;
    const claim = await api().store.acquireRunLock({ holder, runId: 'run-openapi-test', owner: 'openapi test' }, 60_000);
    expect(claim.acquired).toBe(true);
    try {
      conforms(validator, 'POST', '/api/runs', await api().request('POST', '/api/runs', { token: admin, body: {} }), 409);
    } finally {
      await api().store.releaseRunLock(holder);
    }

    // A case status change that is not a transition (new to new): 409.
    const cases = await api().request('GET', '/api/cases?limit=1', { token: investigator });
    conforms(validator, 'GET', '/api/cases', cases, 200);
    const first = (cases.body as { items: Array<{ id: string; status: string }> }).items[0]!;
    const path = `/api/cases/${enc(first.id)}/status`;
    conforms(validator, 'POST', '/api/cases/{caseId}/status', await api().request('POST', path, { token: investigator, body: { status: first.status, reason: 'same again' } }), 409);

    // Reads, with their null-bearing fields: the audit trail (role null), a page, the current run.
    const audit = await api().request('GET', '/api/audit?limit=200', { token: admin });
    conforms(validator, 'GET', '/api/audit', audit, 200);
    const entries = (audit.body as { items: Array<{ role: string | null; tokenName: string | null; action: string }> }).items;
    expect(entries.some((e) => e.role === null && e.action === 'run.trigger')).toBe(true);
    conforms(validator, 'GET', '/api/rings', await api().request('GET', '/api/rings?limit=3', { token: admin }), 200);
    conforms(validator, 'GET', '/api/runs/{runId}', await api().request('GET', '/api/runs/current', { token: admin }), 200);
    const ring = api().rings[0]!;
    conforms(validator, 'GET', '/api/rings/{ringId}', await api().request('GET', `/api/rings/${enc(ring.id)}`, { token: admin }), 200);
    conforms(validator, 'GET', '/api/rings/{ringId}', await api().request('GET', '/api/rings/R-none', { token: admin }), 404);
    conforms(validator, 'GET', '/api/rings', await api().request('GET', '/api/rings?limit=0', { token: admin }), 400);
  });
});
