/** The graph around rings: entity detail for every node type, neighbourhood expansion, and search. */
import { z } from 'zod';
import { NODE_TYPES } from '../../../engine/index.ts';
import { READERS } from '../access/principal.ts';
import { route } from '../route.ts';
import { nodeSchema, pagedNodes, subgraphSchema } from '../schemas.ts';
import { entityDetail, neighbourhood } from '../use-cases/entities.ts';
import { search } from '../use-cases/search.ts';
import { idParam, queryInt, queryList, queryWholeNumber } from '../validation.ts';

const entityParams = z.object({ type: z.enum(NODE_TYPES), key: idParam.meta({ description: 'The node key, URL-encoded (ids may hold any printable character)' }) });

export const graphRoutes = [
  route({
    method: 'get',
    path: '/entities/:type/:key',
    summary: 'One node of any type with its attributes',
    tag: 'graph',
    roles: READERS,
    params: entityParams,
    response: nodeSchema,
    audit: 'entity.read',
    handler: async ({ params, ctx, services }) => ({
      body: await entityDetail({ ...services, principal: ctx.principal!, audit: ctx.audit }, params.type, params.key),
    }),
  }),
  route({
    method: 'get',
    path: '/entities/:type/:key/neighbourhood',
    summary: 'Nodes within 1–2 hops, optionally of some types only, capped at `limit` nodes',
    tag: 'graph',
    roles: READERS,
    params: entityParams,
    query: z.object({
      depth: queryWholeNumber((n) => n.min(1).max(2)).default(1),
      limit: queryInt(1, 100_000, 200),
      types: queryList(z.enum(NODE_TYPES)),
    }),
    response: subgraphSchema,
    audit: 'entity.neighbourhood',
    handler: async ({ params, query, ctx, services }) => ({
      body: await neighbourhood({ ...services, principal: ctx.principal!, audit: ctx.audit }, params.type, params.key, {
        depth: query.depth as 1 | 2,
        limit: Math.min(query.limit, services.config.graphNodeLimit),
        ...(query.types ? { types: query.types } : {}),
      }),
    }),
  }),
  route({
    method: 'get',
    path: '/search',
    summary: 'Search seller/shop names and ids, phones, emails, ID hashes, account ids and address text (canonicalised like ingest)',
    tag: 'graph',
    roles: READERS,
    query: z.object({
      q: z.string().trim().min(1).max(200),
      types: queryList(z.enum(NODE_TYPES)),
      offset: queryInt(0, 1_000, 0),
      limit: queryInt(1, 100, 20),
    }),
    response: pagedNodes,
    audit: 'search',
    handler: async ({ query, ctx, services }) => {
      ctx.audit.details = { q: query.q, ...(query.types ? { types: query.types } : {}) };
      const body = await search(services.store, { ...services, principal: ctx.principal! }, {
        q: query.q,
        offset: query.offset,
        limit: query.limit,
        ...(query.types ? { types: query.types } : {}),
      });
      ctx.audit.entityIds = body.items.map((n) => n.id);
      return { body };
    },
  }),
];
