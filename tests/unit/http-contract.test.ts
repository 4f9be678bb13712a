/**
 * The API contract's own checks: the route table refuses, at compile time, a
 * handler whose body is not its response schema's output; every response
 * schema is strict (every object that is not a map is a strict object); shared enums come from the engine's
 * constants; and the harness's answer check fails on unknown, missing and
 * mistyped fields.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { RING_CHANGES } from '../../engine/index.ts';
import { buildOpenApi } from '../../api/http/openapi.ts';
import { route } from '../../api/http/route.ts';
import { API_ROUTES } from '../../api/http/routes/index.ts';
import { ringSummarySchema, type RingSummary } from '../../api/http/schemas.ts';
import { checkAnswer, ContractViolation, routeOf } from '../integration/response-contract.ts';

type Json = Record<string, unknown>;

const summary: RingSummary = {
  id: 'R-1',
  runId: 'run-1',
  score: 0.5,
  tier: 'linked',
  size: 2,
  shops: 3,
  brands: ['Acme'],
  change: 'new',
  previousIds: [],
  evidence: { counterfeitReports: 1, takedowns: 0 },
  scoreBreakdown: { counterfeitVerdicts: 0.5 },
  likelySources: [{ address: '1 Main St', key: 'k1', shipments: 4, sellers: 2 }],
};
const page = { offset: 0, limit: 50, total: 1, nextOffset: null };

/** Every object node of a JSON schema, with its path. */
function objects(schema: unknown, path = '$'): Array<{ path: string; node: Json }> {
  if (schema === null || typeof schema !== 'object') return [];
  const node = schema as Json;
  const own = node.type === 'object' ? [{ path, node }] : [];
  return [...own, ...Object.entries(node).flatMap(([key, child]) => objects(child, `${path}.${key}`))];
}

describe('route()', () => {
  it('when a handler returns a body that is not its response schema output, then it does not compile', () => {
    const spec = route({
      method: 'get',
      path: '/probe',
      summary: 'probe',
      tag: 'test',
      roles: 'public',
      response: z.strictObject({ count: z.number() }),
      // @ts-expect-error — `count` must be a number: the table checks bodies against their schemas.
      handler: async () => ({ body: { count: 'three' } }),
    });
    expect(spec.path).toBe('/probe');
  });
});

describe('response schemas', () => {
  const document = buildOpenApi(API_ROUTES, { title: 'test', version: '0' }) as { paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: unknown }> }> }>> };

  it('when each route\'s response schema is read as input, then every object in it is strict (closed) unless it is a map', () => {
    // In output mode zod closes every object; in input mode only strict ones say additionalProperties: false.
    const open: string[] = [];
    for (const spec of API_ROUTES) {
      const schema = z.toJSONSchema(spec.response, { io: 'input', unrepresentable: 'any' });
      for (const { path: at, node } of objects(schema)) {
        const isMap = node.properties === undefined && node.additionalProperties !== undefined && node.additionalProperties !== false;
        if (!isMap && node.additionalProperties !== false) open.push(`${spec.method} ${spec.path} ${at}`);
      }
    }
    expect(open).toEqual([]);
  });

  it('when the ring history is documented, then its change is the engine enum, not a plain string', () => {
    const history = document.paths['/api/rings/{ringId}/history']!.get!.responses['200']!.content!['application/json']!.schema as Json;
    const change = JSON.stringify(objects(history).find(({ node }) => (node.properties as Json | undefined)?.change)?.node.properties);
    for (const value of RING_CHANGES) expect(change).toContain(`"${value}"`);
  });
});

describe('checkAnswer (the harness contract check)', () => {
  it('when a path is served by a route, then routeOf finds it, parameters and query included', () => {
    expect(routeOf('GET', '/api/rings/R-1/subgraph?limit=5')?.path).toBe('/rings/:ringId/subgraph');
    expect(routeOf('GET', '/api/entities/seller/S%2F1')?.path).toBe('/entities/:type/:key');
    expect(routeOf('GET', '/api/nowhere')).toBeNull();
  });

  it('when an answer matches its schema exactly, then it passes', () => {
    expect(() => checkAnswer('GET', '/api/rings', 200, { items: [summary], page })).not.toThrow();
    expect(ringSummarySchema.parse(summary)).toEqual(summary);
  });

  it('when an answer has a field its schema lacks, then it fails naming the field', () => {
    const drifted = { items: [{ ...summary, evidence: { ...summary.evidence, extra: 1 } }], page };
    expect(() => checkAnswer('GET', '/api/rings', 200, drifted)).toThrow(ContractViolation);
    expect(() => checkAnswer('GET', '/api/rings', 200, drifted)).toThrow(/items\.0\.evidence: Unrecognized key: "extra"/);
  });

  it('when an answer misses a field or has a value outside an enum, then it fails', () => {
    const { previousIds: _dropped, ...missing } = summary;
    expect(() => checkAnswer('GET', '/api/rings', 200, { items: [missing], page })).toThrow(/items\.0\.previousIds/);
    expect(() => checkAnswer('GET', '/api/rings', 200, { items: [{ ...summary, change: 'changed' }], page })).toThrow(/items\.0\.change/);
  });

  it('when an error answer is not the error shape, then it fails; other statuses and non-API paths are not checked', () => {
    expect(() => checkAnswer('GET', '/api/rings/R-1', 404, { error: { code: 'NOT_FOUND', message: 'no ring R-1' } })).not.toThrow();
    expect(() => checkAnswer('GET', '/api/rings/R-1', 404, { message: 'no ring' })).toThrow(ContractViolation);
    expect(() => checkAnswer('GET', '/api/rings', 304, null)).not.toThrow();
    expect(() => checkAnswer('GET', '/index.html', 200, { anything: true })).not.toThrow();
  });
});
