/**
 * The words address canonicalisation knows: noise words it drops, unit
 * designators (room, building, floor, tower) that bind to the value next to
 * them, and street types. Every spelling a person might use maps to one
 * canonical word, so `Rd.`, `road` and `Lu` all end up as `road`.
 */

export type DesignatorKind = 'building' | 'floor' | 'room' | 'tower';

/** The order designators appear in in the readable text: outermost first. */
export const DESIGNATOR_ORDER: readonly DesignatorKind[] = ['tower', 'building', 'floor', 'room'];

export type VocabularyEntry =
  | { role: 'noise' }
  | { role: 'designator'; kind: DesignatorKind }
  /** The bare `F` of `5F` / `5/F`: a floor only when a number stands next to it (`Block F` is a building). */
  | { role: 'floorMark' }
  | { role: 'streetType'; canonical: string };

const NOISE = [
  // District suffixes: `Futian District`, `Futian Dist.`, `Futian Qu` and plain `Futian` are one district.
  'district', 'dist', 'qu',
  // Number markers: `No. 88`, `#88`, `Number 88` and `88` are one house number.
  'no', 'nr', 'num', 'number',
  // Filler that people add or leave out without changing the place.
  'the', 'city',
];

const DESIGNATORS: Record<DesignatorKind, readonly string[]> = {
  room: ['room', 'rm', 'unit', 'flat', 'suite', 'ste', 'apt', 'apartment'],
  building: ['building', 'bldg', 'bld', 'blg', 'bldng', 'block', 'blk'],
  floor: ['floor', 'fl', 'flr', 'level', 'lvl'],
  // A tower is kept apart from a building: one complex can have both `Tower 2` and `Building 2`.
  tower: ['tower', 'twr'],
};

const STREET_TYPES: Record<string, readonly string[]> = {
  // `lu` and `jie` are the pinyin words for road and street, used interchangeably with the English ones.
  road: ['road', 'rd', 'lu'],
  street: ['street', 'st', 'str', 'jie'],
  avenue: ['avenue', 'ave', 'av'],
  highway: ['highway', 'hwy'],
  lane: ['lane', 'ln'],
  boulevard: ['boulevard', 'blvd'],
};

/**
 * Direction words that are part of a street's name (`Huaqiang North Road`,
 * `Huaqiang Bei Lu`, `Shennan Road East`). Only read as directions next to a
 * street type, so a seller called Dong is not renamed East.
 */
export const STREET_DIRECTIONS: ReadonlyMap<string, string> = new Map([
  ['north', 'north'], ['bei', 'north'],
  ['south', 'south'], ['nan', 'south'],
  ['east', 'east'], ['dong', 'east'],
  ['west', 'west'], ['xi', 'west'],
  ['middle', 'middle'], ['central', 'middle'], ['zhong', 'middle'],
]);

/**
 * Country and province words, dropped when they are not part of a street
 * name: exports add or leave out `Guangdong Province, China` at will, and a
 * city with its district and street already names the place. Provinces whose
 * name is also a common city or district (Jilin, Hainan, Hebei) are kept.
 */
export const REGION_WORDS: ReadonlySet<string> = new Set([
  'china', 'prc', 'province', 'prov', 'sheng',
  'anhui', 'fujian', 'gansu', 'guangdong', 'guangxi', 'guizhou', 'heilongjiang', 'henan', 'hubei', 'hunan',
  'jiangsu', 'jiangxi', 'liaoning', 'ningxia', 'qinghai', 'shaanxi', 'shandong', 'shanxi', 'sichuan',
  'xinjiang', 'xizang', 'tibet', 'yunnan', 'zhejiang',
]);

function buildVocabulary(): ReadonlyMap<string, VocabularyEntry> {
  const map = new Map<string, VocabularyEntry>();
  for (const word of NOISE) map.set(word, { role: 'noise' });
  for (const [kind, words] of Object.entries(DESIGNATORS) as [DesignatorKind, readonly string[]][]) {
    for (const word of words) map.set(word, { role: 'designator', kind });
  }
  for (const [canonical, words] of Object.entries(STREET_TYPES)) {
    for (const word of words) map.set(word, { role: 'streetType', canonical });
  }
  map.set('f', { role: 'floorMark' });
  return map;
}

/** Lower-case word → its role. Words not in it are ordinary name words. */
export const VOCABULARY: ReadonlyMap<string, VocabularyEntry> = buildVocabulary();

/** Ordinal suffixes (`1st`, `22nd`, `5th`) that make a number an ordinal rather than a glued word. */
export function ordinalSuffix(n: number): string {
  const lastTwo = n % 100;
  if (lastTwo >= 11 && lastTwo <= 13) return 'th';
  switch (n % 10) {
    case 1: return 'st';
    case 2: return 'nd';
    case 3: return 'rd';
    default: return 'th';
  }
}
