import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evolveMarketplace, generateMarketplace, type Evolution } from '../../seed/index.ts';

describe('evolveMarketplace', () => {
  let root: string;
  let evolution: Evolution;
  let sellersCsv: string;

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'ringtrace-evolve-'));
    await generateMarketplace({ sellers: 3_000, rings: 40, seed: 4, outDir: path.join(root, 'd1') });
    evolution = await evolveMarketplace({ previousDir: path.join(root, 'd1'), outDir: path.join(root, 'd2'), seed: 9 });
    sellersCsv = await readFile(path.join(root, 'd2', 'sellers.csv'), 'utf8');
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('when a marketplace evolves, then evolution.json lists each kind of event with the resulting members', async () => {
    const written = JSON.parse(await readFile(path.join(root, 'd2', 'evolution.json'), 'utf8')) as Evolution;

    expect(written).toEqual(evolution);
    const count = (type: string): number => evolution.events.filter((e) => e.type === type).length;
    expect([count('grown'), count('changed'), count('merged'), count('split'), count('dissolved'), count('new')]).toEqual([4, 3, 2, 2, 3, 4]);
    for (const e of evolution.events.filter((x) => x.type === 'split')) expect(e.members).toHaveLength(2);
    for (const e of evolution.events.filter((x) => x.type === 'merged')) expect(e.rings).toHaveLength(2);
    expect(evolution.untouched).toHaveLength(40 - 4 - 3 - 4 - 2 - 3);
  });

  it('when a ring changes, then it keeps its size with other members', async () => {
    const truth = JSON.parse(await readFile(path.join(root, 'd1', 'ground_truth.json'), 'utf8')) as { rings: Array<{ id: string; members: string[] }> };
    for (const e of evolution.events.filter((x) => x.type === 'changed')) {
      const before = truth.rings.find((r) => r.id === e.rings[0])!.members;
      expect(e.members[0]).toHaveLength(before.length);
      expect(e.members[0]).not.toEqual(before);
    }
  });

  it('when the same export evolves twice with one seed, then the files are identical', async () => {
    await evolveMarketplace({ previousDir: path.join(root, 'd1'), outDir: path.join(root, 'd2b'), seed: 9 });
    expect(await readFile(path.join(root, 'd2b', 'sellers.csv'), 'utf8')).toBe(sellersCsv);
  });
});
