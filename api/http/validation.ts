/**
 * Input validation with zod: each part of a request (path, query, body) is
 * parsed by its route's schema, and the first problem becomes INVALID_INPUT
 * with the field path (`query.limit`, `body.params.seed`) a client can point
 * at. Shared field schemas live here so every route reads ids, pages and
 * lists the same way.
 */
import { z } from 'zod';
import { EngineError } from '../../engine/index.ts';
import type { Page } from './schemas.ts';

export type RequestPart = 'params' | 'query' | 'body';

export function parsePart<S extends z.ZodType>(schema: S, value: unknown, part: RequestPart): z.output<S> {
  if (part === 'query') {
    refuseUnknownKeys(schema, value);
    refuseRepeatedScalars(schema, value);
  }
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = [part, ...(issue?.path ?? []).map(String)].join('.');
  throw new EngineError('INVALID_INPUT', `${path}: ${issue?.message ?? 'invalid'}`, { details: { field: path } });
}

interface SchemaDef {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  out?: z.ZodType;
  shape?: Record<string, z.ZodType>;
}

const defOf = (schema: z.ZodType): SchemaDef => (schema as unknown as { _zod: { def: SchemaDef } })._zod.def;

/** Whether a field's schema takes a list (so `?x=a&x=b` is meant), looking through optional/default/pipe wrappers. */
export function acceptsList(schema: z.ZodType): boolean {
  const def = defOf(schema);
  if (def.type === 'array') return true;
  if (def.innerType !== undefined) return acceptsList(def.innerType);
  if (def.type === 'pipe' && def.in !== undefined && def.out !== undefined) return acceptsList(def.in) || acceptsList(def.out);
  return false;
}

/**
 * A parameter the route does not take is refused rather than ignored: a typo
 * such as `?minscore=0.9` would otherwise answer the unfiltered list as if it
 * were the filtered one.
 */
function refuseUnknownKeys(schema: z.ZodType, value: unknown): void {
  if (value === null || typeof value !== 'object') return;
  const shape = defOf(schema).shape;
  if (shape === undefined) return;
  for (const key of Object.keys(value as Record<string, unknown>)) {
    if (Object.hasOwn(shape, key)) continue;
    const path = `query.${key}`;
    const known = Object.keys(shape).sort();
    throw new EngineError('INVALID_INPUT', `${path}: not a parameter of this route; it takes ${known.length === 0 ? 'none' : known.join(', ')}`, { details: { field: path } });
  }
}

/**
 * `?limit=1&limit=2` is ambiguous: which one did the caller mean? A key given
 * twice is refused unless its field takes a list.
 */
function refuseRepeatedScalars(schema: z.ZodType, value: unknown): void {
  if (value === null || typeof value !== 'object') return;
  const shape = defOf(schema).shape ?? {};
  for (const [key, given] of Object.entries(value as Record<string, unknown>)) {
    if (!Array.isArray(given)) continue;
    // Own keys only: `?__proto__=a&__proto__=b` must not reach Object.prototype.
    const field = Object.hasOwn(shape, key) ? shape[key] : undefined;
    if (field !== undefined && acceptsList(field)) continue;
    const path = `query.${key}`;
    throw new EngineError('INVALID_INPUT', `${path}: given ${given.length} times; give it once`, { details: { field: path } });
  }
}

// No control characters (NUL, newline…): export ids (docs/export-format.md) are printable; a NUL in a
// path is a probe, not an id.
const PRINTABLE = /^[^\u0000-\u001f\u007f]+$/;

/** An opaque id from a path segment (already URL-decoded by express). */
export const idParam = z.string().min(1).max(512).regex(PRINTABLE, 'must be printable text');

/** Decimal notation only: `Number()` would also read `0x10`, `0b11`, and a blank or empty value as 0. */
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Numbers in query strings arrive as text, and only decimal text is a number:
 * `?limit=ten`, `?offset=0x10` and an empty `?limit=` are told it must be a
 * number (not zod's "received NaN", nor read as 16 or 0). `refine` narrows
 * the number (whole, a range); wrapped so the text is read first.
 */
export const queryNumber = (refine: (n: z.ZodNumber) => z.ZodNumber = (n) => n) =>
  z.preprocess(
    (value) => (typeof value === 'string' ? (DECIMAL.test(value) ? Number(value) : Number.NaN) : value),
    refine(z.number({ error: (issue) => (issue.code === 'invalid_type' ? 'must be a number' : undefined) })),
  );

/** A whole-number query parameter (`?limit=1.5` is told so), within `refine`'s bounds. */
export const queryWholeNumber = (refine: (n: z.ZodNumber) => z.ZodNumber = (n) => n) => queryNumber((n) => refine(n.int('must be a whole number')));

/** A minimum ring score: scores lie in [0, 1), so `?minScore=2` is refused rather than answered with nothing. */
export const queryMinScore = () => queryNumber((n) => n.min(0).max(1)).optional().meta({ description: 'Scores lie in [0, 1)' });

/** An integer query parameter in [min, max], `fallback` when absent. */
export const queryInt = (min: number, max: number, fallback: number) => queryWholeNumber((n) => n.min(min).max(max)).default(fallback);

/**
 * `?x=a,b&x=c` → ['a', 'b', 'c']: repeated keys and comma lists both work.
 * With `commas: false` only repeated keys separate items, for values that may
 * themselves hold a comma (brand names such as "Marquette, Paris").
 */
export function queryList<T extends z.ZodType>(item: T, options: { commas?: boolean } = {}) {
  const split = options.commas ?? true;
  return z.preprocess((value) => {
    if (value === undefined || value === '') return undefined;
    const parts = (Array.isArray(value) ? value : [value]).flatMap((v) => (typeof v === 'string' && split ? v.split(',') : [v]));
    return parts.map((p) => (typeof p === 'string' ? p.trim() : p)).filter((p) => p !== '');
  }, z.array(item).max(50).optional());
}

export const pageQuery = {
  offset: queryInt(0, 1_000_000, 0),
  limit: queryInt(1, 500, 50),
};

/** The page of a list answer that returned `returned` items from `offset` (`total` null when unknown). */
export function page(offset: number, limit: number, returned: number, total: number | null): Page {
  const more = total === null ? returned >= limit : offset + returned < total;
  return { offset, limit, total, nextOffset: more ? offset + returned : null };
}
