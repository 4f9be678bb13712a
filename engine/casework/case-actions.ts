/**
 * What people do to cases, the same from the HTTP API and the CLI: read a
 * case with its history, add a note, change the status (a reason always,
 * transitions from CASE_TRANSITIONS), set the assignee. Liaisons act only on
 * cases of their brands' rings (others are NOT_FOUND, as if missing) and may
 * only refer; every change is one store transaction with its history event.
 */
import { randomUUID } from 'node:crypto';
import type { Role } from '../model/access.ts';
import { checkTransition, type CaseEvent, type CaseRecord, type CaseStatus } from '../model/casework.ts';
import { EngineError } from '../model/errors.ts';
import type { AccessStore, CaseworkStore } from '../store/ports.ts';

export interface CaseActor {
  /** Token name, or the OS account for the CLI. */
  name: string;
  /** The token's role; `cli` for someone with the store on their machine. */
  role: Role | 'cli';
  /** Liaisons: the brands whose cases they may see. */
  brands: string[];
}

const MAX_TEXT = 10_000;
const SHA256 = /^[0-9a-f]{64}$/;

// Notes and reasons are prose: line breaks and tabs are text, other control characters (NUL, escapes that
// repaint a terminal running `ringtrace cases show`) are not. A name (the assignee) is one printable line.
const CONTROL_IN_PROSE = /[\u0000-\u0008\u000b-\u001f\u007f]/;
const CONTROL_IN_NAME = /[\u0000-\u001f\u007f]/;

function text(value: string, field: string, kind: 'prose' | 'name' = 'prose'): string {
  const trimmed = value.trim();
  if (trimmed === '') throw new EngineError('INVALID_INPUT', `${field} must not be empty`, { details: { field } });
  if (trimmed.length > MAX_TEXT) throw new EngineError('INVALID_INPUT', `${field} is longer than ${MAX_TEXT} characters`, { details: { field } });
  const control = (kind === 'name' ? CONTROL_IN_NAME : CONTROL_IN_PROSE).exec(trimmed);
  if (control !== null) {
    const code = `U+${control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
    throw new EngineError('INVALID_INPUT', `${field} must not contain control characters (found ${code} at character ${control.index + 1})`, { details: { field } });
  }
  return trimmed;
}

/** Whether the actor may see this case: liaisons only cases whose brands meet theirs. */
export function caseVisibleTo(c: Pick<CaseRecord, 'brands'>, actor: Pick<CaseActor, 'role' | 'brands'>): boolean {
  return actor.role !== 'liaison' || c.brands.some((b) => actor.brands.includes(b));
}

/** The case, or NOT_FOUND — also when it exists but the actor may not see it (the same answer, the same work). */
export async function visibleCase(store: Pick<CaseworkStore, 'getCase'>, actor: CaseActor, caseId: string): Promise<CaseRecord> {
  const c = await store.getCase(caseId);
  if (c === null || !caseVisibleTo(c, actor)) throw new EngineError('NOT_FOUND', `case ${caseId} not found`);
  return c;
}

/**
 * The case a person may change: visible, and not folded into another by a merge. A folded case is out of
 * every list and no ring follows it, so a note, status or referral written there would be lost to whoever
 * works the case it continues in; CONFLICT names that case instead.
 */
async function changeableCase(store: Pick<CaseworkStore, 'getCase'>, actor: CaseActor, caseId: string): Promise<CaseRecord> {
  const c = await visibleCase(store, actor, caseId);
  if (c.mergedInto !== null) {
    throw new EngineError('CONFLICT', `case ${c.id} was merged into case ${c.mergedInto} (its history was copied there); change ${c.mergedInto} instead`, {
      details: { field: 'caseId' },
    });
  }
  return c;
}

export async function caseWithHistory(store: Pick<CaseworkStore, 'getCase' | 'caseEvents'>, actor: CaseActor, caseId: string): Promise<{ case: CaseRecord; events: CaseEvent[] }> {
  const c = await visibleCase(store, actor, caseId);
  return { case: c, events: await store.caseEvents(c.id) };
}

function event(caseId: string, actor: CaseActor, kind: CaseEvent['kind'], fields: Partial<CaseEvent>, at: string): CaseEvent {
  return { id: `EV-${randomUUID()}`, caseId, kind, author: actor.name, role: actor.role, at, ...fields };
}

export async function addCaseNote(store: Pick<CaseworkStore, 'getCase' | 'changeCase'>, actor: CaseActor, caseId: string, note: string, at = new Date().toISOString()): Promise<CaseEvent> {
  const body = text(note, 'text');
  const c = await changeableCase(store, actor, caseId);
  const e = event(c.id, actor, 'note', { text: body }, at);
  await store.changeCase({ caseId: c.id, event: e });
  return e;
}

export interface StatusChange {
  status: CaseStatus;
  reason: string;
  /** SHA-256 of the dossier manifest sent with a referral. */
  manifestHash?: string;
}

/**
 * A referral's manifest hash must name a dossier exported for one of the case's rings: every export, API or
 * CLI, is audited (`dossier.export`) with its manifest's SHA-256, so a hash found there for no ring of the case
 * is a typo or another ring's package, and recording it would point the referral at a package nobody can show.
 */
async function checkReferredPackage(store: Pick<AccessStore, 'listAudit'>, c: CaseRecord, manifestHash: string): Promise<void> {
  const rings = new Set(c.ringIds);
  const pageSize = 500;
  for (let offset = 0; ; offset += pageSize) {
    const { entries } = await store.listAudit({ action: 'dossier.export', outcome: 'ok', offset, limit: pageSize });
    if (entries.some((e) => e.details?.['manifestSha256'] === manifestHash && e.ringIds.some((r) => rings.has(r)))) return;
    if (entries.length < pageSize) break;
  }
  throw new EngineError('INVALID_INPUT', `manifestHash ${manifestHash}: no dossier exported for ring ${c.ringIds.join(', ')} has this manifest SHA-256 (the audit trail's dossier.export entries, or what \`ringtrace dossier\` printed, give it)`, {
    details: { field: 'manifestHash' },
  });
}

