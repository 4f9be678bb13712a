/**
 * Checks of the served OpenAPI document for the suites: where its `$ref`s
 * point, and a validator of an answer against the schema the document gives
 * for its path, method and status. The validator is the ajv already in
 * node_modules (6, a JSON Schema draft-07 validator, there for eslint); the
 * document is 2020-12, so a copy is translated for it first: a tuple's
 * `prefixItems` is draft-07's `items` array (and its `items: false`,
 * `additionalItems: false`). Keywords draft-07 lacks are ignored by ajv, so
 * the check is weaker than a 2020-12 validator, never stricter. Null-bearing
 * fields are `anyOf … {type: 'null'}` / `type: [..., 'null']`, which draft-07
 * reads the same way, so a field that is null but documented without null
 * (OpenAPI 3.0's `nullable`, which 3.1 ignores) fails here.
 */
import Ajv from 'ajv';

type Json = Record<string, unknown>;

/** Every `$ref` string in the document, with the JSON path it was found at. */
export function refsOf(node: unknown, at = '$'): Array<{ at: string; ref: string }> {
  if (Array.isArray(node)) return node.flatMap((item, i) => refsOf(item, `${at}[${i}]`));
  if (node === null || typeof node !== 'object') return [];
  return Object.entries(node as Json).flatMap(([key, value]) =>
    key === '$ref' && typeof value === 'string' ? [{ at, ref: value }] : refsOf(value, `${at}.${key}`),
  );
}

/** What a local reference (`#/a/b`) points at in the document, or undefined. */
export function resolveRef(document: unknown, ref: string): unknown {
  if (!ref.startsWith('#/')) return undefined;
  let node: unknown = document;
  for (const raw of ref.slice(2).split('/')) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, segment)) return undefined;
    node = (node as Json)[segment];
  }
  return node;
}

/** The document as draft-07 reads it (see the file comment). */
function asDraft07(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(asDraft07);
  if (node === null || typeof node !== 'object') return node;
  const { prefixItems, items, ...rest } = node as Json;
  const out: Json = Object.fromEntries(Object.entries(rest).map(([key, value]) => [key, asDraft07(value)]));
  if (prefixItems !== undefined) {
    out.items = asDraft07(prefixItems);
    if (items !== undefined) out.additionalItems = asDraft07(items);
  } else if (items !== undefined) {
    out.items = asDraft07(items);
  }
  return out;
}

const pointer = (segment: string) => segment.replace(/~/g, '~0').replace(/\//g, '~1');

export interface DocumentValidator {
  /** Validation errors of `body` as the document's answer for it, or null when it conforms; throws when the status is not documented. */
  check(method: string, path: string, status: number, body: unknown): string[] | null;
}

/** `path` is the document's template (`/api/cases/{caseId}/status`); the answer must be JSON. */
export function documentValidator(document: Json): DocumentValidator {
  const ajv = new Ajv({ allErrors: true, unknownFormats: 'ignore' });
  ajv.addSchema(asDraft07(document) as object, 'openapi');
  return {
    check(method, path, status, body) {
      const operation = resolveRef(document, `#/paths/${pointer(path)}/${method.toLowerCase()}`) as { responses?: Json } | undefined;
      if (operation?.responses?.[String(status)] === undefined) throw new Error(`${method} ${path} does not document status ${status}`);
      const where = `openapi#/paths/${pointer(path)}/${method.toLowerCase()}/responses/${status}/content/${pointer('application/json')}/schema`;
      if (ajv.validate({ $ref: where }, body)) return null;
      return (ajv.errors ?? []).map((e) => `${e.dataPath || '.'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
    },
  };
}
