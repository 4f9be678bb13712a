/**
 * The API contract: every response body as a zod schema, and the types the
 * use cases return and the explorer reads derived from them (`z.output`), so
 * there is one definition of each shape. The OpenAPI document is generated
 * from the same schemas (openapi.ts). Objects are strict: a field a use case
 * returns but the schema lacks fails the HTTP test harness, which validates
 * every JSON answer against its route's schema. Responses are not
 * re-validated at run time (it would cost more than it catches); the route
 * table checks at compile time that each handler returns its schema's type.
 */
import { z } from 'zod';
import {
  ALERT_KINDS,
  ALERT_STATUSES,
  AUDIT_OUTCOMES,
  CASE_EVENT_KINDS,
  CASE_STATUSES,
  DELIVERY_STATES,
  EDGE_TYPES,
  IDENTIFIER_TYPES,
  JOB_KINDS,
  JOB_STATES,
  LINEAGE_EVENTS,
  NODE_TYPES,
  RING_CHANGES,
  ROLES,
} from '../../engine/index.ts';

const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);

export const errorSchema = z
  .strictObject({
    error: z.strictObject({
      code: z.string().meta({ description: 'Machine-readable: INVALID_INPUT, UNAUTHORIZED, FORBIDDEN, NOT_FOUND, CONFLICT, RATE_LIMITED, …' }),
      message: z.string(),
      requestId: z.string().optional(),
      field: z.string().optional().meta({ description: 'For INVALID_INPUT: the path of the bad field, e.g. query.limit' }),
    }),
  })
  .meta({ id: 'Error' });

export const pageSchema = z.strictObject({
  offset: z.number().int(),
  limit: z.number().int(),
  total: z.number().int().nullable().meta({ description: 'Null when the store cannot count cheaply' }),
  nextOffset: z.number().int().nullable().meta({ description: 'Offset of the next page, null on the last' }),
});
export type Page = z.output<typeof pageSchema>;

/** A page of items: `{ items, page }`. */
export function paged<T extends z.ZodType>(item: T) {
  return z.strictObject({ items: z.array(item), page: pageSchema });
}
/** A page of `T`, as a paged list route answers. */
export interface Paged<T> {
  items: T[];
  page: Page;
}

// ---- shared enums (each defined once in the engine)
export const ringChangeSchema = z.enum(RING_CHANGES).meta({ description: 'Lineage against the previous run' });
export const roleSchema = z.enum(ROLES);
export const nodeTypeSchema = z.enum(NODE_TYPES);
export const identifierTypeSchema = z.enum(IDENTIFIER_TYPES);

// ---- health and identity
export const healthSchema = z.strictObject({ status: z.literal('ok') });
export const readySchema = z.strictObject({ status: z.literal('ready'), store: z.enum(['embedded', 'neo4j']) });
export const meSchema = z
  .strictObject({
    name: z.string(),
    role: roleSchema,
    brands: z.array(z.string()),
    personalData: z.enum(['all', 'none', 'members']).meta({
      description: "Which personal data this token sees unmasked: `all`, `none` (pseudonyms), or `members` (that of its rings' members and their identifiers)",
    }),
  })
  .meta({ id: 'Me' });
export type Me = z.output<typeof meSchema>;

// ---- graph
export const nodeSchema = z
  .strictObject({
    id: z.string().meta({ description: '`type:key`, unique across the graph' }),
    type: nodeTypeSchema,
    key: z.string(),
    label: z.string(),
    attributes: z.record(z.string(), z.union([scalar, z.array(z.string())])),
  })
  .meta({ id: 'Node' });
export type GraphNode = z.output<typeof nodeSchema>;

export const edgeSchema = z
  .strictObject({
    id: z.string(),
    source: z.string(),
    target: z.string(),
    type: z.enum(EDGE_TYPES),
    weight: z.number().optional(),
    attributes: z.record(z.string(), scalar).optional(),
  })
  .meta({ id: 'Edge' });
export type GraphEdge = z.output<typeof edgeSchema>;

export const subgraphSchema = z
  .strictObject({ nodes: z.array(nodeSchema), edges: z.array(edgeSchema), truncated: z.boolean() })
  .meta({ id: 'Subgraph', description: 'Typed nodes and edges, ready for graphology/Sigma `import`; `truncated` when the node cap cut it.' });
export type Subgraph = z.output<typeof subgraphSchema>;

// ---- rings
const sharedIdentifierSchema = z.strictObject({ type: identifierTypeSchema, value: z.string(), sellers: z.number(), label: z.string().optional() });
const likelySourceSchema = z.strictObject({ address: z.string(), key: z.string(), shipments: z.number(), sellers: z.number() });
const whySchema = z.strictObject({ type: identifierTypeSchema, value: z.string(), label: z.string().optional(), weight: z.number(), sharedWith: z.array(z.string()) });
export type WhyItem = z.output<typeof whySchema>;
const evidenceSchema = z.strictObject({ counterfeitReports: z.number(), takedowns: z.number(), bannedSellers: z.number().optional() });

