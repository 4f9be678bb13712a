/**
 * Fuzzing every parser and normaliser that reads outside input: the seed
 * corpus of past failures (tests/fixtures/fuzz) first, then random inputs.
 * The property is always the same: it returns (a value or a clean "absent"),
 * or throws an EngineError naming what was wrong — never another exception,
 * never a hang.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { isEngineError, normalizeEmail, normalizePhone, resolveAddress } from '../../engine/index.ts';
import { csvRecords } from '../../engine/ingest/csv-records.ts';
import { parseDuration } from '../../api/http/access/tokens.ts';
import { idParam, pageQuery, parsePart, queryList } from '../../api/http/validation.ts';

const corpus = (name: string): string[] =>
  readFileSync(new URL(`../fixtures/fuzz/${name}.jsonl`, import.meta.url), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as string);

/** Any text, including control characters, lone surrogates and astral characters. */
const anyText = fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), fc.string({ unit: fc.constantFrom('a', '1', ',', '"', '\n', '\r', ';', ' ', '-', '+', '@', '.', '\u0000', 'é', '号'), maxLength: 200 }));

/** Runs `fn`; an EngineError is a clean refusal, anything else fails the property. */
function cleanly(fn: () => unknown): void {
  try {
    fn();
  } catch (error) {
    if (!isEngineError(error)) throw error;
  }
}

async function* chunks(text: string, size: number): AsyncIterable<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

describe('fuzzing parsers and normalisers', () => {
  it('when addresses, phones and emails are anything at all, then normalising returns a value or null', () => {
    for (const s of corpus('address')) cleanly(() => resolveAddress(s));
    for (const s of corpus('phone')) cleanly(() => normalizePhone(s));
    for (const s of corpus('email')) cleanly(() => normalizeEmail(s));
    fc.assert(
      fc.property(anyText, (s) => {
        cleanly(() => resolveAddress(s));
        const phone = normalizePhone(s);
        expect(phone === null || typeof phone === 'string').toBe(true);
        const email = normalizeEmail(s);
        expect(email === null || typeof email === 'string').toBe(true);
      }),
      { numRuns: 2_000 },
    );
  });

  it('when a CSV is anything at all, in any chunking and record limit, then every item is a record or a problem with a line', async () => {
    const check = async (text: string, size: number, limit: number): Promise<void> => {
      for await (const item of csvRecords(chunks(text, size), { maxRecordChars: limit })) {
        expect(item.line).toBeGreaterThanOrEqual(1);
        expect('fields' in item || 'error' in item).toBe(true);
      }
    };
    for (const s of corpus('csv')) await check(s, 3, 16);
    await fc.assert(fc.asyncProperty(anyText, fc.integer({ min: 1, max: 64 }), fc.integer({ min: 2, max: 64 }), check), { numRuns: 1_000 });
  });

  it('when query strings are anything at all, then parsing answers a value or INVALID_INPUT', () => {
    const schema = z.object({ ...pageQuery, id: idParam.optional(), brand: queryList(z.string().min(1).max(200), { commas: false }), types: queryList(z.enum(['seller', 'shop'])) });
    const value = fc.oneof(anyText, fc.array(anyText, { maxLength: 4 }));
    for (const line of corpus('query')) cleanly(() => parsePart(schema, JSON.parse(line) as unknown, 'query'));
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom('offset', 'limit', 'id', 'brand', 'types', 'other', '__proto__'), value), (query) => {
        cleanly(() => parsePart(schema, query, 'query'));
      }),
      { numRuns: 2_000 },
    );
  });

  it('when a token lifetime is anything at all, then it is a duration or INVALID_INPUT naming expiresIn', () => {
    fc.assert(
      fc.property(anyText, (s) => {
        try {
          expect(parseDuration(s)).toBeGreaterThan(0);
        } catch (error) {
          expect(error).toMatchObject({ code: 'INVALID_INPUT', details: { field: 'expiresIn' } });
        }
      }),
      { numRuns: 2_000 },
    );
  });
});
