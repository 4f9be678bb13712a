/**
 * Ring detection, end to end over the store's detection reads:
 * identifier groups → hubs (data-derived threshold) → evidence graph →
 * communities (Louvain per component) → weak members pruned → rings explained
 * (shared identifiers, each member's "why", likely sources) and scored →
 * matched to the previous run for stable ids. Pure apart from the reads: the
 * same data and parameters give the same rings.
 */
import { createHash } from 'node:crypto';
import { EngineError } from '../model/errors.ts';
import { silentLogger, type Logger } from '../model/logger.ts';
import { IDENTIFIERS, identifierTypesWhere, type IdentifierType } from '../model/identifiers.ts';
import type { DetectParams, HubInfo, LikelySource, Ring, RingTier, RunRecord, SharedIdentifier, WhyItem } from '../model/rings.ts';
import type { DetectionReads } from '../store/ports.ts';
import { modularity } from './communities.ts';
import { IN_PROCESS_COMMUNITIES, type CommunityDetector } from './community-detector.ts';
import { bundleCoOccurring, type Bundles } from './co-occurrence.ts';
import { buildEvidenceGraph, type EvidenceGraph } from './evidence-graph.ts';
import { splitAtSharedPlaces } from './place-bridges.ts';
import { deriveHubThreshold } from './hubs.ts';
import { forEachGroupByCommunity } from './group-buckets.ts';
import { buildIdentifierTable, groupTypeOf, type IdentifierTable } from './identifier-table.ts';
import { matchRings, type LineageInput } from './lineage.ts';
import { UnionFind } from './union-find.ts';
import { aggregateFacts, scoreRing } from './score.ts';
import { ADDRESS_TYPES, pairWeight, TYPE_WEIGHTS } from './weights.ts';

export const DEFAULT_DETECT_PARAMS: DetectParams = {
  resolution: 0.3,
  seed: 42,
  hubThreshold: 'auto',
  minLinkWeight: 0.3,
  minMemberStrength: 0.5,
  mergeSharedControl: 1,
  minRingSize: 2,
  coOccurrenceMinShared: 3,
  splitSharedPlaces: true,
};

export interface DetectOptions {
  logger?: Logger;
  /** The previous run's rings, for stable ids and change events. */
  previous?: { runId: string; rings: LineageInput[] } | null;
  onStage?: (stage: string) => void;
  now?: () => Date;
  /** How communities are found (default: Louvain per component in this process). */
  communities?: CommunityDetector;
  /** Names the run (default: `run-<finish time>-<random>`); injected where ids must repeat. */
  newRunId?: (startedAt: Date, finishedAt: Date) => string;
}

/** A ring as scoring leaves it: everything but the identity lineage gives it. */
type RingDraft = Omit<Ring, 'id' | 'change' | 'previousIds' | 'runId'>;

export function defaultRunId(startedAt: Date, finishedAt: Date): string {
  const stamp = finishedAt.toISOString().replace(/[-:.]/g, '').slice(0, 15);
  return `run-${stamp}-${createHash('sha256').update(`${startedAt.toISOString()}|${Math.random()}`).digest('hex').slice(0, 6)}`;
}

export interface DetectResult {
  run: RunRecord;
  rings: Ring[];
  /** Ids of the alerts the saved run raised (runDetection fills it). */
  alertIds?: string[];
}

const STRONG_TYPES = identifierTypesWhere((s) => s.strong);
const WHY_SHARED_WITH_CAP = 25;
const SOURCES_LISTED = 5;

/** The accepted range of a numeric detection parameter (both ends included unless `aboveMin`). */
export interface ParamRange {
  min: number;
  max: number;
  /** The value must exceed `min` (resolution: 0 is no resolution at all). */
  aboveMin?: boolean;
  integer?: boolean;
}

/**
 * The range of every numeric detection parameter, documented in
 * docs/export-format.md. `validateParams` refuses anything outside (so does
 * the API's schema and the CLI's options, from this table). The upper ends
 * are far beyond any useful setting but keep the arithmetic finite: a
 * resolution of 1e308 overflows the modularity to -Infinity. The seed is a
 * 32-bit value because the RNG keeps 32 bits of it (rng.ts).
 */
