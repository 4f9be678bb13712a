/**
 * Turns a free-text address into classified tokens: numbers, name words,
 * designators, street types and the floor mark `F`, each tagged with the
 * comma-separated segment it came from. Case, punctuation, noise words and
 * glued forms (`Room5`, `5F`, `88Nanshan`, `5th`) are settled here so the
 * binding step only sees clean tokens. Written as a character scanner rather
 * than a chain of regular expressions because it runs on millions of rows.
 */
import { VOCABULARY, ordinalSuffix, type DesignatorKind } from './address-vocabulary.ts';

export type TokenKind = 'num' | 'alnum' | 'word' | 'designator' | 'floorMark' | 'streetType';

/**
 * One token. A single shape for every kind (rather than a union of shapes)
 * keeps property access monomorphic in the hot loop.
 */
export interface Token {
  /** `alnum` is a unit value mixing digits and single letters, such as `5a` or `b2`. */
  kind: TokenKind;
  /** Digits, a lower-case word, or the canonical designator / street type. */
  text: string;
  segment: number;
  /** Designators and the floor mark: -1 when the value was glued before (`5f`), +1 after (`rm5`), else 0. */
  glue: -1 | 0 | 1;
  /** Numbers written as an ordinal (`5th`). */
  ordinal: boolean;
  /** Set exactly when `kind` is `designator`. */
  designator: DesignatorKind | null;
  /** Set by binding once the token belongs to a component. */
  used: boolean;
}

function makeToken(kind: TokenKind, text: string, segment: number, glue: -1 | 0 | 1 = 0, ordinal = false, designator: DesignatorKind | null = null): Token {
  return { kind, text, segment, glue, ordinal, designator, used: false };
}

const CODE_0 = 48;
const CODE_9 = 57;
const CODE_A = 97;
const CODE_Z = 122;

const LETTER_OR_NUMBER = /[\p{L}\p{N}]/u;
const NON_ASCII = /[^\x00-\x7f]/;
const COMBINING_DIACRITICS = /[\u0300-\u036f]/g;

/** Characters that end a segment: people separate the parts of an address with them. */
function isSegmentBreak(code: number): boolean {
  return code === 44 /* , */ || code === 59 /* ; */ || code === 124 /* | */ || code === 10 || code === 13 || code === 0x3001 /* 、 */;
}

/**
 * Folds width and accents so `８８` is `88` and `Rúa` is `rua`. Only combining
 * marks of Latin, Greek and Cyrillic are dropped: CJK sound marks change the word.
 */
function foldUnicode(lower: string): string {
  return lower.normalize('NFKD').replace(COMBINING_DIACRITICS, '').normalize('NFC').toLowerCase();
}

/**
 * Runs of the chunk being scanned. Kept in module-level scratch arrays (the
 * scan is synchronous, so never shared) instead of per-call closures and
 * objects: this is the hot loop of ingest.
 */
const runTexts: string[] = [];
const runIsDigits: boolean[] = [];
let runCount = 0;

function pushRun(text: string, digits: boolean): void {
  runTexts[runCount] = text;
  runIsDigits[runCount] = digits;
  runCount++;
}

/** Splits the input into runs of digits and of letters, grouped by chunk (text between separators). */
export function tokenizeAddress(raw: string): Token[] {
  let s = raw.toLowerCase();
  const wide = NON_ASCII.test(s);
  if (wide) s = foldUnicode(s);
  const tokens: Token[] = [];
  let segment = 0;
  let runStart = -1;
  let runDigits = false;
  let runPrefix = '';
  runCount = 0;

  for (let i = 0; i <= s.length; i++) {
    const code = i < s.length ? s.charCodeAt(i) : 32;
    const isDigit = code >= CODE_0 && code <= CODE_9;
    const isLetter = (code >= CODE_A && code <= CODE_Z) || (code > 127 && wide && LETTER_OR_NUMBER.test(s.charAt(i)));
    if (isDigit || isLetter) {
      if (runStart >= 0 && runDigits !== isDigit) {
        pushRun(runPrefix + s.slice(runStart, i), runDigits);
        runPrefix = '';
        runStart = -1;
      }
      if (runStart < 0) {
        runStart = i;
        runDigits = isDigit;
      }
      continue;
    }
    if (code === 39 || code === 0x2019) {
      // An apostrophe joins its word (`Mary's` is `marys`), it does not split it.
      if (runStart >= 0) {
        runPrefix += s.slice(runStart, i);
        runStart = i + 1;
      }
      continue;
    }
    if (runStart >= 0) {
      pushRun(runPrefix + s.slice(runStart, i), runDigits);
      runPrefix = '';
      runStart = -1;
    }
    if (runCount > 0) {
      emitChunk(segment, tokens);
      runCount = 0;
    }
    if (isSegmentBreak(code)) segment++;
  }
  return tokens;
}

function emitChunk(segment: number, out: Token[]): void {
  const first = runTexts[0] ?? '';
  if (runCount === 1) {
    emitRun(first, runIsDigits[0] === true, segment, 0, out);
    return;
  }
  if (runCount === 2 && runIsDigits[0] === true && runTexts[1] === ordinalSuffix(Number(first))) {
    out.push(makeToken('num', first, segment, 0, true));
    return;
  }
  // Digits and single letters glued together (`5a`, `b2`, the `12a` of `Room12A`)
  // form one unit value; longer words and designator letters (`88Nanshan`, `5F`,
  // `rm5`) are split off, remembering on which side the value was glued.
  let group = '';
  let groupHasDigits = false;
  for (let i = 0; i < runCount; i++) {
    const text = runTexts[i] ?? '';
    const digits = runIsDigits[i] === true;
    if (digits || (text.length === 1 && !VOCABULARY.has(text))) {
      group += text;
      groupHasDigits ||= digits;
      continue;
    }
    emitGroup(group, groupHasDigits, segment, out);
    group = '';
    groupHasDigits = false;
    const glue = i > 0 && runIsDigits[i - 1] === true ? -1 : i + 1 < runCount && runIsDigits[i + 1] === true ? 1 : 0;
    emitRun(text, false, segment, glue, out);
  }
  emitGroup(group, groupHasDigits, segment, out);
}

function emitGroup(group: string, hasDigits: boolean, segment: number, out: Token[]): void {
  if (group === '') return;
  if (hasDigits && group.length > 1 && /\D/.test(group)) out.push(makeToken('alnum', group, segment));
  else emitRun(group, hasDigits, segment, 0, out);
}

function emitRun(text: string, digits: boolean, segment: number, glue: -1 | 0 | 1, out: Token[]): void {
  if (digits) {
    out.push(makeToken('num', text, segment));
    return;
  }
  const entry = VOCABULARY.get(text);
  if (entry === undefined) {
    out.push(makeToken('word', text, segment));
    return;
  }
  switch (entry.role) {
    case 'noise':
      return;
    case 'designator':
      out.push(makeToken('designator', entry.kind, segment, glue, false, entry.kind));
      return;
    case 'floorMark':
      out.push(makeToken('floorMark', 'f', segment, glue));
      return;
    case 'streetType':
      out.push(makeToken('streetType', entry.canonical, segment));
      return;
  }
}
