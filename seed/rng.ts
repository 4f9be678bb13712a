/**
 * The seeded pseudo-random generator every part of the seed uses, so that the
 * same options always give byte-identical files. sfc32 (Chris Doty-Humphrey's
 * "small fast chaotic" generator, PractRand-clean) seeded through splitmix32;
 * `fork` derives an independent stream from a label so that adding draws in
 * one part does not shift every other part.
 */

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  chance(probability: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** Picks by relative weight; weights need not sum to 1. */
  weighted<T>(entries: readonly (readonly [T, number])[]): T;
  /** Fisher–Yates in place; returns the same array. */
  shuffle<T>(items: T[]): T[];
  /** Number of failures before the first success, capped at `max`. */
  geometric(successProbability: number, max: number): number;
  /** `length` random decimal digits. */
  digits(length: number): string;
  /** `length` random lower-case hex digits. */
  hex(length: number): string;
  fork(label: string): Rng;
}

/** 32-bit string hash (FNV-1a) used to derive seeds from labels. */
export function hashString(text: string, basis = 0x811c9dc5): number {
  let hash = basis >>> 0;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

function splitmix32(state: number): () => number {
  let s = state >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

export function createRng(seed: number): Rng {
  const init = splitmix32(seed);
  let a = init();
  let b = init();
  let c = init();
  let d = init();

  const nextUint32 = (): number => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t;
  };
  for (let i = 0; i < 12; i += 1) nextUint32();

  const next = (): number => nextUint32() / 4294967296;
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));

  const rng: Rng = {
    next,
    int,
    chance: (probability) => next() < probability,
    pick: <T>(items: readonly T[]): T => {
      const item = items[Math.floor(next() * items.length)];
      if (item === undefined) throw new RangeError('pick from an empty list');
      return item;
    },
    weighted: <T>(entries: readonly (readonly [T, number])[]): T => {
      let total = 0;
      for (const [, weight] of entries) total += weight;
      let target = next() * total;
      for (const [value, weight] of entries) {
        target -= weight;
        if (target < 0) return value;
      }
      const last = entries[entries.length - 1];
      if (last === undefined) throw new RangeError('weighted pick from an empty list');
      return last[0];
    },
    shuffle: <T>(items: T[]): T[] => {
      for (let i = items.length - 1; i > 0; i -= 1) {
        const j = Math.floor(next() * (i + 1));
        const held = items[i] as T;
        items[i] = items[j] as T;
        items[j] = held;
      }
      return items;
    },
    geometric: (successProbability, max) => {
      let count = 0;
      while (count < max && next() >= successProbability) count += 1;
      return count;
    },
    digits: (length) => {
      let out = '';
      for (let i = 0; i < length; i += 1) out += String(Math.floor(next() * 10));
      return out;
    },
    hex: (length) => {
      let out = '';
      while (out.length < length) out += nextUint32().toString(16).padStart(8, '0');
      return out.slice(0, length);
    },
    fork: (label) => createRng(hashString(label, nextUint32())),
  };
  return rng;
}
