/**
 * Catches the full-text indexes up with rows written since they were last
 * indexed. Ingest skips per-row FTS maintenance (it would cost most of the
 * write speed); instead each FTS table is filled in bulk, by rowid range, from
 * a high-water mark in `meta`. Runs before a search (and on `prepareSearch()`).
 */
import type { Db } from './connection.ts';

const INDEXES = [
  { mark: 'fts_sellers', fts: 'sellers_fts', table: 'sellers', column: 'name' },
  { mark: 'fts_shops', fts: 'shops_fts', table: 'shops', column: 'name' },
  { mark: 'fts_addresses', fts: 'addresses_fts', table: 'addresses', column: 'text' },
] as const;

export function createSearchIndexer(db: Db): () => void {
  const getMark = db.prepare('SELECT CAST(value AS INTEGER) FROM meta WHERE key = ?').pluck();
  const setMark = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value');
  const steps = INDEXES.map((index) => ({
    ...index,
    maxRid: db.prepare(`SELECT coalesce(max(rid), 0) FROM ${index.table}`).pluck(),
    fill: db.prepare(
      `INSERT INTO ${index.fts} (rowid, ${index.column})
       SELECT rid, ${index.column} FROM ${index.table} WHERE rid > ? AND rid <= ? AND ${index.column} IS NOT NULL`,
    ),
  }));

  const behind = (): boolean => steps.some((step) => (step.maxRid.get() as number) > ((getMark.get(step.mark) as number | undefined) ?? 0));
  // Catch-up and mark move together: a crash in between cannot index a row twice.
  const catchUp = db.transaction(() => {
    for (const step of steps) {
      const mark = (getMark.get(step.mark) as number | undefined) ?? 0;
      const top = step.maxRid.get() as number;
      if (top <= mark) continue;
      step.fill.run(mark, top);
      setMark.run(step.mark, String(top));
    }
  });
  // A search after no writes only reads the marks: no write lock on the read path.
  return () => {
    if (behind()) catchUp.immediate();
  };
}
