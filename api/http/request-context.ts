/**
 * Per-request state: a request id (the client's `X-Request-Id` when it is a
 * sane token, else a new UUID) echoed in the response and every log line, a
 * pino child logger, the caller once authenticated, and what the audit entry
 * of this request should name. One access-log line per request, with the path
 * but never the query string (search text can be personal data).
 */
import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { Logger as PinoLogger } from 'pino';
import type { Principal } from './access/principal.ts';

export interface AuditNote {
  /** The action name when this request is audited (set by the route). */
  action: string | null;
  ringIds: string[];
  entityIds: string[];
  details: Record<string, unknown>;
  /** Set when access was refused by scope (a 404 that hides an existing thing). */
  denied: boolean;
}

export interface RequestContext {
  requestId: string;
  log: PinoLogger;
  principal: Principal | null;
  /** Why authentication failed, when a token was sent but not accepted. */
  authFailure: string | null;
  remote: string | null;
  audit: AuditNote;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

export function contextOf(res: Response): RequestContext {
  return res.locals.ctx as RequestContext;
}

export function requestContext(logger: PinoLogger) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const given = req.get('x-request-id');
    const requestId = given !== undefined && REQUEST_ID.test(given) ? given : randomUUID();
    const ctx: RequestContext = {
      requestId,
      log: logger.child({ reqId: requestId }),
      principal: null,
      authFailure: null,
      remote: req.ip ?? req.socket.remoteAddress ?? null,
      audit: { action: null, ringIds: [], entityIds: [], details: {}, denied: false },
    };
    res.locals.ctx = ctx;
    res.setHeader('X-Request-Id', requestId);
    const started = performance.now();
    res.on('finish', () => {
      ctx.log.info(
        { method: req.method, path: req.path, status: res.statusCode, ms: Math.round(performance.now() - started), token: ctx.principal?.name ?? null },
        'request',
      );
    });
    next();
  };
}
