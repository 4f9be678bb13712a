/**
 * Ring list use case: the store's filters (score, size, brand, lineage
 * change) and sort, narrowed to a liaison's brands, plus "new or changed since
 * run X". Since the previous run, that is the lineage the run already stored;
 * since an older run, the two runs' memberships are compared (a ring is
 * changed when its id is new or its members differ), once per pair of runs.
 */
import { CHANGED_RING_CHANGES, EngineError, type FullStore, type Ring, type RingChange, type RingListQuery, type RingTier } from '../../../engine/index.ts';
import type { Principal } from '../access/principal.ts';
import type { ReadCache } from '../read-cache.ts';
import type { Paged, RingSummary } from '../schemas.ts';
import { page } from '../validation.ts';
import { ringSummary } from './ring-views.ts';

export interface ListRingsInput {
  runId?: string;
  minScore?: number;
  minSize?: number;
  maxSize?: number;
  brands?: string[];
  changes?: RingChange[];
  /** Tiers listed (default by the route: rings only; linked pairs and weak groups on request). */
  tiers?: RingTier[];
  changedSince?: string;
  sort: 'score' | 'size';
  offset: number;
  limit: number;
}

type ChangedSet = ReadonlySet<string> | 'previous' | 'none';

const changedCache = new WeakMap<FullStore, Map<string, Promise<ChangedSet>>>();

async function allRings(store: FullStore, query: RingListQuery): Promise<Ring[]> {
  const out: Ring[] = [];
  const size = 1_000;
  for (let offset = 0; ; offset += size) {
    const { rings, total } = await store.listRings({ ...query, offset, limit: size });
    out.push(...rings);
    if (rings.length === 0 || offset + size >= total) return out;
  }
}

async function computeChanged(store: FullStore, runId: string, since: string): Promise<ChangedSet> {
  if (since === runId) return 'none';
  const [run, base] = await Promise.all([store.getRun(runId), store.getRun(since)]);
  if (base === null) throw new EngineError('INVALID_INPUT', `query.changedSince: no run ${since}`, { details: { field: 'query.changedSince' } });
  if (run?.previousRunId === since) return 'previous';
  const before = new Map((await allRings(store, { runId: since })).map((r) => [r.id, [...r.members].sort().join('\u0000')]));
  const changed = new Set<string>();
  for (const ring of await allRings(store, { runId })) {
    if (before.get(ring.id) !== [...ring.members].sort().join('\u0000')) changed.add(ring.id);
  }
  return changed;
}

function changedSince(store: FullStore, runId: string, since: string): Promise<ChangedSet> {
  let perStore = changedCache.get(store);
  if (!perStore) changedCache.set(store, (perStore = new Map()));
  const key = `${runId}\u0000${since}`;
  let found = perStore.get(key);
  if (!found) {
    found = computeChanged(store, runId, since);
    found.catch(() => perStore.delete(key));
    if (perStore.size > 32) perStore.clear();
    perStore.set(key, found);
  }
  return found;
}

export async function listRings(
  { store, cache }: { store: FullStore; cache: ReadCache },
  principal: Principal,
  input: ListRingsInput,
): Promise<Paged<RingSummary>> {
  const empty = { items: [], page: page(input.offset, input.limit, 0, 0) };
  let brands = input.brands;
  if (principal.role === 'liaison') {
    brands = brands ? brands.filter((b) => principal.brands.includes(b)) : principal.brands;
    if (brands.length === 0) return empty;
  }
  const query: RingListQuery = {
    ...(input.runId !== undefined ? { runId: input.runId } : {}),
    sort: input.sort,
    ...(input.minScore !== undefined ? { minScore: input.minScore } : {}),
    ...(input.minSize !== undefined ? { minSize: input.minSize } : {}),
    ...(input.maxSize !== undefined ? { maxSize: input.maxSize } : {}),
    ...(brands !== undefined ? { brands } : {}),
    ...(input.changes !== undefined ? { changes: input.changes } : {}),
    ...(input.tiers !== undefined ? { tiers: input.tiers } : {}),
  };
  if (input.changedSince !== undefined) {
    // Only this filter needs the run id itself (reading the run record costs a parse per request).
    const runId = input.runId ?? (await store.currentRun())?.id;
    if (runId === undefined) return empty;
    query.runId = runId;
    const changed = await changedSince(store, runId, input.changedSince);
    if (changed === 'none') return empty;
    if (changed === 'previous') {
      query.changes = (query.changes ?? CHANGED_RING_CHANGES).filter((c) => CHANGED_RING_CHANGES.includes(c));
      if (query.changes.length === 0) return empty;
    } else {
      const matching = (await allRings(store, query)).filter((r) => changed.has(r.id));
      const slice = matching.slice(input.offset, input.offset + input.limit);
      return { items: slice.map(ringSummary), page: page(input.offset, input.limit, slice.length, matching.length) };
    }
  }
  // A run's rings never change: a page is read (and its bodies parsed) once per run and query.
  const runId = query.runId ?? (await cache.currentRunId());
  if (runId === null) return empty;
  const paged: RingListQuery = { ...query, runId, offset: input.offset, limit: input.limit };
  const { items, total } = await cache.memo('list', runId, JSON.stringify(paged), async () => {
    const found = await store.listRings(paged);
    return { items: found.rings.map(ringSummary), total: found.total };
  });
  return { items, page: page(input.offset, input.limit, items.length, total) };
}
