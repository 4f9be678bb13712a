/**
 * Response shapes of the API as zod schemas. They document the answers in the
 * OpenAPI document (requests are validated by each route's own schemas);
 * responses are not re-validated at run time, which would cost more than it
 * catches — the route tests check the shapes instead.
 */
import { z } from 'zod';
import { EDGE_TYPES, IDENTIFIER_TYPES, JOB_KINDS, JOB_STATES, NODE_TYPES, ROLES } from '../../engine/index.ts';
import { paged } from './validation.ts';

const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);

export const errorSchema = z
  .object({
    error: z.object({
      code: z.string().meta({ description: 'Machine-readable: INVALID_INPUT, UNAUTHORIZED, FORBIDDEN, NOT_FOUND, CONFLICT, RATE_LIMITED, …' }),
      message: z.string(),
      requestId: z.string().optional(),
      field: z.string().optional().meta({ description: 'For INVALID_INPUT: the path of the bad field, e.g. query.limit' }),
    }),
  })
  .meta({ id: 'Error' });

export const nodeSchema = z
  .object({
    id: z.string().meta({ description: '`type:key`, unique across the graph' }),
    type: z.enum(NODE_TYPES),
    key: z.string(),
    label: z.string(),
    attributes: z.record(z.string(), z.union([scalar, z.array(z.string())])),
  })
  .meta({ id: 'Node' });

export const edgeSchema = z
  .object({
    id: z.string(),
    source: z.string(),
    target: z.string(),
    type: z.enum(EDGE_TYPES),
    weight: z.number().optional(),
    attributes: z.record(z.string(), scalar).optional(),
  })
  .meta({ id: 'Edge' });

export const subgraphSchema = z
  .object({ nodes: z.array(nodeSchema), edges: z.array(edgeSchema), truncated: z.boolean() })
  .meta({ id: 'Subgraph', description: 'Typed nodes and edges, ready for graphology/Sigma `import`; `truncated` when the node cap cut it.' });

const sharedIdentifierSchema = z.object({ type: z.enum(IDENTIFIER_TYPES), value: z.string(), sellers: z.number(), label: z.string().optional() });
const likelySourceSchema = z.object({ address: z.string(), key: z.string(), shipments: z.number(), sellers: z.number() });
const whySchema = z.object({ type: z.enum(IDENTIFIER_TYPES), value: z.string(), label: z.string().optional(), weight: z.number(), sharedWith: z.array(z.string()) });
const evidenceSchema = z.object({ counterfeitReports: z.number(), takedowns: z.number(), bannedSellers: z.number().optional() });
const change = z.enum(['new', 'grown', 'shrunk', 'unchanged', 'merged', 'split']);

export const ringSummarySchema = z
  .object({
    id: z.string(),
    runId: z.string().nullable(),
    score: z.number(),
    tier: z.enum(['ring', 'linked']).meta({ description: "'ring': three or more sellers under evidence of common control; 'linked': a pair or a group tied by less" }),
    size: z.number(),
    shops: z.number(),
    brands: z.array(z.string()),
    change: change.nullable(),
    previousIds: z.array(z.string()),
    evidence: evidenceSchema,
    scoreBreakdown: z.record(z.string(), z.number()),
    likelySources: z.array(likelySourceSchema),
  })
  .meta({ id: 'RingSummary' });

export const historyItemSchema = z.object({ runId: z.string(), startedAt: z.string(), size: z.number(), score: z.number(), change: z.string().nullable() });

export const brandEvidenceSchema = z.object({
  brand: z.string(),
  counterfeitSellers: z.number().meta({ description: 'Members with a counterfeit verdict for this brand on one of their shops' }),
  reportedSellers: z.number().meta({ description: 'Members with any report for this brand' }),
});

export const ringDetailSchema = z
  .object({
    ...ringSummarySchema.shape,
    shops: z.array(z.string()),
    members: z.array(z.object({ sellerId: z.string(), why: z.array(whySchema) })),
    sharedIdentifiers: z.array(sharedIdentifierSchema),
    evidenceByBrand: z.array(brandEvidenceSchema),
    history: z.array(historyItemSchema),
  })
  .meta({ id: 'RingDetail' });

export const runSchema = z
  .object({
    id: z.string(),
    startedAt: z.string(),
    finishedAt: z.string(),
    params: z.record(z.string(), z.union([z.number(), z.string(), z.boolean()])),
    sellers: z.number(),
    links: z.number(),
    modularity: z.number(),
    fingerprint: z.string(),
    timingsMs: z.record(z.string(), z.number()),
    hubs: z.array(z.object({ type: z.enum(IDENTIFIER_TYPES), value: z.string(), label: z.string().optional(), sellers: z.number() })),
    hubThresholdUsed: z.number(),
    ringsFound: z.number(),
    lineage: z.record(z.string(), z.number()),
    previousRunId: z.string().nullable(),
    current: z.boolean(),
  })
  .meta({ id: 'Run' });

export const jobSchema = z
  .object({
    id: z.string(),
    kind: z.enum(JOB_KINDS),
    state: z.enum(JOB_STATES),
    owner: z.string().nullable(),
    createdAt: z.string(),
    finishedAt: z.string().nullable(),
    progress: z.object({ stage: z.string(), done: z.number(), total: z.number(), rows: z.number().optional() }),
    errors: z.array(z.object({ file: z.string(), line: z.number(), reason: z.string() })),
    errorCount: z.number(),
    result: z.record(z.string(), z.unknown()).nullable(),
    failure: z.object({ code: z.string(), message: z.string() }).nullable(),
  })
  .meta({ id: 'Job' });

export const tokenSchema = z
  .object({ id: z.string(), name: z.string(), role: z.enum(ROLES), brands: z.array(z.string()), createdAt: z.string(), revokedAt: z.string().nullable() })
  .meta({ id: 'Token' });

export const auditEntrySchema = z
  .object({
    id: z.string(),
    at: z.string(),
    tokenName: z.string().nullable(),
    role: z.enum(ROLES).nullable(),
    action: z.string(),
    route: z.string().nullable(),
    ringIds: z.array(z.string()),
    entityIds: z.array(z.string()),
    remote: z.string().nullable(),
    outcome: z.enum(['ok', 'denied', 'error']),
    details: z.record(z.string(), z.unknown()).optional(),
  })
  .meta({ id: 'AuditEntry' });

export const pagedRings = paged(ringSummarySchema);
export const pagedRuns = paged(runSchema);
export const pagedJobs = paged(jobSchema);
export const pagedAudit = paged(auditEntrySchema);
export const pagedNodes = paged(nodeSchema);
