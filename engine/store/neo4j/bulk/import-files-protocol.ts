/**
 * The messages between a bulk load and its import-file writer thread
 * (import-files-thread.ts, import-files-worker.ts). Only plain data crosses a
 * thread, so an error travels as a WireError (engine/store/wire-error.ts) and
 * is rebuilt as the same EngineError on the loading side.
 */
import type { BatchColumns } from '../../batch-columns.ts';
import { EngineError } from '../../../model/errors.ts';
import { engineErrorFromWire, type WireError } from '../../wire-error.ts';
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

export function fromWire(wire: WireError): Error {
  return engineErrorFromWire(wire) ?? new EngineError('INTERNAL', `writing the import files failed: ${wire.message}`);
}
