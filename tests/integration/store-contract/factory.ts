/**
 * How the contract suite gets a store: each adapter supplies a factory, and
 * every test starts from an open, empty store of that adapter.
 */
import { afterEach, beforeEach } from 'vitest';
import type { FullStore, IdentifierGroup, IdentifierGroupQuery } from '../../../engine/index.ts';

export interface StoreFactory {
  name: string;
  /** An open store. */
  create: () => Promise<FullStore>;
  /** Empties the store `create` returned (the embedded factory hands out a fresh folder, so it only checks). */
  wipe: (store: FullStore) => Promise<void>;
}

/** Registers per-test setup and returns an accessor for the current test's store. */
export function useStore(factory: StoreFactory): () => FullStore {
  let store: FullStore | null = null;
  beforeEach(async () => {
    store = await factory.create();
    await factory.wipe(store);
  });
  afterEach(async () => {
    await store?.close();
    store = null;
  });
  return () => {
    if (store === null) throw new Error('no store: useStore() must be called inside describe()');
    return store;
  };
}

export async function collectGroups(store: FullStore, query: IdentifierGroupQuery = {}): Promise<IdentifierGroup[]> {
  const groups: IdentifierGroup[] = [];
  for await (const group of store.identifierGroups(query)) groups.push(group);
  return groups;
}
