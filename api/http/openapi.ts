/**
 * The OpenAPI 3.1 document, generated from the route table's zod schemas
 * (`z.toJSONSchema`), so the document and the validation are one source.
 * Built once per app and served at /api/openapi.json.
 */
import { z } from 'zod';
import type { RouteSpec } from './route.ts';
import { errorSchema } from './schemas.ts';

type Json = Record<string, unknown>;

const ERROR_STATUSES: Record<string, string> = {
  '400': 'Invalid input (INVALID_INPUT, with `field`)',
  '401': 'Missing or refused token',
  '403': 'Role not allowed',
  '404': 'Not found (or outside the caller’s scope)',
  '429': 'Rate limited',
  '500': 'Internal error (with `requestId` only)',
  '503': 'Store unavailable or timed out',
};

function schemaOf(schema: z.ZodType, io: 'input' | 'output'): Json {
  const json = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'openapi-3.0' }) as Json;
  delete json.$schema;
  return json;
}

/** Path and query parameters from an object schema, one entry per property. */
function parameters(schema: z.ZodType | undefined, where: 'path' | 'query'): Json[] {
  if (!schema) return [];
  const json = schemaOf(schema, 'input');
  const properties = (json.properties ?? {}) as Record<string, Json>;
  const required = new Set((json.required ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => {
    const { description, ...rest } = property;
    return {
      name,
      in: where,
      required: where === 'path' || required.has(name),
      ...(typeof description === 'string' ? { description } : {}),
      schema: rest,
    };
  });
}

export function buildOpenApi(routes: readonly RouteSpec[], info: { title: string; version: string }): Json {
  const paths: Record<string, Record<string, Json>> = {};
  for (const spec of routes) {
    const path = `/api${spec.path.replace(/:([A-Za-z]+)/g, '{$1}')}`;
    const errors = Object.fromEntries(
      Object.entries(ERROR_STATUSES)
        .filter(([status]) => spec.roles !== 'public' || !['401', '403'].includes(status))
        .map(([status, description]) => [status, { description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } }]),
    );
    const operation: Json = {
      summary: spec.summary,
      tags: [spec.tag],
      operationId: `${spec.method}${path.replace(/[^A-Za-z]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ''))}`,
      'x-roles': spec.roles === 'public' ? 'public' : [...spec.roles],
      ...(spec.audit ? { 'x-audit-action': spec.audit } : {}),
      security: spec.roles === 'public' ? [] : [{ bearer: [] }],
      parameters: [...parameters(spec.params, 'path'), ...parameters(spec.query, 'query')],
      responses: {
        [String(spec.status ?? 200)]: { description: 'OK', content: { 'application/json': { schema: schemaOf(spec.response, 'output') } } },
        ...errors,
      },
    };
    if (spec.body) operation.requestBody = { required: true, content: { 'application/json': { schema: schemaOf(spec.body, 'input') } } };
    if (spec.rawBody) {
      operation.requestBody = {
        required: true,
        description: spec.rawBody.description,
        content: Object.fromEntries(spec.rawBody.contentTypes.map((t) => [t, { schema: { type: 'string', format: 'binary' } }])),
      };
    }
    (paths[path] ??= {})[spec.method] = operation;
  }
  return {
    openapi: '3.1.0',
    info: { ...info, description: 'ringtrace HTTP API: counterfeit-seller rings, their graph, search, ingest and detection runs. Bearer tokens (`ringtrace tokens create`).' },
    servers: [{ url: '/' }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'An API token (rt_…)' } },
      schemas: { Error: schemaOf(errorSchema, 'output') },
    },
    paths,
  };
}
