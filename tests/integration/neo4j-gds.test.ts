/**
 * Community detection inside Neo4j with OpenGDS (the local server of
 * tools/neo4j-local registers it): `runDetection(…, { engine: 'gds' })` must
 * find the planted rings of a seeded marketplace about as well as the
 * in-process path, hand them through the same scoring and lineage, keep ring
 * ids when run again, and refuse cleanly where there is no GDS. The three
 * projections (`bolt`, `written`, `cypher`) each find the planted rings; the
 * Cypher-computed graph has exactly ringtrace's edges when bundling is off; and
 * written EVIDENCE_LINK relationships never show in graph reads nor outlive a run.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import neo4j, { type Driver } from 'neo4j-driver';
import { ingestExport, isEngineError, runDetection, type DetectResult, type FullStore, type GdsProjection, type Logger, type Subgraph } from '../../engine/index.ts';
import type { EvidenceGraph } from '../../engine/detect/evidence-graph.ts';
import { createEmbeddedStore } from '../../engine/store/embedded/index.ts';
import { deleteEvidenceLinks, writeEvidenceLinks } from '../../engine/store/neo4j/gds-projections.ts';
import { createNeo4jStore } from '../../engine/store/neo4j/index.ts';
import { createRunner } from '../../engine/store/neo4j/session.ts';
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

/** A logger that keeps the fields of every `communities found` line. */
function capturingLogger(): Logger & { found: Array<Record<string, unknown>> } {
  const found: Array<Record<string, unknown>> = [];
  const noop = (): void => {};
  return { found, debug: noop, warn: noop, error: noop, info: (message, fields) => { if (message === 'communities found') found.push(fields ?? {}); } };
}

/** An evidence graph joining every pair of `members` (indices into `members` as seller ids), weight 1. */
function cliqueGraph(members: readonly string[]): EvidenceGraph {
  const source: number[] = [];
  const target: number[] = [];
  for (let a = 0; a < members.length; a++) {
    for (let b = a + 1; b < members.length; b++) {
      source.push(a);
      target.push(b);
    }
  }
  const strength = new Float64Array(members.length).fill(members.length - 1);
  return {
    nodeCount: members.length, edgeCount: source.length, source: Int32Array.from(source), target: Int32Array.from(target),
    weight: new Float32Array(source.length).fill(1), strength, totalWeight: source.length,
  };
}

