/**
 * Tests of the seed's building blocks: the keyed permutation that keeps
 * generated identifiers distinct, and the seeded generator's repeatability.
 */
import { describe, expect, it } from 'vitest';
import { createPermutation } from '../../seed/permutation.ts';
import { createRng } from '../../seed/rng.ts';

describe('createPermutation', () => {
  it('when applied to every index of a range, then it hits every value once and not in order', () => {
    for (const size of [1, 2, 7, 1000, 4097]) {
      const permute = createPermutation(size, 42);
      const values = Array.from({ length: size }, (_, i) => permute(i));
      expect(new Set(values).size).toBe(size);
      expect(Math.min(...values)).toBe(0);
      expect(Math.max(...values)).toBe(size - 1);
    }
    const permute = createPermutation(1000, 42);
    expect(Array.from({ length: 10 }, (_, i) => permute(i))).not.toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('when the key changes, then the order changes', () => {
    const a = createPermutation(1000, 1);
    const b = createPermutation(1000, 2);
    expect(Array.from({ length: 20 }, (_, i) => a(i))).not.toEqual(Array.from({ length: 20 }, (_, i) => b(i)));
  });
});

describe('createRng', () => {
  it('when created twice from one seed, then both give the same draws, and forks by label differ', () => {
    const a = createRng(9);
    const b = createRng(9);
    expect(Array.from({ length: 50 }, () => a.next())).toEqual(Array.from({ length: 50 }, () => b.next()));
    expect(a.fork('x').hex(16)).toBe(b.fork('x').hex(16));
    expect(a.fork('x').hex(16)).not.toBe(b.fork('y').hex(16));
  });

  it('when drawing integers, then they stay inside the bounds and cover them', () => {
    const rng = createRng(3);
    const seen = new Set(Array.from({ length: 2000 }, () => rng.int(2, 6)));
    expect([...seen].sort()).toEqual([2, 3, 4, 5, 6]);
  });
});
