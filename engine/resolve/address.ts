/**
 * Address canonicalisation: every written variant of one place gets one key,
 * different places get different keys. Tokens (address-tokens.ts) are bound
 * into components — each designator to its value (`room:5`, `floor:5`), each
 * street type to its name word and house number (`88 nanshan road`) — and the
 * leftover words (district, city, …) stay single components. The key is the
 * sorted component list, so the order people write the parts in does not
 * matter while `Room 5, Bldg 3` never meets `Room 3, Bldg 5`. The readable
 * text is rendered from the same components and resolves back to the same key.
 */
import type { ResolvedAddress } from '../model/records.ts';
import { DESIGNATOR_ORDER, REGION_WORDS, STREET_DIRECTIONS, ordinalSuffix, type DesignatorKind } from './address-vocabulary.ts';
import { tokenizeAddress, type Token } from './address-tokens.ts';

/** A house number longer than this is a postcode or a phone, never bound to a street. */
const MAX_HOUSE_NUMBER_DIGITS = 4;
/** How many name words may stand between a house number and the street word (`88 Huaqiang North Road`). */
const MAX_WORDS_BEFORE_STREET = 2;

interface Street {
  number: string | null;
  name: string;
  type: string;
}

interface Designation {
  kind: DesignatorKind;
  value: string;
}

interface AddressParts {
  streets: Street[];
  designations: Designation[];
  /** Words and numbers bound to nothing: district, city, postcode, names. */
  loose: string[];
}

/**
 * What a free-text address names: a place, nothing at all (no letter or
 * digit: `-`, `?`), or no place more precise than a region (`China`,
 * `Guangdong Province, PRC`) or only filler words (`No. District City`).
 * The last two have an empty canonical key, which would link every seller who
 * wrote any of them, so ingest rejects them.
 */
export type AddressCheck =
  | { kind: 'place'; address: ResolvedAddress }
  | { kind: 'blank' }
  | { kind: 'region' }
  | { kind: 'noise' };

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

export function checkAddress(raw: string): AddressCheck {
  const tokens = tokenizeAddress(raw);
  const parts = tokens.length === 0 ? null : partsOf(tokens);
  if (parts !== null) {
    const key = renderKey(parts);
    if (key !== '') return { kind: 'place', address: { key, text: renderText(parts), raw } };
  }
  if (!LETTER_OR_DIGIT.test(raw)) return { kind: 'blank' };
  return tokens.some((t) => t.kind === 'word' && REGION_WORDS.has(t.text)) ? { kind: 'region' } : { kind: 'noise' };
}

/**
 * The canonical place of a free-text address, or null when it names none: no
 * letter or digit, or only region and filler words (never an empty key).
 */
export function resolveAddress(raw: string): ResolvedAddress | null {
  const checked = checkAddress(raw);
  return checked.kind === 'place' ? checked.address : null;
}

/** The canonical key alone; the empty string for an address that names no place. */
export function addressKey(raw: string): string {
  const parts = parseAddress(raw);
  return parts === null ? '' : renderKey(parts);
}

function parseAddress(raw: string): AddressParts | null {
  const tokens = tokenizeAddress(raw);
  return tokens.length === 0 ? null : partsOf(tokens);
}

function partsOf(tokens: Token[]): AddressParts {
  const parts: AddressParts = { streets: [], designations: [], loose: [] };
  // Order matters: word designators first (`Block F` is a building, not a floor),
  // then the floor mark (`5F`), then streets take the house numbers left over.
  bindDesignators(tokens, parts);
  bindFloorMarks(tokens, parts);
  bindStreets(tokens, parts);
  for (const token of tokens) {
    if (!token.used && !(token.kind === 'word' && REGION_WORDS.has(token.text))) parts.loose.push(token.text);
  }
  sortParts(parts);
  return parts;
}

function at(tokens: Token[], index: number, segment: number): Token | undefined {
  const token = tokens[index];
  return token !== undefined && !token.used && token.segment === segment ? token : undefined;
}

