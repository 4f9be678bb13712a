/**
 * Search over the graph for the explorer's search box: exact and prefix
 * matches on ids, phones, emails, ID hashes, devices and account ids through their
 * indexes, and word matches (the last word as a prefix) on seller/shop names
 * and canonical address text through FTS5. Exact hits rank first, then
 * prefix hits, then text hits.
 */
import type { GraphNode, NodeRef, NodeType } from '../../model/graph.ts';
import type { Db } from './connection.ts';
import type { EntityLoader } from './graph-entities.ts';
import { SELLER_IDENTIFIER_COLUMNS } from './seller-identifier-columns.ts';

/** Sorts after every string that starts with the prefix (the highest code point). */
const AFTER_PREFIX = '\u{10FFFF}';

interface Source {
  type: NodeType;
  /** Matching keys, at most `limit`. */
  keys: (text: string, limit: number) => string[];
}

export function createSearch(db: Db, load: EntityLoader): (query: { text: string; types?: NodeType[]; limit: number }) => GraphNode[] {
  const byPrefix = (type: NodeType, table: string, column: string): Source => {
    const statement = db
      .prepare(
        `SELECT DISTINCT ${column} FROM ${table} WHERE ${column} IS NOT NULL AND ${column} >= ? AND ${column} < ?
         ORDER BY ${column} = ? DESC, ${column} LIMIT ?`,
      )
      .pluck();
    return { type, keys: (text, limit) => statement.all(text, text + AFTER_PREFIX, text, limit) as string[] };
  };
  const byText = (type: NodeType, fts: string, table: string, key: string): Source => {
    const statement = db
      .prepare(`SELECT t.${key} FROM ${fts} f JOIN ${table} t ON t.rid = f.rowid WHERE ${fts} MATCH ? ORDER BY f.rank LIMIT ?`)
      .pluck();
    return {
      type,
      keys: (text, limit) => {
        const match = ftsQuery(text);
        return match === null ? [] : (statement.all(match, limit) as string[]);
      },
    };
  };

  // In rank order: identifiers people paste whole, then names and address words.
  const sources: Source[] = [
    byPrefix('seller', 'sellers', 'seller_id'),
    byPrefix('shop', 'shops', 'shop_id'),
    byPrefix('payment_account', 'payment_accounts', 'account_id'),
    ...SELLER_IDENTIFIER_COLUMNS.map((c) => byPrefix(c.node, 'sellers', c.column)),
    byText('seller', 'sellers_fts', 'sellers', 'seller_id'),
    byText('shop', 'shops_fts', 'shops', 'shop_id'),
    byText('address', 'addresses_fts', 'addresses', 'key'),
  ];

  return ({ text, types, limit }) => {
    const trimmed = text.trim();
    if (trimmed === '' || limit <= 0) return [];
    const wanted = types ? new Set(types) : null;
    const found = new Map<string, NodeRef>();
    for (const source of sources) {
      if (wanted && !wanted.has(source.type)) continue;
      for (const key of source.keys(trimmed, limit)) found.set(`${source.type}:${key}`, { type: source.type, key });
    }
    // Exact hits of any type go first; the rest keep source order (ids, identifiers, then text).
    const refs = [...found.values()].sort((a, b) => Number(b.key === trimmed) - Number(a.key === trimmed)).slice(0, limit);
    return refs.map(load).filter((node): node is GraphNode => node !== null);
  };
}

/**
 * Search-as-you-type: every word of the query as a quoted term, the last one
 * as a prefix — `lucky sta` → `"lucky" "sta"*`. Making every word a prefix
 * let short numbers (`"11"*`) expand to thousands of index terms and cost 4×
 * the time on the 20k-seller benchmark's queries (1,195 ms against 308 ms for
 * 200 queries across the three indexes). Quoting keeps FTS5 syntax characters
 * in user text from being operators.
 */
export function ftsQuery(text: string): string | null {
  const words = text.split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 0);
  if (words.length === 0) return null;
  return words.map((w, i) => `"${w.replaceAll('"', '""')}"${i === words.length - 1 ? '*' : ''}`).join(' ');
}
