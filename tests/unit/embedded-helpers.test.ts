/**
 * Unit tests of the embedded store's pure helpers: the FTS5 query builder
 * (user text must never become FTS syntax), the code-point order groups use,
 * and id chunking.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareCodePoints } from '../../engine/store/code-point-order.ts';
import { ftsQuery } from '../../engine/store/embedded/graph-search.ts';
import { chunks, upsertSql } from '../../engine/store/embedded/sql.ts';

describe('ftsQuery', () => {
  it('when text has words, then each becomes a quoted term and the last a prefix', () => {
    expect(ftsQuery('Lucky  sta')).toBe('"Lucky" "sta"*');
  });

  it('when text holds FTS5 operators and quotes, then they are not passed through', () => {
    expect(ftsQuery('"a" OR b* NEAR(c)')).toBe('"a" "OR" "b" "NEAR" "c"*');
    expect(ftsQuery('*** ""')).toBeNull();
  });

  it('when text is any string, then the query is null or quoted terms ending in one prefix term', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const query = ftsQuery(text);
        if (query !== null) expect(query).toMatch(/^("[^"]+" )*"[^"]+"\*$/u);
      }),
    );
  });
});

describe('compareCodePoints', () => {
  it('when two strings are compared, then the order is that of their UTF-8 bytes (SQLite BINARY)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.string({ unit: 'grapheme' }), (a, b) => {
        expect(Math.sign(compareCodePoints(a, b))).toBe(Math.sign(Buffer.compare(Buffer.from(a), Buffer.from(b))));
      }),
    );
  });

  it('when an astral character meets a high BMP one, then the astral sorts last', () => {
    expect(['😀', '\uff01', 'a'].sort(compareCodePoints)).toEqual(['a', '\uff01', '😀']);
  });
});

describe('chunks', () => {
  it('when a list is longer than the chunk size, then it is split in order without loss', () => {
    expect(chunks([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(chunks([], 2)).toEqual([]);
  });
});

describe('upsertSql', () => {
  it('when columns are kept, then a null in the newer row keeps the known value and unchanged rows are not rewritten', () => {
    const sql = upsertSql({ table: 't', key: 'id', replace: ['owner'], keep: ['name'] });

    expect(sql).toContain('owner = excluded.owner');
    expect(sql).toContain('name = coalesce(excluded.name, t.name)');
    expect(sql).toContain('WHERE excluded.owner IS NOT t.owner OR coalesce(excluded.name, t.name) IS NOT t.name');
  });
});