/** A unit value: a number, `5a`, or a single letter (`Block A`). A glued floor mark (`F5`) is not one. */
function isUnitValue(token: Token | undefined): token is Token {
  if (token === undefined) return false;
  if (token.kind === 'num' || token.kind === 'alnum') return true;
  if (token.kind === 'word') return token.text.length === 1;
  return token.kind === 'floorMark' && token.glue === 0;
}

function unitValue(token: Token): string {
  // `Room 05` and `Room 5` are one room.
  const text = token.text;
  return text.charCodeAt(0) === 48 && text.length > 1 ? text.replace(/^0+(?=\d)/, '') : text;
}

function bindDesignators(tokens: Token[], parts: AddressParts): void {
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (token === undefined || token.designator === null || token.used) continue;
    const prev = at(tokens, i - 1, token.segment);
    const next = at(tokens, i + 1, token.segment);
    // The value normally follows (`Room 5`, `Fl. 5`); it precedes only when glued
    // (`5room`) or an ordinal (`5th Floor`). A bare number before is more often
    // the house number of the previous part, so it is not taken.
    const prevFits = prev !== undefined && prev.kind === 'num' && (token.glue === -1 || prev.ordinal);
    const value = prevFits ? prev : isUnitValue(next) ? next : undefined;
    if (value === undefined) continue;
    token.used = true;
    value.used = true;
    parts.designations.push({ kind: token.designator, value: unitValue(value) });
  }
}

function bindFloorMarks(tokens: Token[], parts: AddressParts): void {
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (token === undefined || token.kind !== 'floorMark' || token.used) continue;
    const prev = at(tokens, i - 1, token.segment);
    const next = at(tokens, i + 1, token.segment);
    const fits = (t: Token | undefined): t is Token => t !== undefined && (t.kind === 'num' || t.kind === 'alnum');
    // `5F` and `5/F` put the value first; only a glued `F5` puts it after.
    const value = token.glue === 1 ? (fits(next) ? next : undefined) : fits(prev) ? prev : fits(next) ? next : undefined;
    if (value === undefined) continue;
    token.used = true;
    value.used = true;
    parts.designations.push({ kind: 'floor', value: unitValue(value) });
  }
}

function isHouseNumber(token: Token | undefined): boolean {
  return token !== undefined && token.kind === 'num' && !token.ordinal && token.text.length <= MAX_HOUSE_NUMBER_DIGITS;
}

