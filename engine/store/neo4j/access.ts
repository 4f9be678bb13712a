/**
 * Tokens (`:Token`, hash only) and the audit trail (`:AuditEntry`). The audit
 * is append-only by construction: the registry holds no query that updates or
 * deletes an AuditEntry (only the explicit wipe in maintenance.ts removes all data).
 */
import type { AuditEntry, Role, TokenRecord } from '../../model/access.ts';
import type { AccessStore } from '../ports.ts';
import { createReadBatcher } from './read-batch.ts';
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

interface PendingAudit {
  item: { entry: Record<string, unknown>; seq: number };
  done: () => void;
  failed: (error: unknown) => void;
}

export function createAccess(runner: Runner): AccessStore {
  // Group commit: every request awaits a durable audit entry before it is
  // answered, and one Neo4j transaction per entry capped the API's throughput.
  // Entries that arrive while a commit is in flight go together in the next.
  let queue: PendingAudit[] = [];
  let flushing = false;
  const flush = async (): Promise<void> => {
    flushing = true;
    while (queue.length > 0) {
      const group = queue;
      queue = [];
      const write = (items: PendingAudit[]) =>
        runner.write('appendAudit', (tx) => tx.run('write/append-audit-entries', { entries: items.map((p) => p.item) }));
      try {
        await write(group);
        for (const p of group) p.done();
      } catch (error) {
        if (group.length === 1) {
          group[0]!.failed(error);
          continue;
        }
        // One bad entry (e.g. a duplicate id) must not fail the others: retry one by one.
        for (const p of group) await write([p]).then(p.done, p.failed);
      }
    }
    flushing = false;
  };

  // Grouped reads, for the same reason: every API request looks its token up
  // (read-batch.ts). Each lookup still reads the token as stored after its
  // request arrived, so a revocation committed before a request is seen by it.
  const findTokens = createReadBatcher(async (hashes: string[]): Promise<Array<TokenRecord | null>> => {
    const records = await runner.read('read/find-tokens-by-hash', { hashes: [...new Set(hashes)] });
    const byHash = new Map(records.map((r) => [asString(r.get('hash')), toToken(asRecord(r.get('token')))]));
    return hashes.map((h) => byHash.get(h) ?? null);
  });

  return {
    async createToken(token) {
      await runner.write('createToken', (tx) => tx.run('write/create-token', { token: { ...token } }));
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
      await new Promise<void>((done, failed) => {
        queue.push({ item, done, failed });
        if (!flushing) void flush();
      });
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
