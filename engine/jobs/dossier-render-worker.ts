/**
 * The dossier render worker thread: assembles dossiers (layout, PDF, evidence
 * files, manifest, signature, ZIP) from data the server already read and
 * masked, one at a time, and hands the ZIP back without a copy. It lives as
 * long as the server, so fonts, parsed font tables and shaped words stay warm
 * across renders. Started through dossier-render-entry.mjs.
 */
import { parentPort } from 'node:worker_threads';
import { assembleDossier } from '../dossier/build-dossier.ts';
import { loadOrCreateSigningKey, type SigningKey } from '../dossier/signing-key.ts';
import { errorToWire } from './detection-protocol.ts';
import type { FromRenderWorker, RenderRequest } from './dossier-render-protocol.ts';

const port = parentPort;
if (port === null) throw new Error('dossier-render-worker.ts runs only as a worker thread');
const keys = new Map<string, Promise<SigningKey>>();

port.on('message', (request: RenderRequest) => {
  void render(request).then(
    ({ message, transfer }) => port.postMessage(message, transfer),
    (error: unknown) => port.postMessage({ type: 'failed', id: request.id, error: errorToWire(error) } satisfies FromRenderWorker),
  );
});

async function render(request: RenderRequest): Promise<{ message: FromRenderWorker; transfer: ArrayBuffer[] }> {
  const { dataDir, ...options } = request.options;
  let key = keys.get(dataDir);
  if (!key) {
    key = loadOrCreateSigningKey(dataDir);
    key.catch(() => keys.delete(dataDir));
    keys.set(dataDir, key);
  }
  const { zip, ...dossier } = await assembleDossier(request.data, { ...options, key: await key });
  // A Buffer may be a view into a shared pool: copy into an own ArrayBuffer so it can be transferred.
  const bytes = new Uint8Array(zip.length);
  bytes.set(zip);
  return { message: { type: 'done', id: request.id, dossier, zip: bytes }, transfer: [bytes.buffer] };
}
