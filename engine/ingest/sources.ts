/**
 * Finds the files of an export folder and streams their rows with line
 * numbers, whatever the format (CSV per RFC 4180 with optional BOM, or NDJSON).
 * Every value reaches validation as a string; empty strings mean "absent".
 */
import { createReadStream, promises as fs } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { EngineError } from '../model/errors.ts';
import { CsvSyntaxError, csvRecords } from './csv-records.ts';

/** The export's entity files, in the order references need them. */
export const ENTITY_FILES = ['sellers', 'shops', 'payment_accounts', 'addresses', 'shipments', 'reports'] as const;
export type EntityFile = (typeof ENTITY_FILES)[number];

export interface SourceFile {
  entity: EntityFile;
  path: string;
  /** Name shown in error messages, e.g. `sellers.csv`. */
  name: string;
  format: 'csv' | 'ndjson';
  bytes: number;
}

export interface SourceRow {
  line: number;
  fields: Record<string, string>;
}

/** Rows plus the problems the reader itself found (bad JSON, ragged CSV). */
export type SourceItem = { kind: 'row'; row: SourceRow } | { kind: 'error'; line: number; reason: string };

export async function listExportFiles(dir: string): Promise<SourceFile[]> {
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch (cause) {
    throw new EngineError('INVALID_INPUT', `cannot read export folder ${dir}`, { cause });
  }
  const files: SourceFile[] = [];
  for (const entity of ENTITY_FILES) {
    for (const format of ['csv', 'ndjson'] as const) {
      const name = `${entity}.${format}`;
      if (!names.includes(name)) continue;
      const full = path.join(dir, name);
      const stat = await fs.stat(full);
      files.push({ entity, path: full, name, format, bytes: stat.size });
    }
  }
  if (files.length === 0) {
    throw new EngineError('INVALID_INPUT', `no export files in ${dir} (expected ${ENTITY_FILES.map((e) => `${e}.csv|.ndjson`).join(', ')})`);
  }
  return files;
}

/**
 * Streams a file's rows; `onChunk` sees every chunk of raw bytes as read (for
 * progress and for the file's SHA-256: the hash covers exactly what was parsed).
 */
export function readSource(file: SourceFile, onChunk?: (bytes: Buffer) => void): AsyncIterable<SourceItem> {
  return file.format === 'csv' ? readCsv(file, onChunk) : readNdjson(file, onChunk);
}

/** The file as UTF-8 text chunks, handing each raw chunk to `onChunk` first. */
async function* textChunks(file: SourceFile, onChunk?: (bytes: Buffer) => void): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  for await (const chunk of createReadStream(file.path, { highWaterMark: 1 << 20 })) {
    const bytes = chunk as Buffer;
    onChunk?.(bytes);
    const text = decoder.write(bytes);
    if (text !== '') yield text;
  }
  const rest = decoder.end();
  if (rest !== '') yield rest;
}

async function* readCsv(file: SourceFile, onChunk?: (bytes: Buffer) => void): AsyncIterable<SourceItem> {
  const input = textChunks(file, onChunk);
  let header: string[] | null = null;
  try {
    for await (const { line, fields: values } of csvRecords(input)) {
      if (header === null) {
        header = values.map((h) => h.trim());
        continue;
      }
      if (values.length !== header.length) {
        yield { kind: 'error', line, reason: `expected ${header.length} fields, found ${values.length}` };
        continue;
      }
      const fields: Record<string, string> = {};
      for (let i = 0; i < header.length; i++) fields[header[i]!] = values[i]!;
      yield { kind: 'row', row: { line, fields } };
    }
  } catch (cause) {
    if (!(cause instanceof CsvSyntaxError)) throw cause;
    yield { kind: 'error', line: cause.line, reason: `unreadable CSV, rest of file skipped: ${cause.message}` };
  }
}

async function* readNdjson(file: SourceFile, onChunk?: (bytes: Buffer) => void): AsyncIterable<SourceItem> {
  const input = Readable.from(textChunks(file, onChunk), { objectMode: false });
  const lines = createInterface({ input, crlfDelay: Infinity });
  let line = 0;
  for await (const text of lines) {
    line++;
    const trimmed = line === 1 ? text.replace(/^\uFEFF/, '').trim() : text.trim();
    if (trimmed === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(trimmed);
    } catch {
      yield { kind: 'error', line, reason: 'not valid JSON' };
      continue;
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      yield { kind: 'error', line, reason: 'expected a JSON object' };
      continue;
    }
    const fields: Record<string, string> = {};
    let bad: string | null = null;
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
      if (v === null || v === undefined) fields[key] = '';
      else if (typeof v === 'string') fields[key] = v;
      else if (typeof v === 'number' || typeof v === 'boolean') fields[key] = String(v);
      else bad = key;
    }
    if (bad !== null) {
      yield { kind: 'error', line, reason: `${bad}: expected a string, number or boolean` };
      continue;
    }
    yield { kind: 'row', row: { line, fields } };
  }
}
