/**
 * Bearer-token authentication. The secret is hashed and looked up by hash;
 * a short cache (hits and misses) spares the store a read per request, and is
 * cleared when this server revokes a token. A token revoked elsewhere (the
 * CLI, another server) stops working within `cacheMs`. A missing or refused
 * token does not answer here: routes decide (public ones need none), so an
 * unknown path stays a 404 and the audit entry names the refusal.
 */
import type { NextFunction, Request, Response } from 'express';
import type { AccessStore, TokenRecord } from '../../../engine/index.ts';
import { contextOf } from '../request-context.ts';
import { hashSecret } from './tokens.ts';

const BEARER = /^Bearer[ ]+([A-Za-z0-9._~+/=-]{1,256})$/;

export interface Authenticator {
  middleware(req: Request, res: Response, next: NextFunction): void;
  /** Drops cached lookups (after a revocation). */
  forget(): void;
}

export function createAuthenticator(store: AccessStore, options: { cacheMs?: number; now?: () => number } = {}): Authenticator {
  const cacheMs = options.cacheMs ?? 5_000;
  const now = options.now ?? Date.now;
  const cache = new Map<string, { token: TokenRecord | null; at: number }>();

  const lookup = async (hash: string): Promise<TokenRecord | null> => {
    const hit = cache.get(hash);
    if (hit && now() - hit.at < cacheMs) return hit.token;
    const token = await store.findTokenByHash(hash);
    // Bounded: a flood of random tokens must not grow memory without limit.
    if (cache.size > 10_000) cache.clear();
    cache.set(hash, { token, at: now() });
    return token;
  };

  return {
    middleware(req, res, next) {
      const ctx = contextOf(res);
      const header = req.get('authorization');
      if (header === undefined) {
        next();
        return;
      }
      const match = BEARER.exec(header.trim());
      if (!match?.[1]) {
        ctx.authFailure = 'malformed Authorization header (expected: Bearer <token>)';
        next();
        return;
      }
      lookup(hashSecret(match[1]))
        .then((token) => {
          if (token === null || token.revokedAt !== null) ctx.authFailure = 'unknown or revoked token';
          else ctx.principal = { tokenId: token.id, name: token.name, role: token.role, brands: token.brands };
          next();
        })
        .catch(next);
    },
    forget() {
      cache.clear();
    },
  };
}
