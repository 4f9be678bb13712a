/**
 * Alerts, the webhook outbox and cases in Neo4j: `(:Alert)`, `(:OutboxMessage)`,
 * `(:Case)`, `(:CaseEvent)` and `(:CaseRing)` (which ring id a case follows),
 * each under a uniqueness constraint on its id. `writeCasework` runs in the
 * run's publishing transaction; every write is a MERGE on a derived id, so
 * saving the same run again adds nothing. `seq` orders rows written in the
 * same millisecond.
 */
import { EngineError } from '../../model/errors.ts';
import type { Alert, CaseEvent, CaseRecord, Delivery, CaseStatus, DeliveryState, OutboxMessage, RunCasework } from '../../model/casework.ts';
import type { CaseworkStore } from '../ports.ts';
import type { Runner, TxRunner } from './session.ts';
import { asNumber, asRecord, asString, asStringList, toPlain, type Plain } from './values.ts';

let lastSeq = 0;
/** Increasing within this process: milliseconds × 1000 plus a counter. */
function nextSeq(): number {
  lastSeq = Math.max(lastSeq + 1, Date.now() * 1000);
  return lastSeq;
}

const optional = (value: Plain | undefined): string | null => (typeof value === 'string' ? value : null);

function toCase(p: Record<string, Plain>): CaseRecord {
  return {
    id: asString(p['id']), ringId: asString(p['ringId']), ringIds: asStringList(p['ringIds']), status: asString(p['status']) as CaseStatus,
    assignee: optional(p['assignee']), score: asNumber(p['score']), brands: asStringList(p['brands']), alertId: asString(p['alertId']),
    createdAt: asString(p['createdAt']), updatedAt: asString(p['updatedAt']), mergedInto: optional(p['mergedInto']),
  };
}

function toMessage(p: Record<string, Plain>): OutboxMessage {
  const lastError = optional(p['lastError']);
  const sentAt = optional(p['sentAt']);
  return {
    id: asString(p['id']), alertId: asString(p['alertId']), payload: asString(p['payload']), state: asString(p['state']) as DeliveryState,
    attempts: asNumber(p['attempts']), createdAt: asString(p['createdAt']), nextAttemptAt: new Date(asNumber(p['nextAttemptMs'])).toISOString(),
    ...(lastError !== null ? { lastError } : {}), ...(sentAt !== null ? { sentAt } : {}),
  };
}

/** The final delivery of an alert whose outbox message was pruned (copied onto the alert), or `disabled` when it never had one. */
function prunedDelivery(a: Record<string, Plain>): Delivery {
  const state = optional(a['deliveryState']);
  if (state === null) return { state: 'disabled', attempts: 0 };
  const lastError = optional(a['deliveryLastError']);
  const sentAt = optional(a['deliverySentAt']);
  return {
    state: state as DeliveryState, attempts: asNumber(a['deliveryAttempts']),
    ...(lastError !== null ? { lastError } : {}), ...(sentAt !== null ? { sentAt } : {}),
  };
}

function toAlert(a: Record<string, Plain>, m: Record<string, Plain> | null): Alert {
  const by = optional(a['acknowledgedBy']);
  const at = optional(a['acknowledgedAt']);
  const message = m === null ? null : toMessage(m);
  return {
    id: asString(a['id']), ringId: asString(a['ringId']), runId: asString(a['runId']), kind: asString(a['kind']) as Alert['kind'],
    score: asNumber(a['score']), reasons: asStringList(a['reasons']), createdAt: asString(a['createdAt']), caseId: asString(a['caseId']),
    brands: asStringList(a['brands']), status: asString(a['status']) as Alert['status'],
    ...(by !== null ? { acknowledgedBy: by } : {}), ...(at !== null ? { acknowledgedAt: at } : {}),
    delivery: message === null
      ? prunedDelivery(a)
      : {
          state: message.state, attempts: message.attempts,
          ...(message.lastError !== undefined ? { lastError: message.lastError } : {}),
          ...(message.sentAt !== undefined ? { sentAt: message.sentAt } : {}),
          ...(message.state === 'pending' ? { nextAttemptAt: message.nextAttemptAt } : {}),
        },
  };
}

function toEvent(p: Record<string, Plain>): CaseEvent {
  return {
    id: asString(p['id']), caseId: asString(p['caseId']), kind: asString(p['kind']) as CaseEvent['kind'], author: asString(p['author']),
    role: asString(p['role']), at: asString(p['at']), ...(JSON.parse(asString(p['body'])) as Partial<CaseEvent>),
  };
}

function eventRow(event: CaseEvent): Record<string, unknown> {
  const { id, caseId, kind, author, role, at, ...rest } = event;
  return { id, caseId, kind, author, role, at, body: JSON.stringify(rest), seq: nextSeq() };
}

const record = (value: unknown): Record<string, Plain> => asRecord(toPlain(value));

/** The writes of one run's casework, inside the run's publishing transaction. */
export async function writeCasework(tx: TxRunner, casework: RunCasework): Promise<void> {
  if (casework.openCases.length > 0) {
    await tx.run('write/create-cases', { rows: casework.openCases.map(({ mergedInto: _m, ...c }) => ({ ...c, seq: nextSeq() })) });
  }
  const links = [...casework.openCases.flatMap((c) => c.ringIds.map((ringId) => ({ ringId, caseId: c.id }))), ...casework.touchCases.flatMap((t) => t.ringIds.map((ringId) => ({ ringId, caseId: t.caseId })))];
  if (links.length > 0) await tx.run('write/link-case-rings', { rows: links });
  if (casework.alerts.length > 0) await tx.run('write/create-alerts', { rows: casework.alerts.map((a) => ({ ...a, seq: nextSeq() })) });
  if (casework.outbox.length > 0) {
    await tx.run('write/create-outbox-messages', {
      rows: casework.outbox.map((m) => ({
        id: m.id, alertId: m.alertId, payload: m.payload, state: m.state, attempts: m.attempts, createdAt: m.createdAt,
        nextAttemptMs: Date.parse(m.nextAttemptAt), stateChangedMs: Date.parse(m.createdAt), seq: nextSeq(),
      })),
    });
  }
  if (casework.touchCases.length > 0) {
    await tx.run('write/touch-cases', { rows: casework.touchCases.map((t) => ({ ...t, reopen: t.reopen === true, mergedInto: t.mergedInto ?? null })) });
  }
  if (casework.events.length > 0) await tx.run('write/append-case-events', { rows: casework.events.map(eventRow) });
}