export const ringSummarySchema = z
  .strictObject({
    id: z.string(),
    runId: z.string().nullable(),
    score: z.number(),
    tier: z.enum(['ring', 'linked']).meta({ description: "'ring': three or more sellers under evidence of common control; 'linked': a pair or a group tied by less" }),
    size: z.number(),
    shops: z.number(),
    brands: z.array(z.string()),
    change: ringChangeSchema.nullable(),
    previousIds: z.array(z.string()),
    evidence: evidenceSchema,
    scoreBreakdown: z.record(z.string(), z.number()),
    likelySources: z.array(likelySourceSchema),
  })
  .meta({ id: 'RingSummary' });
export type RingSummary = z.output<typeof ringSummarySchema>;

export const historyItemSchema = z.strictObject({ runId: z.string(), startedAt: z.string(), size: z.number(), score: z.number(), change: ringChangeSchema.nullable() });
export type HistoryItem = z.output<typeof historyItemSchema>;

export const brandEvidenceSchema = z.strictObject({
  brand: z.string(),
  counterfeitSellers: z.number().meta({ description: 'Members with a counterfeit verdict for this brand on one of their shops' }),
  reportedSellers: z.number().meta({ description: 'Members with any report for this brand' }),
});
export type BrandEvidence = z.output<typeof brandEvidenceSchema>;

const sellerFactsSchema = z
  .strictObject({
    status: z.string().nullable().meta({ description: 'Account status (active, suspended, banned, …)' }),
    shops: z.number(),
    shopsTakenDown: z.number(),
    shopsClosed: z.number(),
    counterfeitReports: z.number(),
    genuineReports: z.number(),
    takedownReports: z.number(),
    counterfeitBrands: z.array(z.string()).meta({ description: 'Brands with a counterfeit verdict on one of its shops' }),
    reportedBrands: z.array(z.string()),
  })
  .meta({ id: 'SellerFacts', description: "A member's own evidence, as scoring read it" });
export type SellerFactsView = z.output<typeof sellerFactsSchema>;

export const ringDetailSchema = z
  .strictObject({
    ...ringSummarySchema.shape,
    shops: z.array(z.string()),
    members: z.array(z.strictObject({ sellerId: z.string(), why: z.array(whySchema), facts: sellerFactsSchema.nullable() })),
    sharedIdentifiers: z.array(sharedIdentifierSchema),
    evidenceByBrand: z.array(brandEvidenceSchema),
    history: z.array(historyItemSchema),
  })
  .meta({ id: 'RingDetail' });
export type RingDetail = z.output<typeof ringDetailSchema>;

export const ringHistorySchema = z.strictObject({ items: z.array(historyItemSchema) });

export const overviewRingSchema = ringSummarySchema.pick({ id: true, score: true, size: true, brands: true, change: true, tier: true });
export type OverviewRing = z.output<typeof overviewRingSchema>;
export const overviewLinkSchema = z.strictObject({
  source: z.string(),
  target: z.string(),
  shared: z.number().meta({ description: 'Identifiers the two rings share' }),
  weight: z.number().meta({ description: 'Sum of 1/log2(1 + rings sharing it) over those identifiers' }),
  examples: z.array(z.string()).meta({ description: 'Up to 3 shared identifiers as node ids (pseudonyms for viewers)' }),
});
export type OverviewLink = z.output<typeof overviewLinkSchema>;
export const ringsOverviewSchema = z
  .strictObject({
    runId: z.string().nullable(),
    rings: z.array(overviewRingSchema),
    links: z.array(overviewLinkSchema),
    hubsSkipped: z.number().meta({ description: 'Identifiers shared by too many rings to mean anything; they link nothing' }),
    truncated: z.boolean(),
  })
  .meta({ id: 'RingsOverview' });
export type RingsOverview = z.output<typeof ringsOverviewSchema>;

// ---- runs and jobs
export const detectParamsSchema = z.strictObject({
  resolution: z.number(),
  seed: z.number(),
  hubThreshold: z.union([z.number(), z.literal('auto')]),
  minLinkWeight: z.number(),
  minMemberStrength: z.number(),
  mergeSharedControl: z.number(),
  minRingSize: z.number(),
  coOccurrenceMinShared: z.number(),
  splitSharedPlaces: z.boolean(),
});

