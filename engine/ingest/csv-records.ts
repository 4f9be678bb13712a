/**
 * A streaming RFC 4180 CSV record splitter, built for ingest speed: lines
 * without a quote character (nearly all of a marketplace export) are split
 * with one `String#split`; only lines containing `"` take the character-level
 * path, which handles doubled quotes, separators and line breaks inside quoted
 * fields. Yields each record with the physical line it starts on.
 *
 * A broken record never takes the rest of the file with it: a quote inside an
 * unquoted field, a quoted field still open at the end of the file, or one
 * running past `maxRecordChars` is reported as one bad record (at the line it
 * started on) and the lines after its first are read again as records of
 * their own. A physical line longer than `maxRecordChars` is reported and
 * skipped up to its newline without being held in memory, so a 600 MB file
 * without line breaks costs one error, not gigabytes. The limit is exact and
 * does not depend on where chunks happen to end: a record (its lines joined by
 * their breaks, without the final one, or a trailing `\r`) of `maxRecordChars`
 * characters is read, one of `maxRecordChars + 1` is not.
 * (csv-parse is correct but spent most of the ingest's CPU time; measured in
 * the README's performance section.)
 */

export interface CsvRecord {
  line: number;
  fields: string[];
}

/** A record that could not be read; `line` is where it started. */
export interface CsvProblem {
  line: number;
  error: string;
}

export type CsvItem = CsvRecord | CsvProblem;

export const isCsvProblem = (item: CsvItem): item is CsvProblem => 'error' in item;

export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

/** The decoder puts this in place of bytes that are not valid UTF-8; a line holding it is reported, not read. */
export const UNREADABLE_LINE = '\u0000ringtrace:unreadable\u0000';

export interface CsvOptions {
  /** Longest record (or physical line), in characters. Default 1 MiB. */
  maxRecordChars?: number;
}

export const DEFAULT_MAX_RECORD_CHARS = 1024 * 1024;

interface Pending {
  fields: string[];
  field: string;
  startLine: number;
  /** The record's physical lines so far, to read again if it turns out broken. */
  raw: string[];
  chars: number;
}

