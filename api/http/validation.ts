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
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = [part, ...(issue?.path ?? []).map(String)].join('.');
  throw new EngineError('INVALID_INPUT', `${path}: ${issue?.message ?? 'invalid'}`, { details: { field: path } });
}

// No control characters (NUL, newline…): export ids (docs/export-format.md) are printable; a NUL in a
// path is a probe, not an id.
const PRINTABLE = /^[^\u0000-\u001f\u007f]+$/;

/** An opaque id from a path segment (already URL-decoded by express). */
export const idParam = z.string().min(1).max(512).regex(PRINTABLE, 'must be printable text');

/** Integers in query strings arrive as text. */
export const queryInt = (min: number, max: number, fallback: number) => z.coerce.number().int().min(min).max(max).default(fallback);

/** `?x=a,b&x=c` → ['a', 'b', 'c']: repeated keys and comma lists both work. */
export function queryList<T extends z.ZodType>(item: T) {
  return z.preprocess((value) => {
    if (value === undefined || value === '') return undefined;
    const parts = (Array.isArray(value) ? value : [value]).flatMap((v) => (typeof v === 'string' ? v.split(',') : [v]));
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