export const runSchema = z
  .strictObject({
    id: z.string(),
    startedAt: z.string(),
    finishedAt: z.string(),
    params: detectParamsSchema,
    sellers: z.number(),
    links: z.number(),
    modularity: z.number(),
    communityEngine: z.string().optional(),
    fingerprint: z.string(),
    timingsMs: z.record(z.string(), z.number()),
    hubs: z.array(z.strictObject({ type: identifierTypeSchema, value: z.string(), label: z.string().optional(), sellers: z.number() })),
    hubThresholdUsed: z.number(),
    ringsFound: z.number(),
    lineage: z.partialRecord(z.enum(LINEAGE_EVENTS), z.number()),
    previousRunId: z.string().nullable(),
    current: z.boolean(),
  })
  .meta({ id: 'Run' });
export type RunView = z.output<typeof runSchema>;

export const jobSchema = z
  .strictObject({
    id: z.string(),
    kind: z.enum(JOB_KINDS),
    state: z.enum(JOB_STATES),
    owner: z.string().nullable(),
    createdAt: z.string(),
    finishedAt: z.string().nullable(),
    progress: z.strictObject({ stage: z.string(), done: z.number(), total: z.number(), rows: z.number().optional() }),
    errors: z.array(z.strictObject({ file: z.string(), line: z.number(), reason: z.string() })),
    errorCount: z.number(),
    result: z.record(z.string(), z.unknown()).nullable(),
    failure: z.strictObject({ code: z.string(), message: z.string() }).nullable(),
  })
  .meta({ id: 'Job' });
export type JobView = z.output<typeof jobSchema>;

const jobLinksSchema = z.strictObject({ job: z.string() });
export const jobAcceptedSchema = z.strictObject({ job: jobSchema, links: jobLinksSchema });
export const uploadAcceptedSchema = z.strictObject({
  job: jobSchema,
  files: z.array(z.strictObject({ name: z.string(), bytes: z.number() })),
  links: jobLinksSchema,
});
export type UploadedFile = z.output<typeof uploadAcceptedSchema>['files'][number];

// ---- access
export const auditOutcomeSchema = z.enum(AUDIT_OUTCOMES);

export const tokenSchema = z
  .strictObject({ id: z.string(), name: z.string(), role: roleSchema, brands: z.array(z.string()), createdAt: z.string(), revokedAt: z.string().nullable(), expiresAt: z.string().nullable(), lastUsedAt: z.string().nullable(), purpose: z.enum(['api', 'login']) })
  .meta({ id: 'Token' });
export type TokenView = z.output<typeof tokenSchema>;
export const tokenCreatedSchema = z.strictObject({ token: tokenSchema, secret: z.string().meta({ description: 'The secret, shown this once' }) });
export const tokenRevokedSchema = z.strictObject({ revoked: z.string() });

export const auditEntrySchema = z
  .strictObject({
    id: z.string(),
    at: z.string(),
    tokenName: z.string().nullable(),
    role: roleSchema.nullable(),
    action: z.string(),
    route: z.string().nullable(),
    ringIds: z.array(z.string()),
    entityIds: z.array(z.string()),
    remote: z.string().nullable(),
    outcome: auditOutcomeSchema,
    details: z.record(z.string(), z.unknown()).optional(),
  })
  .meta({ id: 'AuditEntry' });

// ---- saved views of the explorer
/** Largest view state the API stores, as JSON text (a few thousand node positions). */
export const SAVED_VIEW_STATE_MAX_BYTES = 90_000;
const viewNodeId = z.string().min(3).max(512).regex(/^[a-z_]+:[^\u0000-\u001f\u007f]+$/, 'must be a node id such as seller:S-1');
const coordinate = z.number().min(-1e7).max(1e7);
export const viewStateSchema = z
  .strictObject({
    mode: z.enum(['evidence', 'full']),
    selected: viewNodeId.nullable(),
    expanded: z.array(viewNodeId).max(200).meta({ description: 'Expanded nodes, in order' }),
    hiddenTypes: z.array(nodeTypeSchema).max(NODE_TYPES.length),
    minEvidence: z.number().min(0).max(1),
    timeRange: z.tuple([z.number(), z.number()]).nullable().meta({ description: 'Time window, epoch ms' }),
    style: z.strictObject({ color: z.enum(['type', 'status', 'brand']), size: z.enum(['type', 'parcels', 'degree']) }),
    positions: z.record(viewNodeId, z.tuple([coordinate, coordinate])).meta({ description: 'Node positions in graph coordinates' }),
    pinned: z.array(viewNodeId).max(10_000).meta({ description: 'Nodes the layout leaves where they are' }),
    hidden: z.array(viewNodeId).max(10_000).default([]).meta({ description: 'Nodes hidden by hand' }),
    groups: z
      .array(z.strictObject({ id: z.string().min(1).max(64), label: z.string().min(1).max(200), members: z.array(viewNodeId).min(2).max(5_000), collapsed: z.boolean() }))
      .max(100)
      .meta({ description: 'Nodes grouped into one collapsible group node' }),
  })
  .meta({ id: 'SavedViewState', description: `The explorer's view of one ring; at most ${SAVED_VIEW_STATE_MAX_BYTES.toLocaleString('en')} bytes as JSON` });
