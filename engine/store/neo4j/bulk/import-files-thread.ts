/**
 * The import-file writer on its own thread (import-files-worker.ts), seen
 * from the loading thread as the same ImportFileWriter. The ingest use case
 * keeps one batch in flight, so parsing, validation and address resolution
 * of a batch (this thread) overlap with the encoding and writing of the one
 * before (the writer thread): on two cores the file phase of a bulk load was
 * the two added together. A batch crosses as columns (batch-columns.ts).
 *
 * The thread may grow its heap to half the machine's memory (at least the
 * loading thread's limit): the writer holds the load's id sets, addresses
 * and payout accounts (≈5 GB at 1M sellers). It
 * keeps the process alive only while a call is pending. Should it die (out of
 * memory, a crash), the pending call and every later one fail INTERNAL naming
 * why; `stop()` ends it early (a load that failed).
 */
import { totalmem } from 'node:os';
import { getHeapStatistics } from 'node:v8';
import { Worker } from 'node:worker_threads';
import { toColumns } from '../../batch-columns.ts';
import { EngineError } from '../../../model/errors.ts';
import type { IngestRecord } from '../../../model/provenance.ts';
import { WORKER_RESOURCE_LIMITS } from '../../../thread-resources.ts';
import { importWriterBasics, type ImportFileWriter, type ImportManifest } from './import-files.ts';
import { fromWire, type FromImportWriter, type ImportWriterData, type ToImportWriter } from './import-files-protocol.ts';

const ENTRY = new URL('./import-files-entry.mjs', import.meta.url);

export interface ThreadedImportFileWriter extends ImportFileWriter {
  /** Ends the thread without finishing the files (after a failed load); harmless after finish(). */
  stop(): Promise<void>;
}

interface Waiter {
  resolve: (message: FromImportWriter) => void;
  reject: (error: Error) => void;
}

export function createThreadedImportFileWriter(folder: string): ThreadedImportFileWriter {
  // At least the loading thread's limit, and up to half the machine's memory: the writer of a 1M-seller load
  // holds ~5 GB, close to V8's default limit (~4 GiB), and a bigger load would run out under it.
  const heapMb = Math.max(Math.ceil(getHeapStatistics().heap_size_limit / 2 ** 20), Math.floor(totalmem() / 2 / 2 ** 20));
  const worker = new Worker(ENTRY, {
    workerData: { folder } satisfies ImportWriterData,
    resourceLimits: { ...WORKER_RESOURCE_LIMITS, maxOldGenerationSizeMb: heapMb },
  });
  const pending = new Map<number, Waiter>();
  let nextId = 1;
  let lost: Error | null = null;
  const ingests: IngestRecord[] = [];

  const fail = (error: Error): void => {
    lost ??= error;
    for (const [id, waiter] of pending) {
      pending.delete(id);
      waiter.reject(lost);
    }
  };
  worker.on('message', (message: FromImportWriter) => {
    const waiter = pending.get(message.id);
    if (waiter === undefined) return;
    pending.delete(message.id);
    if (pending.size === 0) worker.unref();
    waiter.resolve(message);
  });
  worker.on('error', (error: Error & { code?: string }) => {
    const why = error.code === 'ERR_WORKER_OUT_OF_MEMORY'
      ? `ran out of memory (heap limit ${heapMb.toLocaleString('en')} MiB; start node with a larger --max-old-space-size)`
      : `failed: ${error.message}`;
    fail(new EngineError('INTERNAL', `the bulk load's import-file writer thread ${why}`));
  });
  const exited = new Promise<void>((resolve) => {
    worker.on('exit', (code) => {
      fail(new EngineError('INTERNAL', `the bulk load's import-file writer thread stopped (exit code ${code})`));
      resolve();
    });
  });
  worker.unref();

  const call = (message: ToImportWriter): Promise<FromImportWriter> => {
    if (lost !== null) return Promise.reject(lost);
    const answer = new Promise<FromImportWriter>((resolve, reject) => pending.set(message.id, { resolve, reject }));
    worker.ref();
    worker.postMessage(message);
    return answer.then((m) => (m.type === 'failed' ? Promise.reject(fromWire(m.error)) : m));
  };

  return {
    ...importWriterBasics(ingests),

    async writeBatch(batch) {
      await call({ type: 'write', id: nextId++, batch: toColumns(batch) });
    },

    async finish(): Promise<ImportManifest> {
      const answer = await call({ type: 'finish', id: nextId++ });
      if (answer.type !== 'finished') throw new EngineError('INTERNAL', `the import-file writer thread answered ${answer.type} to finish`);
      // The thread ends by itself once finished; the process waits for it (its files are closed by then).
      worker.ref();
      await exited;
      return { ...answer.manifest, ingests: [...ingests] };
    },

    async stop() {
      worker.ref();
      await worker.terminate();
      await exited;
    },
  };
}
