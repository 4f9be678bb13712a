/**
 * API tokens: a random secret shown once (`rt_…`), stored only as its SHA-256.
 * Both the HTTP API and `ringtrace tokens` issue, list and revoke through these
 * functions, so the rules (liaisons need brands, others have none) hold
 * whichever way a token is made.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { EngineError, ROLES, type AccessStore, type Role, type TokenRecord } from '../../../engine/index.ts';
import type { TokenView } from '../schemas.ts';

export const TOKEN_PREFIX = 'rt_';

export type { TokenView };

export interface IssueTokenInput {
  role: Role;
  brands?: string[];
  name?: string;
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

export function toTokenView(token: TokenRecord): TokenView {
  const { hash: _hash, ...view } = token;
  return view;
}

export async function issueToken(store: AccessStore, input: IssueTokenInput, now: Date = new Date()): Promise<{ token: TokenView; secret: string }> {
  if (!ROLES.includes(input.role)) throw new EngineError('INVALID_INPUT', `role must be one of ${ROLES.join(', ')}`, { details: { field: 'role' } });
  const brands = [...new Set((input.brands ?? []).map((b) => b.trim()).filter((b) => b !== ''))].sort();
  if (input.role === 'liaison' && brands.length === 0) {
    throw new EngineError('INVALID_INPUT', 'a liaison token needs at least one brand', { details: { field: 'brands' } });
  }
  if (input.role !== 'liaison' && brands.length > 0) {
    throw new EngineError('INVALID_INPUT', 'only liaison tokens are scoped to brands', { details: { field: 'brands' } });
  }
  const id = `tok-${randomUUID().slice(0, 8)}`;
  // 32 random bytes: guessing is out of reach, so a fast hash is the right one to store.
  const secret = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  const record: TokenRecord = {
    id,
    name: input.name?.trim() || `${input.role}-${id.slice(4)}`,
    role: input.role,
    brands,
    hash: hashSecret(secret),
    createdAt: now.toISOString(),
    revokedAt: null,
  };
  await store.createToken(record);
  return { token: toTokenView(record), secret };
}

export async function listTokenViews(store: AccessStore): Promise<TokenView[]> {
  return (await store.listTokens()).map(toTokenView);
}

/** Revokes a live token; NOT_FOUND when there is none with that id (or it was already revoked). */
export async function revokeTokenById(store: AccessStore, id: string): Promise<void> {
  if (!(await store.revokeToken(id))) throw new EngineError('NOT_FOUND', `no live token ${id}`);
}
