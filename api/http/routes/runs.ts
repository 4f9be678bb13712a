/** Detection runs (trigger, list, detail) and the jobs that ingest loads and runs become. */
import { z } from 'zod';
import { DETECT_PARAM_RANGES, describeRange, EngineError, JOB_KINDS, type ParamRange } from '../../../engine/index.ts';
import { OPERATORS, READERS } from '../access/principal.ts';
import { route } from '../route.ts';
import { jobAcceptedSchema, jobSchema, pagedJobs, pagedRuns, runSchema } from '../schemas.ts';
import { engineLogger } from '../services.ts';
import { listRuns, runDetail, triggerRun } from '../use-cases/runs.ts';
import { idParam, page, pageQuery } from '../validation.ts';

/** A detection parameter's schema from its range in the engine (DETECT_PARAM_RANGES), so the API, the CLI and the engine refuse the same values; the message says what the value must be. */
function ranged(name: keyof typeof DETECT_PARAM_RANGES, alternative = '') {
  const range: ParamRange = DETECT_PARAM_RANGES[name];
  const message = `must be ${alternative}${describeRange(range)}`;
  const bounded = (range.aboveMin ? z.number(message).gt(range.min, message) : z.number(message).min(range.min, message)).max(range.max, message);
  return (range.integer ? bounded.int(message) : bounded).meta({ description: `Range: ${describeRange(range)}` });
}

const detectParams = z
  .object({
    resolution: ranged('resolution').optional(),
    seed: ranged('seed').optional(),
    hubThreshold: z.union([z.literal('auto'), ranged('hubThreshold', "'auto' or ")], `must be 'auto' or ${describeRange(DETECT_PARAM_RANGES.hubThreshold)}`).optional(),
    minLinkWeight: ranged('minLinkWeight').optional(),
    minMemberStrength: ranged('minMemberStrength').optional(),
    minRingSize: ranged('minRingSize').optional(),
    coOccurrenceMinShared: ranged('coOccurrenceMinShared').optional(),
    splitSharedPlaces: z.boolean().optional(),
  })
  .strict();

export const runRoutes = [
  route({
    method: 'post',
    path: '/runs',
    summary: 'Start a detection run as a job (202); 409 CONFLICT while another run is in progress',
    tag: 'runs',
    roles: OPERATORS,
    body: z.object({ params: detectParams.default({}) }).strict(),
    response: jobAcceptedSchema,
    status: 202,
    errors: { 409: 'CONFLICT: a detection run is in progress (here or in another process holding the store’s lock)' },
    audit: 'run.trigger',
    handler: async ({ body, ctx, services }) => {
      ctx.audit.details = { params: body.params };
      const job = await triggerRun(services.store, services.jobs, services.config, {
        params: body.params,
        owner: ctx.principal!.name,
        logger: engineLogger(ctx.log),
        // The run is saved on the worker's own connection, past the cache-clearing wrapper.
        onSaved: () => services.readCache.clear(),
        onAlerts: () => services.kickDelivery(),
      });
      ctx.audit.details = { params: body.params, jobId: job.id };
      return { body: { job, links: { job: `/api/jobs/${job.id}` } } };
    },
  }),
  route({
    method: 'get',
    path: '/runs',
    summary: 'Detection runs, newest first',
    tag: 'runs',
    roles: READERS,
    query: z.object(pageQuery),
    response: pagedRuns,
    handler: async ({ query, ctx, services }) => ({ body: await listRuns(services.store, ctx.principal!, services.masker, query) }),
  }),
  route({
    method: 'get',
    path: '/runs/:runId',
    summary: 'One run (or `current`): parameters, timings, hubs found, lineage counts',
    tag: 'runs',
    roles: READERS,
    params: z.object({ runId: idParam }),
    response: runSchema,
    handler: async ({ params, ctx, services }) => ({ body: await runDetail(services.store, ctx.principal!, services.masker, params.runId) }),
  }),
  route({
    method: 'get',
    path: '/jobs',
    summary: 'Ingest and detection jobs of this server, newest first',
    tag: 'jobs',
    roles: OPERATORS,
    query: z.object({ kind: z.enum(JOB_KINDS).optional(), ...pageQuery }),
    response: pagedJobs,
    handler: async ({ query, services }) => {
      const { jobs, total } = services.jobs.list({ offset: query.offset, limit: query.limit, ...(query.kind ? { kind: query.kind } : {}) });
      return { body: { items: jobs, page: page(query.offset, query.limit, jobs.length, total) } };
    },
  }),
  route({
    method: 'get',
    path: '/jobs/:jobId',
    summary: 'One job: state, progress, per-row errors (ingest), result',
    tag: 'jobs',
    roles: OPERATORS,
    params: z.object({ jobId: idParam }),
    response: jobSchema,
    handler: async ({ params, services }) => {
      const job = services.jobs.get(params.jobId);
      if (job === null) throw new EngineError('NOT_FOUND', `no job ${params.jobId}`);
      return { body: job };
    },
  }),
];
