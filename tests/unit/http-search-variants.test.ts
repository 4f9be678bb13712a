/** Search reads a query the way ingest reads identifiers: phones, emails and addresses canonicalised. */
import { describe, expect, it } from 'vitest';
import { addressKey, normalizeEmail, normalizePhone } from '../../engine/index.ts';
import { searchVariants } from '../../api/http/use-cases/search.ts';

describe('searchVariants', () => {
  it.each([
    ['+86 (138) 0013-8000', normalizePhone('+86 (138) 0013-8000')],
    ['0086 138 0013 8000', normalizePhone('0086 138 0013 8000')],
    ['  Sales@Example.COM ', normalizeEmail('Sales@Example.COM')],
  ])('when the query is %j, then the canonical form %j is searched first', (q, canonical) => {
    const { texts } = searchVariants(q);

    expect(texts[0]).toBe(canonical);
    expect(texts).toContain(q.trim());
  });

  it('when the query looks like an address, then its canonical key is looked up too', () => {
    const { texts, addressKey: key } = searchVariants('Rm 5, 12 Harbour Rd');

    expect(key).toBe(addressKey('Rm 5, 12 Harbour Rd'));
    expect(texts.length).toBeGreaterThanOrEqual(1);
  });

  it.each([
    ['s-000358', 'S-000358'],
    ['sh-0000451', 'SH-0000451'],
    ['dv-e27ad8508bf28279', 'DV-e27ad8508bf28279'],
  ])('when the id %j is typed with a lower-case prefix, then %j is searched last', (q, id) => {
    const { texts } = searchVariants(q);

    expect(texts[0]).not.toBe(id);
    expect(texts.at(-1)).toBe(id);
  });

  it('when the query is a plain name, then it is searched as typed only', () => {
    expect(searchVariants('Lucky Star')).toEqual({ texts: ['Lucky Star'], addressKey: null });
  });
});
