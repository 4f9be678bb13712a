/**
 * Tokens (`:Token`, hash only) and the audit trail (`:AuditEntry`). The audit
 * is append-only by construction: the registry holds no query that updates or
 * deletes an AuditEntry (only the explicit wipe in maintenance.ts removes all data).
 */
import { nameTaken, type AuditEntry, type Role, type TokenRecord } from '../../model/access.ts';
import type { AccessStore } from '../ports.ts';
import { createQueryBatcher } from './query-batch.ts';
import type { Runner } from './session.ts';
import { asNullableString, asNumber, asRecord, asString, asStringList, type Plain } from './values.ts';

let auditSeq = 0;

function toToken(props: Record<string, Plain>): TokenRecord {
  return {
    id: asString(props['id']), name: asString(props['name']), role: asString(props['role']) as Role,
    brands: asStringList(props['brands']), hash: asString(props['hash']), createdAt: asString(props['createdAt']),
    revokedAt: asNullableString(props['revokedAt']), expiresAt: asNullableString(props['expiresAt']),
    lastUsedAt: asNullableString(props['lastUsedAt']), purpose: props['purpose'] === 'login' ? 'login' : 'api',
  };
}

function toAudit(props: Record<string, Plain>): AuditEntry {
  const details = asNullableString(props['details']);
  return {
    id: asString(props['id']), at: asString(props['at']), tokenName: asNullableString(props['tokenName']),
    role: asNullableString(props['role']) as Role | null, action: asString(props['action']), route: asNullableString(props['route']),
    ringIds: asStringList(props['ringIds']), entityIds: asStringList(props['entityIds']), remote: asNullableString(props['remote']),
    outcome: asString(props['outcome']) as AuditEntry['outcome'],
    ...(details === null ? {} : { details: JSON.parse(details) as Record<string, unknown> }),
  };
}

/** One audit entry as written: its properties (details as JSON text) and its append order. */
interface AuditItem {
  entry: Record<string, unknown>;
  seq: number;
}

export function createAccess(runner: Runner): AccessStore {
  // Group commit: every request awaits a durable audit entry before it is
  // answered, and one Neo4j transaction per entry capped the API's throughput.
  // Entries that arrive while a commit is in flight go together in the next
  // (query-batch.ts, no size cap); each call's result is its own failure or null.
  const writeAudit = (entries: AuditItem[]) => runner.write('appendAudit', (tx) => tx.run('write/append-audit-entries', { entries }));
  const appendAudits = createQueryBatcher(async (group: AuditItem[]): Promise<Array<{ error: unknown } | null>> => {
    try {
      await writeAudit(group);
      return group.map(() => null);
    } catch (error) {
      if (group.length === 1) throw error;
      // One bad entry (e.g. a duplicate id) must not fail the others: retry one by one.
      const out: Array<{ error: unknown } | null> = [];
      for (const item of group) out.push(await writeAudit([item]).then(() => null, (e: unknown) => ({ error: e })));
      return out;
    }
  }, Number.POSITIVE_INFINITY);

  // Token lookups, grouped the same way: every API request looks its token up.
  // Each lookup still reads the token as stored after its request arrived, so
  // a revocation committed before a request is seen by it.
  const findTokens = createQueryBatcher(async (hashes: string[]): Promise<Array<TokenRecord | null>> => {
    const records = await runner.read('read/find-tokens-by-hash', { hashes: [...new Set(hashes)] });
    const byHash = new Map(records.map((r) => [asString(r.get('hash')), toToken(asRecord(r.get('token')))]));
    return hashes.map((h) => byHash.get(h) ?? null);
  });

  return {
    async createToken(token) {
      // The check and the create are one statement in one transaction, behind the name's write lock (create-token.cypher).
      const [record] = await runner.write('createToken', (tx) => tx.run('write/create-token', { token: { ...token } }));
      if (record === undefined || asNumber(record.get('created')) === 0) throw nameTaken(token.name);
    },

    async findTokenByHash(hash) {
      return findTokens(hash);
    },

    async listTokens() {
      return (await runner.read('read/list-tokens')).map((r) => toToken(asRecord(r.get('token'))));
    },

    async revokeToken(id) {
      const [record] = await runner.write('revokeToken', (tx) => tx.run('write/revoke-token', { id, at: new Date().toISOString() }));
      return record !== undefined && asNumber(record.get('revoked')) > 0;
    },

    async touchToken(id, at) {
      await runner.write('touchToken', (tx) => tx.run('write/touch-token', { id, at }));
    },

    async listBrands() {
      return (await runner.read('read/list-brands')).map((r) => asString(r.get('brand')));
    },

    async appendAudit(entry) {
      // Same-millisecond entries keep their append order through seq.
      auditSeq = Math.max(auditSeq + 1, Date.now() * 1000);
      const { details, ...rest } = entry;
      const item = { entry: { ...rest, details: details === undefined ? null : JSON.stringify(details) }, seq: auditSeq };
      const failure = await appendAudits(item);
      if (failure !== null) throw failure.error;
    },

    async listAudit(query) {
      const [record] = await runner.read('read/list-audit-entries', {
        since: query.since ?? null, until: query.until ?? null, tokenName: query.tokenName ?? null,
        action: query.action ?? null, outcome: query.outcome ?? null, offset: query.offset, limit: query.limit,
      });
      if (record === undefined) return { entries: [], total: 0 };
      return { entries: (record.get('entries') as unknown[]).map((e) => toAudit(asRecord(e))), total: asNumber(record.get('total')) };
    },
  };
}