export const DETECT_PARAM_RANGES = {
  resolution: { min: 0, max: 10, aboveMin: true },
  seed: { min: 0, max: 0xffff_ffff, integer: true },
  hubThreshold: { min: 2, max: 1_000_000_000, integer: true },
  minLinkWeight: { min: 0, max: 100 },
  minMemberStrength: { min: 0, max: 100 },
  mergeSharedControl: { min: 0, max: 1_000, integer: true },
  minRingSize: { min: 2, max: 1_000_000, integer: true },
  coOccurrenceMinShared: { min: 0, max: 1_000, integer: true },
} as const satisfies Record<string, ParamRange>;

/** `an integer from 2 to 1000000`, `a number above 0 and at most 10`: what a value of the range must be. */
export function describeRange(range: ParamRange): string {
  const kind = range.integer ? 'an integer' : 'a number';
  return range.aboveMin ? `${kind} above ${range.min} and at most ${range.max}` : `${kind} from ${range.min} to ${range.max}`;
}

export function inRange(value: number, range: ParamRange): boolean {
  return Number.isFinite(value) && (range.aboveMin ? value > range.min : value >= range.min) && value <= range.max && (!range.integer || Number.isInteger(value));
}

export function validateParams(params: DetectParams): DetectParams {
  const bad = (field: string, why: string): never => {
    throw new EngineError('INVALID_INPUT', `${field}: ${why}`, { details: { field } });
  };
  const check = (field: keyof typeof DETECT_PARAM_RANGES, value: unknown, extra = ''): void => {
    const range: ParamRange = DETECT_PARAM_RANGES[field];
    if (!(typeof value === 'number' && inRange(value, range))) bad(field, `must be ${extra}${describeRange(range)}`);
  };
  check('resolution', params.resolution);
  check('seed', params.seed);
  if (params.hubThreshold !== 'auto') check('hubThreshold', params.hubThreshold, "'auto' or ");
  check('minLinkWeight', params.minLinkWeight);
  check('minMemberStrength', params.minMemberStrength);
  check('mergeSharedControl', params.mergeSharedControl);
  check('minRingSize', params.minRingSize);
  check('coOccurrenceMinShared', params.coOccurrenceMinShared);
  if (typeof params.splitSharedPlaces !== 'boolean') bad('splitSharedPlaces', 'must be a boolean');
  return params;
}

/**
 * The modularity a run records, rounded to 4 decimals. The run record
 * promises a number (and JSON has no Infinity or NaN: it would be stored and
 * served as null, breaking the runs list's schema), so a modularity that is
 * not finite — or overflows in the rounding, as at resolution 1e308 — fails
 * the run, unsaved, rather than recording a clamped figure that was never
 * measured. The parameter ranges keep this from happening; this is the last line.
 */
export function runModularity(graph: EvidenceGraph, community: Int32Array, resolution: number): number {
  const q = modularity(graph, community, resolution);
  const rounded = Math.round(q * 10_000) / 10_000;
  if (!Number.isFinite(rounded)) {
    throw new EngineError('INVALID_INPUT', `resolution: the partition's modularity at resolution ${resolution} is ${q}, too large to record; the run is not saved (resolution must be ${describeRange(DETECT_PARAM_RANGES.resolution)})`, { details: { field: 'resolution' } });
  }
  return rounded;
}

export interface EvidenceProjection {
  hubThreshold: number;
  isHub: (g: number) => boolean;
  bundles: Bundles;
  graph: EvidenceGraph;
}

/** How many sellers an identifier may have for its members to be read (larger ones are hubs anyway). */
export function hubFetchCap(sellerCount: number, params: DetectParams): number {
  return params.hubThreshold === 'auto' ? Math.max(2_000, Math.ceil(sellerCount * 0.01)) : params.hubThreshold;
}

/** Hubs, co-occurrence bundles and the seller–seller evidence graph: what community detection runs on. */
export function projectEvidence(table: IdentifierTable, sellerCount: number, params: DetectParams): EvidenceProjection {
  const hubThreshold = params.hubThreshold === 'auto' ? deriveHubThreshold(table.size, sellerCount) : params.hubThreshold;
  const isHub = (g: number): boolean => table.size[g]! > hubThreshold;
  const bundles = bundleCoOccurring(table, (g) => !isHub(g), { minShared: params.coOccurrenceMinShared });
  const graph = buildEvidenceGraph(table, (g) => !isHub(g), params.minLinkWeight, bundles);
  return { hubThreshold, isHub, bundles, graph };
}

