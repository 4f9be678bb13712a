/**
 * Writes the audit entry of an audited request: who (token name and role),
 * what (action, path, ring and entity ids, details), when, from where, and
 * the outcome. Successful reads are recorded before their data is sent, so
 * personal data never leaves without a trace; if the entry cannot be written
 * the request fails instead.
 */
import { randomUUID } from 'node:crypto';
import type { Request } from 'express';
import type { AccessStore, AuditEntry } from '../../../engine/index.ts';
import type { RequestContext } from '../request-context.ts';

export function outcomeOf(status: number, ctx: RequestContext): AuditEntry['outcome'] {
  if (status < 400) return 'ok';
  if (ctx.audit.denied || status === 401 || status === 403) return 'denied';
  return 'error';
}

export async function recordAudit(store: AccessStore, req: Request, ctx: RequestContext, status: number): Promise<void> {
  if (ctx.audit.action === null) return;
  const entry: AuditEntry = {
    id: randomUUID(),
    at: new Date().toISOString(),
    tokenName: ctx.principal?.name ?? null,
    role: ctx.principal?.role ?? null,
    action: ctx.audit.action,
    route: `${req.method} ${req.baseUrl}${req.path}`,
    ringIds: ctx.audit.ringIds,
    entityIds: ctx.audit.entityIds,
    remote: ctx.remote,
    outcome: outcomeOf(status, ctx),
    details: { ...ctx.audit.details, status, requestId: ctx.requestId },
  };
  await store.appendAudit(entry);
}
