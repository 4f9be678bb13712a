/**
 * Finds the files of an export folder and streams their rows with line
 * numbers, whatever the format (CSV per RFC 4180 with optional BOM, or NDJSON).
 * Every value reaches validation as a string; empty strings mean "absent".
 */
import { isUtf8 } from 'node:buffer';
import { createReadStream, promises as fs } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { EngineError } from '../model/errors.ts';
import { csvRecords, isCsvProblem, UNREADABLE_LINE } from './csv-records.ts';

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

/** The file's raw bytes in chunks, handing each to `onChunk` first (progress and the provenance hash). */
async function* rawChunks(file: SourceFile, onChunk?: (bytes: Buffer) => void): AsyncGenerator<Buffer> {
  for await (const chunk of createReadStream(file.path, { highWaterMark: 1 << 20 })) {
    onChunk?.(chunk as Buffer);
    yield chunk as Buffer;
  }
}

/** Where a buffer's last complete UTF-8 sequence ends (a multi-byte character may straddle two chunks). */
function completeLength(buf: Buffer): number {
  let i = buf.length - 1;
  while (i >= 0 && i > buf.length - 4 && (buf[i]! & 0xc0) === 0x80) i--;
  if (i < 0) return buf.length;
  const lead = buf[i]!;
  if (lead < 0xc0) return buf.length;
  const expected = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : 2;
  return buf.length - i < expected ? i : buf.length;
}

const MARK = Buffer.from(UNREADABLE_LINE, 'utf8');
const NEWLINE = Buffer.from('\n');

/**
 * Decodes a byte stream as UTF-8 without inventing text: where a line holds
 * bytes that are not valid UTF-8, the line carries `UNREADABLE_LINE`, so the
 * row is reported rather than loaded with replacement characters. Valid
 * chunks (nearly all) are checked natively and decoded whole.
 */
export async function* utf8Text(input: AsyncIterable<Buffer>): AsyncIterable<string> {
  let held: Buffer = Buffer.alloc(0);
  for await (const chunk of input) {
    const all = held.length > 0 ? Buffer.concat([held, chunk]) : chunk;
    const cut = completeLength(all);
    held = all.subarray(cut);
    const buf = all.subarray(0, cut);
    if (isUtf8(buf)) {
      yield buf.toString('utf8');
      continue;
    }
    const parts: Buffer[] = [];
    let start = 0;
    while (start <= buf.length) {
      const nl = buf.indexOf(0x0a, start);
      const end = nl < 0 ? buf.length : nl;
      const segment = buf.subarray(start, end);
      parts.push(isUtf8(segment) ? segment : MARK);
      if (nl < 0) break;
      parts.push(NEWLINE);
      start = nl + 1;
    }
    yield Buffer.concat(parts).toString('utf8');
  }
  if (held.length > 0) yield UNREADABLE_LINE;
}

/** A header of one column holding `;` or a tab: the export was written with another separator. */
function otherSeparator(header: string[]): string | null {
  if (header.length !== 1) return null;
  if (header[0]!.includes(';')) return 'semicolon';
  if (header[0]!.includes('\t')) return 'tab';
  return null;
}

/** Header names that appear more than once (after trimming), in order of first repeat. */
function duplicateColumns(header: string[]): string[] {
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const name of header) {
    if (name !== '' && seen.has(name)) repeated.add(name);
    seen.add(name);
  }
  return [...repeated];
}

const quoted = (name: string): string => `'${name.slice(0, 80)}'`;

/** `1 row not read`, `3 rows not read`. */
const notRead = (n: number): string => `${n} row${n === 1 ? '' : 's'} not read`;

/**
 * A CSV file's rows. A header that cannot be used — one that does not parse,
 * names a column twice, or looks written with another separator — is one
 * error for the file, naming how many rows were not read; no data row is
 * ever taken for the header.
 */
async function* readCsv(file: SourceFile, onChunk?: (bytes: Buffer) => void): AsyncIterable<SourceItem> {
  const input = rawChunks(file, onChunk);
  let header: string[] | null = null;
  let refused: { line: number; reason: (skipped: number) => string; skipped: number } | null = null;
  for await (const item of csvRecords(utf8Text(input))) {
    if (refused !== null) {
      refused.skipped++;
      continue;
    }
    if (header === null && isCsvProblem(item)) {
      const problem = item.error;
      refused = { line: item.line, reason: (n) => `header: the header line does not parse (${problem}); ${notRead(n)}`, skipped: 0 };
      continue;
    }
    if (isCsvProblem(item)) {
      yield { kind: 'error', line: item.line, reason: item.error };
      continue;
    }
    if (header === null) {
      const names = item.fields.map((h) => h.trim());
      header = names;
      const separator = otherSeparator(names);
      const repeated = duplicateColumns(names);
      if (separator !== null) {
        refused = {
          line: item.line,
          reason: (n) => `header: one column ${quoted(names[0]!)} — the file looks ${separator}-separated; the export format is comma-separated CSV (${notRead(n)})`,
          skipped: 0,
        };
      } else if (repeated.length > 0) {
        refused = {
          line: item.line,
          reason: (n) => `header: ${repeated.length === 1 ? 'column' : 'columns'} ${repeated.map(quoted).join(', ')} named more than once; ${notRead(n)}`,
          skipped: 0,
        };
      }
      continue;
    }
    if (item.fields.length !== header.length) {
      yield { kind: 'error', line: item.line, reason: `expected ${header.length} fields, found ${item.fields.length}` };
      continue;
    }
    const fields: Record<string, string> = {};
    for (let i = 0; i < header.length; i++) fields[header[i]!] = item.fields[i]!;
    yield { kind: 'row', row: { line: item.line, fields } };
  }
  if (refused !== null) yield { kind: 'error', line: refused.line, reason: refused.reason(refused.skipped) };
}

async function* readNdjson(file: SourceFile, onChunk?: (bytes: Buffer) => void): AsyncIterable<SourceItem> {
  const lines = createInterface({ input: Readable.from(utf8Text(rawChunks(file, onChunk))), crlfDelay: Infinity });
  let line = 0;
  for await (const text of lines) {
    line++;
    const trimmed = line === 1 ? text.replace(/^\uFEFF/, '').trim() : text.trim();
    if (trimmed === '') continue;
    if (trimmed.includes(UNREADABLE_LINE)) {
      yield { kind: 'error', line, reason: 'not valid UTF-8' };
      continue;
    }
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