export async function detectRings(reads: DetectionReads, params: DetectParams, options: DetectOptions = {}): Promise<DetectResult> {
  validateParams(params);
  const logger = options.logger ?? silentLogger;
  const now = options.now ?? (() => new Date());
  const startedAt = now();
  const timings: Record<string, number> = {};
  let t = performance.now();
  const lap = (stage: string): void => {
    const n = performance.now();
    timings[stage] = Math.round(n - t);
    t = n;
    options.onStage?.(stage);
  };

  const sellerCount = await reads.sellerCount();
  const table = await buildIdentifierTable(reads.identifierGroups({ minSellers: 2, maxSellers: hubFetchCap(sellerCount, params) }));
  lap('read');

  const { hubThreshold, isHub, bundles, graph } = projectEvidence(table, sellerCount, params);
  const hubGroups: number[] = [];
  for (let g = 0; g < table.groupCount; g++) if (isHub(g)) hubGroups.push(g);
  lap('projection');

  const detector = options.communities ?? IN_PROCESS_COMMUNITIES;
  const partition = await detector.detect(graph, {
    resolution: params.resolution, seed: params.seed,
    // Groups above the fetch cap came without members, so they tie nobody here either.
    hubThreshold: Math.min(hubThreshold, hubFetchCap(sellerCount, params)), minLinkWeight: params.minLinkWeight, sellerIds: table.sellerIds, previous: options.previous?.rings ?? null,
  });
  if (detector !== IN_PROCESS_COMMUNITIES) {
    logger.info('communities found', { engine: detector.engine, communities: partition.communityCount, ...(partition.projected ?? {}), ...(partition.timingsMs ?? {}) });
  }
  const q = runModularity(graph, partition.community, params.resolution);
  lap('louvain');
  Object.assign(timings, partition.timingsMs ?? {});

  const merged = mergeUnderCommonControl(table, partition.community, isHub, params.mergeSharedControl);
  const split = params.splitSharedPlaces ? splitAtSharedPlaces(table, merged, isHub, bundles) : merged;
  const community = pruneWeakMembers(table, split, isHub, params.minMemberStrength, bundles);
  const ringMembers = collectRings(community, params.minRingSize);
  const explained = explainRings(table, graph, ringMembers, isHub);
  const allMembers = ringMembers.flatMap((members) => members.map((v) => table.sellerIds[v]!));
  const facts = await reads.sellerFacts(allMembers);
  const addressKeys = new Set<string>();
  for (const e of explained) for (const s of e.sources) addressKeys.add(s.key);
  for (const e of explained) for (const s of e.shared) if (ADDRESS_TYPES.has(s.type)) addressKeys.add(s.value);
  for (const g of hubGroups) if (ADDRESS_TYPES.has(groupTypeOf(table, g))) addressKeys.add(table.value[g]!);
  const addressText = await reads.addressTexts([...addressKeys]);
  const label = (type: IdentifierType, value: string): string | undefined => (ADDRESS_TYPES.has(type) ? addressText.get(value) : undefined);

  const draft = ringMembers.map((members, r) => {
    const ids = members.map((v) => table.sellerIds[v]!);
    const e = explained[r]!;
    const agg = aggregateFacts(ids.map((id) => facts.get(id)).filter((f) => f !== undefined));
    const householdOnly = isHouseholdOnly(e.shared);
    const { score, breakdown } = scoreRing({
      size: ids.length,
      counterfeitReports: agg.counterfeitReports,
      genuineReports: agg.genuineReports,
      takedowns: agg.takedowns,
      bannedSellers: agg.bannedSellers,
      shops: agg.shops,
      churnedShops: agg.churnedShops,
      sharedPaymentAccounts: e.shared.filter((s) => s.type === 'payment_account').length,
      sharedIdDocuments: e.shared.filter((s) => s.type === 'id_document').length,
      sharedWarehouses: e.shared.filter((s) => s.type === 'warehouse_address').length,
      sharedSourceParcels: e.sharedSourceParcels,
      meanMemberStrength: e.meanMemberStrength,
      hasStrongTies: e.shared.some((s) => STRONG_TYPES.has(s.type)),
      householdOnly,
      onePlaceOnly: !hasControlTie(e.shared) && strongPlaces(e.shared) <= 1 && e.shared.some((s) => STRONG_TYPES.has(s.type)),
    });
    const why: Record<string, WhyItem[]> = {};
    for (const [v, items] of e.why) {
      why[table.sellerIds[v]!] = items.map((item) => withLabel({ ...item, sharedWith: item.sharedWith }, label));
    }
    const ring: RingDraft = {
      score,
      tier: tierOf(ids.length, e.shared, { householdOnly, counterfeitReports: agg.counterfeitReports, takedowns: agg.takedowns }),
      size: ids.length,
      members: ids,
      shops: agg.shopIds.sort(),
      sharedIdentifiers: e.shared.map((s) => withLabel(s, label)),
      likelySources: e.sources.map((s) => ({ ...s, address: addressText.get(s.key) ?? s.key })),
      brands: [...agg.brands].sort(),
      evidence: { counterfeitReports: agg.counterfeitReports, takedowns: agg.takedowns, bannedSellers: agg.bannedSellers },
      scoreBreakdown: breakdown,
      why,
    };
    return ring;
  });
  draft.sort((a, b) => b.score - a.score || b.size - a.size || (a.members[0]! < b.members[0]! ? -1 : 1));
  lap('scoring');

  const lineage = matchRings(options.previous?.rings ?? [], draft.map((r) => r.members));
  lap('lineage');

  const hubs: HubInfo[] = hubGroups
    .map((g) => {
      const type = groupTypeOf(table, g);
      const hub: HubInfo = { type, value: table.value[g]!, sellers: table.size[g]! };
      const text = label(type, hub.value);
      if (text !== undefined) hub.label = text;
      return hub;
    })
    .sort((a, b) => b.sellers - a.sellers);

  const finishedAt = now();
  const runId = (options.newRunId ?? defaultRunId)(startedAt, finishedAt);
  const rings: Ring[] = draft.map((ring, i) => {
    const { id, change, previousIds } = lineage.assignments[i]!;
    return { id, ...ring, change, previousIds, runId };
  });
  const run: RunRecord = {
    id: runId,
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    params,
    sellers: sellerCount,
    links: graph.edgeCount,
    modularity: q,
    communityEngine: detector.engine,
    fingerprint: fingerprint(table),
    timingsMs: timings,
    hubs,
    hubThresholdUsed: Number.isFinite(hubThreshold) ? hubThreshold : -1,
    ringsFound: rings.length,
    lineage: lineage.counts,
    previousRunId: options.previous?.runId ?? null,
  };
  logger.info('detection finished', { runId, rings: rings.length, links: graph.edgeCount, hubs: hubs.length });
  return { run, rings };
}

