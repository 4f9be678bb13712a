/**
 * Community detection inside Neo4j with OpenGDS (the local server of
 * tools/neo4j-local registers it): `runDetection(…, { engine: 'gds' })` must
 * find the planted rings of a seeded marketplace about as well as the
 * in-process path, hand them through the same scoring and lineage, keep ring
 * ids when run again, and refuse cleanly where there is no GDS.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestExport, isEngineError, runDetection, type DetectResult, type FullStore } from '../../engine/index.ts';
import { createEmbeddedStore } from '../../engine/store/embedded/index.ts';
import { createNeo4jStore } from '../../engine/store/neo4j/index.ts';
import { generateMarketplace, type GroundTruth } from '../../seed/index.ts';
import { evaluate } from '../bench/metrics.ts';
import { useNeo4j } from './neo4j-setup.ts';

const neo4jConnection = useNeo4j();

function jaccard(a: readonly string[], b: readonly string[]): number {
  const set = new Set(a);
  const shared = b.filter((x) => set.has(x)).length;
  return shared / (a.length + b.length - shared);
}

/** Share of `from`'s rings that some ring of `to` matches with member Jaccard ≥ 0.5. */
function agreement(from: DetectResult, to: DetectResult): number {
  if (from.rings.length === 0) return 0;
  return from.rings.filter((r) => to.rings.some((o) => jaccard(r.members, o.members) >= 0.5)).length / from.rings.length;
}

describe('runDetection with engine gds', () => {
  let root: string;
  let store: FullStore;
  let truth: GroundTruth;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'ringtrace-gds-'));
    await generateMarketplace({ sellers: 2_000, rings: 20, seed: 5, outDir: root });
    truth = JSON.parse(await readFile(join(root, 'ground_truth.json'), 'utf8')) as GroundTruth;
    store = createNeo4jStore(neo4jConnection());
    await store.open();
    await ingestExport(store, root);
  }, 180_000);

  afterAll(async () => {
    await store.close();
    await rm(root, { recursive: true, force: true });
  });

  it('when the server has OpenGDS, then Leiden and Louvain inside Neo4j find the planted rings as the in-process path does', async () => {
    const inProcess = await runDetection(store, {}, { engine: 'in-process' });
    const leiden = await runDetection(store, {}, { engine: 'gds' });
    const louvain = await runDetection(store, {}, { engine: 'gds-louvain' });
    const planted = truth.rings.map((r) => r.members);
    const benign = truth.benignGroups.map((g) => g.members);
    const quality = (r: DetectResult) => evaluate(r.rings.map((ring) => ring.members), planted, benign);
    expect(quality(inProcess).ringRecall).toBeGreaterThanOrEqual(0.85);
    expect(quality(leiden).ringRecall).toBeGreaterThanOrEqual(0.8);
    expect(quality(louvain).ringRecall).toBeGreaterThanOrEqual(0.7);
    expect(agreement(leiden, inProcess)).toBeGreaterThanOrEqual(0.7);
    // The same scoring and explanation steps ran on GDS's communities.
    const top = leiden.rings[0]!;
    expect(top.score).toBeGreaterThan(0.5);
    expect(top.sharedIdentifiers.length).toBeGreaterThan(0);
    expect(Object.keys(top.why ?? {}).sort()).toEqual([...top.members].sort());
    // Each run records what found its communities, and the store keeps it.
    expect([inProcess, leiden, louvain].map((r) => r.run.communityEngine)).toEqual(['in-process', 'gds-leiden', 'gds-louvain']);
    expect((await store.getRun(leiden.run.id))?.communityEngine).toBe('gds-leiden');
  }, 180_000);

  it('when gds runs again on the same data, then Leiden (fixed randomSeed) and lineage keep the rings and their ids', async () => {
    const first = await runDetection(store, {}, { engine: 'gds' });
    const again = await runDetection(store, {}, { engine: 'gds' });
    const ids = new Set(first.rings.map((r) => r.id));
    const kept = again.rings.filter((r) => ids.has(r.id)).length;
    expect(kept / again.rings.length).toBeGreaterThanOrEqual(0.95);
    expect(again.rings.filter((r) => r.change === 'new').length).toBeLessThanOrEqual(Math.ceil(again.rings.length * 0.05));
  }, 180_000);

  it('when the store has no GDS engine, then engine gds is refused with INVALID_INPUT', async () => {
    const embedded = createEmbeddedStore({ dataDir: join(root, 'embedded') });
    await embedded.open();
    try {
      const error = await runDetection(embedded, {}, { engine: 'gds' }).catch((e: unknown) => e);
      expect(isEngineError(error) && error.code).toBe('INVALID_INPUT');
    } finally {
      await embedded.close();
    }
  });
});
