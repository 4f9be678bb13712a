/**
 * The detection worker thread: opens its own connection to the store the
 * spec names, runs detection (read, projection, Louvain, scoring, lineage,
 * the atomic write) and posts stages, log lines and the result back. Started
 * through detection-entry.mjs, which makes sure TypeScript loads here.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Logger } from '../model/logger.ts';
import { runDetection } from '../detect/run-detection.ts';
import { storeFromSpec } from '../store/create-store.ts';
import { errorToWire, type DetectionWorkerData, type FromDetectionWorker } from './detection-protocol.ts';

const port = parentPort;
if (port === null) throw new Error('detection-worker.ts runs only as a worker thread');
const { spec, params, runId, lockHolder, alerts } = workerData as DetectionWorkerData;
const send = (message: FromDetectionWorker): void => port.postMessage(message);
const log = (level: 'debug' | 'info' | 'warn' | 'error') => (message: string, fields?: Record<string, unknown>) =>
  send({ type: 'log', level, message, ...(fields ? { fields } : {}) });
const logger: Logger = { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };

const store = await storeFromSpec(spec, logger);
try {
  await store.open();
  const result = await runDetection(store, params, {
    logger,
    onStage: (stage) => send({ type: 'stage', stage }),
    ...(runId !== undefined ? { newRunId: () => runId } : {}),
    ...(lockHolder !== undefined ? { save: { lockHolder } } : {}),
    ...(alerts !== undefined ? { alerts } : {}),
  });
  send({ type: 'done', result });
} catch (error) {
  send({ type: 'failed', error: errorToWire(error) });
} finally {
  await store.close().catch(() => undefined);
  port.close();
}
