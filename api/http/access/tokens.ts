/**
 * API tokens: a random secret shown once (`rt_…`), stored only as its SHA-256.
 * Both the HTTP API and `ringtrace tokens` issue, list and revoke through these
 * functions, so the rules hold whichever way a token is made: liaisons need
 * brands and others have none; brands must be brands the store knows (matched
 * without regard to case, stored in the store's spelling), so a typo is an
 * error instead of a token that silently sees nothing; names and brands are
 * printable text, and no two live tokens share a name (the store refuses the
 * second with CONFLICT: saved views and audit entries go by name); a token may
 * expire.
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
  /** How long it lives, e.g. `30d`, `12h`, `15m` (default: no expiry). */
  expiresIn?: string;
  /** Accept brands no report names yet (a liaison set up before the first load). */
  allowUnknownBrands?: boolean;
  /** A one-time login code instead of a bearer token (default `api`). */
  purpose?: 'api' | 'login';
}

const DURATION = /^(\d{1,6})([mhd])$/;
const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** `30d` → milliseconds; INVALID_INPUT naming the field otherwise. */
export function parseDuration(text: string, field = 'expiresIn'): number {
  const match = DURATION.exec(text.trim());
  const amount = Number(match?.[1] ?? 0);
  if (!match || amount === 0) throw new EngineError('INVALID_INPUT', `${field}: expected a duration such as 15m, 12h or 30d`, { details: { field } });
  return amount * UNIT_MS[match[2] as keyof typeof UNIT_MS];
}

const CONTROL = /[\u0000-\u001f\u007f]/;

function printable(value: string, field: string): string {
  if (CONTROL.test(value)) throw new EngineError('INVALID_INPUT', `${field}: must not contain control characters`, { details: { field } });
  return value;
}

/** The store's spelling of each brand, matched without regard to case; INVALID_INPUT for one it does not know. */
async function knownBrands(store: AccessStore, brands: string[]): Promise<string[]> {
  const known = await store.listBrands();
  const byFold = new Map(known.map((b) => [b.toLocaleLowerCase('en'), b]));
  return brands.map((brand) => {
    const found = byFold.get(brand.toLocaleLowerCase('en'));
    if (found !== undefined) return found;
    const hint = known.length === 0 ? 'no brand is known yet (load reports first, or allow unknown brands)' : `known brands: ${known.slice(0, 20).join(', ')}${known.length > 20 ? ', …' : ''}`;
    throw new EngineError('INVALID_INPUT', `brands: no report names the brand '${brand}'; ${hint}`, { details: { field: 'brands' } });
  });
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
  const given = (input.brands ?? []).map((b) => printable(b.trim(), 'brands')).filter((b) => b !== '');
  const brands = [...new Set(input.allowUnknownBrands ? given : await knownBrands(store, given))].sort();
  const name = input.name === undefined ? undefined : printable(input.name.trim(), 'name');
  const expiresAt = input.expiresIn === undefined ? null : new Date(now.getTime() + parseDuration(input.expiresIn)).toISOString();
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
    name: name || `${input.role}-${id.slice(4)}`,
    role: input.role,
    brands,
    hash: hashSecret(secret),
    createdAt: now.toISOString(),
    revokedAt: null,
    expiresAt,
    lastUsedAt: null,
    purpose: input.purpose ?? 'api',
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

/** How long the browser token a login code is exchanged for lives. */
export const BROWSER_LOGIN_LIFETIME = '12h';

/**
 * Exchanges a one-time login code (as `ringtrace start` prints) for a browser
 * token of the same role and brands that expires. The code is revoked by the
 * exchange, so a second use — a link forwarded, a page reloaded from history —
 * is refused; so is an expired code or a bearer token passed as a code.
 */
export async function exchangeLoginCode(store: AccessStore, code: string, now: Date = new Date()): Promise<{ token: TokenView; secret: string }> {
  const found = await store.findTokenByHash(hashSecret(code));
  const live = found !== null && found.purpose === 'login' && found.revokedAt === null && (found.expiresAt === null || Date.parse(found.expiresAt) > now.getTime());
  // Revoking is the claim: of two concurrent exchanges only one revokes.
  if (!live || !(await store.revokeToken(found.id))) {
    throw new EngineError('UNAUTHORIZED', 'this login link was already used or has expired; run `ringtrace start` again or sign in with a token');
  }
  return issueToken(store, { role: found.role, brands: found.brands, name: `browser login (${found.name})`, expiresIn: BROWSER_LOGIN_LIFETIME, allowUnknownBrands: true }, now);
}
