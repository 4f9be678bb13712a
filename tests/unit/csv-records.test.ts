import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvRecords, CsvSyntaxError } from '../../engine/ingest/csv-records.ts';

async function* chunksOf(text: string, size: number): AsyncIterable<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

async function parseAll(text: string, size = 7): Promise<Array<{ line: number; fields: string[] }>> {
  const out = [];
  for await (const r of csvRecords(chunksOf(text, size))) out.push(r);
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

  it('when a quote is never closed, then a syntax error names the line the record started on', async () => {
    await expect(parseAll('a,b\n1,"open\n2,3\n')).rejects.toBeInstanceOf(CsvSyntaxError);
    await expect(parseAll('a,b\n1,"open\n2,3\n')).rejects.toMatchObject({ line: 2 });
  });

  it('when a quote appears inside an unquoted field, then it is a syntax error', async () => {
    await expect(parseAll('a,b\n1,ab"c\n')).rejects.toBeInstanceOf(CsvSyntaxError);
  });

  it('when any table is written per RFC 4180 and read back in any chunking, then it is unchanged', async () => {
    const field = fc.string({ unit: fc.constantFrom('a', 'b', ',', '"', '\n', '\r\n', ' ', 'é', '0') });
    const table = fc.array(fc.array(field, { minLength: 2, maxLength: 2 }), { minLength: 1, maxLength: 8 });
    await fc.assert(
      fc.asyncProperty(table, fc.integer({ min: 1, max: 9 }), async (rows, size) => {
        // A record of one empty unquoted field would be an empty line; quote empties to keep them.
        const text = rows.map((r) => r.map((f) => (f === '' ? '""' : quote(f))).join(',')).join('\n') + '\n';
        const parsed = await parseAll(text, size);
        expect(parsed.map((p) => p.fields)).toEqual(rows);
      }),
      { numRuns: 300 },
    );
  });
});
