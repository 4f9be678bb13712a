/**
 * Deferred secondary indexes: a load that dwarfs what the store holds (the
 * first load into an empty store, typically) drops the secondary indexes of
 * the ingest tables, writes its rows, and builds the indexes once at the end —
 * SQLite builds an index from sorted data far faster than it keeps one
 * current row by row. The exact DDL of every dropped index waits in `meta`
 * until the build has committed, so a process killed mid-load leaves a file
 * that says what it lacks, and the next open rebuilds it (load-lock.ts tells
 * a live load from a dead one). Unique indexes stay: the upserts match on them.
 */
import type { Db } from './connection.ts';

/** The tables ingest writes; only their indexes are deferred. */
const INGEST_TABLES = [
  'sellers', 'shops', 'payment_accounts', 'seller_accounts', 'addresses',
  'address_variants', 'seller_addresses', 'shipments', 'reports', 'brands',
] as const;

const MARK = 'deferred_indexes';

interface DeferredIndex {
  name: string;
  sql: string;
}

/**
 * The indexes a load may defer: explicit, non-unique indexes of the ingest
 * tables (primary keys and inline UNIQUE constraints are autoindexes with no
 * SQL and never listed), so a migration adding one is covered without a list
 * to keep in step.
 */
export function deferrableIndexes(db: Db): DeferredIndex[] {
  const tables = INGEST_TABLES.map((t) => `'${t}'`).join(', ');
  const rows = db
    .prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (${tables}) ORDER BY name`)
    .all() as DeferredIndex[];
  return rows.filter((index) => !/^\s*CREATE\s+UNIQUE\s/i.test(index.sql));
}

/** The indexes a load dropped and has not yet rebuilt (empty when none). */
export function pendingIndexes(db: Db): DeferredIndex[] {
  const hasMeta = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'").get() !== undefined;
  if (!hasMeta) return [];
  const value = db.prepare('SELECT value FROM meta WHERE key = ?').pluck().get(MARK) as string | undefined;
  return value === undefined ? [] : (JSON.parse(value) as DeferredIndex[]);
}

/**
 * Drops the deferrable indexes and records their DDL, in one transaction: the
 * file never lacks an index without saying so. Indexes already pending (a
 * dead load's) stay recorded.
 */
export function deferIndexes(db: Db): void {
  db.transaction(() => {
    const pending = new Map(pendingIndexes(db).map((index) => [index.name, index]));
    for (const index of deferrableIndexes(db)) {
      pending.set(index.name, index);
      db.exec(`DROP INDEX ${index.name}`);
    }
    db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(MARK, JSON.stringify([...pending.values()]));
  }).immediate();
}

/**
 * Builds every pending index, one transaction each (other writers get the
 * lock between them), then clears the record. A crash part-way leaves the
 * record, and `IF NOT EXISTS` lets the next build skip what was done.
 * SQLite's sorter may use a second thread for each CREATE INDEX.
 */
export function buildPendingIndexes(db: Db): number {
  const pending = pendingIndexes(db);
  if (pending.length === 0) return 0;
  const threads = db.pragma('threads', { simple: true }) as number;
  db.pragma('threads = 2');
  try {
    for (const index of pending) {
      db.transaction(() => db.exec(index.sql.replace(/^\s*CREATE\s+INDEX\s+/i, 'CREATE INDEX IF NOT EXISTS '))).immediate();
    }
    db.prepare('DELETE FROM meta WHERE key = ?').run(MARK);
  } finally {
    db.pragma(`threads = ${threads}`);
  }
  return pending.length;
}
