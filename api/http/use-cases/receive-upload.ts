/**
 * Receives an export upload into a fresh folder under the data folder, for an
 * ingest job to load: either multipart/form-data with one part per export
 * file (the part's file name must be an export file name such as
 * `sellers.csv` or `reports.ndjson` — never a path), or one file streamed as
 * the body with its name in `?file=`. Each file and the upload as a whole are
 * capped in size, and an upload that stalls (no bytes for `idleTimeoutMs`) is
 * abandoned with 408; any problem removes the folder and answers a 4xx.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform, type Readable } from 'node:stream';
import { randomUUID } from 'node:crypto';
import busboy from 'busboy';
import type { Request } from 'express';
import { ENTITY_FILES, EngineError } from '../../../engine/index.ts';
import { closeAfter } from '../body-guards.ts';
import { HttpError } from '../http-errors.ts';
import type { UploadedFile } from '../schemas.ts';

export const UPLOAD_FILE_NAMES: readonly string[] = ENTITY_FILES.flatMap((e) => [`${e}.csv`, `${e}.ndjson`]);

export interface Upload {
  dir: string;
  files: UploadedFile[];
  fields: Record<string, string>;
  remove(): Promise<void>;
}

function checkName(name: string | undefined, field: string): string {
  if (name === undefined || !UPLOAD_FILE_NAMES.includes(name)) {
    throw new EngineError('INVALID_INPUT', `${field}: file name must be one of ${UPLOAD_FILE_NAMES.join(', ')}`, { details: { field } });
  }
  return name;
}

export interface UploadLimits {
  /** Largest single file. */
  fileLimit: number;
  /** Largest upload, all files together. */
  totalLimit: number;
  /** Longest pause between two chunks of the body. */
  idleTimeoutMs: number;
}

/** Bytes received so far over the whole upload. */
interface Budget {
  bytes: number;
  limit: number;
}

/** Counts bytes and fails past either cap, so a huge file or upload stops early rather than filling the disk. */
function cap(limit: number, name: string, budget: Budget, counted: { bytes: number }): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      counted.bytes += chunk.length;
      budget.bytes += chunk.length;
      if (counted.bytes > limit) done(new HttpError('PAYLOAD_TOO_LARGE', `${name} is larger than ${limit} bytes`, `files.${name}`));
      else if (budget.bytes > budget.limit) done(new HttpError('PAYLOAD_TOO_LARGE', `the upload is larger than ${budget.limit} bytes in all`, 'body'));
      else done(null, chunk);
    },
  });
}

async function save(source: Readable, dir: string, name: string, limit: number, budget: Budget): Promise<number> {
  const counted = { bytes: 0 };
  await pipeline(source, cap(limit, name, budget, counted), createWriteStream(path.join(dir, name), { flags: 'wx' }));
  return counted.bytes;
}

/** Rejects when the request sends nothing for `ms`; observes the body without consuming it. */
function stallWatch(req: Request, ms: number): { stalled: Promise<never>; stop(): void } {
  let timer: NodeJS.Timeout | undefined;
  let reject: (error: Error) => void = () => undefined;
  const stalled = new Promise<never>((_resolve, fail) => {
    reject = fail;
  });
  // Only ever rejected into a race; never left unhandled.
  stalled.catch(() => undefined);
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => reject(new HttpError('REQUEST_TIMEOUT', `the upload sent nothing for ${ms} ms`, 'body')), ms);
    timer.unref();
  };
  req.on('data', arm);
  arm();
  return {
    stalled,
    stop() {
      clearTimeout(timer);
      req.off('data', arm);
    },
  };
}

/** A write that found the disk full (or the quota spent): 507 saying so, instead of an internal error. */
export function uploadDiskError(error: unknown): unknown {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code !== 'ENOSPC' && code !== 'EDQUOT') return error;
  return new HttpError('INSUFFICIENT_STORAGE', "the server's disk is full: the upload was not kept and nothing was loaded", 'body');
}

