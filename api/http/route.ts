/**
 * One table entry per endpoint: method, path, who may call it, the zod
 * schemas of its path, query and body, its response schema, whether it is
 * audited, and a thin handler calling a use case. `mountRoutes` turns the
 * table into express routes (role check, validation, timeout, audit, JSON
 * answer); `openapi.ts` turns the same table into the OpenAPI document, and
 * the role-matrix test walks it, so the three cannot drift apart. `route()`
 * checks at compile time that a handler's body is its response schema's
 * output type (the use cases return exactly those types, `api/http/schemas.ts`).
 */
import express, { type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';
import { EngineError, type Role } from '../../engine/index.ts';
import { recordAudit } from './access/audit.ts';
import { sendsBody } from './body-guards.ts';
import { HttpError } from './http-errors.ts';
import { contextOf, type RequestContext } from './request-context.ts';
import type { Services } from './services.ts';
import { parsePart } from './validation.ts';

const NO_QUERY = z.strictObject({});

export interface RouteInput<P, Q, B> {
  params: P;
  query: Q;
  body: B;
}

export interface HandlerArgs<P, Q, B> extends RouteInput<P, Q, B> {
  ctx: RequestContext;
  services: Services;
  req: Request;
  /** For the one streaming route (GET /events); every other handler answers through its Reply. */
  res: Response;
}

/** A handler's answer: a JSON body, optionally with a status other than the route's, or a file to download. */
export interface Reply<T = unknown> {
  status?: number;
  body: T;
  /** Sent instead of `body` as an attachment (dossiers). */
  download?: { bytes: Buffer; contentType: string; fileName: string };
}

export interface RouteSpec<P extends z.ZodType = z.ZodType, Q extends z.ZodType = z.ZodType, B extends z.ZodType = z.ZodType, R extends z.ZodType = z.ZodType> {
  method: 'get' | 'post' | 'delete';
  /** Express path under /api, e.g. `/rings/:ringId`. */
  path: string;
  summary: string;
  tag: string;
  /** Roles allowed; 'public' needs no token. */
  roles: readonly Role[] | 'public';
  params?: P;
  query?: Q;
  body?: B;
  /** A body that is not JSON (uploads): documented here, read by the handler. */
  rawBody?: { contentTypes: string[]; description: string };
  /** The success body (api/http/schemas.ts); the handler must return its output type. */
  response: R;
  /** Success status (default 200). */
  status?: 200 | 201 | 202;
  /**
   * Error statuses this route answers beyond the ones every route may (400, 404,
   * 429, 500, 503, and 401/403 when it needs a token), each with when: the
   * OpenAPI document lists them.
   */
  errors?: Partial<Record<401 | 409 | 507, string>>;
  /** Audit action name; audited routes record every call, allowed or not. */
  audit?: string;
  /** Uploads get the long timeout. */
  longRunning?: boolean;
  /**
   * The handler answers with a file (`Reply.download`, e.g. a dossier): GET
   * only. HEAD, which express would otherwise answer by running the GET
   * handler and dropping the body, gets 405 with `Allow: GET` instead of
   * rendering (and auditing) an export nobody receives.
   */
  download?: boolean;
  handler(args: HandlerArgs<z.output<P>, z.output<Q>, z.output<B>>): Promise<Reply<z.output<R>>>;
}

/**
 * Checks one table entry while building it — inputs parsed by its schemas, the
 * body assignable to its response schema's output — then forgets the generic
 * parameters: the table itself is untyped over them.
 */
export function route<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType, R extends z.ZodType>(spec: RouteSpec<P, Q, B, R>): RouteSpec {
  return spec as unknown as RouteSpec;
}

export function authorize(spec: RouteSpec, ctx: RequestContext): void {
  if (spec.roles === 'public') return;
  if (ctx.principal === null) throw new HttpError('UNAUTHORIZED', ctx.authFailure ?? 'a bearer token is required');
  if (!spec.roles.includes(ctx.principal.role)) {
    throw new EngineError('FORBIDDEN', `role ${ctx.principal.role} may not ${spec.method.toUpperCase()} ${spec.path}`);
  }
}

/** Answers 503 TIMEOUT when the handler has not answered in time; a late answer is dropped. */
function withTimeout(ms: number, res: Response, next: NextFunction): () => void {
  const timer = setTimeout(() => {
    if (!res.headersSent) next(new HttpError('TIMEOUT', `no answer within ${ms} ms`));
  }, ms);
  timer.unref();
  return () => clearTimeout(timer);
}

/** How `mountRoutes` matches paths: exactly (case-sensitive, a trailing slash is another path), so the body guards' `METHOD /path` keys and the routes agree. */
export const ROUTER_OPTIONS = { caseSensitive: true, strict: true } as const;

function methodsOfSpec(spec: RouteSpec): string[] {
  if (spec.method !== 'get') return [spec.method.toUpperCase()];
  return spec.download ? ['GET'] : ['GET', 'HEAD'];
}

/**
 * The methods the table offers on a request path (`GET, HEAD, POST` order; HEAD
 * wherever GET is, as express answers it, except on download routes), or none
 * when no route has the path. Matching is exact like the router's
 * (`ROUTER_OPTIONS`): case-sensitive, and `/rings/` is not `/rings`. A `:name`
 * segment matches any one non-empty segment, as in express.
 */
export function allowedMethods(routes: readonly RouteSpec[]): (path: string) => string[] {
  const ORDER = ['GET', 'HEAD', 'POST', 'DELETE'];
  const patterns = routes.map((r) => ({ segments: r.path.split('/'), methods: methodsOfSpec(r) }));
  return (path) => {
    const segments = path.split('/');
    const methods = new Set<string>();
    for (const p of patterns) {
      if (p.segments.length !== segments.length) continue;
      if (p.segments.every((s, i) => (s.startsWith(':') ? segments[i] !== '' : s === segments[i]))) for (const m of p.methods) methods.add(m);
    }
    return ORDER.filter((m) => methods.has(m));
  };
}

/**
 * Null when the table has a route for the request's method and path; else the
 * error to answer: 404 for a path it does not have, or 405 with the `Allow`
 * header set to the methods the path does take (RFC 9110 §15.5.6).
 */
export function routeMiss(methodsOf: (path: string) => string[], req: Request, res: Response): HttpError | null {
  const allowed = methodsOf(req.path);
  if (allowed.includes(req.method)) return null;
  if (allowed.length === 0) return new HttpError('NOT_FOUND', `no route ${req.method} ${req.path}`);
  res.setHeader('Allow', allowed.join(', '));
  return new HttpError('METHOD_NOT_ALLOWED', `${req.method} is not allowed on ${req.path}; allowed: ${allowed.join(', ')}`);
}

export function mountRoutes(routes: readonly RouteSpec[], services: Services): express.Router {
  const router = express.Router(ROUTER_OPTIONS);
  for (const spec of routes) {
    router[spec.method](spec.path, async (req: Request, res: Response, next: NextFunction) => {
      // HEAD on a download would render the file only to drop it: on to the 405 handler, before any work or audit.
      if (spec.download && req.method === 'HEAD') {
        next();
        return;
      }
      const ctx = contextOf(res);
      if (spec.audit) ctx.audit.action = spec.audit;
      const stop = withTimeout(spec.longRunning ? services.config.uploadTimeoutMs : services.config.requestTimeoutMs, res, next);
      try {
        authorize(spec, ctx);
        // A JSON route must not read a text or form body as "no body" (and so as all defaults).
        if (spec.body && sendsBody(req) && !req.is(['application/json', 'application/*+json'])) {
          throw new HttpError('UNSUPPORTED_MEDIA_TYPE', 'send the body as application/json', 'body');
        }
        const input = {
          params: spec.params ? parsePart(spec.params, req.params, 'params') : {},
          // A route without query parameters refuses any (parsePart names the one given).
          query: parsePart(spec.query ?? NO_QUERY, req.query, 'query'),
          body: spec.body ? parsePart(spec.body, req.body, 'body') : {},
        };
        const reply = await spec.handler({ ...input, ctx, services, req, res });
        if (reply.download && !spec.download) throw new Error(`route ${spec.method.toUpperCase()} ${spec.path} answered a download without \`download: true\` in its spec`);
        const status = reply.status ?? spec.status ?? 200;
        if (res.headersSent) return;
        await recordAudit(services.store, req, ctx, status);
        ctx.audit.action = null;
        if (res.headersSent) return;
        if (reply.download) {
          res
            .status(status)
            .type(reply.download.contentType)
            .attachment(reply.download.fileName)
            .setHeader('Content-Length', String(reply.download.bytes.length))
            .end(reply.download.bytes);
        } else {
          res.status(status).json(reply.body);
        }
      } catch (error) {
        // After a timeout answered, a late failure is only logged: the error path runs once per request.
        if (res.headersSent) ctx.log.warn({ err: error }, 'failed after the answer was sent');
        else next(error);
      } finally {
        stop();
      }
    });
  }
  return router;
}
