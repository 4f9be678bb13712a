/**
 * Turns a free-text address into classified tokens: numbers, name words,
 * designators, street types and the floor mark `F`, each tagged with the
 * comma-separated segment it came from. Case, punctuation, noise words and
 * glued forms (`Room5`, `5F`, `88Nanshan`, `5th`) are settled here so the
 * binding step only sees clean tokens. Written as a character scanner rather
 * than a chain of regular expressions because it runs on millions of rows.
 */
import { VOCABULARY, ordinalSuffix, type DesignatorKind } from './address-vocabulary.ts';

export type Token =
  | { kind: 'num'; text: string; segment: number; ordinal: boolean; used: boolean }
  /** A unit value mixing digits and single letters, such as `5a` or `b2`. */
  | { kind: 'alnum'; text: string; segment: number; used: boolean }
  | { kind: 'word'; text: string; segment: number; used: boolean }
  /** `glue` is -1 when the value was glued before it (`5f`), +1 when glued after (`rm5`), else 0. */
  | { kind: 'designator'; designator: DesignatorKind; text: string; segment: number; glue: -1 | 0 | 1; used: boolean }
  | { kind: 'floorMark'; text: 'f'; segment: number; glue: -1 | 0 | 1; used: boolean }
  | { kind: 'streetType'; text: string; segment: number; used: boolean };

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

interface Run {
  text: string;
  digits: boolean;
}

/** Splits the input into runs of digits and of letters, grouped by chunk (text between separators). */
export function tokenizeAddress(raw: string): Token[] {
  let s = raw.toLowerCase();
  const wide = NON_ASCII.test(s);
  if (wide) s = foldUnicode(s);
  const tokens: Token[] = [];
  let segment = 0;
  let runs: Run[] = [];
  let runStart = -1;
  let runDigits = false;
  let runText = '';

  const endRun = (end: number): void => {
    if (runStart < 0) return;
    runs.push({ text: runText + s.slice(runStart, end), digits: runDigits });
    runStart = -1;
    runText = '';
  };
  const endChunk = (end: number): void => {
    endRun(end);
    if (runs.length > 0) emitChunk(runs, segment, tokens);
    runs = [];
  };

  for (let i = 0; i < s.length; i++) {
    const code = s.charCodeAt(i);
    const isDigit = code >= CODE_0 && code <= CODE_9;
    const isLetter = (code >= CODE_A && code <= CODE_Z) || (code > 127 && wide && LETTER_OR_NUMBER.test(s[i] ?? ''));
    if (isDigit || isLetter) {
      if (runStart >= 0 && runDigits !== isDigit) endRun(i);
      if (runStart < 0) {
        runStart = i;
        runDigits = isDigit;
      }
      continue;
    }
    if (code === 39 || code === 0x2019) {
      // An apostrophe joins its word (`Mary's` is `marys`), it does not split it.
      if (runStart >= 0) {
        runText += s.slice(runStart, i);
        runStart = i + 1;
      }
      continue;
    }
    endChunk(i);
    if (isSegmentBreak(code)) segment++;
  }
  endChunk(s.length);
  return tokens;
}

function emitChunk(runs: Run[], segment: number, out: Token[]): void {
  const first = runs[0];
  if (first === undefined) return;
  if (runs.length === 1) {
    emitRun(first, segment, 0, out);
    return;
  }
  const second = runs[1];
  if (runs.length === 2 && first.digits && second !== undefined && second.text === ordinalSuffix(Number(first.text))) {
    out.push({ kind: 'num', text: first.text, segment, ordinal: true, used: false });
    return;
  }
  // Digits and single letters glued together (`5a`, `b2`, the `12a` of `Room12A`)
  // form one unit value; longer words and designator letters (`88Nanshan`, `5F`,
  // `rm5`) are split off, remembering on which side the value was glued.
  let group = '';
  let groupHasDigits = false;
  const flushGroup = (): void => {
    if (group === '') return;
    if (groupHasDigits && group.length > 1 && /\D/.test(group)) out.push({ kind: 'alnum', text: group, segment, used: false });
    else emitRun({ text: group, digits: groupHasDigits }, segment, 0, out);
    group = '';
    groupHasDigits = false;
  };
  for (let i = 0; i < runs.length; i++) {
    const run = runs[i];
    if (run === undefined) continue;
    if (run.digits || (run.text.length === 1 && !VOCABULARY.has(run.text))) {
      group += run.text;
      groupHasDigits ||= run.digits;
      continue;
    }
    flushGroup();
    const glue = runs[i - 1]?.digits ? -1 : runs[i + 1]?.digits ? 1 : 0;
    emitRun(run, segment, glue, out);
  }
  flushGroup();
}

function emitRun(run: Run, segment: number, glue: -1 | 0 | 1, out: Token[]): void {
  if (run.digits) {
    out.push({ kind: 'num', text: run.text, segment, ordinal: false, used: false });
    return;
  }
  const entry = VOCABULARY.get(run.text);
  if (entry === undefined) {
    out.push({ kind: 'word', text: run.text, segment, used: false });
    return;
  }
  switch (entry.role) {
    case 'noise':
      return;
    case 'designator':
      out.push({ kind: 'designator', designator: entry.kind, text: entry.kind, segment, glue, used: false });
      return;
    case 'floorMark':
      out.push({ kind: 'floorMark', text: 'f', segment, glue, used: false });
      return;
    case 'streetType':
      out.push({ kind: 'streetType', text: entry.canonical, segment, used: false });
      return;
  }
}
