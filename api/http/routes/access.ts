/** Token administration and the audit trail (admins only), and the exchange of a one-time login code. Every token change is audited. */
import { z } from 'zod';
import { ADMINS } from '../access/principal.ts';
import { exchangeLoginCode, issueToken, listTokenViews, revokeTokenById } from '../access/tokens.ts';
import { route } from '../route.ts';
import { auditOutcomeSchema, pagedAudit, pagedTokens, roleSchema, tokenCreatedSchema, tokenRevokedSchema } from '../schemas.ts';
import { idParam, page, pageQuery } from '../validation.ts';

const isoTime = z.iso.datetime({ offset: true }).or(z.iso.date());

export const accessRoutes = [
  route({
    method: 'post',
    path: '/login',
    summary: 'Exchange a one-time login code (the link `ringtrace start` prints) for a browser token that expires',
    tag: 'access',
    roles: 'public',
    body: z.object({ code: z.string().min(1).max(256) }).strict(),
    response: tokenCreatedSchema,
    status: 201,
    errors: { 401: 'UNAUTHORIZED: the code is unknown, already used or expired' },
    audit: 'login.exchange',
    handler: async ({ body, ctx, services }) => {
      const created = await exchangeLoginCode(services.store, body.code);
      ctx.audit.details = { tokenId: created.token.id, role: created.token.role };
      return { body: created };
    },
  }),
  route({
    method: 'get',
    path: '/tokens',
    summary: 'API tokens (never their secrets)',
    tag: 'access',
    roles: ADMINS,
    query: z.object(pageQuery),
    response: pagedTokens,
    handler: async ({ query, services }) => {
      const all = await listTokenViews(services.store);
      const items = all.slice(query.offset, query.offset + query.limit);
      return { body: { items, page: page(query.offset, query.limit, items.length, all.length) } };
    },
  }),
  route({
    method: 'post',
    path: '/tokens',
    summary: 'Create a token; the secret is in this answer only. 409 CONFLICT when a live (unrevoked, unexpired) token already has the name: saved views and audit entries go by it',
    tag: 'access',
    roles: ADMINS,
    body: z
      .object({
        role: roleSchema,
        brands: z.array(z.string().trim().min(1).max(200)).max(100).default([]),
        name: z.string().trim().min(1).max(100).optional(),
        expiresIn: z.string().max(10).optional().meta({ description: 'Lifetime such as 15m, 12h or 30d (default: no expiry)' }),
      })
      .strict(),
    response: tokenCreatedSchema,
    status: 201,
    audit: 'token.create',
    handler: async ({ body, ctx, services }) => {
      ctx.audit.details = { role: body.role, brands: body.brands, name: body.name ?? null };
      const created = await issueToken(services.store, {
        role: body.role,
        brands: body.brands,
        ...(body.name ? { name: body.name } : {}),
        ...(body.expiresIn ? { expiresIn: body.expiresIn } : {}),
      });
      ctx.audit.details = { ...ctx.audit.details, tokenId: created.token.id, name: created.token.name };
      return { body: created };
    },
  }),
  route({
    method: 'delete',
    path: '/tokens/:tokenId',
    summary: 'Revoke a token (it stops working at once, on every server)',
    tag: 'access',
    roles: ADMINS,
    params: z.object({ tokenId: idParam }),
    response: tokenRevokedSchema,
    audit: 'token.revoke',
    handler: async ({ params, ctx, services }) => {
      ctx.audit.details = { tokenId: params.tokenId };
      await revokeTokenById(services.store, params.tokenId);
      services.forgetTokens();
      return { body: { revoked: params.tokenId } };
    },
  }),
  route({
    method: 'get',
    path: '/audit',
    summary: 'The audit trail, newest first, with filters',
    tag: 'access',
    roles: ADMINS,
    query: z.object({
      since: isoTime.optional(),
      until: isoTime.optional(),
      tokenName: z.string().min(1).max(100).optional(),
      action: z.string().min(1).max(100).optional(),
      outcome: auditOutcomeSchema.optional(),
      ...pageQuery,
    }),
    response: pagedAudit,
    handler: async ({ query, services }) => {
      const { entries, total } = await services.store.listAudit(query);
      return { body: { items: entries, page: page(query.offset, query.limit, entries.length, total) } };
    },
  }),
];
