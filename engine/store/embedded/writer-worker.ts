/**
 * The embedded store's writer thread: it owns the connection ingest writes
 * through, so SQLite's work on a batch runs on another core while the main
 * thread parses the next one. Batches arrive in order and are written one at
 * a time; each answer is sent only after its transaction committed (WAL,
 * synchronous=NORMAL: in the OS, so it survives kill -9 of the process).
 * Started through writer-entry.mjs, which makes sure TypeScript loads here.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createBatchWriter } from './batch-writer.ts';
import { openConnection, type Db } from './connection.ts';
import { postWithError } from '../wire-error.ts';
import { toWire, type FromWriter, type ToWriter, type WriterData } from './writer-protocol.ts';

const port = parentPort;
if (port === null) throw new Error('writer-worker.ts runs only as a worker thread');
const { folder } = workerData as WriterData;
const send = (message: FromWriter): void => postWithError(port, message);

let db: Db | undefined;
let write: ReturnType<typeof createBatchWriter> | undefined;
try {
  db = openConnection(folder, { readonly: false });
  write = createBatchWriter(db);
} catch (error) {
  db?.close();
  send({ type: 'unavailable', error: toWire(error) });
  port.close();
}

if (db !== undefined && write !== undefined) {
  const connection = db;
  const writeBatch = write;
  port.on('message', (message: ToWriter) => {
    if (message.type === 'close') {
      connection.close();
      // Closing the port leaves the thread nothing to wait for: it ends by itself.
      port.close();
      return;
    }
    try {
      writeBatch(message.batch);
      send({ type: 'done', id: message.id });
    } catch (error) {
      send({ type: 'failed', id: message.id, error: toWire(error) });
    }
  });
}
