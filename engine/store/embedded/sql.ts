/**
 * Small SQL helpers shared by the embedded store's modules: upsert statements
 * generated from column lists (so COALESCE rules live in one place), and id
 * lists passed as one JSON parameter (`json_each`) instead of hitting SQLite's
 * bound-parameter limit.
 */
import { ADDRESS_ROLES } from '../../model/records.ts';
import type { Db } from './connection.ts';

export interface UpsertSpec {
  table: string;
  /** The unique key the upsert matches on. */
  key: string;
  /** Columns a newer row replaces even with null (required fields). */
  replace?: string[];
  /** Optional columns: a null in the newer row keeps the known value. */
  keep: string[];
}

/**
 * `INSERT … ON CONFLICT DO UPDATE` whose WHERE skips the write when nothing
 * would change, so loading the same export again touches no page and fires
 * no trigger.
 */
export function upsertSql(spec: UpsertSpec): string {
  const replace = spec.replace ?? [];
  const columns = [spec.key, ...replace, ...spec.keep];
  const next = new Map<string, string>([
    ...replace.map((c): [string, string] => [c, `excluded.${c}`]),
    ...spec.keep.map((c): [string, string] => [c, `coalesce(excluded.${c}, ${spec.table}.${c})`]),
  ]);
  const set = [...next].map(([c, value]) => `${c} = ${value}`).join(', ');
  const changed = [...next].map(([c, value]) => `${value} IS NOT ${spec.table}.${c}`).join(' OR ');
  const placeholders = columns.map(() => '?').join(', ');
  return `INSERT INTO ${spec.table} (${columns.join(', ')}) VALUES (${placeholders})
    ON CONFLICT(${spec.key}) DO UPDATE SET ${set} WHERE ${changed}`;
}

/**
 * Every address role, as an SQL list: `role IN ROLES AND address_key = ?`
 * reads seller_addresses by its (role, address_key, seller_id) primary key.
 */
export const ROLES = `(${ADDRESS_ROLES.map((r) => `'${r}'`).join(', ')})`;

/** SQL fragment selecting the members of a JSON array parameter. */
export const JSON_IDS = '(SELECT value FROM json_each(?))';

/** Splits big id lists so one statement never holds hundreds of thousands of values. */
export function chunks<T>(items: readonly T[], size = 20_000): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export function parseJson<T>(text: string | null): T | undefined {
  return text === null ? undefined : (JSON.parse(text) as T);
}

export type Statement = ReturnType<Db['prepare']>;

/**
 * Statements for queries built from optional filters. Only a handful of
 * filter shapes exist, so preparing each shape once is enough.
 */
export function statementCache(db: Db): (sql: string) => Statement {
  const cache = new Map<string, Statement>();
  return (sql) => {
    let statement = cache.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      cache.set(sql, statement);
    }
    return statement;
  };
}
