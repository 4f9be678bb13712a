/**
 * Checks of the served OpenAPI document for the suites: where its `$ref`s
 * point, and a validator of an answer against the schema the document gives
 * for its path, method and status (ajv's JSON Schema 2020-12 validator, the
 * dialect of OpenAPI 3.1's schemas). Null-bearing fields are `anyOf …
 * {type: 'null'}` / `type: [..., 'null']`, so a field that is null but
 * documented without null (OpenAPI 3.0's `nullable`, which 3.1 ignores)
 * fails here.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';

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

const pointer = (segment: string) => segment.replace(/~/g, '~0').replace(/\//g, '~1');

export interface DocumentValidator {
  /** Validation errors of `body` as the document's answer for it, or null when it conforms; throws when the status is not documented. */
  check(method: string, path: string, status: number, body: unknown): string[] | null;
}

/** `path` is the document's template (`/api/cases/{caseId}/status`); the answer must be JSON. */
export function documentValidator(document: Json): DocumentValidator {
  // OpenAPI's own keywords (`example`, `discriminator`…) may sit beside schema keywords: not strict about them.
  const ajv = new Ajv2020({ allErrors: true, strict: false, validateFormats: false });
  ajv.addSchema(document, 'openapi');
  return {
    check(method, path, status, body) {
      const operation = resolveRef(document, `#/paths/${pointer(path)}/${method.toLowerCase()}`) as { responses?: Json } | undefined;
      if (operation?.responses?.[String(status)] === undefined) throw new Error(`${method} ${path} does not document status ${status}`);
      const where = `openapi#/paths/${pointer(path)}/${method.toLowerCase()}/responses/${status}/content/${pointer('application/json')}/schema`;
      if (ajv.validate({ $ref: where }, body)) return null;
      return (ajv.errors ?? []).map((e) => `${e.instancePath || '.'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
    },
  };
}
