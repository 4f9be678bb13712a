/**
 * Detection inputs (identifier groups, seller facts) and outputs (rings, runs).
 * The ring shape is the ring output of docs/export-format.md plus optional fields.
 */

import { EngineError } from './errors.ts';
import type { IdentifierType } from './identifiers.ts';

/** All sellers tied to one identifier, as the store streams them to detection. */
export interface IdentifierGroup {
  type: IdentifierType;
  /** Normalised value: account id, phone, email, ID hash, or canonical address key. */
  value: string;
  /** Distinct sellers tied to it (also when `sellers` was left empty because of `maxSellers`). */
  size: number;
  /** The sellers; empty when the group is larger than the query's `maxSellers`. */
  sellers: string[];
  /** For `shipment_origin`: parcels each seller's shops sent from here (parallel to `sellers`). */
  shipments?: number[];
}

/** What scoring needs to know about one seller. */
export interface SellerFacts {
  sellerId: string;
  status: string | null;
  shopIds: string[];
  shopsTakenDown: number;
  shopsClosed: number;
  counterfeitReports: number;
  genuineReports: number;
  complaints: number;
  takedownReports: number;
  /** Brands with at least one counterfeit verdict on this seller's shops. */
  counterfeitBrands: string[];
  /** Brands with any report on this seller's shops. */
  reportedBrands: string[];
}

/** Facts of a seller with no shops and no reports: the start every adapter accumulates into. */
export function emptySellerFacts(sellerId: string, status: string | null): SellerFacts {
  return {
    sellerId,
    status,
    shopIds: [],
    shopsTakenDown: 0,
    shopsClosed: 0,
    counterfeitReports: 0,
    genuineReports: 0,
    complaints: 0,
    takedownReports: 0,
    counterfeitBrands: [],
    reportedBrands: [],
  };
}

export interface SharedIdentifier {
  type: IdentifierType;
  value: string;
  /** Ring members tied to it. */
  sellers: number;
  /** Readable form (canonical address text) when it differs from `value`. */
  label?: string;
}

export interface LikelySource {
  /** Canonical address text. */
  address: string;
  /** Canonical address key. */
  key: string;
  shipments: number;
  sellers: number;
}

/** One identifier tying a member to the rest of its ring. */
export interface WhyItem {
  type: IdentifierType;
  value: string;
  label?: string;
  /** Evidence weight this identifier contributes to the member's ties. */
  weight: number;
  /** Other ring members that share it. */
  sharedWith: string[];
}

/** How a ring relates to the previous run's rings (lineage, engine/detect/lineage.ts). */
/**
 * `changed`: the same ring (matched by overlap) with the same number of
 * members but different ones — neither grown nor shrunk.
 */
export const RING_CHANGES = ['new', 'grown', 'shrunk', 'changed', 'unchanged', 'merged', 'split'] as const;
export type RingChange = (typeof RING_CHANGES)[number];

/** The changes that count as "new or changed" (everything but `unchanged`). */
export const CHANGED_RING_CHANGES: readonly RingChange[] = RING_CHANGES.filter((c) => c !== 'unchanged');

/** A stored change read back: one of RING_CHANGES (anything else is a damaged record), or null. */
export function storedRingChange(value: string | null): RingChange | null {
  if (value === null || (RING_CHANGES as readonly string[]).includes(value)) return value as RingChange | null;
  throw new EngineError('INTERNAL', `stored ring change ${JSON.stringify(value)} is not one of ${RING_CHANGES.join(', ')}`);
}

/** What a run's lineage counts: each ring's change, plus old rings with no successor. */
export const LINEAGE_EVENTS = [...RING_CHANGES, 'dissolved'] as const;
export type LineageEvent = (typeof LINEAGE_EVENTS)[number];

/**
 * `ring`: three or more sellers under evidence of common control (a shared ID
 * document, payout account or device, or two shipping places). `linked`:
 * pairs and groups tied by less (one place, weak identifiers), reported apart.
 */
export type RingTier = 'ring' | 'linked';

export interface Ring {
  id: string;
  score: number;
  /** Absent on rings stored before tiers existed: read as `ring`. */
  tier?: RingTier;
  size: number;
  members: string[];
  shops: string[];
  sharedIdentifiers: SharedIdentifier[];
  likelySources: LikelySource[];
  brands: string[];
  evidence: { counterfeitReports: number; takedowns: number; bannedSellers?: number };
  scoreBreakdown: Record<string, number>;
  /** Per member: the identifiers that tie it into the ring, strongest first. */
  why?: Record<string, WhyItem[]>;
  /** Lineage against the previous run. */
  change?: RingChange;
  previousIds?: string[];
  runId?: string;
}

/** One run's version of a ring (GET /api/rings/:id/history), newest first. */
export interface RingHistoryEntry {
  runId: string;
  startedAt: string;
  size: number;
  score: number;
  change: RingChange | null;
}

export interface HubInfo {
  type: IdentifierType;
  value: string;
  label?: string;
  sellers: number;
}

export interface DetectParams {
  resolution: number;
  seed: number;
  /** Identifiers above this many sellers (or the data-derived threshold) are hubs. */
  hubThreshold: number | 'auto';
  /** Pairs whose summed evidence is below this carry no edge. */
  minLinkWeight: number;
  /** A member needs at least this much (summed base weights of identifiers it shares with the ring) to stay. */
  minMemberStrength: number;
  /** Communities sharing at least this many ID documents / payout accounts are merged (0: never). */
  mergeSharedControl: number;
  minRingSize: number;
  /** Weak identifiers held together by at least this many sellers are one piece of evidence (0: never bundle). */
  coOccurrenceMinShared: number;
  /** Cut communities at a place shared by two operations with places of their own. */
  splitSharedPlaces: boolean;
}

export interface RunRecord {
  id: string;
  startedAt: string;
  finishedAt: string;
  params: DetectParams;
  sellers: number;
  links: number;
  modularity: number;
  /**
   * What found the communities: `in-process` (graphology Louvain per component), `gds-leiden` or `gds-louvain`
   * (inside Neo4j). Absent on runs saved before it was recorded (they were all in-process).
   */
  communityEngine?: string;
  fingerprint: string;
  timingsMs: Record<string, number>;
  hubs: HubInfo[];
  hubThresholdUsed: number;
  ringsFound: number;
  lineage: Partial<Record<LineageEvent, number>>;
  previousRunId: string | null;
}

/** The file `detect --out` writes (docs/export-format.md, "Ring output"). */
export interface RingOutput {
  run: Pick<RunRecord, 'id' | 'startedAt' | 'finishedAt' | 'params' | 'sellers' | 'links' | 'modularity'>;
  rings: Ring[];
}
