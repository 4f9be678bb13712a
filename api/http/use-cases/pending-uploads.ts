/**
 * An acknowledged upload is never lost. Before `POST /api/ingest` answers 202,
 * the received files are flushed to disk and the upload folder gets a manifest
 * (`upload.json`: the job id the client was given, strict or not, who sent
 * it), written to a temporary name, flushed and renamed, so it exists whole or
 * not at all. The folder is removed when its load settles for good (loaded, or
 * refused for what it holds). It is kept when the load could not finish for a
 * reason that is not the data's — the server shutting down or killed, the
 * store unavailable, a full disk — and the next `serve` on the same data folder loads it
 * again under the same job id (loads are idempotent: a re-run gives a clean
 * load's counts). A folder without a manifest is an upload that was never
 * acknowledged (cut off mid-body); it is removed once nothing has written to
 * it for twice the upload idle timeout.
 */
import { open, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { isEngineError, startIngestJob, type IngestActor, type JobOutcome, type JobRecord, type Logger } from '../../../engine/index.ts';
import type { UploadedFile } from '../schemas.ts';
import type { Services } from '../services.ts';

export const UPLOAD_MANIFEST = 'upload.json';

const manifestSchema = z.object({
  version: z.literal(1),
  jobId: z.string().min(1),
  strict: z.boolean(),
  owner: z.string().nullable(),
  by: z.object({ kind: z.enum(['cli', 'token']), name: z.string(), tokenId: z.string().nullable() }),
  receivedAt: z.string(),
  files: z.array(z.object({ name: z.string(), bytes: z.number() })),
  /** The process loading it (host and pid), so a second server on the same folder leaves a live load alone. */
  loader: z.object({ host: z.string(), pid: z.number() }),
});

export type UploadManifest = z.infer<typeof manifestSchema>;

/** fsync of a file or a folder (a folder's, so a rename in it is durable too). */
async function flush(file: string): Promise<void> {
  const handle = await open(file, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function writeManifest(dir: string, manifest: UploadManifest): Promise<void> {
  const temporary = path.join(dir, `${UPLOAD_MANIFEST}.tmp`);
  await writeFile(temporary, JSON.stringify(manifest, null, 2));
  await flush(temporary);
  await rename(temporary, path.join(dir, UPLOAD_MANIFEST));
  await flush(dir);
}

/** Flushes the received files and writes the manifest: after this the upload survives a crash. */
export async function acknowledgeUpload(
  dir: string,
  meta: { jobId: string; strict: boolean; owner: string | null; by: IngestActor; files: UploadedFile[] },
): Promise<UploadManifest> {
  for (const file of meta.files) await flush(path.join(dir, file.name));
  const manifest: UploadManifest = { version: 1, ...meta, receivedAt: new Date().toISOString(), loader: { host: hostname(), pid: process.pid } };
  await writeManifest(dir, manifest);
  return manifest;
}

/** Failures that are the upload's own: loading it again would give the same answer. */
const REFUSED = new Set(['INGEST_REJECTED', 'INVALID_INPUT']);

/**
 * Whether a settled load's upload goes (true) or stays to be loaded again at the next start (false): it goes once
 * loaded, or refused for what it holds; any other failure (a shutdown, the store unreachable, a full disk, a bug)
 * is not the data's, and the data stays.
 */
export function uploadIsDone(outcome: JobOutcome, draining: boolean): boolean {
  if (outcome.state === 'succeeded') return true;
  if (draining) return false;
  return isEngineError(outcome.error) && REFUSED.has(outcome.error.code);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface PendingUploadsLog {
  info(message: string, fields: Record<string, unknown>): void;
  warn(message: string, fields: Record<string, unknown>): void;
}

/** The manifest in `text`, or null when it is not one this server wrote (unparsable JSON included). */
function parseManifest(text: string): UploadManifest | null {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  const parsed = manifestSchema.safeParse(json);
  return parsed.success ? parsed.data : null;
}

/**
 * At start: every acknowledged upload whose load did not settle is handed to
 * `resume` (with this process now its loader); folders never acknowledged and
 * idle for `staleMs` are removed.
 */
export async function resumePendingUploads(
  root: string,
  options: { staleMs: number; log: PendingUploadsLog; resume: (dir: string, manifest: UploadManifest) => void },
): Promise<void> {
  let entries: string[];
  try {
    entries = await readdir(root);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  for (const name of entries.sort()) {
    const dir = path.join(root, name);
    const folder = await stat(dir);
    if (!folder.isDirectory()) continue;
    let text: string;
    try {
      text = await readFile(path.join(dir, UPLOAD_MANIFEST), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      // Never acknowledged: the client got no 202 for it. Removed once nothing writes to it any more.
      const times = await Promise.all((await readdir(dir)).map(async (f) => (await stat(path.join(dir, f))).mtimeMs));
      if (Date.now() - Math.max(folder.mtimeMs, ...times) >= options.staleMs) {
        await rm(dir, { recursive: true, force: true });
        options.log.info('removed an upload that was never acknowledged', { dir });
      }
      continue;
    }
    const manifest = parseManifest(text);
    if (manifest === null) {
      // Acknowledged data is not deleted on a guess: an operator looks at it.
      options.log.warn('an upload folder has a manifest this server cannot read; left in place', { dir });
      continue;
    }
    if (manifest.loader.pid !== process.pid && manifest.loader.host === hostname() && alive(manifest.loader.pid)) continue;
    const mine: UploadManifest = { ...manifest, loader: { host: hostname(), pid: process.pid } };
    await writeManifest(dir, mine);
    options.resume(dir, mine);
    options.log.info('loading an acknowledged upload again', { jobId: manifest.jobId, dir, receivedAt: manifest.receivedAt, owner: manifest.owner });
  }
}

/** Starts (or starts again) the load of an acknowledged upload; its folder goes only when the load settles for good. */
export function loadUpload(services: Pick<Services, 'jobs' | 'store' | 'draining'>, dir: string, manifest: UploadManifest, logger: Logger): JobRecord {
  return startIngestJob(services.jobs, services.store, {
    id: manifest.jobId,
    dir,
    strict: manifest.strict,
    owner: manifest.owner,
    by: manifest.by,
    logger,
    // An outage of the store (Neo4j restarting, another process holding the embedded store's write lock) costs a
    // wait: the load runs again, from the start, for up to half an hour, unless the server is shutting down.
    retry: { forMs: 30 * 60_000, firstDelayMs: 1_000, maxDelayMs: 60_000, keepTrying: () => !services.draining() },
    cleanup: async (outcome) => {
      if (uploadIsDone(outcome, services.draining())) {
        await rm(dir, { recursive: true, force: true });
        return;
      }
      logger.warn('upload kept: it is loaded again when the server next starts', { jobId: manifest.jobId, dir });
    },
  });
}
