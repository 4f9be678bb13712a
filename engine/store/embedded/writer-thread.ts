/**
 * The opening thread's handle on the writer thread (writer-worker.ts). The
 * thread starts on the first write, so a store that only reads (a server
 * between ingests) never pays for it. It keeps the process alive only while a
 * write is pending: a caller that forgets `close()` still exits, and one
 * awaiting a write is never cut short. Should the thread die, its pending
 * writes fail as STORE_UNAVAILABLE and the next write starts a fresh one.
 */
import { Worker } from 'node:worker_threads';
import type { BatchColumns } from '../batch-columns.ts';
import { unavailable } from './connection.ts';
import { fromWire, type FromWriter, type ToWriter, type WriterData } from './writer-protocol.ts';
import { WORKER_RESOURCE_LIMITS } from '../../thread-resources.ts';

const ENTRY = new URL('./writer-entry.mjs', import.meta.url);

export interface WriterThread {
  /** Resolves once the batch is committed; batches commit in call order. */
  write(batch: BatchColumns): Promise<void>;
  /** Lets queued writes finish, then ends the thread and waits for it to exit. */
  close(): Promise<void>;
}

interface Waiter {
  resolve: () => void;
  reject: (error: Error) => void;
}

interface Running {
  worker: Worker;
  exited: Promise<void>;
  pending: Map<number, Waiter>;
  closing: boolean;
}

export function createWriterThread(folder: string): WriterThread {
  let running: Running | null = null;
  let nextId = 1;

  const start = (): Running => {
    const worker = new Worker(ENTRY, { workerData: { folder } satisfies WriterData, resourceLimits: WORKER_RESOURCE_LIMITS });
    const pending = new Map<number, Waiter>();
    const state: Running = { worker, exited: Promise.resolve(), pending, closing: false };

    const settle = (id: number, error: Error | null): void => {
      const waiter = pending.get(id);
      if (waiter === undefined) return;
      pending.delete(id);
      if (pending.size === 0) worker.unref();
      if (error === null) waiter.resolve();
      else waiter.reject(error);
    };
    /** The thread is gone: everything still waiting fails, and the next write starts anew. */
    const lost = (cause: unknown): void => {
      if (running === state) running = null;
      const error = unavailable(folder, cause);
      for (const id of [...pending.keys()]) settle(id, error);
    };

    worker.on('message', (message: FromWriter) => {
      switch (message.type) {
        // A start-up failure fails the writes already sent, like any lost thread.
        case 'unavailable':
          lost(fromWire(message.error));
          break;
        case 'done':
          settle(message.id, null);
          break;
        case 'failed':
          settle(message.id, fromWire(message.error));
          break;
      }
    });
    worker.on('error', lost);
    state.exited = new Promise<void>((resolve) => {
      worker.on('exit', (code) => {
        if (!state.closing || pending.size > 0) lost(new Error(`the writer thread stopped (exit code ${code})`));
        resolve();
      });
    });
    worker.unref();
    return state;
  };

  return {
    async write(batch) {
      running ??= start();
      const state = running;
      const id = nextId++;
      const done = new Promise<void>((resolve, reject) => {
        state.pending.set(id, { resolve, reject });
      });
      state.worker.ref();
      state.worker.postMessage({ type: 'write', id, batch } satisfies ToWriter);
      await done;
    },

    async close() {
      const state = running;
      if (state === null) return;
      running = null;
      state.closing = true;
      // Messages are handled in order: every write sent before this one commits first.
      state.worker.postMessage({ type: 'close' } satisfies ToWriter);
      state.worker.ref();
      await state.exited;
    },
  };
}
