/**
 * The storage port every use case depends on. Two adapters implement it:
 * `embedded/` (SQLite, the newcomer default) and `neo4j/` (the product's
 * store). Each concern is its own interface so adapters can be built and
 * tested piece by piece; `Store` is their sum.
 */
import type { IngestBatch } from '../model/records.ts';
import type { IdentifierGroup, Ring, RingChange, RingHistoryEntry, RingTier, RunRecord, SellerFacts } from '../model/rings.ts';
import type { GraphNode, NodeRef, NodeType, Subgraph } from '../model/graph.ts';
import type { AuditEntry, AuditQuery, TokenRecord } from '../model/access.ts';
import type { CommunityDetector, GdsProjection } from '../detect/community-detector.ts';
import type { RunLockClaim, RunLockInfo, RunLockResult } from '../model/run-lock.ts';
import type { IngestRecord } from '../model/provenance.ts';
import type { SavedView, SavedViewQuery } from '../model/saved-views.ts';
import type { Alert, AlertQuery, CaseChange, CaseEvent, CaseQuery, CaseRecord, CaseworkMarks, DeliveryOutcome, OutboxMessage, RunCasework } from '../model/casework.ts';

export interface StoreInfo {
  kind: 'embedded' | 'neo4j';
  /** Where it lives: a folder for embedded, a URI (never credentials) for Neo4j. */
  location: string;
  version: string;
}

export interface Counts {
  sellers: number;
  shops: number;
  addresses: number;
  paymentAccounts: number;
  shipments: number;
  reports: number;
}

/**
 * How to open this same store again from another thread (plain data, so it
 * can be posted to a worker): detection runs in a worker thread so a server
 * keeps answering while it computes.
 */
export type StoreSpec =
  | { kind: 'embedded'; dataDir: string }
  | { kind: 'neo4j'; uri: string; user: string; password: string; database?: string; readTimeoutMs?: number };

export interface StoreLifecycle {
  readonly kind: 'embedded' | 'neo4j';
  /** The store's spec for a second connection (absent: the store cannot be reopened elsewhere, e.g. a test double). */
  reopenSpec?(): StoreSpec;
  /** Connects and applies schema (idempotent). */
  open(): Promise<void>;
  close(): Promise<void>;
  /** Throws EngineError STORE_UNAVAILABLE when unreachable. */
  info(): Promise<StoreInfo>;
  counts(): Promise<Counts>;
  /**
   * Catches up search indexing that writes deferred (the embedded store builds
   * its full-text index in bulk rather than per row). Servers call it before
   * listening so no search waits for it; stores that index on write omit it.
   */
  prepareSearch?(): Promise<void>;
}

export interface IngestWrites {
  /**
   * Rows per batch this store writes best (default 5,000). The embedded store
   * wants big transactions: every commit rewrites the index pages it touched,
   * and export keys (phones, emails, address keys) land all over the indexes.
   */
  readonly preferredBatchRows?: number;
  /** Idempotent upserts of one batch; durable when the promise resolves. */
  writeBatch(batch: IngestBatch): Promise<void>;
  /** Which of these seller ids the store already holds. */
  existingSellers(ids: string[]): Promise<Set<string>>;
  /** Which of these shop ids the store already holds. */
  existingShops(ids: string[]): Promise<Set<string>>;
  /** Appends what one load read (provenance); durable when the promise resolves, never rewritten. */
  recordIngest(record: IngestRecord): Promise<void>;
}

export interface IngestReads {
  /** Ingest records, newest first, paged; `total` before paging. */
  listIngests(query: { offset: number; limit: number }): Promise<{ ingests: IngestRecord[]; total: number }>;
}

/** One parcel as a dossier lists it. */
export interface StoredShipment {
  shipmentId: string;
  shopId: string;
  originKey: string | null;
  destinationKey: string | null;
  carrier: string | null;
  trackingNo: string | null;
  shippedAt: string | null;
  weightKg: number | null;
  declaredItem: string | null;
}

export interface EvidenceReads {
  /** Every shipment of these shops, ordered by shop id, then shipment id. */
  shipmentsOfShops(shopIds: string[]): Promise<StoredShipment[]>;
}

export interface IdentifierGroupQuery {
  /** Skip identifiers shared by fewer sellers (default 2: singletons carry no evidence). */
  minSellers?: number;
  /** Larger groups come back with `size` only and an empty `sellers` list (hubs are not worth shipping). */
  maxSellers?: number;
}

