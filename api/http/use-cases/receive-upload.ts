/**
 * Receives an export upload into a fresh folder under the data folder, for an
 * ingest job to load: either multipart/form-data with one part per export
 * file (the part's file name must be an export file name such as
 * `sellers.csv` or `reports.ndjson` — never a path), or one file streamed as
 * the body with its name in `?file=`. Each file is capped in size; any
 * problem removes the folder and answers a 4xx.
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

/** Counts bytes and fails past the cap, so a huge file stops early rather than filling the disk. */
function cap(limit: number, name: string, counted: { bytes: number }): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      counted.bytes += chunk.length;
      if (counted.bytes > limit) done(new HttpError('PAYLOAD_TOO_LARGE', `${name} is larger than ${limit} bytes`, `files.${name}`));
      else done(null, chunk);
    },
  });
}

async function save(source: Readable, dir: string, name: string, limit: number): Promise<number> {
  const counted = { bytes: 0 };
  await pipeline(source, cap(limit, name, counted), createWriteStream(path.join(dir, name), { flags: 'wx' }));
  return counted.bytes;
}

export async function receiveUpload(req: Request, root: string, options: { fileLimit: number; streamedName?: string }): Promise<Upload> {
  const dir = path.join(root, randomUUID());
  await mkdir(dir, { recursive: true });
  const remove = () => rm(dir, { recursive: true, force: true });
  try {
    const type = req.get('content-type') ?? '';
    const upload: Upload = { dir, files: [], fields: {}, remove };
    if (type.startsWith('multipart/form-data')) {
      await receiveMultipart(req, upload, options.fileLimit);
    } else {
      const name = checkName(options.streamedName, 'query.file');
      upload.files.push({ name, bytes: await save(req, dir, name, options.fileLimit) });
    }
    if (upload.files.length === 0) throw new EngineError('INVALID_INPUT', 'files: no export file in the upload', { details: { field: 'files' } });
    return upload;
  } catch (error) {
    await remove();
    // Let the rest of the body drain so the 4xx reaches the client instead of a reset.
    req.resume();
    throw error;
  }
}

function receiveMultipart(req: Request, upload: Upload, fileLimit: number): Promise<void> {
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
          save(stream, upload.dir, name, fileLimit).then((bytes) => {
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