export async function setCaseStatus(store: Pick<CaseworkStore, 'getCase' | 'changeCase'> & Pick<AccessStore, 'listAudit'>, actor: CaseActor, caseId: string, change: StatusChange, at = new Date().toISOString()): Promise<CaseRecord> {
  const reason = text(change.reason, 'reason');
  if (change.manifestHash !== undefined && !SHA256.test(change.manifestHash)) {
    throw new EngineError('INVALID_INPUT', 'manifestHash must be the 64 hex digits of the dossier manifest\'s SHA-256 (as `ringtrace dossier` prints it)', { details: { field: 'manifestHash' } });
  }
  if (change.manifestHash !== undefined && change.status !== 'referred') {
    throw new EngineError('INVALID_INPUT', 'manifestHash goes only with status referred', { details: { field: 'manifestHash' } });
  }
  const c = await changeableCase(store, actor, caseId);
  if (actor.role === 'liaison' && change.status !== 'referred') {
    throw new EngineError('FORBIDDEN', `a liaison may only set status referred, not ${change.status}`);
  }
  if (actor.role === 'viewer') throw new EngineError('FORBIDDEN', 'a viewer may not change cases');
  checkTransition(c.status, change.status);
  if (change.manifestHash !== undefined) await checkReferredPackage(store, c, change.manifestHash);
  const e = event(c.id, actor, 'status', { from: c.status, to: change.status, reason, ...(change.manifestHash !== undefined ? { manifestHash: change.manifestHash } : {}) }, at);
  return store.changeCase({ caseId: c.id, expectedStatus: c.status, status: change.status, event: e });
}

export async function setCaseAssignee(store: Pick<CaseworkStore, 'getCase' | 'changeCase'>, actor: CaseActor, caseId: string, assignee: string | null, at = new Date().toISOString()): Promise<CaseRecord> {
  if (actor.role === 'liaison' || actor.role === 'viewer') throw new EngineError('FORBIDDEN', `a ${actor.role} may not assign cases`);
  const next = assignee === null ? null : text(assignee, 'assignee', 'name');
  if (next !== null && next.length > 200) throw new EngineError('INVALID_INPUT', 'assignee is longer than 200 characters', { details: { field: 'assignee' } });
  const c = await changeableCase(store, actor, caseId);
  const e = event(c.id, actor, 'assignee', { ...(c.assignee !== null ? { from: c.assignee } : {}), ...(next !== null ? { to: next } : {}) }, at);
  return store.changeCase({ caseId: c.id, assignee: next, event: e });
}
