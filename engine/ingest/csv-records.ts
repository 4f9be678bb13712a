/**
 * A streaming RFC 4180 CSV record splitter, built for ingest speed: lines
 * without a quote character (nearly all of a marketplace export) are split
 * with one `String#split`; only lines containing `"` take the character-level
 * path, which handles doubled quotes, separators and line breaks inside quoted
 * fields. Yields each record with the physical line it starts on.
 * (csv-parse is correct but spent most of the ingest's CPU time; measured in
 * the README's performance section.)
 */

export interface CsvRecord {
  line: number;
  fields: string[];
}

export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

/** Splits a text stream into records; `chunks` are decoded strings in order. */
export async function* csvRecords(chunks: AsyncIterable<string>): AsyncIterable<CsvRecord> {
  let carry = '';
  let line = 0;
  let first = true;
  let pending: { fields: string[]; field: string; startLine: number } | null = null;

  const finishLine = (text: string): CsvRecord | null => {
    line++;
    const body = text.endsWith('\r') ? text.slice(0, -1) : text;
    if (pending === null) {
      if (body.indexOf('"') < 0) {
        if (body === '') return null;
        return { line, fields: body.split(',') };
      }
      pending = { fields: [], field: '', startLine: line };
      // The raw text: a line break inside quotes keeps its \r.
      return scan(text, false);
    }
    // Continuing a quoted field across a line break: the break is part of the value.
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

  for await (let chunk of chunks) {
    if (first) {
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
      first = false;
    }
    const text = carry === '' ? chunk : carry + chunk;
    let start = 0;
    for (;;) {
      const nl = text.indexOf('\n', start);
      if (nl < 0) break;
      const record = finishLine(text.slice(start, nl));
      if (record) yield record;
      start = nl + 1;
    }
    carry = text.slice(start);
  }
  if (carry !== '') {
    const record = finishLine(carry);
    if (record) yield record;
  }
  if (pending !== null) {
    throw new CsvSyntaxError((pending as { startLine: number }).startLine, 'unterminated quoted field at end of file');
  }
}
