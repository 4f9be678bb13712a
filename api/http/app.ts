/**
 * `createApp(deps)`: the express application without `listen` — helmet,
 * request ids and logs, JSON body limits, token authentication, rate limits,
 * the route table under /api, and the one error handler. `server.ts` wires it
 * to a port; tests start it on port 0 against a real store.
 */
import path from 'node:path';
import express, { type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import type { Logger as PinoLogger } from 'pino';
import { createDossierRenderer, createJobRegistry, type Config, type DossierRenderer, type FullStore, type JobRegistry } from '../../engine/index.ts';
import { recordAudit } from './access/audit.ts';
import { createAuthenticator } from './access/authenticate.ts';
import { createMasker, type Masker } from './access/mask.ts';
import { createScopes } from './access/scope.ts';
import { bodyGuards, rawBodyRoutes } from './body-guards.ts';
import { explorerStatic } from './explorer-static.ts';
import { HttpError, toErrorResponse } from './http-errors.ts';
import { buildOpenApi } from './openapi.ts';
import { createRateLimits } from './rate-limits.ts';
import { contextOf, requestContext } from './request-context.ts';
import { allowedMethods, mountRoutes, ROUTER_OPTIONS, routeMiss, type RouteSpec } from './route.ts';
import { API_ROUTES, openApiRoute } from './routes/index.ts';
import { clearingOnWrites, createReadCache } from './read-cache.ts';
import { engineLogger, type Services } from './services.ts';
import { createLiveEvents } from './live-events.ts';

export interface AppDeps {
  store: FullStore;
  config: Config;
  logger: PinoLogger;
  jobs?: JobRegistry;
  dossiers?: DossierRenderer;
  masker?: Masker;
  /** Reports shutdown in progress (readiness answers 503). */
  draining?: () => boolean;
  /** Starts a webhook delivery pass (server.ts's outbox loop). */
  kickDelivery?: () => void;
  version?: string;
}

export interface App {
  handler: express.Express;
  services: Services;
}

export function createApp(deps: AppDeps): App {
  const { config, logger } = deps;
  const readCache = createReadCache(deps.store);
  const store = clearingOnWrites(deps.store, readCache);
  const events = createLiveEvents(store, { logger: engineLogger(logger) });
  const authenticator = createAuthenticator(store, { liaisonPersonalData: config.liaisonPersonalData, redeemTicket: (ticket) => events.redeemTicket(ticket) });
  const services: Services = {
    store,
    readCache,
    config,
    jobs: deps.jobs ?? createJobRegistry({ logger: engineLogger(logger) }),
    dossiers: deps.dossiers ?? createDossierRenderer({ concurrency: config.dossierRenders, queue: config.dossierQueue, logger: engineLogger(logger) }),
    masker: deps.masker ?? createMasker(config.maskSecret),
    scopes: createScopes(store, { subgraphLimit: config.graphNodeLimit }),
    uploadRoot: path.resolve(config.dataDir, 'uploads'),
    draining: deps.draining ?? (() => false),
    forgetTokens: () => authenticator.forget(),
    kickDelivery: deps.kickDelivery ?? (() => undefined),
    events,
  };
  let document: Record<string, unknown> | null = null;
  const routes: RouteSpec[] = [...API_ROUTES, openApiRoute(() => (document ??= buildOpenApi(routes, { title: 'ringtrace', version: deps.version ?? '0.1.0' })))];

  const app = express();
  // Exact paths, as in the API router: `/API/…` is not the API (the /api mounts below match case-sensitively).
  app.set('case sensitive routing', ROUTER_OPTIONS.caseSensitive);
  app.set('strict routing', ROUTER_OPTIONS.strict);
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(helmet());
  app.use(requestContext(logger));
  app.use((_req, res, next) => {
    // While draining, ask keep-alive clients to reconnect (to another instance).
    if (services.draining()) res.setHeader('Connection', 'close');
    next();
  });
  const methodsOf = allowedMethods(routes);
  app.use('/api', bodyGuards(routes, { jsonBytes: config.bodyLimitBytes, uploadBytes: config.uploadTotalLimitBytes, jsonTimeoutMs: config.bodyTimeoutMs }, (req, res) => routeMiss(methodsOf, req, res)));
  // Raw-body routes (uploads) read their own body: the JSON parser must never consume it.
  const raw = rawBodyRoutes(routes);
  const jsonTypes = ['application/json', 'application/*+json'];
  app.use('/api', express.json({ limit: config.bodyLimitBytes, strict: true, type: (incoming) => {
    const req = incoming as Request;
    return !raw.has(`${req.method} ${req.path}`) && req.is(jsonTypes) !== false;
  } }));
  app.use('/api', authenticator.middleware);
  // Public reads (health, readiness, the OpenAPI document) are never limited; the login exchange is.
  const publicPaths = new Set(routes.filter((r) => r.roles === 'public' && r.method === 'get').map((r) => `GET ${r.path}`));
  const limits = createRateLimits(config.rateLimitPerMinute, { exempt: (req) => publicPaths.has(`${req.method} ${req.path}`) });
  if (limits.length > 0) app.use('/api', ...limits);
  app.use('/api', mountRoutes(routes, services));
  // A path the API has, asked with a method it does not take: 405 with the methods it does (RFC 9110 §15.5.6).
  // (A route the table has that the router did not take cannot happen; it would be a 404 too.)
  app.use('/api', (req: Request, res: Response, next: NextFunction) => next(routeMiss(methodsOf, req, res) ?? new HttpError('NOT_FOUND', `no route ${req.method} ${req.path}`)));
  app.use(explorerStatic());
  // Anything else (`//api/…`, `/API/…`, a page the explorer does not have) is the same JSON 404 as an unknown API
  // path, with a request id — not express's HTML page naming the path back.
  app.use((req: Request, _res: Response, next: NextFunction) => next(new HttpError('NOT_FOUND', `no page ${req.method} ${req.path}`)));
  app.use(errorHandler(services));
  return { handler: app, services };
}

function errorHandler(services: Services) {
  return (error: unknown, req: Request, res: Response, _next: NextFunction): void => {
    const ctx = contextOf(res);
    const { status, body, internal, retryAfterSeconds } = toErrorResponse(error, ctx.requestId);
    if (internal) ctx.log.error({ err: error, method: req.method, path: req.path }, 'unhandled error');
    else if (status >= 500) ctx.log.warn({ code: body.error.code, err: error }, 'request failed');
    // Audited routes record refusals and failures too; a failing audit write must not mask the original error.
    void recordAudit(services.store, req, ctx, status).catch((auditError: unknown) => ctx.log.error({ err: auditError }, 'audit write failed'));
    ctx.audit.action = null;
    if (res.headersSent) {
      res.end();
      return;
    }
    if (retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(retryAfterSeconds));
    res.status(status).json(body);
  };
}
