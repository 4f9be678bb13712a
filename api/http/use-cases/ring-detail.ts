/**
 * Ring detail, subgraph and history. A ring a liaison may not see is
 * NOT_FOUND, exactly like a ring that does not exist, and flagged on the
 * audit note as a refusal. Evidence by brand is counted from the reports on
 * the ring's shops (their verdicts and kinds), read through the graph port.
 */
import { EngineError, type FullStore, type Ring, type Subgraph } from '../../../engine/index.ts';
import type { Masker } from '../access/mask.ts';
import { seesPersonalData, type Principal } from '../access/principal.ts';
import { ringInScope } from '../access/scope.ts';
import type { AuditNote } from '../request-context.ts';
import { slimSubgraph } from './graph-views.ts';
import { ringSummary, type RingSummary } from './ring-views.ts';

export interface BrandEvidence {
  brand: string;
  reports: number;
  counterfeit: number;
  genuine: number;
  unknown: number;
  testBuys: number;
  complaints: number;
  takedowns: number;
}

export interface RingDetail extends Omit<RingSummary, 'shops'> {
  shops: string[];
  members: Array<{ sellerId: string; why: NonNullable<Ring['why']>[string] }>;
  sharedIdentifiers: Ring['sharedIdentifiers'];
  likelySources: Ring['likelySources'];
  evidenceByBrand: BrandEvidence[];
  history: Awaited<ReturnType<FullStore['ringHistory']>>;
}

/** Reports listed per shop; a shop with more is a hub of complaints and the count is capped with it. */
const REPORTS_PER_SHOP = 1_000;

export interface RingAccess {
  store: FullStore;
  principal: Principal;
  masker: Masker;
  audit: AuditNote;
}

/** The ring, or NOT_FOUND when it does not exist or is outside the caller's scope. */
export async function visibleRing({ store, principal, audit }: RingAccess, ringId: string, runId?: string): Promise<Ring> {
  audit.ringIds = [ringId];
  const ring = await store.getRing(ringId, runId);
  if (ring !== null && ringInScope(ring, principal)) return ring;
  if (ring !== null) audit.denied = true;
  throw new EngineError('NOT_FOUND', `no ring ${ringId}${runId ? ` in run ${runId}` : ''}`);
}

async function evidenceByBrand(store: FullStore, shops: string[]): Promise<BrandEvidence[]> {
  const byBrand = new Map<string, BrandEvidence>();
  const graphs = await Promise.all(
    shops.map((key) => store.neighbourhood({ type: 'shop', key }, { depth: 1, limit: REPORTS_PER_SHOP, types: ['report'] })),
  );
  for (const graph of graphs) {
    for (const node of graph.nodes) {
      if (node.type !== 'report') continue;
      const { brand, verdict, kind } = node.attributes;
      if (typeof brand !== 'string') continue;
      let e = byBrand.get(brand);
      if (!e) byBrand.set(brand, (e = { brand, reports: 0, counterfeit: 0, genuine: 0, unknown: 0, testBuys: 0, complaints: 0, takedowns: 0 }));
      e.reports += 1;
      if (verdict === 'counterfeit') e.counterfeit += 1;
      else if (verdict === 'genuine') e.genuine += 1;
      else e.unknown += 1;
      if (kind === 'test_buy') e.testBuys += 1;
      else if (kind === 'complaint') e.complaints += 1;
      else if (kind === 'takedown') e.takedowns += 1;
    }
  }
  return [...byBrand.values()].sort((a, b) => b.counterfeit - a.counterfeit || b.reports - a.reports || a.brand.localeCompare(b.brand));
}

export async function ringDetail(access: RingAccess, ringId: string, runId?: string): Promise<RingDetail> {
  const found = await visibleRing(access, ringId, runId);
  const ring = seesPersonalData(access.principal) ? found : access.masker.ring(found);
  const [evidence, history] = await Promise.all([evidenceByBrand(access.store, ring.shops), access.store.ringHistory(ring.id)]);
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
  if (access.principal.role === 'liaison') await visibleRing(access, ringId, options.runId);
  access.audit.ringIds = [ringId];
  const found = await access.store.ringSubgraph(ringId, { limit: options.limit, ...(options.runId ? { runId: options.runId } : {}) });
  if (found === null) throw new EngineError('NOT_FOUND', `no ring ${ringId}`);
  const graph = slimSubgraph(found);
  return seesPersonalData(access.principal) ? graph : access.masker.subgraph(graph);
}

export async function ringHistory(access: RingAccess, ringId: string): Promise<RingDetail['history']> {
  access.audit.ringIds = [ringId];
  const history = await access.store.ringHistory(ringId);
  if (history.length === 0) throw new EngineError('NOT_FOUND', `no ring ${ringId}`);
  if (access.principal.role === 'liaison') {
    // In scope when its current version is (or, for a dissolved ring, its latest one).
    const latest = await access.store.getRing(ringId, history[0]?.runId);
    if (latest === null || !ringInScope(latest, access.principal)) {
      access.audit.denied = true;
      throw new EngineError('NOT_FOUND', `no ring ${ringId}`);
    }
  }
  return history;
}
