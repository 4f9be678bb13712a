/**
 * The bulk load's import-file writer thread: it owns the import-file writer
 * (import-files.ts), so building and writing the CSV files — de-duplication,
 * encoding, the fold of recurring ids — runs on the second core while the
 * loading thread parses, validates and resolves the next batch. Batches
 * arrive in order as columns and are written one at a time. Started through
 * import-files-entry.mjs, which makes sure TypeScript loads here.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { fromColumns } from '../../batch-columns.ts';
import { createImportFileWriter } from './import-files.ts';
import { postWithError, toWire } from '../../wire-error.ts';
import type { FromImportWriter, ImportWriterData, ToImportWriter } from './import-files-protocol.ts';

const port = parentPort;
if (port === null) throw new Error('import-files-worker.ts runs only as a worker thread');
const { folder } = workerData as ImportWriterData;
const send = (message: FromImportWriter): void => postWithError(port, message);

const writer = createImportFileWriter(folder);
// One message at a time, in order: a batch's files are written before the next batch (or the finish) starts.
let queue: Promise<void> = Promise.resolve();
port.on('message', (message: ToImportWriter) => {
  queue = queue.then(async () => {
    try {
      if (message.type === 'write') {
        await writer.writeBatch(fromColumns(message.batch));
        send({ type: 'done', id: message.id });
        return;
      }
      send({ type: 'finished', id: message.id, manifest: await writer.finish() });
      // Nothing follows a finish: closing the port lets the thread end by itself.
      port.close();
    } catch (error) {
      send({ type: 'failed', id: message.id, error: toWire(error) });
    }
  });
});
