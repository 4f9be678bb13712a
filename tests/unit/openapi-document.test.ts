/**
 * The OpenAPI document as built from the route table: one coherent OpenAPI
 * 3.1 document (JSON Schema 2020-12 — no OpenAPI 3.0 `nullable`, numeric
 * exclusive bounds), every `$ref` resolving inside it, the error statuses the
 * routes really answer listed, and null-bearing fields accepting null.
 */
import { describe, expect, it } from 'vitest';
import { buildOpenApi } from '../../api/http/openapi.ts';
import { API_ROUTES } from '../../api/http/routes/index.ts';
import { documentValidator, refsOf, resolveRef } from '../integration/openapi-check.ts';

type Json = Record<string, unknown>;
interface Operation {
  responses: Record<string, { description: string; content?: Record<string, { schema: Json }> }>;
}

const document = buildOpenApi(API_ROUTES, { title: 'test', version: '0' });
const paths = document.paths as Record<string, Record<string, Operation>>;
const operation = (method: string, path: string): Operation => paths[path]![method]!;

/** Every keyword used in a schema position, with where: property names (the keys of `properties`) are not keywords. */
function keywords(node: unknown, at = '$', names = false): Array<{ at: string; key: string; value: unknown }> {
  if (Array.isArray(node)) return node.flatMap((item, i) => keywords(item, `${at}[${i}]`));
  if (node === null || typeof node !== 'object') return [];
  return Object.entries(node as Json).flatMap(([key, value]) => [
    ...(names ? [] : [{ at, key, value }]),
    ...keywords(value, `${at}.${key}`, !names && (key === 'properties' || key === 'patternProperties' || key === '$defs')),
  ]);
}

const page = { offset: 0, limit: 50, total: null, nextOffset: null };

describe('the OpenAPI document', () => {
  it('when built, then every $ref resolves inside it, to a component schema', () => {
    const refs = refsOf(document);
    expect(refs.length).toBeGreaterThan(20);
    const dangling = refs.filter(({ ref }) => resolveRef(document, ref) === undefined).map(({ at, ref }) => `${at}: ${ref}`);
    expect(dangling).toEqual([]);
    expect(refs.filter(({ ref }) => !ref.startsWith('#/components/schemas/')).map(({ ref }) => ref)).toEqual([]);
    // The 202 answer of an upload refers to the Job component, which is there.
    const accepted = JSON.stringify(operation('post', '/api/ingest').responses['202']);
    expect(accepted).toContain('"#/components/schemas/Job"');
    expect((document.components as { schemas: Json }).schemas.Job).toMatchObject({ type: 'object' });
  });

  it('when built, then it is OpenAPI 3.1 throughout: no nullable, no boolean exclusive bounds, no stray definitions or $schema', () => {
    expect(document.openapi).toBe('3.1.0');
    const found = keywords(document);
    expect(found.filter(({ key }) => key === 'nullable').map(({ at }) => at)).toEqual([]);
    expect(found.filter(({ key }) => ['definitions', '$defs', '$schema'].includes(key)).map(({ at, key }) => `${at}.${key}`)).toEqual([]);
    const bounds = found.filter(({ key }) => key === 'exclusiveMinimum' || key === 'exclusiveMaximum');
    expect(bounds.length).toBeGreaterThan(0);
    expect(bounds.filter(({ value }) => typeof value !== 'number').map(({ at, key }) => `${at}.${key}`)).toEqual([]);
    // Nulls are a type of their own (2020-12), as in the page's `total`.
    expect(JSON.stringify(found.filter(({ key }) => key === 'type' || key === 'anyOf').map(({ value }) => value))).toContain('"null"');
  });

  it('when a route answers an error status of its own, then its responses list it with the error body', () => {
    for (const [method, path, status] of [
      ['post', '/api/runs', '409'],
      ['post', '/api/cases/{caseId}/status', '409'],
      ['post', '/api/login', '401'],
    ] as const) {
      const response = operation(method, path).responses[status];
      expect(response, `${method} ${path} ${status}`).toBeDefined();
      expect(response!.content!['application/json']!.schema).toEqual({ $ref: '#/components/schemas/Error' });
    }
    // Every status a route declares is documented; a public route lists no 403.
    for (const spec of API_ROUTES) {
      const path = `/api${spec.path.replace(/:([A-Za-z]+)/g, '{$1}')}`;
      for (const status of Object.keys(spec.errors ?? {})) expect(operation(spec.method, path).responses[status], `${spec.method} ${path} ${status}`).toBeDefined();
    }
    expect(operation('post', '/api/login').responses['403']).toBeUndefined();
    // A route with a JSON body documents what the transport answers for one.
    expect(Object.keys(operation('post', '/api/tokens').responses)).toEqual(expect.arrayContaining(['408', '413', '415']));
  });

  it('when an audit entry of a refused request (role null) is checked against the document, then it conforms; a role outside the enum does not', () => {
    const validator = documentValidator(document);
    const entry = { id: 'a-1', at: '2026-01-01T00:00:00.000Z', tokenName: null, role: null, action: 'run.trigger', route: 'POST /api/runs', ringIds: [], entityIds: [], remote: '127.0.0.1', outcome: 'denied' };
    expect(validator.check('GET', '/api/audit', 200, { items: [entry], page })).toBeNull();
    expect(validator.check('GET', '/api/audit', 200, { items: [{ ...entry, role: 'admin' }], page })).toBeNull();
    expect(validator.check('GET', '/api/audit', 200, { items: [{ ...entry, role: 'root' }], page })?.join('\n')).toMatch(/role/);
  });

  it('when answers with null fields, tuples and errors are checked against the document, then they conform, and an unknown field does not', () => {
    const validator = documentValidator(document);
    const conflict = { error: { code: 'CONFLICT', message: 'detection run r-1 is already running', requestId: 'req-1' } };
    expect(validator.check('POST', '/api/runs', 409, conflict)).toBeNull();
    expect(validator.check('POST', '/api/login', 401, { error: { code: 'UNAUTHORIZED', message: 'this login link was already used or has expired' } })).toBeNull();
    expect(validator.check('POST', '/api/runs', 409, { message: 'conflict' })).not.toBeNull();
    const state = { mode: 'full', selected: null, expanded: [], hiddenTypes: [], minEvidence: 0, timeRange: [1, 2], style: { color: 'type', size: 'type' }, positions: { 'seller:S-1': [0, 1] }, pinned: [], hidden: [], groups: [] };
    const view = { id: 'view-1', owner: 'ana', name: 'v', ringId: 'R-1', createdAt: '2026-01-01T00:00:00.000Z', state };
    expect(validator.check('GET', '/api/views/{viewId}', 200, view)).toBeNull();
    expect(validator.check('GET', '/api/views/{viewId}', 200, { ...view, state: { ...state, timeRange: null } })).toBeNull();
    expect(validator.check('GET', '/api/views/{viewId}', 200, { ...view, state: { ...state, timeRange: [1, 2, 3] } })).not.toBeNull();
    expect(validator.check('GET', '/api/views/{viewId}', 200, { ...view, extra: 1 })).not.toBeNull();
    expect(() => validator.check('GET', '/api/views/{viewId}', 418, view)).toThrow(/does not document status 418/);
  });
});
