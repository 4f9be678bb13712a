/**
 * The messages between the embedded store and its writer thread, and how an
 * error crosses the thread boundary: only plain data can, so an error travels
 * as its message plus the one field callers branch on (the SQLite code, or the
 * EngineError code) and is rebuilt as the same type on the other side. The
 * store then maps it exactly as it mapped errors of in-thread writes.
 */
import Database from 'better-sqlite3';
import { EngineError, type ErrorCode } from '../../model/errors.ts';
import type { BatchColumns } from '../batch-columns.ts';

export interface WriterData {
  /** The store's folder, already resolved and migrated by the opening thread. */
  folder: string;
}

export type ToWriter = { type: 'write'; id: number; batch: BatchColumns } | { type: 'close' };

export type FromWriter =
  /** Start-up failed: the thread ends after sending this. */
  | { type: 'unavailable'; error: WireError }
  | { type: 'done'; id: number }
  | { type: 'failed'; id: number; error: WireError };

export interface WireError {
  message: string;
  sqliteCode?: string;
  engineCode?: ErrorCode;
  retriable?: boolean;
}

export function toWire(error: unknown): WireError {
  if (error instanceof EngineError) return { message: error.message, engineCode: error.code, retriable: error.retriable };
  if (error instanceof Database.SqliteError) return { message: error.message, sqliteCode: error.code };
  return { message: error instanceof Error ? error.message : String(error) };
}

export function fromWire(wire: WireError): Error {
  if (wire.engineCode !== undefined) return new EngineError(wire.engineCode, wire.message, { retriable: wire.retriable ?? false });
  if (wire.sqliteCode !== undefined) return new Database.SqliteError(wire.message, wire.sqliteCode);
  return new Error(wire.message);
}
