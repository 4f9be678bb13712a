/**
 * Opening the SQLite file of an embedded store: the folder, the pragmas that
 * make writes durable yet fast, and the mapping of every open failure (locked,
 * corrupt, unwritable folder) to one STORE_UNAVAILABLE error naming the folder.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { EngineError } from '../../model/errors.ts';

export type Db = Database.Database;

export const DB_FILE = 'ringtrace.sqlite';

export interface ConnectionOptions {
  /** Read-only connections stream detection reads beside the writer (WAL allows it). */
  readonly: boolean;
}

/**
 * Pragmas, and why:
 * - WAL: readers never block the writer, and a commit is one append.
 * - synchronous=NORMAL: in WAL mode a committed transaction is in the OS once
 *   the commit returns, so it survives `kill -9` of the process; only a power
 *   loss can drop the last commits (FULL would fsync every commit).
 * - busy_timeout: another process writing briefly must not fail us at once.
 * - a page cache of up to 1 GB and 4 GB of mmap keep the upsert indexes hot
 *   at a million sellers: measured on 8M synthetic rows (with a 64 MB
 *   checkpoint interval then), 78.6k rows per CPU-second against 70.4k with
 *   256 MB / 1 GB / 4 MB. The cache is 512 MB since the 1M-seller ingest
 *   peaked at 4,110 MiB RSS with 1 GB (the target is 4 GiB; the writer
 *   thread and the main connection each have a cache).
 *   The cache grows only as pages are used, so small stores do not pay for it.
 * - checkpoints every 1 GB of WAL (262144 pages) rather than 64 MB: a batch
 *   of a real export dirties pages all over the random-key indexes (phones,
 *   e-mails, address keys), and each checkpoint writes every page dirtied
 *   since the last one; batches between two checkpoints share many pages.
 *   Measured on the 100k-seller export: 4.6 GB written instead of 6.6 GB,
 *   34 CPU-s instead of 38 and 62 s instead of 103 s on a loaded machine.
 *   Every writer connection uses the same interval, so the main thread's
 *   small commits do not trigger a checkpoint of the ingest's WAL either.
 */
const WRITER_PRAGMAS = [
  'journal_mode = WAL',
  'synchronous = NORMAL',
  'temp_store = MEMORY',
  'cache_size = -524288',
  'mmap_size = 4294967296',
  'wal_autocheckpoint = 262144',
  'foreign_keys = OFF',
  'busy_timeout = 5000',
];
const READER_PRAGMAS = ['temp_store = MEMORY', 'cache_size = -131072', 'mmap_size = 1073741824', 'busy_timeout = 5000'];

export function databasePath(dataDir: string): string {
  return join(resolve(dataDir), DB_FILE);
}

export function openConnection(dataDir: string, options: ConnectionOptions): Db {
  const folder = resolve(dataDir);
  let db: Db | undefined;
  try {
    if (!options.readonly) mkdirSync(folder, { recursive: true });
    db = new Database(databasePath(folder), { readonly: options.readonly, fileMustExist: options.readonly });
    for (const pragma of options.readonly ? READER_PRAGMAS : WRITER_PRAGMAS) db.pragma(pragma);
    // Reading the schema forces SQLite to look at the file: a corrupt file fails here, not later.
    db.prepare('SELECT count(*) FROM sqlite_master').get();
    return db;
  } catch (error) {
    db?.close();
    throw unavailable(folder, error);
  }
}

export function unavailable(folder: string, cause: unknown): EngineError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new EngineError('STORE_UNAVAILABLE', `embedded store in ${folder} is unavailable: ${reason}`, {
    cause,
    retriable: isBusy(cause),
  });
}

/** SQLite error codes that mean "the store, not the request, is the problem". */
const STORE_CODES = ['SQLITE_BUSY', 'SQLITE_LOCKED', 'SQLITE_FULL', 'SQLITE_IOERR', 'SQLITE_CORRUPT', 'SQLITE_NOTADB', 'SQLITE_READONLY', 'SQLITE_CANTOPEN', 'SQLITE_PERM'];

export function isStoreFailure(error: unknown): boolean {
  return error instanceof Database.SqliteError && STORE_CODES.some((code) => error.code.startsWith(code));
}

function isBusy(error: unknown): boolean {
  return error instanceof Database.SqliteError && (error.code.startsWith('SQLITE_BUSY') || error.code.startsWith('SQLITE_LOCKED'));
}
