/**
 * Guards on request bodies that must act before (or instead of) reading them:
 *
 * - an announced `Content-Length` above the route's limit is refused with 413
 *   at once and the connection closed, instead of draining a gigabyte the
 *   server will never use (body-parser answers only after the body arrived);
 * - a JSON body still incomplete after `bodyTimeoutMs` gets 408 and the
 *   connection is closed, so a slow or stalled client cannot hold a request
 *   (uploads have their own idle timeout in `receiveUpload`);
 * - a route that reads a raw body (uploads) refuses other content types with
 *   415 before anything reads it: a streamed CSV sent as `application/json`
 *   would otherwise be swallowed by the JSON parser and load an empty file;
 * - a body sent to a path or method no route takes gets its 404 or 405 at
 *   once, so it is never measured against a limit meant for some other route.
 *
 * The guards key routes as `METHOD /path`, exactly as the API router matches
 * them (case-sensitive and strict, `ROUTER_OPTIONS` in route.ts): `/Ingest`
 * and `/ingest/` are not the upload route here and are no route there.
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { HttpError, toErrorResponse } from './http-errors.ts';
import { contextOf } from './request-context.ts';
import type { RouteSpec } from './route.ts';

export interface BodyLimits {
  /** Largest JSON body. */
  jsonBytes: number;
  /** Largest body of a raw-body (upload) route. */
  uploadBytes: number;
  /** Longest time to receive a JSON body. */
  jsonTimeoutMs: number;
}

/** A request that will send a body (chunked, or a non-zero length). */
export function sendsBody(req: Request): boolean {
  return req.headers['transfer-encoding'] !== undefined || (req.headers['content-length'] !== undefined && req.headers['content-length'] !== '0');
}

/** Routes that read their own (non-JSON) body, keyed `METHOD /path` (paths under /api, no parameters). */
export function rawBodyRoutes(routes: readonly RouteSpec[]): Map<string, RouteSpec> {
  const raw = new Map<string, RouteSpec>();
  for (const spec of routes) {
    if (spec.rawBody === undefined) continue;
    if (spec.path.includes(':')) throw new Error(`raw-body route ${spec.path} must not take path parameters`);
    raw.set(`${spec.method.toUpperCase()} ${spec.path}`, spec);
  }
  return raw;
}

/** Ends the exchange after the answer: the unread body makes the connection unusable for another request. */
export function closeAfter(res: Response): void {
  res.setHeader('Connection', 'close');
  res.once('finish', () => res.req.socket.destroySoon());
}

function refuse(res: Response, next: NextFunction, error: HttpError): void {
  closeAfter(res);
  next(error);
}

/**
 * Mounted under /api before any body parser. `unmatched` names the error for
 * a request no route takes, or null when one does (route.ts's `routeMiss`
 * over `allowedMethods`, passed in: route.ts already imports this module).
 */
export function bodyGuards(routes: readonly RouteSpec[], limits: BodyLimits, unmatched: (req: Request, res: Response) => HttpError | null): RequestHandler {
  const raw = rawBodyRoutes(routes);
  return (req: Request, res: Response, next: NextFunction) => {
    // A request without a body (a GET) has nothing to limit, and must not be timed: its stream never ends.
    if (!sendsBody(req)) {
      next();
      return;
    }
    const miss = unmatched(req, res);
    if (miss !== null) {
      refuse(res, next, miss);
      return;
    }
    const upload = raw.get(`${req.method} ${req.path}`);
    const limit = upload ? limits.uploadBytes : limits.jsonBytes;
    const announced = Number(req.headers['content-length'] ?? NaN);
    if (Number.isFinite(announced) && announced > limit) {
      refuse(res, next, new HttpError('PAYLOAD_TOO_LARGE', `the request body announces ${announced} bytes; the limit is ${limit}`, 'body'));
      return;
    }
    if (upload) {
      const types = upload.rawBody?.contentTypes ?? [];
      if (!req.is(types)) {
        refuse(res, next, new HttpError('UNSUPPORTED_MEDIA_TYPE', `send the upload as one of ${types.join(', ')}`, 'body'));
        return;
      }
      next();
      return;
    }
    const timer = setTimeout(() => {
      if (res.headersSent || req.complete) return;
      // The request already went on to the body parser, so answer here rather than through next() a second time.
      const error = new HttpError('REQUEST_TIMEOUT', `the request body did not arrive within ${limits.jsonTimeoutMs} ms`, 'body');
      const { status, body } = toErrorResponse(error, contextOf(res).requestId);
      closeAfter(res);
      res.status(status).json(body);
    }, limits.jsonTimeoutMs);
    timer.unref();
    const clear = () => clearTimeout(timer);
    req.once('end', clear);
    req.once('close', clear);
    res.once('finish', clear);
    next();
  };
}
