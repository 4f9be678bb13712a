import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { csvRecords, type CsvItem } from '../../engine/ingest/csv-records.ts';
import { readSource, type SourceItem } from '../../engine/ingest/sources.ts';

async function* chunksOf(text: string, size: number): AsyncIterable<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

async function parseAll(text: string, size = 7, maxRecordChars?: number): Promise<CsvItem[]> {
  const out = [];
  for await (const r of csvRecords(chunksOf(text, size), maxRecordChars === undefined ? {} : { maxRecordChars })) out.push(r);
  return out;
}

async function readFile(name: string, content: Buffer | string): Promise<SourceItem[]> {
  const dir = mkdtempSync(join(tmpdir(), 'ringtrace-csv-'));
  const path = join(dir, name);
  writeFileSync(path, content);
  const [entity, format] = name.split('.') as ['sellers', 'csv' | 'ndjson'];
  const out: SourceItem[] = [];
  for await (const item of readSource({ entity, path, name, format, bytes: 0 })) out.push(item);
  return out;
}

function quote(field: string): string {
  return /[",\r\n]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field;
}

describe('csvRecords', () => {
  it('when lines are plain, then each is split on commas with its line number', async () => {
    expect(await parseAll('a,b\n1,2\n\n3,4\n')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1', '2'] },
      { line: 4, fields: ['3', '4'] },
    ]);
  });

  it('when a quoted field holds commas, quotes and a line break, then the record keeps them and starts on its first line', async () => {
    const records = await parseAll('id,name\r\n1,"Acme, ""Ltd""\r\nSecond line"\r\n2,x\r\n', 3);
    expect(records).toEqual([
      { line: 1, fields: ['id', 'name'] },
      { line: 2, fields: ['1', 'Acme, "Ltd"\r\nSecond line'] },
      { line: 4, fields: ['2', 'x'] },
    ]);
  });

  it('when the file starts with a BOM and has no final newline, then both are handled', async () => {
    expect(await parseAll('\uFEFFa,b\n1,2')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1', '2'] },
    ]);
  });

  it('when a quote is never closed, then that record is one error at its first line and the lines after it are still read', async () => {
    expect(await parseAll('a,b\n1,"open\n2,3\n4,5\n')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, error: 'unterminated quoted field at end of file' },
      { line: 3, fields: ['2', '3'] },
      { line: 4, fields: ['4', '5'] },
    ]);
  });

  it('when a quote appears inside an unquoted field, then that record is an error and the next line is read', async () => {
    const items = await parseAll('a,b\n1,ab"c\n2,3\n');
    expect(items[1]).toMatchObject({ line: 2, error: expect.stringContaining('quote inside an unquoted field') as string });
    expect(items[2]).toEqual({ line: 3, fields: ['2', '3'] });
  });

  it('when a quoted field runs past the record limit, then it is reported and the following lines are read again', async () => {
    const items = await parseAll(`a,b\n1,"${'x'.repeat(10)}\n2,3\n${'y'.repeat(16)}\n${'z'.repeat(16)}\n4,5\n`, 16, 40);
    expect(items).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, error: 'a quoted field runs past 40 characters (is a quote left open?)' },
      { line: 3, fields: ['2', '3'] },
      { line: 4, fields: ['y'.repeat(16)] },
      { line: 5, fields: ['z'.repeat(16)] },
      { line: 6, fields: ['4', '5'] },
    ]);
  });

  it('when one physical line is longer than the limit, then it costs one error and reading goes on after its line break', async () => {
    const items = await parseAll(`a,b\n${'z'.repeat(500)}\n1,2\n`, 64, 100);
    expect(items).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, error: 'line longer than 100 characters; skipped up to its line break' },
      { line: 3, fields: ['1', '2'] },
    ]);
  });

  it('when a row is not valid UTF-8, then that row is reported and the others load, with multi-byte characters across chunks intact', async () => {
    const bytes = Buffer.concat([Buffer.from('seller_id,name\nS1,Zoë\nS2,'), Buffer.from([0xff, 0xfe, 0x41]), Buffer.from('\nS3,Łódź\n')]);
    const items = await readFile('sellers.csv', bytes);
    expect(items).toEqual([
      { kind: 'row', row: { line: 2, fields: { seller_id: 'S1', name: 'Zoë' } } },
      { kind: 'error', line: 3, reason: 'not valid UTF-8' },
      { kind: 'row', row: { line: 4, fields: { seller_id: 'S3', name: 'Łódź' } } },
    ]);
    const ndjson = Buffer.concat([Buffer.from('{"seller_id":"S1"}\n{"seller_id":"'), Buffer.from([0xc3]), Buffer.from('"}\n{"seller_id":"S3"}\n')]);
    expect((await readFile('sellers.ndjson', ndjson)).map((i) => i.kind)).toEqual(['row', 'error', 'row']);
  });

  it('when a CSV is semicolon-separated, then one header error says so and counts the rows not read', async () => {
    const items = await readFile('sellers.csv', 'seller_id;name\nS1;One\nS2;Two\n');
    expect(items).toEqual([{ kind: 'error', line: 1, reason: expect.stringContaining('semicolon-separated') as string }]);
    expect((items[0] as { reason: string }).reason).toContain('2 rows not read');
  });

  it('when a header names a column twice, then one header error names it and no row is read', async () => {
    expect(await readFile('sellers.csv', 'seller_id,name,status,seller_id\nS-1,Alpha,active,S-9\n')).toEqual([
      { kind: 'error', line: 1, reason: "header: column 'seller_id' named more than once; 1 row not read" },
    ]);
    expect(await readFile('sellers.csv', 'seller_id, name ,name,status,seller_id\nS-1,A,B,active,S-9\nS-2,C,D,active,S-8\n')).toEqual([
      { kind: 'error', line: 1, reason: "header: columns 'name', 'seller_id' named more than once; 2 rows not read" },
    ]);
  });

  it('when the header line does not parse, then one header error counts the rows not read and no data row becomes the header', async () => {
    const rows = 'S-1,Alpha,active\nS-2,Beta,active\nS-3,Gamma,banned\n';
    expect(await readFile('sellers.csv', `seller_id, "name",status\n${rows}`)).toEqual([
      { kind: 'error', line: 1, reason: 'header: the header line does not parse (line 1: quote inside an unquoted field); 3 rows not read' },
    ]);
    expect(await readFile('sellers.csv', `seller_id,"name,status\n${rows}`)).toEqual([
      { kind: 'error', line: 1, reason: 'header: the header line does not parse (unterminated quoted field at end of file); 3 rows not read' },
    ]);
  });

  it('when a header is fine but a later record is broken, then only that record is reported', async () => {
    expect((await readFile('sellers.csv', 'seller_id,name\nS-1,"x\nS-2,Two\n')).map((i) => i.kind)).toEqual(['error', 'row']);
  });

  it('when a line or record is exactly at the limit, then it is read, and one character more is rejected, wherever it falls', async () => {
    const limit = 40;
    const long = (n: number) => 'a'.repeat(n);
    const quotedLines = (n: number) => `"${'q'.repeat(n - 6)}\nq",b`; // n characters, its line break included
    for (const size of [1, 3, 7, 16, 39, 40, 41, 64, 1000]) {
      for (const before of ['', `${long(40)}\n`, `${long(30)}\n${long(35)}\r\n`]) {
        for (const eol of ['\n', '\r\n']) {
          const offset = before === '' ? 0 : before.split('\n').length - 1;
          const fits = await parseAll(`${before}${long(limit)}${eol}${quotedLines(limit)}${eol}x${eol}`, size, limit);
          expect(fits.slice(offset)).toEqual([
            { line: offset + 1, fields: [long(limit)] },
            { line: offset + 2, fields: [`${'q'.repeat(limit - 6)}\nq`, 'b'] },
            { line: offset + 4, fields: ['x'] },
          ]);
          const over = await parseAll(`${before}${long(limit + 1)}${eol}${quotedLines(limit + 1)}${eol}x${eol}`, size, limit);
          expect(over.slice(offset)).toEqual([
            { line: offset + 1, error: 'line longer than 40 characters; skipped up to its line break' },
            { line: offset + 2, error: 'a quoted field runs past 40 characters (is a quote left open?)' },
            { line: offset + 3, error: expect.stringContaining('quote inside an unquoted field') as string },
            { line: offset + 4, fields: ['x'] },
          ]);
        }
      }
    }
  });

  it('when a 1,100,000-character line follows a 1,000,000-character one, or a quoted field passes 1 MiB on one line, then the default limit rejects it', async () => {
    const mib = 1024 * 1024;
    const first = await parseAll(`${'a'.repeat(1_100_000)}\nok\n`, mib);
    const second = await parseAll(`${'a'.repeat(1_000_000)}\n${'b'.repeat(1_100_000)}\nok\n`, mib);
    const quoted = await parseAll(`id,"${'c'.repeat(2_097_000)}"\nok\n`, mib);
    const error = { error: `line longer than ${mib} characters; skipped up to its line break` };
    expect(first).toEqual([{ line: 1, ...error }, { line: 2, fields: ['ok'] }]);
    expect(second.map((i) => ('error' in i ? i : i.line))).toEqual([1, { line: 2, ...error }, 3]);
    expect(quoted).toEqual([{ line: 1, ...error }, { line: 2, fields: ['ok'] }]);
    const atLimit = await parseAll(`${'a'.repeat(1_000_000)}\nid,"${'c'.repeat(mib - 5)}"\n`, mib);
    expect(atLimit).toEqual([
      { line: 1, fields: ['a'.repeat(1_000_000)] },
      { line: 2, fields: ['id', 'c'.repeat(mib - 5)] },
    ]);
  });

  it('when a semicolon-separated CSV has one row, then the count is singular', async () => {
    const items = await readFile('sellers.csv', 'seller_id;name\nS1;One\n');
    expect((items[0] as { reason: string }).reason).toContain('(1 row not read)');
  });

  it('when any text is read with any limit and chunking, then it never throws and every line is accounted for', async () => {
    const text = fc.string({ unit: fc.constantFrom('a', ',', '"', '\n', '\r', 'é'), maxLength: 80 });
    await fc.assert(
      fc.asyncProperty(text, fc.integer({ min: 1, max: 9 }), fc.integer({ min: 4, max: 30 }), async (input, size, limit) => {
        const items = await parseAll(input, size, limit);
        for (const item of items) expect(item.line).toBeGreaterThanOrEqual(1);
      }),
      { numRuns: 300 },
    );
  });

  it('when any table is written per RFC 4180 and read back in any chunking, then it is unchanged', async () => {
    const field = fc.string({ unit: fc.constantFrom('a', 'b', ',', '"', '\n', '\r\n', ' ', 'é', '0') });
    const table = fc.array(fc.array(field, { minLength: 2, maxLength: 2 }), { minLength: 1, maxLength: 8 });
    await fc.assert(
      fc.asyncProperty(table, fc.integer({ min: 1, max: 9 }), async (rows, size) => {
        // A record of one empty unquoted field would be an empty line; quote empties to keep them.
        const text = rows.map((r) => r.map((f) => (f === '' ? '""' : quote(f))).join(',')).join('\n') + '\n';
        const parsed = await parseAll(text, size);
        expect(parsed.map((p) => ('fields' in p ? p.fields : p))).toEqual(rows);
      }),
      { numRuns: 300 },
    );
  });
});
