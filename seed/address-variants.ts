/**
 * Structured places and the many ways people write them. `createPlaceGenerator`
 * hands out places that are distinct by construction (a keyed permutation of a
 * counter decoded into city, district, street, number, building, floor, room)
 * plus deliberate near-misses (same building, other room; same street, next
 * number). `writeVariant` renders one place as free text the way a person
 * might: abbreviations, `No.`/`#`, district suffixes, case, punctuation, extra
 * spaces and token order all vary, but no component is ever dropped, so every
 * variant still names exactly one place. `describePlace` is the one canonical
 * rendering (used in ground truth). The address canonicaliser's property tests
 * may import these to check that all variants of a place resolve together and
 * that different places stay apart.
 */
import { createPermutation } from './permutation.ts';
import type { Rng } from './rng.ts';
import { CITIES, STREET_NAMES, STREET_TYPES, type StreetType } from './vocabulary.ts';

export interface Place {
  readonly city: string;
  readonly district: string;
  readonly street: string;
  readonly streetType: StreetType;
  readonly number: number;
  readonly building: number | null;
  readonly floor: number | null;
  readonly room: number | null;
}

export type NearMissKind = 'room' | 'number';

export interface PlaceGenerator {
  /** A place no earlier call returned. Numbers and rooms are odd. */
  next(): Place;
  /**
   * A different place close to `place`: the next room in the same building
   * (`room`) or the next number on the same street (`number`). Near-misses
   * have an even room or number, so they never equal a place from `next()`;
   * use them only on places from `next()`.
   */
  nearMiss(place: Place, kind: NearMissKind): Place;
}

const CITY_DISTRICTS = CITIES.flatMap((city) => city.districts.map((district) => [city.name, district] as const));
const STREETS = STREET_NAMES.flatMap((name) => STREET_TYPES.map((type) => [name, type] as const));
/** Digit sizes of the mixed-radix decoding, lowest first. */
const RADIX = { room: 21, floor: 33, building: 25, number: 400, street: STREETS.length, cityDistrict: CITY_DISTRICTS.length };
const PLACE_SPACE = RADIX.room * RADIX.floor * RADIX.building * RADIX.number * RADIX.street * RADIX.cityDistrict;

function takeDigit(state: { value: number }, radix: number): number {
  const digit = state.value % radix;
  state.value = Math.floor(state.value / radix);
  return digit;
}

function decodePlace(code: number): Place {
  const state = { value: code };
  const roomDigit = takeDigit(state, RADIX.room);
  const floorDigit = takeDigit(state, RADIX.floor);
  const buildingDigit = takeDigit(state, RADIX.building);
  const numberDigit = takeDigit(state, RADIX.number);
  const [street, streetType] = STREETS[takeDigit(state, RADIX.street)] ?? ['Renmin', 'Road'];
  const [city, district] = CITY_DISTRICTS[takeDigit(state, RADIX.cityDistrict)] ?? ['Shenzhen', 'Futian'];
  return {
    city,
    district,
    street,
    streetType,
    number: 2 * numberDigit + 1,
    building: buildingDigit < 5 ? null : buildingDigit - 4,
    floor: floorDigit < 8 ? null : floorDigit - 7,
    room: roomDigit < 3 ? null : 2 * (roomDigit - 3) + 1,
  };
}

export function createPlaceGenerator(key: number): PlaceGenerator {
  const permute = createPermutation(PLACE_SPACE, key);
  let counter = 0;
  return {
    next: () => {
      const place = decodePlace(permute(counter));
      counter += 1;
      return place;
    },
    nearMiss: (place, kind) =>
      kind === 'room' && place.room !== null
        ? { ...place, room: place.room + 1 }
        : { ...place, number: place.number + 1 },
  };
}

/** The one canonical rendering of a place, e.g. `Room 5, Floor 4, Building 3, 88 Nanshan Road, Futian District, Shenzhen`. */
export function describePlace(place: Place): string {
  const parts: string[] = [];
  if (place.room !== null) parts.push(`Room ${place.room}`);
  if (place.floor !== null) parts.push(`Floor ${place.floor}`);
  if (place.building !== null) parts.push(`Building ${place.building}`);
  parts.push(`${place.number} ${place.street} ${place.streetType}`, `${place.district} District`, place.city);
  return parts.join(', ');
}

const STREET_TYPE_VARIANTS: Record<StreetType, readonly string[]> = {
  Road: ['Road', 'Rd', 'Rd.'],
  Street: ['Street', 'St', 'St.'],
  Avenue: ['Avenue', 'Ave', 'Ave.'],
};

type Render = (value: number | string) => string;

const ORDINAL = (n: number | string): string => {
  const v = Number(n);
  const tens = v % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : v % 10 === 1 ? 'st' : v % 10 === 2 ? 'nd' : v % 10 === 3 ? 'rd' : 'th';
  return `${v}${suffix}`;
};
/** A leading zero on a small number (`Rm 05`), as some export forms pad. */
const PADDED = (n: number | string): string => (Number(n) < 10 ? `0${n}` : `${n}`);

