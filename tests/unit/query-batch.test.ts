import { describe, expect, it } from 'vitest';
import { createQueryBatcher } from '../../engine/store/neo4j/query-batch.ts';

/** A query the test finishes by hand, recording what each call carried. */
function harness(maxBatch?: number) {
  const batches: number[][] = [];
  const pending: Array<{ resolve: () => void; reject: (e: Error) => void }> = [];
  const read = createQueryBatcher(
    (items: number[]) =>
      new Promise<number[]>((resolve, reject) => {
        batches.push(items);
        pending.push({ resolve: () => resolve(items.map((i) => i * 10)), reject });
      }),
    maxBatch,
  );
  const settle = async () => new Promise((r) => setImmediate(r));
  return { read, batches, pending, settle };
}

describe('createQueryBatcher', () => {
  it('when a call arrives with nothing in flight, then it is sent alone at once', async () => {
    const h = harness();
    const first = h.read(1);
    expect(h.batches).toEqual([[1]]);
    h.pending[0]!.resolve();
    expect(await first).toBe(10);
  });

  it('when calls arrive while a query is in flight, then they go together in the next one, each with its own answer', async () => {
    const h = harness();
    const first = h.read(1);
    const later = [h.read(2), h.read(3), h.read(4)];
    expect(h.batches).toEqual([[1]]);
    h.pending[0]!.resolve();
    await h.settle();
    expect(h.batches).toEqual([[1], [2, 3, 4]]);
    h.pending[1]!.resolve();
    expect(await Promise.all([first, ...later])).toEqual([10, 20, 30, 40]);
  });

  it('when more calls wait than a batch holds, then they go in several queries of at most that size', async () => {
    const h = harness(2);
    const all = [h.read(1), h.read(2), h.read(3), h.read(4), h.read(5)];
    for (let i = 0; i < 3; i++) {
      h.pending[i]!.resolve();
      await h.settle();
    }
    expect(h.batches).toEqual([[1], [2, 3], [4, 5]]);
    expect(await Promise.all(all)).toEqual([10, 20, 30, 40, 50]);
  });

  it('when a query fails, then only the calls it carried fail, and the next ones still run', async () => {
    const h = harness();
    const first = h.read(1);
    const second = h.read(2);
    h.pending[0]!.reject(new Error('store down'));
    await expect(first).rejects.toThrow('store down');
    await h.settle();
    h.pending[1]!.resolve();
    expect(await second).toBe(20);
    const third = h.read(3);
    expect(h.batches.at(-1)).toEqual([3]);
    h.pending[2]!.resolve();
    expect(await third).toBe(30);
  });
});
