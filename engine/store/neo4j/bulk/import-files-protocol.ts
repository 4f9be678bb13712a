/**
 * The messages between a bulk load and its import-file writer thread
 * (import-files-thread.ts, import-files-worker.ts). Only plain data crosses a
 * thread, so an error travels as its message, its EngineError code and its
 * details, and is rebuilt as the same EngineError on the loading side.
 */
import type { BatchColumns } from '../../batch-columns.ts';
import { EngineError, type ErrorCode } from '../../../model/errors.ts';
import type { ImportManifest } from './import-files.ts';

export interface ImportWriterData {
  folder: string;
}

export type ToImportWriter = { type: 'write'; id: number; batch: BatchColumns } | { type: 'finish'; id: number };

export type FromImportWriter =
  | { type: 'done'; id: number }
  /** The files are complete; `ingests` is empty here (the loading side keeps the provenance records). */
  | { type: 'finished'; id: number; manifest: ImportManifest }
  | { type: 'failed'; id: number; error: WireError };

export interface WireError {
  message: string;
  engineCode?: ErrorCode;
  details?: Record<string, unknown>;
}

export function toWire(error: unknown): WireError {
  if (error instanceof EngineError) return { message: error.message, engineCode: error.code, ...(error.details ? { details: error.details } : {}) };
  return { message: error instanceof Error ? error.message : String(error) };
}

export function fromWire(wire: WireError): Error {
  if (wire.engineCode !== undefined) return new EngineError(wire.engineCode, wire.message, wire.details ? { details: wire.details } : {});
  return new EngineError('INTERNAL', `writing the import files failed: ${wire.message}`);
}