const CONTROL_TYPES = identifierTypesWhere((s) => s.control);

function hasControlTie(shared: SharedIdentifier[]): boolean {
  return shared.some((s) => CONTROL_TYPES.has(s.type));
}

/** Distinct places (a warehouse and the shipping origin at the same address are one) among the strong ties. */
function strongPlaces(shared: SharedIdentifier[]): number {
  return new Set(shared.filter((s) => STRONG_TYPES.has(s.type) && ADDRESS_TYPES.has(s.type)).map((s) => s.value)).size;
}

/**
 * A ring is three or more sellers under evidence of common control: a shared
 * ID document, payout account or device, or two distinct shipping places.
 * Anything less (pairs, groups tied by one place or only by weak identifiers)
 * is reported as `linked`, apart from the ring list. So is a household
 * without enforcement evidence (everything shared is what one home shares —
 * its address, phone, email, the family computer — and no counterfeit
 * verdict or takedown): a shared home computer is common control of a
 * family, not of an operation, and such groups otherwise sat at the bottom
 * of the ring list among the rings.
 */
export function tierOf(size: number, shared: SharedIdentifier[], evidence: { householdOnly: boolean; counterfeitReports: number; takedowns: number }): RingTier {
  if (evidence.householdOnly && evidence.counterfeitReports === 0 && evidence.takedowns === 0) return 'linked';
  return size >= 3 && (hasControlTie(shared) || strongPlaces(shared) >= 2) ? 'ring' : 'linked';
}

