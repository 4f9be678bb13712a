/**
 * Bearer-token authentication. The secret is hashed and looked up by hash in
 * the store on every request (one indexed read), so a token revoked anywhere —
 * this server, another one, the CLI — stops working at once; an expired token
 * is refused like a revoked one. When a token was last used is recorded at
 * most once a minute per token, off the request's path. A missing or refused
 * token does not answer here: routes decide (public ones need none), so an
 * unknown path stays a 404 and the audit entry names the refusal.
 */
import type { NextFunction, Request, Response } from 'express';
import type { AccessStore, TokenRecord } from '../../../engine/index.ts';
import { contextOf } from '../request-context.ts';
import { personalDataRule, type Principal } from './principal.ts';
import { hashSecret } from './tokens.ts';

const BEARER = /^Bearer[ ]+([A-Za-z0-9._~+/=-]{1,256})$/;

export interface Authenticator {
  middleware(req: Request, res: Response, next: NextFunction): void;
  /** Drops cached lookups (after a revocation). */
  forget(): void;
}

const TOUCH_EVERY_MS = 60_000;

export interface AuthenticatorOptions {
  now?: () => number;
  onTouchFailed?: (error: unknown) => void;
  /** The liaison role's personal-data policy (config `liaisonPersonalData`). */
  liaisonPersonalData?: 'members' | 'masked' | 'all';
  /**
   * GET /api/events only (EventSource cannot send headers): the principal of a
   * one-time `?ticket=` from POST /api/events/ticket, or null.
   */
  redeemTicket?: (ticket: string) => Principal | null;
}

/** A bearer token that is not revoked or expired. A login code is exchanged once (POST /api/login), never accepted as a bearer token. */
export function isLiveToken(token: TokenRecord | null | undefined, at: number): token is TokenRecord {
  return token != null && token.purpose === 'api' && token.revokedAt === null && (token.expiresAt === null || Date.parse(token.expiresAt) > at);
}

export function createAuthenticator(store: AccessStore, options: AuthenticatorOptions = {}): Authenticator {
  const now = options.now ?? Date.now;
  /** When each token's last use was last written. */
  const touched = new Map<string, number>();

  const live = (token: TokenRecord | null): token is TokenRecord => isLiveToken(token, now());

  const touch = (token: TokenRecord): void => {
    const at = now();
    if (at - (touched.get(token.id) ?? 0) < TOUCH_EVERY_MS) return;
    // Bounded: one entry per live token; a huge map means something odd, so start over.
    if (touched.size > 10_000) touched.clear();
    touched.set(token.id, at);
    store.touchToken(token.id, new Date(at).toISOString()).catch((error: unknown) => options.onTouchFailed?.(error));
  };

  return {
    middleware(req, res, next) {
      const ctx = contextOf(res);
      const header = req.get('authorization');
      if (header === undefined) {
        const ticket = req.query['ticket'];
        if (options.redeemTicket && req.method === 'GET' && req.path === '/events' && typeof ticket === 'string') {
          const principal = options.redeemTicket(ticket);
          if (principal === null) {
            ctx.authFailure = 'unknown, used or expired event ticket (POST /api/events/ticket gives a new one)';
            next();
            return;
          }
          // The ticket's token may have been revoked since it was issued.
          store
            .listTokens()
            .then((tokens) => {
              if (live(tokens.find((t) => t.id === principal.tokenId) ?? null)) ctx.principal = principal;
              else ctx.authFailure = 'the token this event ticket was issued to is revoked or expired';
              next();
            })
            .catch(next);
          return;
        }
        next();
        return;
      }
      const match = BEARER.exec(header.trim());
      if (!match?.[1]) {
        ctx.authFailure = 'malformed Authorization header (expected: Bearer <token>)';
        next();
        return;
      }
      store
        .findTokenByHash(hashSecret(match[1]))
        .then((token) => {
          if (!live(token)) {
            ctx.authFailure = 'unknown, revoked or expired token';
          } else {
            ctx.principal = {
              tokenId: token.id,
              name: token.name,
              role: token.role,
              brands: token.brands,
              personalData: personalDataRule(token.role, options.liaisonPersonalData ?? 'members'),
            };
            touch(token);
          }
          next();
        })
        .catch(next);
    },
    forget() {
      touched.clear();
    },
  };
}