export function createCasework(runner: Runner): CaseworkStore {
  const getAlert = async (alertId: string): Promise<Alert | null> => {
    const [row] = await runner.read('read/get-alert', { alertId });
    if (row === undefined) return null;
    const message = row.get('message');
    return toAlert(record(row.get('alert')), message === null ? null : record(message));
  };
  const getCase = async (caseId: string): Promise<CaseRecord | null> => {
    const [row] = await runner.read('read/get-case', { caseId });
    return row === undefined ? null : toCase(record(row.get('case')));
  };

  return {
    async casesForRings(ringIds) {
      const rows = await runner.read('read/find-cases-by-ring-ids', { ringIds });
      return new Map(rows.map((r) => [asString(r.get('ringId')), toCase(record(r.get('case')))]));
    },

    async listAlerts(query) {
      const [row] = await runner.read('read/list-alerts', { status: query.status ?? null, brands: query.brands ?? null, offset: query.offset, limit: query.limit });
      if (row === undefined) return { alerts: [], total: 0 };
      const alerts = (row.get('items') as unknown[]).map((item) => {
        const { alert, message } = record(item);
        return toAlert(asRecord(alert), message === null || message === undefined ? null : asRecord(message));
      });
      return { alerts, total: asNumber(row.get('total')) };
    },

    getAlert,

    async acknowledgeAlert(alertId, by, at) {
      await runner.write('acknowledge an alert', (tx) => tx.run('write/acknowledge-alert', { alertId, by, at }));
      return getAlert(alertId);
    },

    async listCases(query) {
      const [row] = await runner.read('read/list-cases', {
        statuses: query.status ?? null, assignee: query.assignee ?? null, brands: query.brands ?? null, minScore: query.minScore ?? null,
        sort: query.sort, offset: query.offset, limit: query.limit,
      });
      if (row === undefined) return { cases: [], total: 0 };
      return { cases: (row.get('cases') as unknown[]).map((c) => toCase(record(c))), total: asNumber(row.get('total')) };
    },

    getCase,

    async caseEvents(caseId) {
      const rows = await runner.read('read/list-case-events', { caseId });
      return rows.map((r) => toEvent(record(r.get('event'))));
    },

    async changeCase(change) {
      return runner.write('change a case', async (tx) => {
        const [row] = await tx.run('write/update-case', {
          caseId: change.caseId, expectedStatus: change.expectedStatus ?? null, status: change.status ?? null,
          setAssignee: change.assignee !== undefined, assignee: change.assignee ?? null, event: eventRow(change.event),
        });
        if (row !== undefined) return toCase(record(row.get('case')));
        const [found] = await tx.run('read/get-case', { caseId: change.caseId });
        if (found === undefined) throw new EngineError('NOT_FOUND', `case ${change.caseId} not found`);
        const current = toCase(record(found.get('case')));
        throw new EngineError('CONFLICT', `case ${change.caseId} is ${current.status} now, not ${change.expectedStatus ?? '?'}: someone changed it first`);
      });
    },

    async claimOutbox(claim) {
      const rows = await runner.write('claim webhook messages', (tx) =>
        tx.run('write/claim-outbox-messages', {
          nowMs: claim.nowMs, claimMs: claim.claimMs, limit: claim.limit, ignoreSchedule: claim.ignoreSchedule === true, includeFailed: claim.includeFailed === true,
        }),
      );
      return rows.map((r) => toMessage(record(r.get('message'))));
    },

    async recordDelivery(outcome) {
      await runner.write('record a webhook delivery', (tx) =>
        tx.run('write/record-delivery', {
          id: outcome.messageId, state: outcome.state, attempts: outcome.attempts, lastError: outcome.error ?? null,
          nextAttemptMs: outcome.nextAttemptAt === undefined ? null : Date.parse(outcome.nextAttemptAt), sentAt: outcome.state === 'sent' ? outcome.at : null,
          atMs: Date.parse(outcome.at),
        }),
      );
    },

    async listOutbox() {
      const rows = await runner.read('read/list-outbox-messages');
      return rows.map((r) => toMessage(record(r.get('message'))));
    },

    async pruneOutbox({ before, batchSize }) {
      const beforeMs = Date.parse(before);
      let removed = 0;
      for (;;) {
        const [row] = await runner.write('prune the webhook outbox', (tx) => tx.run('write/prune-outbox-messages', { beforeMs, limit: batchSize }));
        const n = row === undefined ? 0 : asNumber(toPlain(row.get('removed')));
        removed += n;
        if (n === 0 || n < batchSize) return removed;
      }
    },

    async caseworkMarks() {
      const [row] = await runner.read('read/get-casework-marks');
      return {
        currentRunId: row === undefined ? null : optional(toPlain(row.get('currentRunId'))),
        lastAlertAt: row === undefined ? null : optional(toPlain(row.get('lastAlertAt'))),
        lastCaseUpdateAt: row === undefined ? null : optional(toPlain(row.get('lastCaseUpdateAt'))),
      };
    },
  };
}
