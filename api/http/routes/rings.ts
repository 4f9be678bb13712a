/** Rings: ranked list with filters, detail with evidence and history, and the Sigma-ready subgraph. */
import { z } from 'zod';
import { CHANGED_RING_CHANGES } from '../../../engine/index.ts';
import { READERS } from '../access/principal.ts';
import { exportDossier } from '../use-cases/dossier.ts';
import { route } from '../route.ts';
import { pagedRings, ringChangeSchema, ringDetailSchema, ringHistorySchema, subgraphSchema } from '../schemas.ts';
import { listRings } from '../use-cases/list-rings.ts';
import { ringDetail, ringHistory, ringSubgraph } from '../use-cases/ring-detail.ts';
import { idParam, pageQuery, queryInt, queryList, queryMinScore, queryWholeNumber } from '../validation.ts';

const ringParams = z.object({ ringId: idParam });
const runQuery = z.object({ runId: idParam.optional().meta({ description: 'A past run (default: the current run)' }) });

export const ringRoutes = [
  route({
    method: 'get',
    path: '/rings',
    summary: 'Rings of the current (or a given) run, filtered and sorted, paginated',
    tag: 'rings',
    roles: READERS,
    query: z.object({
      runId: idParam.optional(),
      minScore: queryMinScore(),
      minSize: queryWholeNumber((n) => n.min(1)).optional(),
      maxSize: queryWholeNumber((n) => n.min(1)).optional(),
      brand: queryList(z.string().min(1).max(200), { commas: false }).meta({ description: 'Rings with counterfeit evidence for one of these brands (repeat the key for several: a brand name may hold a comma)' }),
      change: queryList(ringChangeSchema).meta({ description: 'Lineage change against the previous run' }),
      changedSince: idParam.optional().meta({ description: `Only rings new or changed (${CHANGED_RING_CHANGES.join(', ')}) since this run` }),
      tier: z.enum(['ring', 'linked', 'all']).default('ring').meta({
        description: "'ring' (default): groups under evidence of common control; 'linked': pairs and groups tied by less, reported apart; 'all'",
      }),
      sort: z.enum(['score', 'size']).default('score'),
      ...pageQuery,
    }),
    response: pagedRings,
    handler: async ({ query: q, ctx, services }) => ({
      body: await listRings({ store: services.store, cache: services.readCache }, ctx.principal!, {
        sort: q.sort,
        offset: q.offset,
        limit: q.limit,
        ...(q.runId !== undefined ? { runId: q.runId } : {}),
        ...(q.minScore !== undefined ? { minScore: q.minScore } : {}),
        ...(q.minSize !== undefined ? { minSize: q.minSize } : {}),
        ...(q.maxSize !== undefined ? { maxSize: q.maxSize } : {}),
        ...(q.brand !== undefined ? { brands: q.brand } : {}),
        ...(q.change !== undefined ? { changes: q.change } : {}),
        ...(q.changedSince !== undefined ? { changedSince: q.changedSince } : {}),
        ...(q.tier !== 'all' ? { tiers: [q.tier] } : {}),
      }),
    }),
  }),
  route({
    method: 'get',
    path: '/rings/:ringId',
    summary: 'One ring: members with their "why", shops, shared identifiers, likely sources, evidence by brand, score breakdown, history',
    tag: 'rings',
    roles: READERS,
    params: ringParams,
    query: runQuery,
    response: ringDetailSchema,
    audit: 'ring.read',
    handler: async ({ params, query, ctx, services }) => ({
      body: await ringDetail({ store: services.store, cache: services.readCache, principal: ctx.principal!, masker: services.masker, audit: ctx.audit }, params.ringId, query.runId),
    }),
  }),
  route({
    method: 'get',
    path: '/rings/:ringId/subgraph',
    summary: 'The ring as a typed graph for Sigma (members, shops, identifiers, sources, reports, brands), capped at `limit` nodes',
    tag: 'rings',
    roles: READERS,
    params: ringParams,
    query: runQuery.extend({ limit: queryInt(1, 100_000, 500).meta({ description: 'Node cap (at most the server limit)' }) }),
    response: subgraphSchema,
    audit: 'ring.subgraph',
    handler: async ({ params, query, ctx, services }) => ({
      body: await ringSubgraph({ store: services.store, cache: services.readCache, principal: ctx.principal!, masker: services.masker, audit: ctx.audit }, params.ringId, {
        limit: Math.min(query.limit, services.config.graphNodeLimit),
        ...(query.runId ? { runId: query.runId } : {}),
      }),
    }),
  }),
  route({
    method: 'get',
    path: '/rings/:ringId/dossier',
    summary: 'The ring\'s signed referral dossier as a ZIP (application/zip): PDF case file, CSV/JSON evidence, GEXF, manifest.json and its Ed25519 signature; see docs/dossier.md',
    tag: 'rings',
    roles: ['admin', 'investigator', 'liaison'],
    params: ringParams,
    query: runQuery,
    response: z.null().meta({ description: 'No JSON: the answer is the ZIP itself (application/zip attachment)' }),
    audit: 'dossier.export',
    longRunning: true,
    download: true,
    handler: async ({ params, query, ctx, services }) => {
      const dossier = await exportDossier(
        { store: services.store, cache: services.readCache, principal: ctx.principal!, masker: services.masker, audit: ctx.audit },
        services.dossiers,
        { ringId: params.ringId, ...(query.runId ? { runId: query.runId } : {}), dataDir: services.config.dataDir, pictureLimit: services.config.graphNodeLimit },
      );
      return { body: null, download: { bytes: dossier.zip, contentType: 'application/zip', fileName: dossier.fileName } };
    },
  }),
  route({
    method: 'get',
    path: '/rings/:ringId/history',
    summary: "Every run's version of the ring, newest first",
    tag: 'rings',
    roles: READERS,
    params: ringParams,
    response: ringHistorySchema,
    handler: async ({ params, ctx, services }) => ({
      body: { items: await ringHistory({ store: services.store, cache: services.readCache, principal: ctx.principal!, masker: services.masker, audit: ctx.audit }, params.ringId) },
    }),
  }),
];