function bindStreets(tokens: Token[], parts: AddressParts): void {
  for (let i = 0; i < tokens.length; i++) {
    const type = tokens[i];
    if (type === undefined || type.kind !== 'streetType' || type.used) continue;
    const segment = type.segment;
    // The street's name is the one word before its type (`Nanshan Road`, `5th Avenue`),
    // with a direction word that belongs to it (`Huaqiang North Road`, `Shennan Road East`).
    // Further name words stay loose, which keeps the key independent of where they were written.
    let name = at(tokens, i - 1, segment);
    if (name === undefined || !(name.kind === 'word' || (name.kind === 'num' && name.ordinal))) continue;
    let nameStart = i - 1;
    let nameText = name.kind === 'num' ? name.text + ordinalSuffix(Number(name.text)) : name.text;
    let afterIndex = i + 1;
    const directionBefore = STREET_DIRECTIONS.get(nameText);
    const wordBefore = at(tokens, i - 2, segment);
    const wordAfter = at(tokens, i + 1, segment);
    const directionAfter = wordAfter !== undefined && wordAfter.kind === 'word' ? STREET_DIRECTIONS.get(wordAfter.text) : undefined;
    let direction: Token | undefined;
    if (directionBefore !== undefined && wordBefore !== undefined && wordBefore.kind === 'word' && !STREET_DIRECTIONS.has(wordBefore.text)) {
      direction = name;
      name = wordBefore;
      nameStart = i - 2;
      nameText = `${wordBefore.text} ${directionBefore}`;
    } else if (directionAfter !== undefined && directionBefore === undefined) {
      direction = wordAfter;
      afterIndex = i + 2;
      nameText = `${nameText} ${directionAfter}`;
    }
    let number: Token | undefined;
    for (let j = nameStart - 1, words = 0; j >= 0 && words <= MAX_WORDS_BEFORE_STREET; j--, words++) {
      const candidate = at(tokens, j, segment);
      if (candidate === undefined) break;
      if (isHouseNumber(candidate)) {
        number = candidate;
        break;
      }
      if (candidate.kind !== 'word') break;
    }
    if (number === undefined) {
      const after = at(tokens, afterIndex, segment);
      if (after !== undefined && isHouseNumber(after)) number = after;
    }
    if (direction !== undefined) direction.used = true;
    type.used = true;
    name.used = true;
    if (number !== undefined) number.used = true;
    parts.streets.push({ number: number === undefined ? null : number.text, name: nameText, type: type.text });
  }
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function isAsciiLower(code: number): boolean {
  return code >= 97 && code <= 122;
}

/** Upper-cases ASCII letters only: `ß` would become `SS` and resolve to another key. */
function upperAscii(word: string): string {
  let out = '';
  for (let i = 0; i < word.length; i++) {
    const code = word.charCodeAt(i);
    out += isAsciiLower(code) ? String.fromCharCode(code - 32) : word.charAt(i);
  }
  return out;
}

function capitalize(word: string): string {
  const code = word.charCodeAt(0);
  return isAsciiLower(code) ? String.fromCharCode(code - 32) + word.slice(1) : word;
}

function hasDigit(word: string): boolean {
  for (let i = 0; i < word.length; i++) {
    const code = word.charCodeAt(i);
    if (code >= 48 && code <= 57) return true;
  }
  return false;
}

/** Unit values (`5a`, `b`) read best upper-case, words with a capital. */
function displayWord(word: string): string {
  return word.length === 1 || hasDigit(word) ? upperAscii(word) : capitalize(word);
}

const ORDINAL_TEXT = /^\d+(?:st|nd|rd|th)$/;

function designatorRank(kind: DesignatorKind): number {
  return DESIGNATOR_ORDER.indexOf(kind);
}

function compareDesignations(a: Designation, b: Designation): number {
  return designatorRank(a.kind) - designatorRank(b.kind) || compareStrings(a.value, b.value);
}

/** Sorts every component list once, so key and text are deterministic whatever the input order. */
function sortParts(parts: AddressParts): void {
  if (parts.streets.length > 1) parts.streets.sort((a, b) => compareStrings(streetKey(a), streetKey(b)));
  parts.loose.sort(compareStrings);
  parts.designations.sort(compareDesignations);
}

/**
 * `88 nanshan road|futian|shenzhen|building:3|room:5`: street and loose
 * components sorted together, then designations. Components never hold `|`;
 * street components hold spaces, designations `:`, loose ones neither, so the
 * key reads back into exactly one component list.
 */
function renderKey(parts: AddressParts): string {
  let plain = parts.loose;
  if (parts.streets.length > 0) plain = parts.streets.map(streetKey).concat(parts.loose).sort(compareStrings);
  let key = plain.join('|');
  for (const d of parts.designations) key += `${key === '' ? '' : '|'}${d.kind}:${d.value}`;
  return key;
}

/**
 * `88 Nanshan Road, Building 3, Floor 5, Room 5, Futian, Shenzhen`: streets,
 * units outermost first, then loose components. Each part is its own comma
 * segment, so resolving the text binds exactly as before.
 */
function renderText(parts: AddressParts): string {
  let text = '';
  for (const street of parts.streets) {
    const name = street.name.split(' ').map((w) => (ORDINAL_TEXT.test(w) ? w : displayWord(w))).join(' ');
    text += `${text === '' ? '' : ', '}${street.number === null ? '' : `${street.number} `}${name} ${capitalize(street.type)}`;
  }
  for (const d of parts.designations) text += `${text === '' ? '' : ', '}${capitalize(d.kind)} ${upperAscii(d.value)}`;
  for (const word of parts.loose) text += `${text === '' ? '' : ', '}${displayWord(word)}`;
  return text;
}

function streetKey(street: Street): string {
  return street.number === null ? `${street.name} ${street.type}` : `${street.number} ${street.name} ${street.type}`;
}
