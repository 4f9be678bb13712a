/**
 * Phone normalisation: formatting never splits one number into two nodes,
 * the `00` prefix and `+` meet, and placeholder numbers stay recognisable.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { normalizePhone } from '../../engine/resolve/index.ts';

const SEED = 20240607;

describe('normalizePhone', () => {
  it('when a number is formatted with spaces, dashes, dots or parentheses, then they are dropped', () => {
    expect(normalizePhone('+86 (138) 0013-8000')).toBe('+8613800138000');
    expect(normalizePhone('138.0013.8000')).toBe('13800138000');
    expect(normalizePhone(' 0755 8888 1234 ')).toBe('075588881234');
  });

  it('when the international prefix is 00, then it becomes +', () => {
    expect(normalizePhone('0086 138 0013 8000')).toBe('+8613800138000');
    expect(normalizePhone('0086 138 0013 8000')).toBe(normalizePhone('+86-138-0013-8000'));
  });

  it('when the number is an all-zero placeholder, then it stays as written, digits only', () => {
    expect(normalizePhone('00000000000')).toBe('00000000000');
    expect(normalizePhone('000-0000-0000')).toBe('00000000000');
  });

  it('when the text is empty or holds no digit, then it is null', () => {
    for (const raw of ['', '   ', 'n/a', '+', '()-']) expect(normalizePhone(raw)).toBeNull();
  });

  it('when digits are full-width, then they read as ASCII digits', () => {
    expect(normalizePhone('＋８６ １３８００１３８０００')).toBe('+8613800138000');
  });

  it('when formatting characters are sprinkled between the digits, then the result does not change', () => {
    const separator = fc.constantFrom(' ', '-', '.', '(', ')', '  ', ' - ');
    fc.assert(
      fc.property(
        fc.constantFrom('', '+', '00'),
        fc.stringMatching(/^[1-9][0-9]{6,13}$/),
        fc.array(separator, { minLength: 20, maxLength: 20 }),
        fc.array(fc.boolean(), { minLength: 20, maxLength: 20 }),
        (prefix, digits, separators, where) => {
          const formatted = [...digits].map((d, i) => (where[i] === true ? `${d}${separators[i] ?? ''}` : d)).join('');
          const expected = prefix === '' ? digits : `+${digits}`;
          expect(normalizePhone(`${prefix}${formatted}`)).toBe(expected);
        },
      ),
      { seed: SEED, numRuns: 500 },
    );
  });

  it('when a normalised phone is normalised again, then it does not change', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), (raw) => {
        const once = normalizePhone(raw);
        if (once === null) return;
        expect(once).toMatch(/^\+?\d+$/);
        expect(normalizePhone(once)).toBe(once);
      }),
      { seed: SEED, numRuns: 1000 },
    );
  });
});
