/** Liveness (the process answers), readiness (the store answers and we are not shutting down) and the caller's identity. */
import { EngineError } from '../../../engine/index.ts';
import { READERS } from '../access/principal.ts';
import { route } from '../route.ts';
import { healthSchema, meSchema, readySchema } from '../schemas.ts';

export const healthRoutes = [
  route({
    method: 'get',
    path: '/health',
    summary: 'Liveness: the process is up',
    tag: 'health',
    roles: 'public',
    response: healthSchema,
    handler: async () => ({ body: { status: 'ok' as const } }),
  }),
  route({
    method: 'get',
    path: '/ready',
    summary: 'Readiness: the store is reachable and the server is not draining (503 otherwise)',
    tag: 'health',
    roles: 'public',
    response: readySchema,
    handler: async ({ services }) => {
      if (services.draining()) throw new EngineError('STORE_UNAVAILABLE', 'shutting down');
      const info = await services.store.info();
      return { body: { status: 'ready' as const, store: info.kind } };
    },
  }),
  route({
    method: 'get',
    path: '/me',
    summary: "The calling token's name, role, brand scope and which personal data it sees",
    tag: 'access',
    roles: READERS,
    response: meSchema,
    handler: async ({ ctx }) => {
      const p = ctx.principal!;
      return { body: { name: p.name, role: p.role, brands: p.brands, personalData: p.personalData } };
    },
  }),
];
