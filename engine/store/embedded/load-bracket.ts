/**
 * The embedded store's side of a load bracket (`beginLoad` / `finishLoad`):
 * whether a load defers the secondary indexes (deferred-indexes.ts), the load
 * lock it holds meanwhile (load-lock.ts), and the recovery an opening process
 * runs when a dead load left indexes unbuilt. Drop and build run on the
 * writer thread, in order with the load's batches, so the thread that parses
 * stays free (a server's event loop too, for an ingest job).
 */
import { silentLogger, type Logger } from '../../model/logger.ts';
import type { LoadPlan } from '../ports.ts';
import { isStoreFailure, type Db } from './connection.ts';
import { buildPendingIndexes, pendingIndexes } from './deferred-indexes.ts';
import { tryLoadLock, type LoadLock } from './load-lock.ts';
import type { WriterThread } from './writer-thread.ts';

/**
 * A load defers the indexes into an empty store, or when the export is at
 * least this many times the bytes of the distinct export files the store has
 * loaded: rebuilding then re-sorts little besides the new rows. Smaller loads
 * keep each index current, which costs only their own rows.
 */
export const DEFER_FACTOR = 4;

export interface LoadBracket {
  beginLoad(plan: LoadPlan): Promise<void>;
  finishLoad(): Promise<void>;
  /** Lets go of the load lock (store closed mid-load: the next open rebuilds). */
  release(): void;
}

export function createLoadBracket(db: Db, writer: WriterThread, folder: string, logger: Logger = silentLogger): LoadBracket {
  const sellers = db.prepare('SELECT EXISTS (SELECT 1 FROM sellers)').pluck();
  // Distinct by content: loading the same export twice does not make the store look bigger.
  const loadedBytes = db
    .prepare(
      `SELECT coalesce(sum(bytes), 0) FROM (
         SELECT DISTINCT f.sha256, f.bytes FROM ingest_files f JOIN ingests i ON i.id = f.ingest_id WHERE i.written = 1)`,
    )
    .pluck();
  let held: LoadLock | null = null;

  const shouldDefer = (plan: LoadPlan): boolean => {
    if (sellers.get() === 0) return true;
    const loaded = loadedBytes.get() as number;
    // A store filled without provenance (batches written directly) has an unknown size: keep its indexes.
    return loaded > 0 && plan.bytes >= DEFER_FACTOR * loaded;
  };

  return {
    async beginLoad(plan) {
      if (held !== null) return;
      const lock = tryLoadLock(folder);
      // Another process's load holds the indexes deferred: write through, it rebuilds them.
      if (lock === null) return;
      try {
        if (shouldDefer(plan)) {
          await writer.run('defer-indexes');
          held = lock;
          logger.info('embedded load defers secondary indexes', { folder, bytes: plan.bytes });
          return;
        }
        // A dead load's indexes are due before this load writes row by row.
        if (pendingIndexes(db).length > 0) await writer.run('build-indexes');
      } catch (error) {
        lock.release();
        throw error;
      }
      lock.release();
    },

    async finishLoad() {
      const lock = held;
      if (lock === null) return;
      held = null;
      try {
        const started = performance.now();
        await writer.run('build-indexes');
        logger.info('embedded load built deferred indexes', { folder, ms: Math.round(performance.now() - started) });
      } finally {
        lock.release();
      }
    },

    release() {
      held?.release();
      held = null;
    },
  };
}

/**
 * Rebuilds the indexes a dead load left pending. Runs on open, before the
 * migrations (which may expect every index of the schema they upgrade) and
 * before any read.
 */
export function recoverDeferredIndexes(db: Db, folder: string, logger: Logger = silentLogger): void {
  if (pendingIndexes(db).length === 0) return;
  const lock = tryLoadLock(folder);
  // A live load holds them: reads stay correct without them (an index changes how SQLite finds rows, not which), only slower.
  if (lock === null) return;
  try {
    const built = buildPendingIndexes(db);
    logger.warn('embedded store rebuilt indexes an interrupted load left unbuilt', { folder, indexes: built });
  } catch (error) {
    // A full disk cannot take the indexes yet; reads work without them and the next open or load retries.
    if (!isStoreFailure(error)) throw error;
    logger.warn('embedded store could not rebuild deferred indexes yet', { folder, error: String(error) });
  } finally {
    lock.release();
  }
}
