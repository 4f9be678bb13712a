/**
 * A keyed bijection on [0, size): turns a plain counter into values that look
 * random but never repeat, so generated places, phone numbers and e-mail
 * suffixes are distinct by construction instead of by luck. A balanced
 * four-round Feistel network on the smallest even bit width that covers
 * `size`, with cycle walking to stay inside the range (Black & Rogaway,
 * "Ciphers with Arbitrary Finite Domains", 2002).
 */

export type Permutation = (index: number) => number;

function mix(value: number, key: number): number {
  let h = Math.imul(value ^ key, 0x9e3779b1);
  h ^= h >>> 15;
  h = Math.imul(h, 0x85ebca77);
  h ^= h >>> 13;
  return h >>> 0;
}

export function createPermutation(size: number, key: number): Permutation {
  if (!Number.isSafeInteger(size) || size < 1 || size > 2 ** 44) {
    throw new RangeError(`permutation size out of range: ${size}`);
  }
  let bits = 2;
  while (2 ** bits < size) bits += 2;
  const halfBits = bits / 2;
  const halfSize = 2 ** halfBits;
  const roundKeys = [0, 1, 2, 3].map((round) => mix(key >>> 0, round + 0x51ed27));

  const encrypt = (value: number): number => {
    let left = Math.floor(value / halfSize);
    let right = value % halfSize;
    for (const roundKey of roundKeys) {
      const next = (left ^ (mix(right, roundKey) % halfSize)) >>> 0;
      left = right;
      right = next;
    }
    return left * halfSize + right;
  };

  return (index) => {
    if (!Number.isSafeInteger(index) || index < 0 || index >= size) {
      throw new RangeError(`permutation index out of range: ${index}`);
    }
    let value = encrypt(index);
    while (value >= size) value = encrypt(value);
    return value;
  };
}
