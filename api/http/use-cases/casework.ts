/**
 * Alerts and cases for the API: lists scoped to a liaison's brands in the
 * store query itself, single items that answer NOT_FOUND alike when missing
 * or outside the caller's scope (the hidden case is flagged in the audit
 * entry), and people's changes through the engine's case actions.
 */
import {
  addCaseNote, caseVisibleTo, decodeCursor, EngineError, setCaseAssignee, setCaseStatus,
  type AlertStatus, type CaseActor, type CaseRecord, type CaseStatus, type FullStore, type StatusChange,
} from '../../../engine/index.ts';
import type { Principal } from '../access/principal.ts';
import type { AuditNote } from '../request-context.ts';
import type { AlertView, CaseDetailView, CaseView } from '../schemas.ts';
import { page } from '../validation.ts';

export interface CaseworkAccess {
  store: FullStore;
  principal: Principal;
  audit: AuditNote;
}

const actorOf = (p: Principal): CaseActor => ({ name: p.name, role: p.role, brands: p.brands });

/** A liaison's brands narrowed by a requested filter; undefined: no brand filter. */
function scopeBrands(principal: Principal, requested?: string[]): string[] | undefined {
  if (principal.role !== 'liaison') return requested;
  return requested === undefined ? principal.brands : requested.filter((b) => principal.brands.includes(b));
}

function cursorPage<T>(items: T[], offset: number, limit: number, total: number) {
  const p = page(offset, limit, items.length, total);
  return { items, nextCursor: p.nextOffset === null ? null : String(p.nextOffset), page: p };
}

export async function listAlerts(access: CaseworkAccess, query: { status: AlertStatus | 'all'; limit: number; cursor?: string }) {
  const offset = decodeCursor(query.cursor);
  const brands = scopeBrands(access.principal);
  const { alerts, total } = await access.store.listAlerts({ offset, limit: query.limit, ...(query.status !== 'all' ? { status: query.status } : {}), ...(brands ? { brands } : {}) });
  return cursorPage<AlertView>(alerts, offset, query.limit, total);
}

export async function acknowledgeAlert(access: CaseworkAccess, alertId: string): Promise<AlertView> {
  const alert = await access.store.getAlert(alertId);
  if (alert !== null && !caseVisibleTo(alert, access.principal)) access.audit.denied = true;
  if (alert === null || access.audit.denied) throw new EngineError('NOT_FOUND', `alert ${alertId} not found`);
  access.audit.ringIds = [alert.ringId];
  access.audit.details = { alertId };
  const acknowledged = await access.store.acknowledgeAlert(alertId, access.principal.name, new Date().toISOString());
  if (acknowledged === null) throw new EngineError('NOT_FOUND', `alert ${alertId} not found`);
  return acknowledged;
}

export interface CaseListQuery {
  status?: CaseStatus[];
  assignee?: string;
  brand?: string[];
  minScore?: number;
  sort: 'score' | 'updated' | 'created';
  limit: number;
  cursor?: string;
}

export async function listCases(access: CaseworkAccess, query: CaseListQuery) {
  const offset = decodeCursor(query.cursor);
  const brands = scopeBrands(access.principal, query.brand);
  const { cases, total } = await access.store.listCases({
    sort: query.sort, offset, limit: query.limit,
    ...(query.status ? { status: query.status } : {}), ...(query.assignee !== undefined ? { assignee: query.assignee } : {}),
    ...(query.minScore !== undefined ? { minScore: query.minScore } : {}), ...(brands ? { brands } : {}),
  });
  return cursorPage<CaseView>(cases, offset, query.limit, total);
}

/** The case, or NOT_FOUND when missing or outside the caller's scope (flagged in the audit entry). */
async function scopedCase(access: CaseworkAccess, caseId: string): Promise<CaseRecord> {
  const c = await access.store.getCase(caseId);
  if (c !== null && !caseVisibleTo(c, access.principal)) access.audit.denied = true;
  if (c === null || access.audit.denied) throw new EngineError('NOT_FOUND', `case ${caseId} not found`);
  access.audit.ringIds = c.ringIds;
  access.audit.details = { ...access.audit.details, caseId };
  return c;
}

async function detail(access: CaseworkAccess, c: CaseRecord): Promise<CaseDetailView> {
  return { ...c, events: await access.store.caseEvents(c.id) };
}

export async function caseDetail(access: CaseworkAccess, caseId: string): Promise<CaseDetailView> {
  return detail(access, await scopedCase(access, caseId));
}

export async function ringCase(access: CaseworkAccess, ringId: string): Promise<CaseDetailView> {
  access.audit.ringIds = [ringId];
  const c = (await access.store.casesForRings([ringId])).get(ringId) ?? null;
  if (c !== null && !caseVisibleTo(c, access.principal)) access.audit.denied = true;
  if (c === null || access.audit.denied) throw new EngineError('NOT_FOUND', `no case follows ring ${ringId}`);
  access.audit.details = { caseId: c.id };
  return detail(access, c);
}

export async function noteCase(access: CaseworkAccess, caseId: string, text: string): Promise<CaseDetailView> {
  const c = await scopedCase(access, caseId);
  const event = await addCaseNote(access.store, actorOf(access.principal), c.id, text);
  access.audit.details = { caseId, eventId: event.id };
  return caseDetail(access, c.id);
}

export async function changeCaseStatus(access: CaseworkAccess, caseId: string, change: StatusChange): Promise<CaseDetailView> {
  const c = await scopedCase(access, caseId);
  access.audit.details = { caseId, from: c.status, to: change.status, reason: change.reason, ...(change.manifestHash ? { manifestHash: change.manifestHash } : {}) };
  const changed = await setCaseStatus(access.store, actorOf(access.principal), c.id, change);
  return detail(access, changed);
}

export async function assignCase(access: CaseworkAccess, caseId: string, assignee: string | null): Promise<CaseDetailView> {
  const c = await scopedCase(access, caseId);
  access.audit.details = { caseId, from: c.assignee, to: assignee };
  const changed = await setCaseAssignee(access.store, actorOf(access.principal), c.id, assignee);
  return detail(access, changed);
}