export type ViewState = z.output<typeof viewStateSchema>;
export const savedViewSummarySchema = z
  .strictObject({ id: z.string(), owner: z.string(), name: z.string(), ringId: z.string(), createdAt: z.string() })
  .meta({ id: 'SavedViewSummary' });
export type SavedViewSummary = z.output<typeof savedViewSummarySchema>;
export const savedViewSchema = z.strictObject({ ...savedViewSummarySchema.shape, state: viewStateSchema }).meta({ id: 'SavedView' });
export type SavedViewBody = z.output<typeof savedViewSchema>;
export const savedViewDeletedSchema = z.strictObject({ deleted: z.string() });

export const openApiDocumentSchema = z.record(z.string(), z.unknown());

export const pagedRings = paged(ringSummarySchema);
export const pagedRuns = paged(runSchema);
export const pagedJobs = paged(jobSchema);
export const pagedAudit = paged(auditEntrySchema);
export const pagedNodes = paged(nodeSchema);
export const pagedTokens = paged(tokenSchema);
export const pagedSavedViews = paged(savedViewSummarySchema);

// ---- alerts and cases (docs/scheduling.md)
export const deliverySchema = z.strictObject({
  state: z.enum(DELIVERY_STATES).meta({ description: "pending: waiting for an attempt; sent: the receiver answered 2xx; failed: every attempt failed (kept); disabled: no webhook configured when raised" }),
  attempts: z.number().int(),
  lastError: z.string().optional(),
  sentAt: z.string().optional(),
  nextAttemptAt: z.string().optional().meta({ description: 'While pending: when the next attempt is due' }),
});
export const alertSchema = z
  .strictObject({
    id: z.string(),
    ringId: z.string(),
    runId: z.string(),
    kind: z.enum(ALERT_KINDS),
    score: z.number(),
    reasons: z.array(z.string()),
    createdAt: z.string(),
    caseId: z.string(),
    brands: z.array(z.string()),
    status: z.enum(ALERT_STATUSES),
    acknowledgedBy: z.string().optional(),
    acknowledgedAt: z.string().optional(),
    delivery: deliverySchema,
  })
  .meta({ id: 'Alert' });
export type AlertView = z.output<typeof alertSchema>;

/** A cursor-paged list: `{ items, nextCursor, page }` (`nextCursor` null on the last page; `page` as every other list). */
export function cursorPaged<T extends z.ZodType>(item: T) {
  return z.strictObject({ items: z.array(item), nextCursor: z.string().nullable().meta({ description: 'Pass as `cursor` for the next page; null on the last' }), page: pageSchema });
}
export const pagedAlerts = cursorPaged(alertSchema);

export const caseSchema = z
  .strictObject({
    id: z.string(),
    ringId: z.string().meta({ description: 'The ring the case was opened for' }),
    ringIds: z.array(z.string()).meta({ description: 'Every ring id the case follows through lineage (merged-in rings, split pieces)' }),
    status: z.enum(CASE_STATUSES),
    assignee: z.string().nullable(),
    score: z.number().meta({ description: "The ring's score in the latest run that changed it" }),
    brands: z.array(z.string()),
    alertId: z.string().meta({ description: 'The alert that opened the case' }),
    createdAt: z.string(),
    updatedAt: z.string(),
    mergedInto: z.string().nullable().meta({ description: 'Set when a merge folded this case into another (continued there)' }),
  })
  .meta({ id: 'Case' });
export type CaseView = z.output<typeof caseSchema>;
export const pagedCases = cursorPaged(caseSchema);

export const caseEventSchema = z
  .strictObject({
    id: z.string(),
    caseId: z.string(),
    kind: z.enum(CASE_EVENT_KINDS),
    author: z.string().meta({ description: 'Token name, OS account (CLI) or `ringtrace` (a run)' }),
    role: z.string().meta({ description: 'admin, investigator, liaison, cli or system' }),
    at: z.string(),
    text: z.string().optional(),
    from: z.string().optional(),
    to: z.string().optional(),
    reason: z.string().optional(),
    manifestHash: z.string().optional(),
    ringIds: z.array(z.string()).optional(),
    fromCaseId: z.string().optional().meta({ description: 'On history copied by a merge: the case it was first written on' }),
  })
  .meta({ id: 'CaseEvent' });
export const caseDetailSchema = caseSchema.extend({ events: z.array(caseEventSchema).meta({ description: 'The history, oldest first' }) }).meta({ id: 'CaseDetail' });
export type CaseDetailView = z.output<typeof caseDetailSchema>;
export const eventTicketSchema = z.strictObject({ ticket: z.string(), expiresAt: z.string() }).meta({ id: 'EventTicket' });
