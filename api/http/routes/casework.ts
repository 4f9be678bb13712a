/**
 * Alerts and cases: the alert inbox and acknowledgement, case lists, a case
 * with its history (also by ring id), notes, status changes with a reason and
 * the assignee. Liaisons see, comment on and refer only cases of their brands'
 * rings; viewers read. Every change is audited.
 */
import { z } from 'zod';
import { ALERT_STATUSES, CASE_STATUSES } from '../../../engine/index.ts';
import { OPERATORS, READERS } from '../access/principal.ts';
import { route } from '../route.ts';
import { alertSchema, caseDetailSchema, eventTicketSchema, pagedAlerts, pagedCases } from '../schemas.ts';
import { acknowledgeAlert, assignCase, caseDetail, changeCaseStatus, listAlerts, listCases, noteCase, ringCase } from '../use-cases/casework.ts';
import { idParam, queryInt, queryList, queryMinScore } from '../validation.ts';

const CASE_WORKERS = ['admin', 'investigator', 'liaison'] as const;
const cursorQuery = {
  limit: queryInt(1, 500, 50),
  cursor: z.string().max(32).optional().meta({ description: "The previous page's nextCursor" }),
};
const caseParams = z.object({ caseId: idParam });

export const caseworkRoutes = [
  route({
    method: 'post',
    path: '/events/ticket',
    summary: 'A one-time ticket (valid 60 s) for GET /api/events?ticket=…, for EventSource, which cannot send the Authorization header',
    tag: 'cases',
    roles: READERS,
    response: eventTicketSchema,
    status: 201,
    handler: async ({ ctx, services }) => ({ body: services.events.issueTicket(ctx.principal!) }),
  }),
  route({
    method: 'get',
    path: '/events',
    summary: 'Server-sent events (text/event-stream): run-finished {runId}, alert {alertId, ringId}, case-changed {caseId, ringId}, heartbeat comments; auth by bearer header or ?ticket= (docs/scheduling.md, "Live updates")',
    tag: 'cases',
    roles: READERS,
    query: z.object({ ticket: z.string().max(100).optional().meta({ description: 'From POST /api/events/ticket, instead of the Authorization header' }) }),
    response: z.null().meta({ description: 'No JSON: an event stream until the client disconnects' }),
    handler: async ({ ctx, services, res }) => {
      await services.events.attach(res, ctx.principal!);
      return { body: null };
    },
  }),
  route({
    method: 'get',
    path: '/alerts',
    summary: 'Alerts, newest first, with their webhook delivery state; a liaison sees those of its brands\' rings',
    tag: 'cases',
    roles: READERS,
    query: z.object({ status: z.enum([...ALERT_STATUSES, 'all']).default('all'), ...cursorQuery }),
    response: pagedAlerts,
    handler: async ({ query, ctx, services }) => ({
      body: await listAlerts({ store: services.store, principal: ctx.principal!, audit: ctx.audit }, { status: query.status, limit: query.limit, ...(query.cursor !== undefined ? { cursor: query.cursor } : {}) }),
    }),
  }),
  route({
    method: 'post',
    path: '/alerts/:alertId/acknowledge',
    summary: 'Acknowledge an alert (acknowledging again keeps the first acknowledgement)',
    tag: 'cases',
    roles: CASE_WORKERS,
    params: z.object({ alertId: idParam }),
    response: alertSchema,
    audit: 'alert.acknowledge',
    handler: async ({ params, ctx, services }) => ({ body: await acknowledgeAlert({ store: services.store, principal: ctx.principal!, audit: ctx.audit }, params.alertId) }),
  }),
  route({
    method: 'get',
    path: '/cases',
    summary: 'Cases of alerted rings, filtered and sorted; a liaison sees those of its brands\' rings',
    tag: 'cases',
    roles: READERS,
    query: z.object({
      status: queryList(z.enum(CASE_STATUSES)).meta({ description: 'Only these statuses (repeat or comma-separate)' }),
      assignee: z.string().min(1).max(200).optional(),
      brand: queryList(z.string().min(1).max(200), { commas: false }).meta({ description: 'Cases of rings with evidence for one of these brands (repeat the key for several)' }),
      minScore: queryMinScore(),
      sort: z.enum(['score', 'updated', 'created']).default('updated'),
      ...cursorQuery,
    }),
    response: pagedCases,
    handler: async ({ query: q, ctx, services }) => ({
      body: await listCases({ store: services.store, principal: ctx.principal!, audit: ctx.audit }, {
        sort: q.sort, limit: q.limit,
        ...(q.status !== undefined ? { status: q.status } : {}), ...(q.assignee !== undefined ? { assignee: q.assignee } : {}),
        ...(q.brand !== undefined ? { brand: q.brand } : {}), ...(q.minScore !== undefined ? { minScore: q.minScore } : {}),
        ...(q.cursor !== undefined ? { cursor: q.cursor } : {}),
      }),
    }),
  }),
  route({
    method: 'get',
    path: '/cases/:caseId',
    summary: 'One case with its history (opened, notes, status changes with reasons, assignee, lineage), oldest first',
    tag: 'cases',
    roles: READERS,
    params: caseParams,
    response: caseDetailSchema,
    audit: 'case.read',
    handler: async ({ params, ctx, services }) => ({ body: await caseDetail({ store: services.store, principal: ctx.principal!, audit: ctx.audit }, params.caseId) }),
  }),
  route({
    method: 'get',
    path: '/rings/:ringId/case',
    summary: 'The case following this ring id through lineage (404 when none)',
    tag: 'cases',
    roles: READERS,
    params: z.object({ ringId: idParam }),
    response: caseDetailSchema,
    audit: 'case.read',
    handler: async ({ params, ctx, services }) => ({ body: await ringCase({ store: services.store, principal: ctx.principal!, audit: ctx.audit }, params.ringId) }),
  }),
  route({
    method: 'post',
    path: '/cases/:caseId/notes',
    summary: 'Add a note to the case thread (append-only); answers the case with its history',
    tag: 'cases',
    roles: CASE_WORKERS,
    params: caseParams,
    body: z.object({ text: z.string().min(1).max(10_000) }).strict(),
    response: caseDetailSchema,
    status: 201,
    audit: 'case.note',
    handler: async ({ params, body, ctx, services }) => ({ body: await noteCase({ store: services.store, principal: ctx.principal!, audit: ctx.audit }, params.caseId, body.text) }),
  }),
  route({
    method: 'post',
    path: '/cases/:caseId/status',
    summary: 'Change the status with a required reason (allowed transitions: docs/scheduling.md); liaisons may only set referred, with the dossier manifest hash when one was sent; 409 when the transition is not allowed',
    tag: 'cases',
    roles: CASE_WORKERS,
    params: caseParams,
    body: z.object({
      status: z.enum(CASE_STATUSES),
      reason: z.string().min(1).max(10_000),
      manifestHash: z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lower-case hex digits (the dossier manifest SHA-256)').optional(),
    }).strict(),
    response: caseDetailSchema,
    errors: { 409: 'CONFLICT: the transition is not allowed from the current status, or someone changed the status first' },
    audit: 'case.status',
    handler: async ({ params, body, ctx, services }) => ({
      body: await changeCaseStatus({ store: services.store, principal: ctx.principal!, audit: ctx.audit }, params.caseId, {
        status: body.status, reason: body.reason, ...(body.manifestHash !== undefined ? { manifestHash: body.manifestHash } : {}),
      }),
    }),
  }),
  route({
    method: 'post',
    path: '/cases/:caseId/assignee',
    summary: 'Set (or clear, with null) the assignee',
    tag: 'cases',
    roles: OPERATORS,
    params: caseParams,
    body: z.object({ assignee: z.string().min(1).max(200).nullable() }).strict(),
    response: caseDetailSchema,
    audit: 'case.assignee',
    handler: async ({ params, body, ctx, services }) => ({ body: await assignCase({ store: services.store, principal: ctx.principal!, audit: ctx.audit }, params.caseId, body.assignee) }),
  }),
];
