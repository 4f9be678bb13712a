/**
 * The load lock: a load that deferred the store's indexes holds it until they
 * are rebuilt, so an opening process can tell a live load (leave its indexes
 * be) from a dead one (rebuild them now). It is an exclusive SQLite lock on a
 * small side file: the operating system releases it when its process ends,
 * kill -9 included, with no pid to outlive its owner or be reused.
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';

export const LOAD_LOCK_FILE = 'ringtrace.load-lock';

export interface LoadLock {
  release(): void;
}

/** Takes the folder's load lock, or answers null at once when a live process holds it. */
export function tryLoadLock(folder: string): LoadLock | null {
  const db = new Database(join(folder, LOAD_LOCK_FILE));
  try {
    db.pragma('busy_timeout = 0');
    // A schema makes the file a real database, so BEGIN EXCLUSIVE has a file lock to take.
    db.exec('CREATE TABLE IF NOT EXISTS load_lock (id INTEGER PRIMARY KEY)');
    db.exec('BEGIN EXCLUSIVE');
  } catch (error) {
    db.close();
    if (error instanceof Database.SqliteError && error.code.startsWith('SQLITE_BUSY')) return null;
    throw error;
  }
  let held = true;
  return {
    release() {
      if (!held) return;
      held = false;
      db.exec('ROLLBACK');
      db.close();
    },
  };
}