/** Splits a text stream into records; `chunks` are decoded strings in order. */
export async function* csvRecords(chunks: AsyncIterable<string>, options: CsvOptions = {}): AsyncIterable<CsvItem> {
  const maxChars = options.maxRecordChars ?? DEFAULT_MAX_RECORD_CHARS;
  let carry = '';
  let line = 0;
  let first = true;
  let pending: Pending | null = null;
  /** Inside a physical line longer than the limit: dropping text until its newline. */
  let skipping = false;

  const finishLine = (text: string): CsvRecord | null => {
    const body = text.endsWith('\r') ? text.slice(0, -1) : text;
    if (pending === null) {
      if (body.indexOf('"') < 0) {
        if (body === '') return null;
        return { line, fields: body.split(',') };
      }
      pending = { fields: [], field: '', startLine: line, raw: [text], chars: text.length };
      // The raw text: a line break inside quotes keeps its \r.
      return scan(text, false);
    }
    // Continuing a quoted field across a line break: the break is part of the value.
    pending.raw.push(text);
    pending.chars += text.length + 1;
    return scan(text, true);
  };

  /** Character-level scan of one physical line while inside or starting a quoted record. */
  const scan = (text: string, continuing: boolean): CsvRecord | null => {
    const state = pending!;
    let i = 0;
    let inQuotes = continuing;
    let field = continuing ? `${state.field}\n` : state.field;
    const n = text.length;
    while (i < n) {
      const ch = text.charCodeAt(i);
      if (inQuotes) {
        const close = text.indexOf('"', i);
        if (close < 0) {
          field += text.slice(i);
          i = n;
          break;
        }
        field += text.slice(i, close);
        if (text.charCodeAt(close + 1) === 34) {
          field += '"';
          i = close + 2;
        } else {
          inQuotes = false;
          i = close + 1;
        }
      } else if (ch === 44) {
        state.fields.push(field);
        field = '';
        i++;
      } else if (ch === 34) {
        if (field !== '') throw new CsvSyntaxError(state.startLine, `line ${line}: quote inside an unquoted field`);
        inQuotes = true;
        i++;
      } else if (ch === 13 && i === n - 1) {
        i++;
      } else {
        const comma = text.indexOf(',', i);
        const quote = text.indexOf('"', i);
        let end = comma < 0 ? n : comma;
        if (quote >= 0 && quote < end) end = quote;
        let piece = text.slice(i, end);
        if (end === n && piece.endsWith('\r')) piece = piece.slice(0, -1);
        if (quote >= 0 && quote === end) throw new CsvSyntaxError(state.startLine, `line ${line}: quote inside an unquoted field`);
        field += piece;
        i = end;
      }
    }
    if (inQuotes) {
      state.field = field;
      return null;
    }
    state.fields.push(field);
    pending = null;
    return { line: state.startLine, fields: state.fields };
  };

  /** Reads physical lines; a broken record is reported and its later lines read again. */
  function* lines(texts: string[]): Generator<CsvItem> {
    const queue = texts;
    while (queue.length > 0) {
      const text = queue.shift()!;
      line++;
      if (text.includes(UNREADABLE_LINE)) {
        if (pending !== null) {
          // The open record cannot continue through a line that cannot be read: report it, read its lines again.
          queue.unshift(text);
          yield* giveUp(queue, 'a quoted field runs into a line that is not valid UTF-8');
          continue;
        }
        yield { line, error: 'not valid UTF-8' };
        continue;
      }
      // The limit is on the record as written, without its final line break,
      // checked before the line is taken in, wherever the line falls in the chunks.
      const body = text.length - (text.endsWith('\r') ? 1 : 0);
      const open = pending as Pending | null;
      if (open !== null && open.chars + 1 + body > maxChars) {
        queue.unshift(text);
        yield* giveUp(queue, `a quoted field runs past ${maxChars} characters (is a quote left open?)`);
        continue;
      }
      if (open === null && body > maxChars) {
        yield { line, error: `line longer than ${maxChars} characters; skipped up to its line break` };
        continue;
      }
      let record: CsvRecord | null;
      try {
        record = finishLine(text);
      } catch (error) {
        if (!(error instanceof CsvSyntaxError)) throw error;
        yield* giveUp(queue, error.message);
        continue;
      }
      if (record !== null) yield record;
      else if (pending !== null && (pending as Pending).chars > maxChars) {
        yield* giveUp(queue, `a quoted field runs past ${maxChars} characters (is a quote left open?)`);
      }
    }
  }

  /** Drops the open record, reports it, and queues its lines after the first to be read again. */
  function* giveUp(queue: string[], reason: string): Generator<CsvItem> {
    const broken = pending!;
    pending = null;
    yield { line: broken.startLine, error: reason };
    line = broken.startLine;
    queue.unshift(...broken.raw.slice(1));
  }

  /** Gives up on whatever record is open, reading its later lines again until none is left open. */
  function* closeOpenRecords(reason: string): Generator<CsvItem> {
    while (pending !== null) {
      const queue: string[] = [];
      yield* giveUp(queue, reason);
      yield* lines(queue);
    }
  }

  for await (let chunk of chunks) {
    if (first) {
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
      first = false;
    }
    let start = 0;
    if (skipping) {
      const nl = chunk.indexOf('\n');
      if (nl < 0) continue;
      skipping = false;
      start = nl + 1;
    }
    const text = carry === '' ? (start === 0 ? chunk : chunk.slice(start)) : carry + chunk;
    start = 0;
    const physical: string[] = [];
    for (;;) {
      const nl = text.indexOf('\n', start);
      if (nl < 0) break;
      physical.push(text.slice(start, nl));
      start = nl + 1;
    }
    carry = text.slice(start);
    yield* lines(physical);
    // A trailing \r may be the first half of a \r\n split across chunks: not part of the line.
    if (carry.length - (carry.endsWith('\r') ? 1 : 0) > maxChars) {
      yield* closeOpenRecords(`a quoted field runs past ${maxChars} characters (is a quote left open?)`);
      line++;
      yield { line, error: `line longer than ${maxChars} characters; skipped up to its line break` };
      carry = '';
      skipping = true;
    }
  }
  if (carry !== '' && !skipping) yield* lines([carry]);
  yield* closeOpenRecords('unterminated quoted field at end of file');
}
