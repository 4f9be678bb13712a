/**
 * Renders dossiers off the thread that serves requests: a fixed number of
 * long-lived worker threads (dossier-render-worker.ts), each rendering one
 * dossier at a time, and a bounded FIFO queue in front of them. A request
 * beyond the queue is refused at once with BUSY (the API answers 503 with
 * Retry-After) instead of piling up: on two cores a render is CPU-bound, so
 * more of them at once would only make each slower. A worker that dies fails
 * its render as INTERNAL and is replaced on the next one; idle workers do not
 * keep the process alive, and `close()` ends them.
 */
import { Worker } from 'node:worker_threads';
import type { Dossier } from '../dossier/build-dossier.ts';
import type { DossierData } from '../dossier/dossier-data.ts';
import { EngineError } from '../model/errors.ts';
import { silentLogger, type Logger } from '../model/logger.ts';
import { errorFromWire } from './detection-protocol.ts';
import type { FromRenderWorker, RenderOptions, RenderRequest } from './dossier-render-protocol.ts';

export type { RenderOptions } from './dossier-render-protocol.ts';

const ENTRY = new URL('./dossier-render-entry.mjs', import.meta.url);

export interface DossierRendererOptions {
  /** Renders at once, each in its own worker thread (default 1). */
  concurrency?: number;
  /** Requests that may wait for a worker; one more is refused with BUSY (default 4). */
  queue?: number;
  logger?: Logger;
}

export interface DossierRenderer {
  /** The dossier of data already read and masked; BUSY when every worker is busy and the queue is full. */
  render(data: DossierData, options: RenderOptions): Promise<Dossier>;
  /** Renders running and waiting now. */
  load(): { running: number; waiting: number };
  /** Ends the workers; waiting renders fail with BUSY, running ones with INTERNAL. */
  close(): Promise<void>;
}

interface Task {
  data: DossierData;
  options: RenderOptions;
  resolve(dossier: Dossier): void;
  reject(error: Error): void;
}

interface Slot {
  worker: Worker | null;
  task: { id: number; task: Task; started: number } | null;
}

/** Seconds a refused caller should wait: the last render's duration times the renders ahead of it per worker. */
function retryAfter(lastRenderMs: number, ahead: number, concurrency: number): number {
  return Math.min(120, Math.max(1, Math.ceil(((lastRenderMs / 1000) * (ahead + 1)) / concurrency)));
}

export function createDossierRenderer(options: DossierRendererOptions = {}): DossierRenderer {
  const concurrency = Math.max(1, options.concurrency ?? 1);
  const queueLimit = Math.max(0, options.queue ?? 4);
  const logger = options.logger ?? silentLogger;
  const slots: Slot[] = Array.from({ length: concurrency }, () => ({ worker: null, task: null }));
  const waiting: Task[] = [];
  let nextId = 1;
  let lastRenderMs = 2_000;
  let closed = false;

  const fail = (slot: Slot, error: Error): void => {
    const running = slot.task;
    slot.task = null;
    slot.worker = null;
    running?.task.reject(error);
    pump();
  };

  const startWorker = (slot: Slot): Worker => {
    const worker = new Worker(ENTRY);
    worker.unref();
    worker.on('message', (message: FromRenderWorker) => {
      const running = slot.task;
      if (running === null || running.id !== message.id) return;
      slot.task = null;
      lastRenderMs = performance.now() - running.started;
      if (message.type === 'done') {
        running.task.resolve({ ...message.dossier, zip: Buffer.from(message.zip.buffer, message.zip.byteOffset, message.zip.byteLength) });
      } else {
        running.task.reject(errorFromWire(message.error));
      }
      worker.unref();
      pump();
    });
    worker.on('error', (error) => {
      logger.error('dossier render worker failed', { error: error.message });
      if (slot.worker === worker) fail(slot, new EngineError('INTERNAL', `dossier render worker failed: ${error.message}`, { cause: error }));
    });
    worker.on('exit', (code) => {
      if (slot.worker === worker) fail(slot, new EngineError('INTERNAL', `dossier render worker exited (code ${code}) during a render`));
    });
    return worker;
  };

  function pump(): void {
    if (closed) return;
    for (const slot of slots) {
      if (slot.task !== null) continue;
      const task = waiting.shift();
      if (task === undefined) return;
      slot.worker ??= startWorker(slot);
      const id = nextId;
      nextId += 1;
      slot.task = { id, task, started: performance.now() };
      // A worker with a render keeps the process alive until the render is answered.
      slot.worker.ref();
      try {
        slot.worker.postMessage({ type: 'render', id, data: task.data, options: task.options } satisfies RenderRequest);
      } catch (error) {
        // Data that cannot be cloned is a bug of the caller, not of the worker: keep the worker.
        slot.task = null;
        slot.worker.unref();
        task.reject(new EngineError('INTERNAL', `dossier data could not be sent to the render worker: ${(error as Error).message}`, { cause: error }));
      }
    }
  }

  return {
    render(data, renderOptions) {
      if (closed) return Promise.reject(new EngineError('BUSY', 'the server is shutting down', { retriable: true, details: { retryAfterSeconds: 5 } }));
      const busy = slots.every((s) => s.task !== null);
      if (busy && waiting.length >= queueLimit) {
        return Promise.reject(
          new EngineError('BUSY', `${concurrency} dossier render(s) running and ${waiting.length} waiting; try again shortly`, {
            retriable: true,
            details: { retryAfterSeconds: retryAfter(lastRenderMs, waiting.length + concurrency, concurrency) },
          }),
        );
      }
      return new Promise<Dossier>((resolve, reject) => {
        waiting.push({ data, options: renderOptions, resolve, reject });
        pump();
      });
    },
    load: () => ({ running: slots.filter((s) => s.task !== null).length, waiting: waiting.length }),
    async close() {
      closed = true;
      for (const task of waiting.splice(0)) task.reject(new EngineError('BUSY', 'the server is shutting down', { retriable: true, details: { retryAfterSeconds: 5 } }));
      await Promise.all(
        slots.map(async (slot) => {
          const worker = slot.worker;
          if (worker === null) return;
          slot.worker = null;
          const running = slot.task;
          slot.task = null;
          running?.task.reject(new EngineError('INTERNAL', 'the server shut down during the render'));
          await worker.terminate();
        }),
      );
    },
  };
}
