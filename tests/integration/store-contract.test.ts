/**
 * Runs the store contract against every adapter in `FACTORIES`. The embedded
 * store gets a fresh folder per test under one temporary folder per file.
 * (Neo4j joins the list with its own factory.)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe } from 'vitest';
import { createEmbeddedStore } from '../../engine/store/embedded/index.ts';
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

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

describe.each(FACTORIES)('$name', (factory) => {
  defineStoreContract(factory.name, factory);
});

