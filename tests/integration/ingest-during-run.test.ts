/**
 * A run while an ingest streams in, on both stores (docs/scheduling.md, "A
 * run while an ingest streams in"): an ingest batch committed while the run
 * is reading identifier groups is seen by that run whole or not at all —
 * never as part of a ring — and the next run sees it; the run itself
 * succeeds and its rings are those of the data it read.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runDetection, type FullStore, type IdentifierGroupQuery } from '../../engine/index.ts';
import { createEmbeddedStore } from '../../engine/store/embedded/index.ts';
import { createNeo4jStore } from '../../engine/store/neo4j/index.ts';
import { account, batch, report, seller, shop } from '../fixtures/store/builders.ts';
import { scenario } from '../fixtures/store/scenario.ts';
import { neo4jTestsEnabled, useNeo4j, wipeNeo4j } from './neo4j-setup.ts';

const root = mkdtempSync(path.join(tmpdir(), 'ringtrace-ingest-run-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** One batch planting a second ring: three sellers on one ID document and one payout account, with counterfeit test buys. */
const LATE = ['L1', 'L2', 'L3'];
const lateBatch = () => batch({
  sellers: LATE.map((id) => seller(id, { name: `Late ${id}`, idNumberHash: 'H-LATE', status: 'active' })),
  shops: LATE.map((id) => shop(`SH-${id}`, id)),
  paymentAccounts: LATE.map((id) => account('ACC-LATE', id)),
  reports: LATE.map((id, i) => report(`RL${i}`, `SH-${id}`, { brand: 'Acme', kind: 'test_buy', verdict: 'counterfeit' })),
});

interface Target { name: string; open: () => Promise<FullStore>; wipe: () => Promise<void> }
const targets: Target[] = [];
let n = 0;
targets.push({ name: 'embedded', open: async () => { const s = createEmbeddedStore({ dataDir: path.join(root, `store-${n}`) }); await s.open(); return s; }, wipe: async () => { n += 1; } });
const neo4j = neo4jTestsEnabled ? useNeo4j() : null;
if (neo4j !== null) targets.push({ name: 'neo4j', open: async () => { const s = createNeo4jStore(neo4j()); await s.open(); return s; }, wipe: () => wipeNeo4j(neo4j()) });

/** The store, with a batch written (and committed) right after the run's group read has produced its first group. */
function ingestingDuringRead(store: FullStore, written: { done: boolean }): FullStore {
  return {
    ...store,
    identifierGroups(query: IdentifierGroupQuery) {
      return (async function* () {
        let first = true;
        for await (const group of store.identifierGroups(query)) {
          yield group;
          if (first) {
            first = false;
            await store.writeBatch(lateBatch());
            written.done = true;
          }
        }
      })();
    },
  };
}

describe.each(targets)('a run while an ingest batch commits: $name', (target) => {
  it('when a batch commits mid-read, then the run sees its ring whole or not at all, and the next run sees it whole', async () => {
    await target.wipe();
    const store = await target.open();
    try {
      await store.writeBatch(scenario());
      const written = { done: false };

      const during = await runDetection(ingestingDuringRead(store, written));
      const after = await runDetection(store);

      expect(written.done).toBe(true);
      expect((await store.currentRun())?.id).toBe(after.run.id);
      const touched = during.rings.filter((r) => r.members.some((m) => LATE.includes(m)));
      // Whole or not at all: no ring holds only part of the late ring.
      expect(touched.length <= 1).toBe(true);
      if (touched.length === 1) expect([...touched[0]!.members].sort()).toEqual(LATE);
      const late = after.rings.filter((r) => r.members.some((m) => LATE.includes(m)));
      expect(late.map((r) => [...r.members].sort())).toEqual([LATE]);
      // The ring planted before the run is found by both.
      for (const result of [during, after]) expect(result.rings.some((r) => ['S1', 'S2', 'S3'].every((m) => r.members.includes(m)))).toBe(true);
    } finally {
      await store.close();
    }
  });
});