export async function receiveUpload(req: Request, root: string, options: UploadLimits & { streamedName?: string }): Promise<Upload> {
  const dir = path.join(root, randomUUID());
  await mkdir(dir, { recursive: true });
  const remove = () => rm(dir, { recursive: true, force: true });
  const budget: Budget = { bytes: 0, limit: options.totalLimit };
  let watch: ReturnType<typeof stallWatch> | undefined;
  try {
    const type = req.get('content-type') ?? '';
    const upload: Upload = { dir, files: [], fields: {}, remove };
    if (type.startsWith('multipart/form-data')) {
      const received = receiveMultipart(req, upload, options.fileLimit, budget);
      watch = stallWatch(req, options.idleTimeoutMs);
      await Promise.race([received, watch.stalled]);
    } else {
      const name = checkName(options.streamedName, 'query.file');
      const saved = save(req, dir, name, options.fileLimit, budget);
      watch = stallWatch(req, options.idleTimeoutMs);
      upload.files.push({ name, bytes: await Promise.race([saved, watch.stalled]) });
    }
    if (upload.files.length === 0) throw new EngineError('INVALID_INPUT', 'files: no export file in the upload', { details: { field: 'files' } });
    return upload;
  } catch (error) {
    await remove();
    if (error instanceof HttpError && (error.code === 'REQUEST_TIMEOUT' || error.code === 'PAYLOAD_TOO_LARGE')) {
      // A stalled client will not drain, and an oversized one should not: answer and close the connection.
      req.unpipe();
      if (req.res) closeAfter(req.res);
    } else {
      // Let the rest of the body drain so the 4xx reaches the client instead of a reset.
      req.resume();
    }
    throw uploadDiskError(error);
  } finally {
    watch?.stop();
  }
}

function receiveMultipart(req: Request, upload: Upload, fileLimit: number, budget: Budget): Promise<void> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      // preservePath: the name as sent, so `../sellers.csv` is refused rather than quietly reduced to its base name.
      parser = busboy({ headers: req.headers, preservePath: true, limits: { files: UPLOAD_FILE_NAMES.length, fields: 10, fieldSize: 1_024, parts: 32 } });
    } catch (cause) {
      reject(new EngineError('INVALID_INPUT', 'body: malformed multipart request', { details: { field: 'body' }, cause }));
      return;
    }
    const writes: Array<Promise<void>> = [];
    let failed = false;
    const fail = (error: unknown): void => {
      if (failed) return;
      failed = true;
      req.unpipe(parser);
      reject(error);
    };
    parser.on('file', (field, stream, info) => {
      try {
        const name = checkName(info.filename, `files.${field}`);
        if (upload.files.some((f) => f.name === name)) throw new EngineError('INVALID_INPUT', `files.${field}: ${name} sent twice`, { details: { field: `files.${field}` } });
        const entry = { name, bytes: 0 };
        upload.files.push(entry);
        writes.push(
          save(stream, upload.dir, name, fileLimit, budget).then((bytes) => {
            entry.bytes = bytes;
          }, fail),
        );
      } catch (error) {
        stream.resume();
        fail(error);
      }
    });
    parser.on('field', (name, value) => {
      upload.fields[name] = value;
    });
    parser.on('filesLimit', () => fail(new EngineError('INVALID_INPUT', 'files: too many files', { details: { field: 'files' } })));
    parser.on('partsLimit', () => fail(new EngineError('INVALID_INPUT', 'body: too many parts', { details: { field: 'body' } })));
    parser.on('error', (cause) => fail(new EngineError('INVALID_INPUT', 'body: malformed multipart request', { details: { field: 'body' }, cause })));
    parser.on('close', () => {
      Promise.all(writes).then(() => {
        if (!failed) resolve();
      }, fail);
    });
    req.pipe(parser);
  });
}
