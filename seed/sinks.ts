/**
 * Streaming row writers for the export files: CSV (RFC 4180: a field holding a
 * comma, quote, CR or LF is quoted and its quotes doubled) and NDJSON. Rows are
 * buffered into chunks of about 64 KiB and handed to an fs write stream; when
 * the stream asks for back-pressure the sink reports `needsDrain` and the
 * generator awaits `drain()` before producing more, so memory stays flat at any
 * size.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';

export type Cell = string | number | null;

export interface RowSink {
  readonly fileName: string;
  readonly rows: number;
  readonly needsDrain: boolean;
  /** Values in the order of the sink's columns; `null` and `''` are written as absent. */
  write(values: readonly Cell[]): void;
  drain(): Promise<void>;
  close(): Promise<void>;
  /** Abandons the file after a failure elsewhere; no more writes. */
  destroy(): void;
}

const CHUNK_CHARS = 1 << 16;

export function csvField(value: Cell): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function createSink(path: string, fileName: string, header: string | null, encode: (values: readonly Cell[]) => string): RowSink {
  const stream: WriteStream = createWriteStream(path, { encoding: 'utf8' });
  let failure: Error | null = null;
  stream.on('error', (error) => {
    failure = error;
  });
  let buffer: string[] = header === null ? [] : [header];
  let buffered = header?.length ?? 0;
  let rows = 0;
  let blocked = false;

  const check = (): void => {
    if (failure) throw failure;
  };
  const flush = (): void => {
    if (buffer.length === 0) return;
    if (!stream.write(buffer.join(''))) blocked = true;
    buffer = [];
    buffered = 0;
  };

  return {
    fileName,
    get rows() {
      return rows;
    },
    get needsDrain() {
      return blocked;
    },
    write(values) {
      check();
      const line = encode(values);
      buffer.push(line);
      buffered += line.length;
      rows += 1;
      if (buffered >= CHUNK_CHARS) flush();
    },
    async drain() {
      check();
      if (!blocked) return;
      await once(stream, 'drain');
      blocked = false;
    },
    async close() {
      check();
      flush();
      stream.end();
      await once(stream, 'finish');
      check();
    },
    destroy() {
      stream.destroy();
    },
  };
}

export function createCsvSink(path: string, fileName: string, columns: readonly string[]): RowSink {
  return createSink(path, fileName, `${columns.map(csvField).join(',')}\n`, (values) => `${values.map(csvField).join(',')}\n`);
}

export function createNdjsonSink(path: string, fileName: string, columns: readonly string[]): RowSink {
  return createSink(path, fileName, null, (values) => {
    const record: Record<string, string | number> = {};
    columns.forEach((column, i) => {
      const value = values[i];
      record[column] = value === null || value === undefined ? '' : value;
    });
    return `${JSON.stringify(record)}\n`;
  });
}
