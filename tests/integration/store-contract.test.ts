/**
 * Runs the store contract against every adapter in `FACTORIES`. The embedded
 * store gets a fresh folder per test under one temporary folder per file;
 * Neo4j (local server or TEST_NEO4J_URI, see neo4j-setup.ts) is wiped per test.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe } from 'vitest';
import { createEmbeddedStore } from '../../engine/store/embedded/index.ts';
import { createNeo4jStore } from '../../engine/store/neo4j/index.ts';
import { neo4jTestsEnabled, useNeo4j, wipeNeo4j } from './neo4j-setup.ts';
import { defineStoreContract, type StoreFactory } from './store-contract/cases.ts';

const root = mkdtempSync(join(tmpdir(), 'ringtrace-contract-'));
let folders = 0;

const FACTORIES: StoreFactory[] = [
  {
    name: 'embedded',
    create: async () => {
      folders += 1;
      const store = createEmbeddedStore({ dataDir: join(root, `store-${folders}`) });
      await store.open();
      return store;
    },
    wipe: async (store) => {
      const counts = await store.counts();
      if (Object.values(counts).some((n) => n > 0)) throw new Error(`embedded store in ${(await store.info()).location} is not empty`);
    },
  },
];

const neo4j = neo4jTestsEnabled ? useNeo4j() : null;
if (neo4j !== null) {
  FACTORIES.push({
    name: 'neo4j',
    create: async () => {
      const store = createNeo4jStore(neo4j());
      await store.open();
      return store;
    },
    wipe: () => wipeNeo4j(neo4j()),
  });
}

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

describe.each(FACTORIES)('$name', (factory) => {
  defineStoreContract(factory.name, factory);
});

