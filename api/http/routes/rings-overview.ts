/** The rings overview for the explorer: rings as nodes, links through shared identifiers (see the use case). */
import { READERS } from '../access/principal.ts';
import { route } from '../route.ts';
import { ringsOverviewSchema } from '../schemas.ts';
import { ringsOverview } from '../use-cases/rings-overview.ts';

export const ringsOverviewRoutes = [
  route({
    method: 'get',
    path: '/rings-overview',
    summary: 'Every ring of the current run as a node, linked where rings share identifiers (hubs skipped); liaisons see their rings only',
    tag: 'rings',
    roles: READERS,
    response: ringsOverviewSchema,
    audit: 'rings.overview',
    handler: async ({ ctx, services }) => ({ body: await ringsOverview(services.store, ctx.principal!, services.masker) }),
  }),
];
