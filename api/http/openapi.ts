/**
 * The OpenAPI 3.1 document, generated from the route table's zod schemas
 * (`z.toJSONSchema`, JSON Schema 2020-12: null as a type or an `anyOf`
 * branch, numeric exclusive bounds), so the document and the validation are
 * one source. Schemas with an id are `components.schemas`; every `$ref`
 * points there. Each operation lists its success status, the errors every
 * route may answer, those of a body, and the ones the route declares
 * (`RouteSpec.errors`). Built once per app and served at /api/openapi.json.
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

/** What the transport answers on any route that reads a body (body-guards.ts, the JSON parser, `mountRoutes`). */
const BODY_STATUSES: Record<string, string> = {
  '408': 'REQUEST_TIMEOUT: the body did not arrive in time',
  '413': 'PAYLOAD_TOO_LARGE: the body is larger than the limit',
  '415': 'UNSUPPORTED_MEDIA_TYPE: the body is not one of the content types below',
};

const COMPONENTS = '#/components/schemas/';
const DEFS = '#/$defs/';

/** Sorted-key JSON, to compare two renderings of a schema. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Json).sort(([a], [b]) => a.localeCompare(b))) : v,
  );
}

/** A copy of `node` with every `#/$defs/<id>` reference pointing at `#/components/schemas/<names[id]>`. */
function rewriteRefs(node: unknown, names: ReadonlyMap<string, string>): unknown {
  if (Array.isArray(node)) return node.map((item) => rewriteRefs(item, names));
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node as Json).map(([key, value]) => {
      if (key === '$ref' && typeof value === 'string' && value.startsWith(DEFS)) {
        const id = value.slice(DEFS.length).replace(/~1/g, '/').replace(/~0/g, '~');
        const name = names.get(id);
        if (name === undefined) throw new Error(`OpenAPI: reference ${value} has no definition`);
        return [key, `${COMPONENTS}${name}`];
      }
      return [key, rewriteRefs(value, names)];
    }),
  );
}

/**
 * The document's `components.schemas`, filled as schemas are converted: zod
 * (target JSON Schema 2020-12, the dialect of OpenAPI 3.1) extracts every schema
 * with a `.meta({ id })` into `$defs`; those move here and their references
 * become `#/components/schemas/<id>`, so every `$ref` resolves inside the
 * document. An id whose input rendering differs from its output one (defaults
 * make a field optional on input) is kept apart as `<id>Input`. Convert the
 * output schemas first: they claim the plain names.
 */
class Components {
  readonly schemas: Record<string, Json> = {};

  schemaOf(schema: z.ZodType, io: 'input' | 'output'): Json {
    const { $schema: _dialect, $defs, ...root } = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as Json;
    const defs = Object.entries(($defs ?? {}) as Record<string, Json>);
    const names = new Map(defs.map(([id]) => [id, id]));
    // An input rendering takes `<id>Input` when it differs from `<id>`; renaming one can change another that refers to it, so repeat until none moves.
    for (let moved = true; moved; ) {
      moved = false;
      for (const [id, def] of defs) {
        const name = names.get(id)!;
        const existing = this.schemas[name];
        if (io === 'input' && name === id && existing !== undefined && canonical(existing) !== canonical(rewriteRefs(def, names))) {
          names.set(id, `${id}Input`);
          moved = true;
        }
      }
    }
    for (const [id, def] of defs) {
      const name = names.get(id)!;
      const body = rewriteRefs(def, names) as Json;
      const existing = this.schemas[name];
      if (existing !== undefined && canonical(existing) !== canonical(body)) throw new Error(`OpenAPI: two different schemas would be components.schemas.${name}`);
      this.schemas[name] = body;
    }
    return rewriteRefs(root, names) as Json;
  }
}

/** Path and query parameters from an object schema, one entry per property. */
function parameters(components: Components, schema: z.ZodType | undefined, where: 'path' | 'query'): Json[] {
  if (!schema) return [];
  const json = components.schemaOf(schema, 'input');
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
  const components = new Components();
  const errorRef = components.schemaOf(errorSchema, 'output');
  // Output schemas first, so that they take the plain component names (Components).
  const answers = routes.map((spec) => components.schemaOf(spec.response, 'output'));
  const paths: Record<string, Record<string, Json>> = {};
  routes.forEach((spec, i) => {
    const path = `/api${spec.path.replace(/:([A-Za-z]+)/g, '{$1}')}`;
    const errorStatuses: Record<string, string> = {
      ...Object.fromEntries(Object.entries(ERROR_STATUSES).filter(([status]) => spec.roles !== 'public' || !['401', '403'].includes(status))),
      ...(spec.body || spec.rawBody ? BODY_STATUSES : {}),
      ...Object.fromEntries(Object.entries(spec.errors ?? {}).filter((entry): entry is [string, string] => entry[1] !== undefined)),
    };
    const errors = Object.fromEntries(
      Object.keys(errorStatuses)
        .sort()
        .map((status) => [status, { description: errorStatuses[status], content: { 'application/json': { schema: errorRef } } }]),
    );
    const operation: Json = {
      summary: spec.summary,
      tags: [spec.tag],
      operationId: `${spec.method}${path.replace(/[^A-Za-z]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ''))}`,
      'x-roles': spec.roles === 'public' ? 'public' : [...spec.roles],
      ...(spec.audit ? { 'x-audit-action': spec.audit } : {}),
      security: spec.roles === 'public' ? [] : [{ bearer: [] }],
      parameters: [...parameters(components, spec.params, 'path'), ...parameters(components, spec.query, 'query')],
      responses: {
        [String(spec.status ?? 200)]: { description: 'OK', content: { 'application/json': { schema: answers[i] } } },
        ...errors,
      },
    };
    if (spec.body) operation.requestBody = { required: true, content: { 'application/json': { schema: components.schemaOf(spec.body, 'input') } } };
    if (spec.rawBody) {
      operation.requestBody = {
        required: true,
        description: spec.rawBody.description,
        content: Object.fromEntries(spec.rawBody.contentTypes.map((t) => [t, { schema: { type: 'string', format: 'binary' } }])),
      };
    }
    (paths[path] ??= {})[spec.method] = operation;
  });
  return {
    openapi: '3.1.0',
    info: { ...info, description: 'ringtrace HTTP API: counterfeit-seller rings, their graph, search, ingest and detection runs. Bearer tokens (`ringtrace tokens create`).' },
    servers: [{ url: '/' }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'An API token (rt_…)' } },
      schemas: components.schemas,
    },
    paths,
  };
}