export interface DetectionReads {
  /**
   * Streams identifier → sellers lists, never the whole graph. Groups per type:
   * id_document (sellers.id_number_hash), payment_account (account_id),
   * phone / email (normalised seller phone / email), registered_address
   * (sellers.registered_address and addresses with role registered),
   * warehouse_address / return_address / pickup_address (addresses by role),
   * shipment_origin (origin address of shipments of the seller's shops, with
   * parcel counts per seller). Sellers within a group are distinct and sorted.
   */
  identifierGroups(query: IdentifierGroupQuery): AsyncIterable<IdentifierGroup>;
  /** Facts for scoring, for the given sellers only. */
  sellerFacts(sellerIds: string[]): Promise<Map<string, SellerFacts>>;
  /** Canonical display text of address keys. */
  addressTexts(keys: string[]): Promise<Map<string, string>>;
  /** Total number of sellers in the store. */
  sellerCount(): Promise<number>;
  /**
   * Community detection inside the store (Neo4j with Graph Data Science), or null when this store or server cannot
   * run it. Stores without such an engine omit the method. `projection` is how the evidence graph reaches the
   * engine (default `bolt`).
   */
  storeCommunities?(algorithm: 'leiden' | 'louvain', projection?: GdsProjection): Promise<CommunityDetector | null>;
}

export interface RingListQuery {
  runId?: string;
  minScore?: number;
  minSize?: number;
  maxSize?: number;
  /** Only rings whose `brands` include one of these. */
  brands?: string[];
  /** Only rings whose change is one of these. */
  changes?: RingChange[];
  /** Only rings of these tiers (a ring stored without a tier is a `ring`); absent: every tier. */
  tiers?: RingTier[];
  sort?: 'score' | 'size';
  offset?: number;
  limit?: number;
}

export interface SaveRunOptions {
  /**
   * Fencing: the save fails with CONFLICT, writing nothing, unless this holder
   * still holds the detection lock when the run is published (checked in the
   * publishing transaction), so a run whose lease was lost cannot overwrite
   * the run of whoever took the lock.
   */
  lockHolder?: string;
  /**
   * The run's alerts, outbox messages and case changes (model/casework.ts),
   * written in the same transaction that makes the run current: a crash loses
   * both or neither. Every part is idempotent (saving the run again adds nothing).
   */
  casework?: RunCasework;
}

export interface RingWrites {
  /**
   * Writes a run's rings under the run id, then marks the run current, so a
   * reader sees the old run or the new one, never a mix.
   */
  saveRun(run: RunRecord, rings: Ring[], options?: SaveRunOptions): Promise<void>;
}

export interface RingReads {
  currentRun(): Promise<RunRecord | null>;
  getRun(runId: string): Promise<RunRecord | null>;
  listRuns(offset: number, limit: number): Promise<RunRecord[]>;
  /** Rings of the current run (or `runId`), filtered and sorted; `total` before paging. */
  listRings(query: RingListQuery): Promise<{ rings: Ring[]; total: number }>;
  /** A ring by id in the current run (or `runId`), with `why`. */
  getRing(ringId: string, runId?: string): Promise<Ring | null>;
  /** Every run's version of one ring id, newest first. */
  ringHistory(ringId: string): Promise<RingHistoryEntry[]>;
}

export type Store = StoreLifecycle & IngestWrites & DetectionReads & RingWrites & RingReads;

export interface GraphReads {
  entity(ref: NodeRef): Promise<GraphNode | null>;
  /** Nodes within `depth` hops of `ref` (shipments aggregated per origin), capped at `limit` nodes. */
  neighbourhood(ref: NodeRef, options: { depth: 1 | 2; limit: number; types?: NodeType[] }): Promise<Subgraph>;
  /** A ring's members and everything that ties them, ready for Sigma; capped at `limit` nodes. */
  ringSubgraph(ringId: string, options: { limit: number; runId?: string }): Promise<Subgraph | null>;
  /**
   * Names, ids, phones, emails and canonical address text; `text` is already normalised by the caller where it applies.
   * `addressKey` (the query resolved as a place): when an address has that key, the search answers with it alone.
   */
  search(query: { text: string; types?: NodeType[]; limit: number; addressKey?: string }): Promise<GraphNode[]>;
}

export interface AccessStore {
  /**
   * Stores a token; CONFLICT (`nameTaken`) when a live token — not revoked,
   * not expired at `token.createdAt` — already has its name: saved views and
   * audit entries go by token name, so two live tokens must not share one.
   */
  createToken(token: TokenRecord): Promise<void>;
  findTokenByHash(hash: string): Promise<TokenRecord | null>;
  listTokens(): Promise<TokenRecord[]>;
  /** True when a live token was revoked. */
  revokeToken(id: string): Promise<boolean>;
  /** Records that the token authenticated a request at `at`. */
  touchToken(id: string, at: string): Promise<void>;
  /** Every brand named by a report, each once. */
  listBrands(): Promise<string[]>;
  /** Append-only; durable when the promise resolves. */
  appendAudit(entry: AuditEntry): Promise<void>;
  listAudit(query: AuditQuery): Promise<{ entries: AuditEntry[]; total: number }>;
}

