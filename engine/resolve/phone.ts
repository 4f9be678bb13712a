/**
 * Phone normalisation: one written number, one node. Formatting (spaces,
 * dashes, dots, parentheses, any other non-digit) is dropped, a leading `+` is
 * kept and the `00` international prefix becomes `+`. No country code is added
 * or removed: without knowing each seller's country, `138…` and `+86 138…`
 * cannot safely be called the same number.
 */

const NON_ASCII = /[^\x00-\x7f]/;
const NON_DIGITS = /\D/g;
const ALL_ZEROS = /^0+$/;

/** `+86 (138) 0013-8000` → `+8613800138000`; null when the text holds no digit. */
export function normalizePhone(raw: string): string | null {
  // Full-width digits and plus (`＋８６`) are common in exports typed on CJK keyboards.
  const text = NON_ASCII.test(raw) ? raw.normalize('NFKC') : raw;
  const digits = text.replace(NON_DIGITS, '');
  if (digits === '') return null;
  const firstSignificant = text.search(/[+\d]/);
  const plus = text.charAt(firstSignificant) === '+';
  // A placeholder such as `00000000000` stays as written: it is a hub that
  // detection recognises, and reading its `00` as a prefix would disguise it.
  if (ALL_ZEROS.test(digits)) return plus ? `+${digits}` : digits;
  if (plus) return `+${digits}`;
  if (digits.startsWith('00')) return `+${digits.slice(2)}`;
  return digits;
}