const NUMBER_STYLES: readonly Render[] = [(n) => `${n}`, (n) => `No. ${n}`, (n) => `No.${n}`, (n) => `No ${n}`, (n) => `#${n}`];
const BUILDING_STYLES: readonly Render[] = [
  (b) => `Bldg ${b}`, (b) => `Bldg. ${b}`, (b) => `Building ${b}`, (b) => `Blk ${b}`, (b) => `Block ${b}`, (b) => `Bldg${b}`, (b) => `Bldg-${b}`,
];
const FLOOR_STYLES: readonly Render[] = [
  (f) => `Fl ${f}`, (f) => `Fl. ${f}`, (f) => `Floor ${f}`, (f) => `${f}F`, (f) => `${f}/F`, (f) => `F${f}`, (f) => `${ORDINAL(f)} Floor`, (f) => `Flr ${f}`, (f) => `Level ${f}`,
];
const ROOM_STYLES: readonly Render[] = [
  (r) => `Rm ${r}`, (r) => `Rm. ${r}`, (r) => `Room ${r}`, (r) => `Unit ${r}`, (r) => `Rm${r}`, (r) => `Suite ${r}`, (r) => `Rm ${PADDED(r)}`, (r) => `Rm-${r}`,
];
/** Region words exports add or leave out at will (the canonicaliser drops them). */
const REGION_SUFFIXES: readonly string[] = ['China', 'PRC', 'Guangdong Province, China'];
const DISTRICT_STYLES: readonly Render[] = [(d) => `${d} District`, (d) => `${d} Dist.`, (d) => `${d} Dist`, (d) => `${d}`];
const CITY_STYLES: readonly Render[] = [(c) => `${c}`, (c) => `${c} City`];

type Order = 'small-first' | 'large-first' | 'street-first';

function applyCase(text: string, rng: Rng): string {
  const style = rng.weighted([['as-is', 0.62], ['lower', 0.2], ['upper', 0.12], ['lower-abbreviations', 0.06]] as const);
  if (style === 'lower') return text.toLowerCase();
  if (style === 'upper') return text.toUpperCase();
  if (style === 'lower-abbreviations') return text.replace(/\b(Rd|St|Ave|Bldg|Blk|Rm|Fl|Dist|No)\b/g, (word) => word.toLowerCase());
  return text;
}

function addSpacingNoise(text: string, rng: Rng): string {
  let out = text;
  if (rng.chance(0.25)) {
    const spaces = [...out.matchAll(/ /g)].map((match) => match.index);
    const at = spaces.length > 0 ? rng.pick(spaces) : -1;
    if (at >= 0) out = `${out.slice(0, at)}  ${out.slice(at + 1)}`;
  }
  if (rng.chance(0.04)) out = ` ${out}`;
  if (rng.chance(0.04)) out = `${out} `;
  if (rng.chance(0.03) && !out.endsWith('.')) out = `${out}.`;
  return out;
}

/** One free-text rendering of `place`, chosen with `rng`. Every component is present. */
export function writeVariant(place: Place, rng: Rng): string {
  const number = rng.pick(NUMBER_STYLES)(place.number);
  const street = `${place.street} ${rng.pick(STREET_TYPE_VARIANTS[place.streetType])}`;
  const order = rng.weighted<Order>([['small-first', 0.5], ['large-first', 0.35], ['street-first', 0.15]]);
  const numberFirst = order === 'small-first' ? rng.chance(0.8) : rng.chance(0.35);
  const streetPart = numberFirst ? `${number} ${street}` : `${street} ${number}`;
  const premise: string[] = [];
  if (place.building !== null) premise.push(rng.pick(BUILDING_STYLES)(place.building));
  if (place.floor !== null) premise.push(rng.pick(FLOOR_STYLES)(place.floor));
  if (place.room !== null) premise.push(rng.pick(ROOM_STYLES)(place.room));
  const district = rng.pick(DISTRICT_STYLES)(place.district);
  const city = rng.pick(CITY_STYLES)(place.city);
  const region = rng.chance(0.12) ? rng.pick(REGION_SUFFIXES) : null;

  let segments: string[];
  let separator: string;
  if (order === 'small-first') {
    segments = [...premise.reverse(), streetPart, district, city, ...(region === null ? [] : [region])];
    separator = rng.weighted([[', ', 0.65], [',', 0.1], [' ', 0.15], [' , ', 0.05], ['; ', 0.05]]);
  } else if (order === 'large-first') {
    segments = [...(region === null ? [] : [region]), city, district, streetPart, ...premise];
    separator = rng.weighted([[' ', 0.6], [', ', 0.35], [',', 0.05]]);
  } else {
    segments = [streetPart, ...premise, district, city, ...(region === null ? [] : [region])];
    separator = rng.weighted([[', ', 0.7], [' ', 0.3]]);
  }
  return addSpacingNoise(applyCase(segments.join(separator), rng), rng);
}
