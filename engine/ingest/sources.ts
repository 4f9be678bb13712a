/**
 * Finds the files of an export folder and streams their rows with line
 * numbers, whatever the format (CSV per RFC 4180 with optional BOM, or NDJSON).
 * Every value reaches validation as a string; empty strings mean "absent".
 */
import { createReadStream, promises as fs } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { parse } from 'csv-parse';
import { EngineError } from '../model/errors.ts';

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
 * Streams a file's rows. `onHeader` receives the column names once (for CSV
 * the header row, for NDJSON the keys of each object as they appear).
 */
export function readSource(file: SourceFile, onBytes?: (bytes: number) => void): AsyncIterable<SourceItem> {
  return file.format === 'csv' ? readCsv(file, onBytes) : readNdjson(file, onBytes);
}

async function* readCsv(file: SourceFile, onBytes?: (bytes: number) => void): AsyncIterable<SourceItem> {
  const input = createReadStream(file.path);
  if (onBytes) input.on('data', (chunk) => onBytes(chunk.length));
  const parser = input.pipe(
    parse({ bom: true, info: true, relax_column_count: true, skip_empty_lines: true, skip_records_with_empty_values: false }),
  );
  let header: string[] | null = null;
  try {
    for await (const item of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      const { record, info } = item;
      if (header === null) {
        header = record.map((h) => h.trim());
        continue;
      }
      if (record.length !== header.length) {
        yield { kind: 'error', line: info.lines, reason: `expected ${header.length} fields, found ${record.length}` };
        continue;
      }
      const fields: Record<string, string> = {};
      for (let i = 0; i < header.length; i++) fields[header[i] as string] = record[i] as string;
      yield { kind: 'row', row: { line: info.lines, fields } };
    }
  } catch (cause) {
    const line = (cause as { lines?: number }).lines ?? 0;
    const reason = cause instanceof Error ? cause.message : String(cause);
    yield { kind: 'error', line, reason: `unreadable CSV, rest of file skipped: ${reason}` };
  }
}

async function* readNdjson(file: SourceFile, onBytes?: (bytes: number) => void): AsyncIterable<SourceItem> {
  const input = createReadStream(file.path, { encoding: 'utf8' });
  if (onBytes) input.on('data', (chunk) => onBytes(Buffer.byteLength(chunk as string)));
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
