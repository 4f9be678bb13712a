/**
 * The messages between the embedded store and its writer thread, and how an
 * error crosses the thread boundary: only plain data can, so an error travels
 * as its message plus the one field callers branch on (the SQLite code; an
 * EngineError as engine/store/wire-error.ts sends it) and is rebuilt as the
 * same type on the other side. The store then maps it exactly as it mapped
 * errors of in-thread writes.
 */
import Database from 'better-sqlite3';
import { engineErrorFromWire, toWire as toEngineWire, type WireError } from '../wire-error.ts';
import type { BatchColumns } from '../batch-columns.ts';

export interface WriterData {
  /** The store's folder, already resolved and migrated by the opening thread. */
  folder: string;
}

export type ToWriter = { type: 'write'; id: number; batch: BatchColumns } | { type: 'close' };

export type FromWriter =
  /** Start-up failed: the thread ends after sending this. */
  | { type: 'unavailable'; error: SqliteWireError }
  | { type: 'done'; id: number }
  | { type: 'failed'; id: number; error: SqliteWireError };

export interface SqliteWireError extends WireError {
  sqliteCode?: string;
}

export function toWire(error: unknown): SqliteWireError {
  if (error instanceof Database.SqliteError) return { message: error.message, sqliteCode: error.code };
  return toEngineWire(error);
}

export function fromWire(wire: SqliteWireError): Error {
  const engine = engineErrorFromWire(wire);
  if (engine !== null) return engine;
  if (wire.sqliteCode !== undefined) return new Database.SqliteError(wire.message, wire.sqliteCode);
  return new Error(wire.message);
}
