/** The route table of the API, in the order the OpenAPI document lists it. */
import { route, type RouteSpec } from '../route.ts';
import { openApiDocumentSchema } from '../schemas.ts';
import { accessRoutes } from './access.ts';
import { caseworkRoutes } from './casework.ts';
import { graphRoutes } from './graph.ts';
import { healthRoutes } from './health.ts';
import { ingestRoutes } from './ingest.ts';
import { ringRoutes } from './rings.ts';
import { ringsOverviewRoutes } from './rings-overview.ts';
import { runRoutes } from './runs.ts';
import { viewRoutes } from './views.ts';

/** Everything but the document itself (which is generated from this list). */
export const API_ROUTES: readonly RouteSpec[] = [...healthRoutes, ...ringRoutes, ...caseworkRoutes, ...ringsOverviewRoutes, ...graphRoutes, ...runRoutes, ...ingestRoutes, ...accessRoutes, ...viewRoutes];

export function openApiRoute(document: () => Record<string, unknown>): RouteSpec {
  return route({
    method: 'get',
    path: '/openapi.json',
    summary: 'This OpenAPI document',
    tag: 'health',
    roles: 'public',
    response: openApiDocumentSchema,
    handler: async () => ({ body: document() }),
  });
}
