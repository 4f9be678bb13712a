/** Named saved views of the explorer: save, list one's own, open (shared links), delete (owner or admin). Every call is audited. */
import { z } from 'zod';
import { READERS } from '../access/principal.ts';
import { route } from '../route.ts';
import { pagedSavedViews, savedViewDeletedSchema, savedViewSchema, viewStateSchema } from '../schemas.ts';
import { deleteView, listViews, openView, saveView } from '../use-cases/saved-views.ts';
import type { HandlerArgs } from '../route.ts';
import { idParam, page, pageQuery } from '../validation.ts';

const viewParams = z.object({ viewId: idParam });
const access = ({ ctx, services }: HandlerArgs<unknown, unknown, unknown>) => ({ store: services.store, cache: services.readCache, principal: ctx.principal!, masker: services.masker, scopes: services.scopes, audit: ctx.audit });

export const viewRoutes = [
  route({
    method: 'get',
    path: '/views',
    summary: "The caller's saved views, newest first (without their state)",
    tag: 'views',
    roles: READERS,
    query: z.object(pageQuery),
    response: pagedSavedViews,
    handler: async (args) => {
      const { views, total } = await listViews(access(args), { offset: args.query.offset, limit: args.query.limit });
      return { body: { items: views, page: page(args.query.offset, args.query.limit, views.length, total) } };
    },
  }),
  route({
    method: 'post',
    path: '/views',
    summary: 'Save a named view of a ring the caller may see (filters, styling, positions, expansions, pins, groups)',
    tag: 'views',
    roles: READERS,
    body: z.strictObject({
      name: z.string().trim().min(1).max(120).regex(/^[^\u0000-\u001f\u007f]+$/, 'must be printable text'),
      ringId: idParam,
      state: viewStateSchema,
    }),
    response: savedViewSchema,
    status: 201,
    audit: 'view.create',
    handler: async (args) => {
      const saved = await saveView(access(args), args.body);
      args.ctx.audit.details = { viewId: saved.id, name: saved.name };
      return { body: saved };
    },
  }),
  route({
    method: 'get',
    path: '/views/:viewId',
    summary: 'Open a saved view (anyone who may see its ring: views are shared by link)',
    tag: 'views',
    roles: READERS,
    params: viewParams,
    response: savedViewSchema,
    audit: 'view.read',
    handler: async (args) => {
      args.ctx.audit.details = { viewId: args.params.viewId };
      return { body: await openView(access(args), args.params.viewId) };
    },
  }),
  route({
    method: 'delete',
    path: '/views/:viewId',
    summary: 'Delete a saved view (its owner or an admin)',
    tag: 'views',
    roles: READERS,
    params: viewParams,
    response: savedViewDeletedSchema,
    audit: 'view.delete',
    handler: async (args) => {
      args.ctx.audit.details = { viewId: args.params.viewId };
      await deleteView(access(args), args.params.viewId);
      return { body: { deleted: args.params.viewId } };
    },
  }),
];
