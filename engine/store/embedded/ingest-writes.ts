/**
 * Ingest through the embedded store's port: batches go, as columns, to the
 * writer thread that owns the write connection (batch-writer.ts holds the
 * SQL), so parsing on this thread overlaps with SQLite's work on another
 * core; the existence checks ingest makes between batches read this thread's
 * connection, which sees every batch whose write has resolved (WAL).
 */
import type { IngestWrites } from '../ports.ts';
import { toColumns } from '../batch-columns.ts';
import type { Db } from './connection.ts';
import { chunks, JSON_IDS } from './sql.ts';
import type { WriterThread } from './writer-thread.ts';

export function createIngestWrites(db: Db, writer: WriterThread): Omit<IngestWrites, 'recordIngest'> {
  const existing = (table: 'sellers' | 'shops', column: 'seller_id' | 'shop_id') => {
    const select = db.prepare(`SELECT ${column} FROM ${table} WHERE ${column} IN ${JSON_IDS}`).pluck();
    return async (ids: string[]): Promise<Set<string>> => {
      const found = new Set<string>();
      for (const part of chunks([...new Set(ids)])) {
        for (const id of select.all(JSON.stringify(part)) as string[]) found.add(id);
      }
      return found;
    };
  };

  return {
    writeBatch: (batch) => writer.write(toColumns(batch)),
    existingSellers: existing('sellers', 'seller_id'),
    existingShops: existing('shops', 'shop_id'),
  };
}
