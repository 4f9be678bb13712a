/**
 * Tokens and the audit trail in the embedded store. Only token hashes are
 * stored. The audit table is append-only twice over: this module has no
 * update or delete, and triggers in the schema refuse them.
 */
import { nameTaken, type AuditEntry, type Role, type TokenRecord } from '../../model/access.ts';
import type { AccessStore } from '../ports.ts';
import type { Db } from './connection.ts';
import { parseJson, statementCache } from './sql.ts';

type TokenRow = [id: string, name: string, role: string, brands: string, hash: string, createdAt: string, revokedAt: string | null, expiresAt: string | null, lastUsedAt: string | null, purpose: string];
type AuditRow = [
  id: string, at: string, tokenName: string | null, role: string | null, action: string, route: string | null,
  ringIds: string, entityIds: string, remote: string | null, outcome: string, details: string | null,
];

const TOKEN_COLUMNS = 'id, name, role, brands, hash, created_at, revoked_at, expires_at, last_used_at, purpose';
const AUDIT_COLUMNS = 'id, at, token_name, role, action, route, ring_ids, entity_ids, remote, outcome, details';

export function createAccess(db: Db): AccessStore {
  const insertToken = db.prepare(`INSERT INTO tokens (${TOKEN_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const tokenByHash = db.prepare(`SELECT ${TOKEN_COLUMNS} FROM tokens WHERE hash = ?`).raw();
  const allTokens = db.prepare(`SELECT ${TOKEN_COLUMNS} FROM tokens ORDER BY created_at, id`).raw();
  const revoke = db.prepare('UPDATE tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL');
  const touch = db.prepare('UPDATE tokens SET last_used_at = ? WHERE id = ?');
  const brands = db.prepare('SELECT DISTINCT brand FROM reports WHERE brand IS NOT NULL ORDER BY brand').pluck();
  const insertAudit = db.prepare(`INSERT INTO audit (${AUDIT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const prepared = statementCache(db);
  const liveNamed = db.prepare('SELECT 1 FROM tokens WHERE name = ? AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > ?) LIMIT 1').pluck();
  const createTokenOnce = db.transaction((token: TokenRecord) => {
    if (liveNamed.get(token.name, token.createdAt) !== undefined) throw nameTaken(token.name);
    insertToken.run(token.id, token.name, token.role, JSON.stringify(token.brands), token.hash, token.createdAt, token.revokedAt, token.expiresAt, token.lastUsedAt, token.purpose);
  });

  return {
    async createToken(token) {
      // IMMEDIATE: the write lock is taken before the check, so a CLI and a server on one store cannot both pass it.
      createTokenOnce.immediate(token);
    },

    async findTokenByHash(hash) {
      const row = tokenByHash.get(hash) as TokenRow | undefined;
      return row ? toToken(row) : null;
    },

    async listTokens() {
      return (allTokens.all() as TokenRow[]).map(toToken);
    },

    async revokeToken(id) {
      return revoke.run(new Date().toISOString(), id).changes > 0;
    },

    async touchToken(id, at) {
      touch.run(at, id);
    },

    async listBrands() {
      return brands.all() as string[];
    },

    async appendAudit(entry) {
      insertAudit.run(
        entry.id, entry.at, entry.tokenName, entry.role, entry.action, entry.route,
        JSON.stringify(entry.ringIds), JSON.stringify(entry.entityIds), entry.remote, entry.outcome,
        entry.details === undefined ? null : JSON.stringify(entry.details),
      );
    },

    async listAudit(query) {
      const where: string[] = [];
      const params: unknown[] = [];
      const filters: Array<[string, string | undefined]> = [
        ['at >= ?', query.since],
        ['at <= ?', query.until],
        ['token_name = ?', query.tokenName],
        ['action = ?', query.action],
        ['outcome = ?', query.outcome],
      ];
      for (const [condition, value] of filters) {
        if (value === undefined) continue;
        where.push(condition);
        params.push(value);
      }
      const filter = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
      const total = prepared(`SELECT count(*) FROM audit ${filter}`).pluck().get(...params) as number;
      const rows = prepared(`SELECT ${AUDIT_COLUMNS} FROM audit ${filter} ORDER BY at DESC, seq DESC LIMIT ? OFFSET ?`)
        .raw()
        .all(...params, query.limit, query.offset) as AuditRow[];
      return { entries: rows.map(toAudit), total };
    },
  };
}

function toToken([id, name, role, brands, hash, createdAt, revokedAt, expiresAt, lastUsedAt, purpose]: TokenRow): TokenRecord {
  return { id, name, role: role as Role, brands: JSON.parse(brands) as string[], hash, createdAt, revokedAt, expiresAt, lastUsedAt, purpose: purpose === 'login' ? 'login' : 'api' };
}

function toAudit([id, at, tokenName, role, action, route, ringIds, entityIds, remote, outcome, details]: AuditRow): AuditEntry {
  const extra = parseJson<Record<string, unknown>>(details);
  return {
    id, at, tokenName, role: role as Role | null, action, route,
    ringIds: JSON.parse(ringIds) as string[], entityIds: JSON.parse(entityIds) as string[],
    remote, outcome: outcome as AuditEntry['outcome'],
    ...(extra === undefined ? {} : { details: extra }),
  };
}
