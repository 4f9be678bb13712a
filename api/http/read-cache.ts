/**
 * A cache of the API's ring reads, keyed by run id. A run's rings never change
 * once written, so a ring list page, a ring's detail and its subgraph can be
 * answered from memory for as long as their run is the one asked for. Each
 * request still asks the store which run is current (one probe shared by all
 * requests that arrive while it is in flight), so a new run is seen at once.
 * Details and subgraphs also show live graph facts (evidence by brand, node
 * attributes): every write through this server (ingest, detection) clears
 * the cache; writes from another process show from the next current run on.
 * Masking and scope checks run after the cache, per request.
 */
import type { FullStore } from '../../engine/index.ts';

export type CacheKind = 'list' | 'detail' | 'subgraph';

export interface ReadCacheOptions {
  /** Entries kept per kind; the oldest goes first. Subgraphs are the big ones (hundreds of KB each). */
  entries?: Partial<Record<CacheKind, number>>;
}

export interface ReadCache {
  /** The current run's id, or null before the first run. */
  currentRunId(): Promise<string | null>;
  /** `compute()` once per (kind, run, key); concurrent callers share one computation, a failure is not kept. */
  memo<T>(kind: CacheKind, runId: string, key: string, compute: () => Promise<T>): Promise<T>;
  clear(): void;
}

const DEFAULT_ENTRIES: Record<CacheKind, number> = { list: 1_000, detail: 2_000, subgraph: 100 };

export function createReadCache(store: Pick<FullStore, 'currentRun'>, options: ReadCacheOptions = {}): ReadCache {
  const limits = { ...DEFAULT_ENTRIES, ...options.entries };
  const maps: Record<CacheKind, Map<string, Promise<unknown>>> = { list: new Map(), detail: new Map(), subgraph: new Map() };
  let probe: Promise<string | null> | null = null;
  let seenRun: string | null = null;

  const clear = (): void => {
    for (const map of Object.values(maps)) map.clear();
  };

  return {
    currentRunId() {
      // Requests arriving while a probe is in flight share it: one store read however many wait.
      probe ??= store
        .currentRun()
        .then((run) => {
          const id = run?.id ?? null;
          // A new current run makes every older entry dead weight.
          if (id !== seenRun) clear();
          seenRun = id;
          return id;
        })
        .finally(() => {
          probe = null;
        });
      return probe;
    },

    memo<T>(kind: CacheKind, runId: string, key: string, compute: () => Promise<T>): Promise<T> {
      const map = maps[kind];
      const id = `${runId}\u0000${key}`;
      const hit = map.get(id);
      if (hit !== undefined) {
        // Re-inserting keeps the map in least-recently-used order.
        map.delete(id);
        map.set(id, hit);
        return hit as Promise<T>;
      }
      const value = compute();
      value.catch(() => {
        if (map.get(id) === value) map.delete(id);
      });
      map.set(id, value);
      if (map.size > limits[kind]) map.delete(map.keys().next().value as string);
      return value;
    },

    clear,
  };
}

/** The store with its writes clearing the cache: what this server loads or detects is seen by the next read. */
export function clearingOnWrites(store: FullStore, cache: ReadCache): FullStore {
  return {
    ...store,
    writeBatch: (batch) => store.writeBatch(batch).finally(() => cache.clear()),
    saveRun: (run, rings, options) => store.saveRun(run, rings, options).finally(() => cache.clear()),
  };
}
