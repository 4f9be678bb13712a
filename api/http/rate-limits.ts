/**
 * Rate limits: per token for authenticated calls (one investigator's script
 * cannot starve the others), and per client address for refused tokens only
 * (slows guessing without touching legitimate traffic behind one address).
 * Both answer 429 RATE_LIMITED through the common error path.
 */
import type { Request, RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import { HttpError } from './http-errors.ts';
import { contextOf } from './request-context.ts';

const WINDOW_MS = 60_000;

export interface RateLimitOptions {
  /** Requests never limited (health, readiness, the OpenAPI document): a monitor behind a guessing client's address must still see the service. */
  exempt?: (req: Request) => boolean;
}

export function createRateLimits(perMinute: number, options: RateLimitOptions = {}): RequestHandler[] {
  if (perMinute === 0) return [];
  const exempt = options.exempt ?? (() => false);
  const refuse: RequestHandler = (_req, _res, next) => next(new HttpError('RATE_LIMITED', 'too many requests; slow down'));
  const perToken = rateLimit({
    windowMs: WINDOW_MS,
    limit: perMinute,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    skip: (req, res) => exempt(req) || contextOf(res).principal === null,
    keyGenerator: (_req, res) => `token:${contextOf(res).principal?.tokenId ?? ''}`,
    handler: refuse,
  });
  const refusedTokens = rateLimit({
    windowMs: WINDOW_MS,
    limit: Math.max(10, Math.floor(perMinute / 10)),
    standardHeaders: false,
    legacyHeaders: false,
    skip: (req, res) => exempt(req) || contextOf(res).principal !== null,
    requestWasSuccessful: (_req, res) => res.statusCode !== 401,
    skipSuccessfulRequests: true,
    keyGenerator: (req) => `ip:${ipKeyGenerator(req.ip ?? 'unknown')}`,
    handler: refuse,
  });
  return [perToken, refusedTokens];
}
