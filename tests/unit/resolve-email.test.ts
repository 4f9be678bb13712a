/**
 * Email normalisation: case, surrounding space and wrappers do not split one
 * mailbox into two nodes; values that name no mailbox link nobody.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { normalizeEmail } from '../../engine/resolve/index.ts';

const SEED = 20240607;

describe('normalizeEmail', () => {
  it('when an email has capitals or surrounding space, then it is trimmed and lower-cased', () => {
    expect(normalizeEmail('  Alice.Smith@Example.COM ')).toBe('alice.smith@example.com');
  });

  it('when an email is wrapped in mailto: or a display name, then the wrapper is removed', () => {
    expect(normalizeEmail('mailto:bob@x.org')).toBe('bob@x.org');
    expect(normalizeEmail('Bob Lee <BOB@x.org>')).toBe('bob@x.org');
  });

  it('when a provider ignores dots or plus tags, then they are still kept', () => {
    expect(normalizeEmail('a.b+shop1@gmail.com')).toBe('a.b+shop1@gmail.com');
    expect(normalizeEmail('a.b+shop1@gmail.com')).not.toBe(normalizeEmail('ab@gmail.com'));
  });

  it('when there is no @, no local part or no domain, then it is null', () => {
    for (const raw of ['', '   ', 'nobody', '@x.org', 'bob@', '@']) expect(normalizeEmail(raw)).toBeNull();
  });

  it('when an email is written with random case and padding, then it normalises to one value', () => {
    const local = fc.stringMatching(/^[a-z0-9][a-z0-9._+-]{0,15}$/);
    const domain = fc.stringMatching(/^[a-z0-9-]{1,12}\.[a-z]{2,6}$/);
    const padding = fc.constantFrom('', ' ', '  ', '\t', '\n');
    fc.assert(
      fc.property(local, domain, fc.array(fc.boolean(), { minLength: 40, maxLength: 40 }), padding, padding, (l, d, upper, before, after) => {
        const email = `${l}@${d}`;
        const cased = [...email].map((ch, i) => (upper[i] === true ? ch.toUpperCase() : ch)).join('');
        expect(normalizeEmail(`${before}${cased}${after}`)).toBe(email);
      }),
      { seed: SEED, numRuns: 500 },
    );
  });

  it('when a normalised email is normalised again, then it does not change', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), (raw) => {
        const once = normalizeEmail(raw);
        if (once === null) return;
        expect(normalizeEmail(once)).toBe(once);
      }),
      { seed: SEED, numRuns: 1000 },
    );
  });
});
