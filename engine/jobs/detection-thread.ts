/**
 * Runs detection in a worker thread on a second connection to the same store,
 * so the thread that serves requests keeps answering while Louvain and scoring
 * compute (on the embedded store even the reads are synchronous SQLite).
 * Stages and log lines arrive as they happen; the result is the same
 * `DetectResult` the in-process path returns. A worker that dies without an
 * answer fails the run as INTERNAL; the previous run stays current, as with
 * any failed run (the write is atomic).
 */
import { Worker } from 'node:worker_threads';
import { EngineError } from '../model/errors.ts';
import { silentLogger, type Logger } from '../model/logger.ts';
import type { DetectParams } from '../model/rings.ts';
import type { DetectResult } from '../detect/detect-rings.ts';
import type { StoreSpec } from '../store/ports.ts';
import type { AlertPolicy } from '../casework/plan-casework.ts';
import { errorFromWire, type DetectionWorkerData, type FromDetectionWorker } from './detection-protocol.ts';
import { WORKER_RESOURCE_LIMITS } from '../thread-resources.ts';

const ENTRY = new URL('./detection-entry.mjs', import.meta.url);

export interface DetectionThreadOptions {
  logger?: Logger;
  onStage?: (stage: string) => void;
  /** Name of the run (the one the detection lock announces). */
  runId?: string;
  /** The detection lock's holder, fencing the save. */
  lockHolder?: string;
  alerts?: AlertPolicy;
}

export function runDetectionInThread(spec: StoreSpec, params: Partial<DetectParams>, options: DetectionThreadOptions = {}): Promise<DetectResult> {
  const logger = options.logger ?? silentLogger;
  return new Promise((resolve, reject) => {
    const worker = new Worker(ENTRY, { workerData: { spec, params, ...(options.runId ? { runId: options.runId } : {}), ...(options.lockHolder ? { lockHolder: options.lockHolder } : {}), ...(options.alerts ? { alerts: options.alerts } : {}) } satisfies DetectionWorkerData, resourceLimits: WORKER_RESOURCE_LIMITS });
    let answer: { ok: true; result: DetectResult } | { ok: false; error: Error } | null = null;
    worker.on('message', (message: FromDetectionWorker) => {
      switch (message.type) {
        case 'stage':
          options.onStage?.(message.stage);
          break;
        case 'log':
          logger[message.level](message.message, message.fields);
          break;
        case 'done':
          answer = { ok: true, result: message.result };
          break;
        case 'failed':
          answer = { ok: false, error: errorFromWire(message.error) };
          break;
      }
    });
    worker.on('error', (error) => {
      answer ??= { ok: false, error: new EngineError('INTERNAL', `detection worker failed: ${error.message}`, { cause: error }) };
    });
    // Settle on exit, so the store connection the worker opened is closed before the caller goes on.
    worker.on('exit', (code) => {
      const settled = answer ?? { ok: false as const, error: new EngineError('INTERNAL', `detection worker exited (code ${code}) without a result`) };
      if (settled.ok) resolve(settled.result);
      else reject(settled.error);
    });
  });
}