/** See RingFeatures.householdOnly. */
function isHouseholdOnly(shared: SharedIdentifier[]): boolean {
  const homes = new Set(shared.filter((s) => s.type === 'registered_address').map((s) => s.value));
  if (homes.size === 0) return false;
  return shared.every((s) => {
    if (IDENTIFIERS[s.type].beyondHousehold) return false;
    return !ADDRESS_TYPES.has(s.type) || homes.has(s.value);
  });
}

function withLabel<T extends { type: IdentifierType; value: string; label?: string }>(item: T, label: (type: IdentifierType, value: string) => string | undefined): T {
  const text = label(item.type, item.value);
  return text === undefined ? item : { ...item, label: text };
}


/**
 * Louvain splits a big, sparse ring (several warehouses, chains of shared
 * accounts) into pieces, because each piece is denser than the whole. Pieces
 * that share an ID document or a payout account are under common control, so
 * they are one ring: communities are merged when at least `minShared`
 * distinct non-hub identifiers of those types have members in both.
 * Borrowed warehouses and registration agents (place and phone ties) never
 * merge rings by themselves.
 */
export function mergeUnderCommonControl(table: IdentifierTable, input: Int32Array, isHub: (g: number) => boolean, minShared: number): Int32Array {
  if (minShared <= 0) return input;
  const crossings = new Map<string, number>();
  forEachGroupByCommunity(table, input, isHub, (g, byCommunity) => {
    if (byCommunity.size < 2 || !CONTROL_TYPES.has(groupTypeOf(table, g))) return;
    const cs = [...byCommunity.keys()].sort((a, b) => a - b);
    for (let i = 0; i < cs.length; i++) {
      for (let j = i + 1; j < cs.length; j++) {
        const key = `${cs[i]}:${cs[j]}`;
        crossings.set(key, (crossings.get(key) ?? 0) + 1);
      }
    }
  });
  let top = -1;
  for (const c of input) if (c > top) top = c;
  const sets = new UnionFind(top + 1);
  for (const [key, count] of crossings) {
    if (count < minShared) continue;
    const [a, b] = key.split(':').map(Number) as [number, number];
    sets.union(a, b);
  }
  const out = Int32Array.from(input);
  for (let v = 0; v < out.length; v++) if (out[v]! >= 0) out[v] = sets.find(out[v]!);
  return out;
}

/**
 * A seller whose only tie to its community is one weak coincidence (a
 * recycled phone number, a registration agent's address) is not a member:
 * membership needs the summed base weights of the identifiers it shares with
 * other members to reach `minStrength` (a bundle of co-occurring identifiers,
 * such as an agent's address and phone, counts once). Repeated until stable, since dropping
 * a member can leave another one alone.
 */
export function pruneWeakMembers(table: IdentifierTable, input: Int32Array, isHub: (g: number) => boolean, minStrength: number, bundles: Bundles | null = null): Int32Array {
  const community = Int32Array.from(input);
  const strength = new Float64Array(community.length);
  const n = community.length;
  // Co-occurring identifiers count once per seller: the strongest of the bundle it shares.
  const bundled = new Map<number, number>();
  for (let round = 0; round < 10; round++) {
    strength.fill(0);
    bundled.clear();
    forEachGroupByCommunity(table, community, isHub, (g, byCommunity) => {
      const w = TYPE_WEIGHTS[groupTypeOf(table, g)];
      const bundle = bundles !== null && (bundles.bundleOf[g] !== g || bundles.multi.has(g)) ? bundles.bundleOf[g]! : -1;
      for (const slots of byCommunity.values()) {
        if (slots.length < 2) continue;
        for (const i of slots) {
          const v = table.members[i]!;
          if (bundle < 0) strength[v]! += w;
          else {
            const key = bundle * n + v;
            bundled.set(key, Math.max(bundled.get(key) ?? 0, w));
          }
        }
      }
    });
    for (const [key, w] of bundled) strength[key % n]! += w;
    let changed = false;
    for (let v = 0; v < community.length; v++) {
      if (community[v]! >= 0 && strength[v]! < minStrength) {
        community[v] = -1;
        changed = true;
      }
    }
    if (!changed) break;
  }
  return community;
}

function collectRings(community: Int32Array, minSize: number): number[][] {
  const byCommunity = new Map<number, number[]>();
  for (let v = 0; v < community.length; v++) {
    const c = community[v]!;
    if (c < 0) continue;
    let list = byCommunity.get(c);
    if (!list) byCommunity.set(c, (list = []));
    list.push(v);
  }
  return [...byCommunity.values()].filter((members) => members.length >= minSize);
}