/**
 * The store-level detection lock with a lease (model/run-lock.ts). Expiry is
 * judged by the store's clock (SQLite: the host's; Neo4j: the server's), so
 * processes on several machines agree on it.
 */
export interface RunLocks {
  /** Takes the lock when it is free or its lease has run out; otherwise says who holds it. */
  acquireRunLock(claim: RunLockClaim, leaseMs: number): Promise<RunLockResult>;
  /** Extends the holder's lease; false when it no longer holds the lock (its lease ran out and someone took it). */
  renewRunLock(holder: string, leaseMs: number): Promise<boolean>;
  /** Frees the lock if `holder` holds it; a no-op otherwise. */
  releaseRunLock(holder: string): Promise<void>;
  /** The live holder, or null when the lock is free (an expired lease counts as free). */
  runLock(): Promise<RunLockInfo | null>;
}

/** The explorer's named saved views, per owner. */
export interface SavedViewStore {
  /** Stores a new view; CONFLICT when the id is taken. Durable when the promise resolves. */
  createSavedView(view: SavedView): Promise<void>;
  getSavedView(id: string): Promise<SavedView | null>;
  /** The owner's views, newest first, paged; `total` before paging. */
  listSavedViews(query: SavedViewQuery): Promise<{ views: SavedView[]; total: number }>;
  /** True when a view was deleted. */
  deleteSavedView(id: string): Promise<boolean>;
}

/** Options of claiming due webhook messages (the delivery loop, engine/casework/deliver-outbox.ts). */
export interface OutboxClaim {
  /** The caller's clock, ms since the epoch. */
  nowMs: number;
  limit: number;
  /** A claimed message is not handed to another claimant for this long (a crashed sender's claim lapses). */
  claimMs: number;
  /** Also messages whose next attempt is not due yet (`ringtrace alerts deliver`). */
  ignoreSchedule?: boolean;
  /** Also `failed` messages (their attempts start over). */
  includeFailed?: boolean;
}

/**
 * Deleting settled webhook messages (retention, engine/casework/prune-outbox.ts).
 * Only `sent`, `failed` and `disabled` messages whose last state change is
 * before `before` go; a `pending` one (waiting, retrying or claimed) never does.
 */
export interface OutboxPrune {
  /** ISO time: messages whose last state change is earlier are deleted. */
  before: string;
  /** Most messages deleted per transaction; the store repeats until none is left. */
  batchSize: number;
}

/**
 * Alerts, the webhook outbox and cases. A run writes them through saveRun's
 * `casework`; people change cases here, each change with its event in one
 * transaction.
 */
export interface CaseworkStore {
  /** The case following each of these ring ids (cases folded into another by a merge excluded). */
  casesForRings(ringIds: string[]): Promise<Map<string, CaseRecord>>;
  /** Newest first; `total` before paging. */
  listAlerts(query: AlertQuery): Promise<{ alerts: Alert[]; total: number }>;
  getAlert(alertId: string): Promise<Alert | null>;
  /** Null when there is no such alert; acknowledging twice keeps the first acknowledgement. */
  acknowledgeAlert(alertId: string, by: string, at: string): Promise<Alert | null>;
  listCases(query: CaseQuery): Promise<{ cases: CaseRecord[]; total: number }>;
  getCase(caseId: string): Promise<CaseRecord | null>;
  /** The case's history, oldest first. */
  caseEvents(caseId: string): Promise<CaseEvent[]>;
  /** Appends the event and applies the status/assignee; NOT_FOUND, or CONFLICT when `expectedStatus` no longer holds. */
  changeCase(change: CaseChange): Promise<CaseRecord>;
  /** Due messages, oldest first, claimed for `claimMs`. */
  claimOutbox(claim: OutboxClaim): Promise<OutboxMessage[]>;
  recordDelivery(outcome: DeliveryOutcome): Promise<void>;
  /** Every outbox message, oldest first (CLI, tests). */
  listOutbox(): Promise<OutboxMessage[]>;
  /**
   * Deletes settled messages older than `before`, in transactions of at most
   * `batchSize`; returns how many went. Each pruned message's final delivery
   * is kept on its alert, so the alert still says it was sent (or failed).
   */
  pruneOutbox(prune: OutboxPrune): Promise<number>;
  /** What the live-events stream polls. */
  caseworkMarks(): Promise<CaseworkMarks>;
}

/** Everything a deployed ringtrace needs from storage. */
export type FullStore = Store & GraphReads & AccessStore & RunLocks & IngestReads & EvidenceReads & CaseworkStore & SavedViewStore;
