/** The rings overview for the explorer: rings as nodes, links through shared identifiers (see the use case). */
import { z } from 'zod';
import { READERS } from '../access/principal.ts';
import { route } from '../route.ts';
import { ringsOverview } from '../use-cases/rings-overview.ts';

const overviewSchema = z
  .object({
    runId: z.string().nullable(),
    rings: z.array(z.object({ id: z.string(), score: z.number(), size: z.number(), brands: z.array(z.string()), change: z.string().nullable() })),
    links: z.array(
      z.object({
        source: z.string(),
        target: z.string(),
        shared: z.number().meta({ description: 'Identifiers the two rings share' }),
        weight: z.number().meta({ description: 'Sum of 1/log2(1 + rings sharing it) over those identifiers' }),
        examples: z.array(z.string()).meta({ description: 'Up to 3 shared identifiers as node ids (pseudonyms for viewers)' }),
      }),
    ),
    hubsSkipped: z.number().meta({ description: 'Identifiers shared by too many rings to mean anything; they link nothing' }),
    truncated: z.boolean(),
  })
  .meta({ id: 'RingsOverview' });

export const ringsOverviewRoutes = [
  route({
    method: 'get',
    path: '/rings-overview',
    summary: 'Every ring of the current run as a node, linked where rings share identifiers (hubs skipped); liaisons see their rings only',
    tag: 'rings',
    roles: READERS,
    response: overviewSchema,
    audit: 'rings.overview',
    handler: async ({ ctx, services }) => ({ body: await ringsOverview(services.store, ctx.principal!, services.masker) }),
  }),
];