interface Explanation {
  shared: SharedIdentifier[];
  why: Map<number, Array<Omit<WhyItem, 'label'>>>;
  sources: Array<Omit<LikelySource, 'address'>>;
  sharedSourceParcels: number;
  meanMemberStrength: number;
}

function explainRings(table: IdentifierTable, graph: EvidenceGraph, rings: number[][], isHub: (g: number) => boolean): Explanation[] {
  const ringOf = new Int32Array(table.sellerIds.length).fill(-1);
  rings.forEach((members, r) => members.forEach((v) => (ringOf[v] = r)));
  const out: Explanation[] = rings.map(() => ({ shared: [], why: new Map(), sources: [], sharedSourceParcels: 0, meanMemberStrength: 0 }));
  const sources = rings.map(() => new Map<string, { parcels: number; sellers: Set<number> }>());

  forEachGroupByCommunity(table, ringOf, isHub, (g, byRing) => {
    const type = groupTypeOf(table, g);
    const value = table.value[g]!;
    const weight = pairWeight(type, table.size[g]!);
    for (const [r, slots] of byRing) {
      const e = out[r]!;
      if (ADDRESS_TYPES.has(type)) {
        const src = sources[r]!;
        let entry = src.get(value);
        if (!entry) src.set(value, (entry = { parcels: 0, sellers: new Set() }));
        for (const i of slots) {
          entry.sellers.add(table.members[i]!);
          entry.parcels += table.parcels[i]!;
        }
      }
      if (slots.length < 2) continue;
      e.shared.push({ type, value, sellers: slots.length });
      const members = slots.map((i) => table.members[i]!);
      for (const v of members) {
        let items = e.why.get(v);
        if (!items) e.why.set(v, (items = []));
        const others = members.filter((m) => m !== v);
        items.push({
          type,
          value,
          weight: Math.round(weight * others.length * 1000) / 1000,
          sharedWith: others.slice(0, WHY_SHARED_WITH_CAP).map((m) => table.sellerIds[m]!),
        });
      }
    }
  });

  const internal = new Float64Array(rings.length);
  for (let k = 0; k < graph.edgeCount; k++) {
    const r = ringOf[graph.source[k]!]!;
    if (r >= 0 && r === ringOf[graph.target[k]!]) internal[r]! += graph.weight[k]!;
  }
  rings.forEach((members, r) => {
    const e = out[r]!;
    const homes = new Set(e.shared.filter((s) => s.type === 'registered_address').map((s) => s.value));
    for (const s of e.shared) {
      if (s.type === 'shipment_origin' && !homes.has(s.value)) e.sharedSourceParcels += sources[r]!.get(s.value)?.parcels ?? 0;
    }
    e.meanMemberStrength = (2 * internal[r]!) / members.length;
    e.shared.sort((a, b) => b.sellers - a.sellers || TYPE_WEIGHTS[b.type] - TYPE_WEIGHTS[a.type] || (a.value < b.value ? -1 : 1));
    for (const items of e.why.values()) items.sort((a, b) => b.weight - a.weight || (a.value < b.value ? -1 : 1));
    e.sources = [...sources[r]!.entries()]
      .filter(([, s]) => s.parcels > 0 || s.sellers.size >= 2)
      .map(([key, s]) => ({ key, shipments: Math.round(s.parcels), sellers: s.sellers.size }))
      .sort((a, b) => b.shipments - a.shipments || b.sellers - a.sellers || (a.key < b.key ? -1 : 1))
      .slice(0, SOURCES_LISTED);
  });
  return out;
}

/** Order-independent digest of the identifier data detection saw. */
function fingerprint(table: IdentifierTable): string {
  const hash = createHash('sha256');
  hash.update(`${table.sellerIds.length}|${table.groupCount}|`);
  for (const id of table.sellerIds) hash.update(`${id}\n`);
  for (let g = 0; g < table.groupCount; g++) {
    hash.update(`${table.type[g]}|${table.value[g]}|${table.size[g]}|`);
    hash.update(table.members.subarray(table.offset[g]!, table.offset[g + 1]!));
  }
  return hash.digest('hex').slice(0, 16);
}
