/**
 * Email normalisation: trimmed, lower-cased, whitespace and a `mailto:` or
 * `Name <…>` wrapper removed. Provider rules (Gmail ignoring dots and `+tags`)
 * are deliberately not applied: they differ per provider and over time, and a
 * wrong merge links two honest sellers, which costs more than a missed link.
 */

const NON_ASCII = /[^\x00-\x7f]/;
const WHITESPACE = /\s+/g;
const MAILTO = /^(?:mailto:)+/;
const TRAILING_DOTS = /\.+$/;

/** `  Alice <Alice@Example.COM> ` → `alice@example.com`; null when there is no `local@domain`. */
export function normalizeEmail(raw: string): string | null {
  // Full-width `＠` and letters are folded to ASCII.
  let text = (NON_ASCII.test(raw) ? raw.normalize('NFKC') : raw).trim().toLowerCase();
  const open = text.lastIndexOf('<');
  const close = text.lastIndexOf('>');
  if (open >= 0 && close > open && text.slice(open + 1, close).includes('@')) text = text.slice(open + 1, close);
  // A trailing dot is the DNS root (`example.com.`): the same domain.
  text = text.replace(WHITESPACE, '').replace(MAILTO, '').replace(TRAILING_DOTS, '');
  const at = text.lastIndexOf('@');
  // Without a local part or a domain the value identifies nobody, so it links nobody.
  if (at <= 0 || at === text.length - 1) return null;
  return text;
}
