/**
 * Ring detail, subgraph and history. A ring a liaison may not see is
 * NOT_FOUND, exactly like a ring that does not exist, and flagged on the
 * audit note as a refusal. Evidence by brand is counted over the members'
 * facts (which brands have counterfeit verdicts or reports on their shops).
 */
import { EngineError, type FullStore, type Ring } from '../../../engine/index.ts';
import type { Masker } from '../access/mask.ts';
import type { Principal } from '../access/principal.ts';
import { memberNodes, ringInScope } from '../access/scope.ts';
import type { ReadCache } from '../read-cache.ts';
import type { AuditNote } from '../request-context.ts';
import { slimSubgraph } from './graph-views.ts';
import type { BrandEvidence, HistoryItem, RingDetail, Subgraph } from '../schemas.ts';
import { ringSummary } from './ring-views.ts';

export interface RingAccess {
  store: FullStore;
  cache: ReadCache;
  principal: Principal;
  masker: Masker;
  audit: AuditNote;
}

/** The ring, or NOT_FOUND when it does not exist or is outside the caller's scope. */
export async function visibleRing({ store, cache, principal, audit }: RingAccess, ringId: string, runId?: string): Promise<Ring> {
  audit.ringIds = [ringId];
  // Probed even when a run is named: a new current run must clear what the cache holds (history, facts).
  const current = await cache.currentRunId();
  const run = runId ?? current;
  const ring = run === null ? null : await cache.memo('detail', run, `ring\u0000${ringId}`, () => store.getRing(ringId, run));
  if (ring !== null && ringInScope(ring, principal)) return ring;
  if (ring !== null) audit.denied = true;
  throw new EngineError('NOT_FOUND', `no ring ${ringId}${runId ? ` in run ${runId}` : ''}`);
}

/**
 * Evidence by brand from the members' facts: one store read whatever the ring's
 * size. (Counting reports per brand would need a read per shop — measured at
 * 100k sellers on Neo4j, 110 shops × 50 clients exhausted the driver pool.)
 */
async function evidenceByBrand(store: FullStore, members: string[]): Promise<BrandEvidence[]> {
  const byBrand = new Map<string, BrandEvidence>();
  const entry = (brand: string): BrandEvidence => {
    let e = byBrand.get(brand);
    if (!e) byBrand.set(brand, (e = { brand, counterfeitSellers: 0, reportedSellers: 0 }));
    return e;
  };
  for (const facts of (await store.sellerFacts(members)).values()) {
    for (const brand of facts.counterfeitBrands) entry(brand).counterfeitSellers += 1;
    for (const brand of facts.reportedBrands) entry(brand).reportedSellers += 1;
  }
  return [...byBrand.values()].sort((a, b) => b.counterfeitSellers - a.counterfeitSellers || b.reportedSellers - a.reportedSellers || a.brand.localeCompare(b.brand));
}

export async function ringDetail(access: RingAccess, ringId: string, runId?: string): Promise<RingDetail> {
  const found = await visibleRing(access, ringId, runId);
  // A ring in scope is all members: the `members` policy shows it as `all` does.
  const ring = access.principal.personalData === 'none' ? access.masker.ring(found) : found;
  const runKey = found.runId ?? runId ?? '';
  const [evidence, history] = await access.cache.memo('detail', runKey, `extras\u0000${ring.id}`, () =>
    Promise.all([evidenceByBrand(access.store, ring.members), access.store.ringHistory(ring.id)]),
  );
  access.audit.entityIds = ring.members.map((m) => `seller:${m}`);
  return {
    ...ringSummary(ring),
    likelySources: ring.likelySources,
    shops: ring.shops,
    members: ring.members.map((sellerId) => ({ sellerId, why: ring.why?.[sellerId] ?? [] })),
    sharedIdentifiers: ring.sharedIdentifiers,
    evidenceByBrand: evidence,
    history,
  };
}

export async function ringSubgraph(access: RingAccess, ringId: string, options: { limit: number; runId?: string }): Promise<Subgraph> {
  // Only liaisons need the ring itself first (for its brands); others go straight to the graph.
  const ring = access.principal.role === 'liaison' ? await visibleRing(access, ringId, options.runId) : null;
  access.audit.ringIds = [ringId];
  const current = await access.cache.currentRunId();
  const run = options.runId ?? current;
  // The view is cached already slimmed: at 100k sellers a raw ring subgraph can weigh megabytes of address variants.
  const graph =
    run === null
      ? null
      : await access.cache.memo('subgraph', run, `${ringId}\u0000${options.limit}`, async () => {
          const found = await access.store.ringSubgraph(ringId, { limit: options.limit, runId: run });
          return found === null ? null : slimSubgraph(found);
        });
  if (graph === null) throw new EngineError('NOT_FOUND', `no ring ${ringId}`);
  switch (access.principal.personalData) {
    case 'all':
      return graph;
    case 'none':
      return access.masker.subgraph(graph);
    case 'members': {
      const shown = memberNodes(graph, ring?.members ?? []);
      return access.masker.subgraph(graph, (id) => shown.has(id));
    }
  }
}

export async function ringHistory(access: RingAccess, ringId: string): Promise<HistoryItem[]> {
  access.audit.ringIds = [ringId];
  const history = await access.store.ringHistory(ringId);
  if (access.principal.role === 'liaison') {
    // In scope when its current version is (or, for a dissolved ring, its latest one). The ring is read
    // whether or not it has a history, so a hidden ring and a missing one cost the same (no timing oracle).
    const latest = await access.store.getRing(ringId, history[0]?.runId ?? (await access.cache.currentRunId()) ?? undefined);
    if (history.length > 0 && (latest === null || !ringInScope(latest, access.principal))) {
      access.audit.denied = true;
      throw new EngineError('NOT_FOUND', `no ring ${ringId}`);
    }
  }
  if (history.length === 0) throw new EngineError('NOT_FOUND', `no ring ${ringId}`);
  return history;
}
