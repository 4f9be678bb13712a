/**
 * Identifiers and names a seller carries: phone numbers, e-mail addresses,
 * ID document hashes, payment account ids, and person, company and shop names.
 * Phones and e-mail suffixes come from keyed permutations of counters, so two
 * sellers share one only when the generator means them to. Each identifier
 * also has written variants (phone separators, e-mail case) that normalise to
 * the same value.
 */
import type { AccountKind } from '../engine/index.ts';
import { createPermutation } from './permutation.ts';
import type { Rng } from './rng.ts';
import { BRANDS, COMPANY_KINDS, COMPANY_WORDS, EMAIL_DOMAINS, GIVEN_NAMES, SHOP_WORDS, SURNAMES } from './vocabulary.ts';

export const PLACEHOLDER_PHONE = '00000000000';
export const PLACEHOLDER_EMAIL = 'noreply@marketplace.example';

export interface PaymentAccount {
  readonly id: string;
  readonly kind: AccountKind;
  readonly holder: string;
}

export interface IdentityFactory {
  /** A new mobile number as digits with country code, e.g. `8613812345678`. */
  phone(): string;
  email(given: string, surname: string): string;
  idHash(): string;
  account(holder: string, kind?: AccountKind): PaymentAccount;
  person(): { given: string; surname: string; full: string };
  company(city: string): string;
  shopName(brandInName: boolean): string;
}

/** Renders a phone (digits with country code) in one of the ways people type it. */
export function writePhone(phone: string, rng: Rng): string {
  if (phone === PLACEHOLDER_PHONE) return phone;
  const country = phone.slice(0, 2);
  const local = phone.slice(2);
  const style = rng.int(0, 3);
  if (style === 0) return `+${country} ${local.slice(0, 3)} ${local.slice(3, 7)} ${local.slice(7)}`;
  if (style === 1) return `+${country}-${local.slice(0, 3)}-${local.slice(3, 7)}-${local.slice(7)}`;
  if (style === 2) return `+${country} ${local}`;
  return `+${phone}`;
}

/** Renders an e-mail address with the occasional case change people make. */
export function writeEmail(email: string, rng: Rng): string {
  if (!rng.chance(0.15)) return email;
  const at = email.indexOf('@');
  return rng.chance(0.5)
    ? email.charAt(0).toUpperCase() + email.slice(1)
    : `${email.slice(0, at)}@${email.slice(at + 1).toUpperCase()}`;
}

export function createIdentityFactory(key: number, rng: Rng): IdentityFactory {
  const phonePermutation = createPermutation(7_000_000_000, key ^ 0x2545f491);
  const emailPermutation = createPermutation(100_000_000, key ^ 0x68e31da4);
  let phoneCounter = 0;
  let emailCounter = 0;
  return {
    phone: () => {
      const code = phonePermutation(phoneCounter);
      phoneCounter += 1;
      return `861${3 + Math.floor(code / 1_000_000_000)}${String(code % 1_000_000_000).padStart(9, '0')}`;
    },
    email: (given, surname) => {
      const suffix = String(emailPermutation(emailCounter));
      emailCounter += 1;
      const domain = rng.pick(EMAIL_DOMAINS);
      if (domain === 'qq.com') return `${suffix.padStart(8, '1')}@qq.com`;
      const local = `${given.replace(/ /g, '').toLowerCase()}${rng.pick(['.', '_', ''])}${surname.toLowerCase()}${suffix}`;
      return `${local}@${domain}`;
    },
    idHash: () => rng.hex(64),
    account: (holder, kind) => {
      const chosen = kind ?? rng.weighted<AccountKind>([['bank', 0.5], ['alipay', 0.3], ['card', 0.15], ['other', 0.05]]);
      const id =
        chosen === 'bank' ? `62${rng.digits(17)}`
        : chosen === 'alipay' ? `2088${rng.digits(12)}`
        : chosen === 'card' ? `4${rng.digits(15)}`
        : `WX-${rng.hex(16)}`;
      return { id, kind: chosen, holder };
    },
    person: () => {
      const given = rng.pick(GIVEN_NAMES);
      const surname = rng.pick(SURNAMES);
      return { given, surname, full: `${surname} ${given}` };
    },
    company: (city) => {
      const word = rng.pick(COMPANY_WORDS);
      const name = `${city} ${word} ${rng.pick(COMPANY_KINDS)}`;
      return rng.chance(0.01) ? `${city} "${word}" ${rng.pick(COMPANY_KINDS)}` : name;
    },
    shopName: (brandInName) => {
      const lead = brandInName ? rng.pick(BRANDS) : rng.pick(COMPANY_WORDS);
      return `${lead} ${rng.pick(SHOP_WORDS)}`;
    },
  };
}