describe('runDetection with engine gds', () => {
  let root: string;
  let store: FullStore;
  let truth: GroundTruth;
  let driver: Driver;

  const evidenceLinks = async (): Promise<number> => {
    const session = driver.session();
    try {
      const result = await session.run('MATCH ()-[r:EVIDENCE_LINK]->() RETURN count(r) AS n');
      return Number(result.records[0]?.get('n'));
    } finally {
      await session.close();
    }
  };

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'ringtrace-gds-'));
    await generateMarketplace({ sellers: 2_000, rings: 20, seed: 5, outDir: root });
    truth = JSON.parse(await readFile(join(root, 'ground_truth.json'), 'utf8')) as GroundTruth;
    store = createNeo4jStore(neo4jConnection());
    await store.open();
    await ingestExport(store, root);
    driver = neo4j.driver(neo4jConnection().uri, neo4j.auth.basic(neo4jConnection().user, neo4jConnection().password), { disableLosslessIntegers: true });
  }, 180_000);

  afterAll(async () => {
    await driver.close();
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

  it('when the evidence graph is written for a native projection or computed in Cypher, then Leiden finds the planted rings and no link is left', async () => {
    const inProcess = await runDetection(store, {}, { engine: 'in-process' });
    const planted = truth.rings.map((r) => r.members);
    const benign = truth.benignGroups.map((g) => g.members);
    for (const projection of ['bolt', 'written', 'cypher'] as GdsProjection[]) {
      const logger = capturingLogger();
      const result = await runDetection(store, {}, { engine: 'gds', projection, logger });
      expect(result.run.communityEngine).toBe(projection === 'bolt' ? 'gds-leiden' : `gds-leiden-${projection}`);
      expect(evaluate(result.rings.map((ring) => ring.members), planted, benign).ringRecall, projection).toBeGreaterThanOrEqual(0.8);
      expect(agreement(result, inProcess), projection).toBeGreaterThanOrEqual(0.7);
      // Each projection reports its own steps; the written links are gone once the run is over.
      const found = logger.found[0] ?? {};
      expect(found['gdsProject'], projection).toEqual(expect.any(Number));
      expect(found['gdsAlgorithm'], projection).toEqual(expect.any(Number));
      if (projection === 'written') expect(found['gdsLinksWrite']).toEqual(expect.any(Number));
      expect(await evidenceLinks()).toBe(0);
    }
  }, 300_000);

  it('when co-occurring identifiers are not bundled, then the graph Cypher computes has exactly the edges ringtrace builds', async () => {
    const logger = capturingLogger();
    // Bundling is the one step the Cypher projection leaves out: without it both sides weigh the same ties.
    const result = await runDetection(store, { coOccurrenceMinShared: 0 }, { engine: 'gds', projection: 'cypher', logger });
    expect(result.run.links).toBeGreaterThan(0);
    expect(logger.found[0]?.['edges']).toBe(result.run.links);
    // With bundling (the default) the in-process graph drops ties the Cypher one keeps.
    const bundled = capturingLogger();
    const withBundles = await runDetection(store, {}, { engine: 'gds', projection: 'cypher', logger: bundled });
    expect(bundled.found[0]?.['edges']).toBeGreaterThanOrEqual(withBundles.run.links);
  }, 180_000);

  it('when evidence links are written, then neighbourhoods, ring subgraphs, entities, search and counts read as before', async () => {
    const run = await runDetection(store, {}, { engine: 'in-process' });
    const ring = run.rings[0]!;
    const member = ring.members[0]!;
    // Node and edge ids, sorted: what a read shows, whatever order the server returns rows in.
    const shape = (graph: Subgraph | null) => ({ nodes: (graph?.nodes ?? []).map((n) => n.id).sort(), edges: (graph?.edges ?? []).map((e) => e.id).sort(), truncated: graph?.truncated });
    const reads = async () => ({
      near: shape(await store.neighbourhood({ type: 'seller', key: member }, { depth: 1, limit: 2_000 })),
      wider: shape(await store.neighbourhood({ type: 'seller', key: member }, { depth: 2, limit: 2_000 })),
      ring: shape(await store.ringSubgraph(ring.id, { limit: 2_000 })),
      entity: await store.entity({ type: 'seller', key: member }),
      search: await store.search({ text: member, limit: 20 }),
      counts: await store.counts(),
    });
    const before = await reads();
    expect(before.near.truncated).toBe(false);
    const runner = createRunner(() => driver, undefined, neo4jConnection().uri);
    const written = await writeEvidenceLinks(runner, cliqueGraph(ring.members), ring.members);
    try {
      expect(written).toBe((ring.members.length * (ring.members.length - 1)) / 2);
      expect(await evidenceLinks()).toBe(written);
      const during = await reads();
      expect(during.near.edges.filter((id) => id.startsWith('EVIDENCE_LINK'))).toEqual([]);
      expect(during).toEqual(before);
    } finally {
      await deleteEvidenceLinks(runner);
    }
    expect(await evidenceLinks()).toBe(0);
  }, 180_000);

  it('when the projection is not one of bolt, written, cypher, then detection is refused with INVALID_INPUT naming it', async () => {
    const error = await runDetection(store, {}, { engine: 'gds', projection: 'native' as GdsProjection }).catch((e: unknown) => e);
    expect(isEngineError(error) && error.code).toBe('INVALID_INPUT');
    expect(isEngineError(error) && error.details?.['field']).toBe('projection');
  });

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
