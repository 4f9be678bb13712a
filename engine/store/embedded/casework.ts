/**
 * Alerts, the webhook outbox and cases in the embedded store (migration 7).
 * `writeCasework` runs inside the transaction that saves a run; every insert
 * is `OR IGNORE` on a derived id, so saving the same run again adds nothing.
 * People's case changes are one IMMEDIATE transaction each: the event and
 * the new status together.
 */
import { EngineError } from '../../model/errors.ts';
import type { Alert, CaseEvent, Delivery, CaseRecord, CaseStatus, DeliveryState, OutboxMessage, RunCasework } from '../../model/casework.ts';
import type { CaseworkStore } from '../ports.ts';
import type { Db } from './connection.ts';
import { JSON_IDS, statementCache } from './sql.ts';

const CASE_COLUMNS = 'c.id, c.ring_id, c.ring_ids, c.status, c.assignee, c.score, c.brands, c.alert_id, c.created_at, c.updated_at, c.merged_into';
type CaseRow = [string, string, string, string, string | null, number, string, string, string, string, string | null];
const ALERT_COLUMNS = `a.id, a.ring_id, a.run_id, a.kind, a.score, a.reasons, a.created_at, a.case_id, a.brands, a.status, a.acknowledged_by, a.acknowledged_at,
  o.state, o.attempts, o.last_error, o.sent_at, o.next_attempt_ms, a.delivery`;
type AlertRow = [
  string, string, string, string, number, string, string, string, string, string, string | null, string | null,
  string | null, number | null, string | null, string | null, number | null, string | null,
];
const OUTBOX_COLUMNS = 'id, alert_id, payload, state, attempts, created_at, next_attempt_ms, last_error, sent_at';
type OutboxRow = [string, string, string, string, number, string, number, string | null, string | null];
type EventRow = [string, string, string, string, string, string, string];

const toCase = ([id, ringId, ringIds, status, assignee, score, brands, alertId, createdAt, updatedAt, mergedInto]: CaseRow): CaseRecord => ({
  id, ringId, ringIds: JSON.parse(ringIds) as string[], status: status as CaseStatus, assignee, score, brands: JSON.parse(brands) as string[],
  alertId, createdAt, updatedAt, mergedInto,
});

const toAlert = (row: AlertRow): Alert => {
  const [id, ringId, runId, kind, score, reasons, createdAt, caseId, brands, status, ackBy, ackAt, state, attempts, lastError, sentAt, nextMs, pruned] = row;
  return {
    id, ringId, runId, kind: kind as Alert['kind'], score, reasons: JSON.parse(reasons) as string[], createdAt, caseId,
    brands: JSON.parse(brands) as string[], status: status as Alert['status'],
    ...(ackBy !== null ? { acknowledgedBy: ackBy } : {}), ...(ackAt !== null ? { acknowledgedAt: ackAt } : {}),
    // No outbox row: its message was pruned (its final delivery is on the alert), or the alert predates the outbox.
    delivery: state === null && pruned !== null ? (JSON.parse(pruned) as Delivery) : {
      state: (state ?? 'disabled') as DeliveryState, attempts: attempts ?? 0,
      ...(lastError !== null ? { lastError } : {}), ...(sentAt !== null ? { sentAt } : {}),
      ...(state === 'pending' && nextMs !== null ? { nextAttemptAt: new Date(nextMs).toISOString() } : {}),
    },
  };
};

const toMessage = ([id, alertId, payload, state, attempts, createdAt, nextMs, lastError, sentAt]: OutboxRow): OutboxMessage => ({
  id, alertId, payload, state: state as DeliveryState, attempts, createdAt, nextAttemptAt: new Date(nextMs).toISOString(),
  ...(lastError !== null ? { lastError } : {}), ...(sentAt !== null ? { sentAt } : {}),
});

const toEvent = ([id, caseId, kind, author, role, at, body]: EventRow): CaseEvent => ({
  id, caseId, kind: kind as CaseEvent['kind'], author, role, at, ...(JSON.parse(body) as Partial<CaseEvent>),
});

function eventBody(event: CaseEvent): string {
  const { id: _id, caseId: _c, kind: _k, author: _a, role: _r, at: _at, ...rest } = event;
  return JSON.stringify(rest);
}

/** The writes of one run's casework; call inside the run's save transaction. */
export function createCaseworkWriter(db: Db): (casework: RunCasework) => void {
  const insertAlert = db.prepare(
    `INSERT OR IGNORE INTO alerts (id, ring_id, run_id, kind, score, reasons, created_at, case_id, brands) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertMessage = db.prepare(
    `INSERT OR IGNORE INTO webhook_outbox (id, alert_id, payload, state, attempts, created_at, next_attempt_ms, state_changed_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertCase = db.prepare(
    `INSERT OR IGNORE INTO cases (id, ring_id, ring_ids, status, assignee, score, brands, alert_id, created_at, updated_at, merged_into)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const linkRing = db.prepare('INSERT OR IGNORE INTO case_rings (ring_id, case_id) VALUES (?, ?)');
  const touchCase = db.prepare(
    `UPDATE cases SET ring_ids = ?, score = ?, brands = ?, updated_at = ?,
       status = CASE WHEN ? = 1 AND status = 'closed-dismissed' THEN 'triage' ELSE status END,
       merged_into = coalesce(?, merged_into)
     WHERE id = ?`,
  );
  const insertEvent = db.prepare('INSERT OR IGNORE INTO case_events (id, case_id, kind, author, role, at, body) VALUES (?, ?, ?, ?, ?, ?, ?)');

  return (casework) => {
    for (const c of casework.openCases) {
      insertCase.run(c.id, c.ringId, JSON.stringify(c.ringIds), c.status, c.assignee, c.score, JSON.stringify(c.brands), c.alertId, c.createdAt, c.updatedAt, c.mergedInto);
      for (const ringId of c.ringIds) linkRing.run(ringId, c.id);
    }
    for (const a of casework.alerts) {
      insertAlert.run(a.id, a.ringId, a.runId, a.kind, a.score, JSON.stringify(a.reasons), a.createdAt, a.caseId, JSON.stringify(a.brands));
    }
    for (const m of casework.outbox) insertMessage.run(m.id, m.alertId, m.payload, m.state, m.attempts, m.createdAt, Date.parse(m.nextAttemptAt), Date.parse(m.createdAt));
    for (const t of casework.touchCases) {
      touchCase.run(JSON.stringify(t.ringIds), t.score, JSON.stringify(t.brands), t.updatedAt, t.reopen ? 1 : 0, t.mergedInto ?? null, t.caseId);
      for (const ringId of t.ringIds) linkRing.run(ringId, t.caseId);
    }
    for (const e of casework.events) insertEvent.run(e.id, e.caseId, e.kind, e.author, e.role, e.at, eventBody(e));
  };
}

export function createCasework(db: Db): CaseworkStore {
  const prepared = statementCache(db);
  const caseById = db.prepare(`SELECT ${CASE_COLUMNS} FROM cases c WHERE c.id = ?`).raw();
  const alertById = db.prepare(`SELECT ${ALERT_COLUMNS} FROM alerts a LEFT JOIN webhook_outbox o ON o.alert_id = a.id WHERE a.id = ?`).raw();
  const acknowledge = db.prepare("UPDATE alerts SET status = 'acknowledged', acknowledged_by = ?, acknowledged_at = ? WHERE id = ? AND status = 'open'");
  const eventsOf = db.prepare('SELECT id, case_id, kind, author, role, at, body FROM case_events WHERE case_id = ? ORDER BY seq').raw();
  const insertEvent = db.prepare('INSERT INTO case_events (id, case_id, kind, author, role, at, body) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const updateCase = db.prepare('UPDATE cases SET status = ?, assignee = ?, updated_at = ? WHERE id = ?');
  const casesOfRings = db
    .prepare(`SELECT cr.ring_id, ${CASE_COLUMNS} FROM case_rings cr JOIN cases c ON c.id = cr.case_id
              WHERE cr.ring_id IN ${JSON_IDS} AND c.merged_into IS NULL ORDER BY c.created_at DESC, c.seq DESC`)
    .raw();
  const due = db.prepare(
    `SELECT ${OUTBOX_COLUMNS} FROM webhook_outbox
     WHERE (state = 'pending' OR (state = 'failed' AND ? = 1)) AND (next_attempt_ms <= ? OR ? = 1) AND claimed_until_ms <= ?
     ORDER BY seq LIMIT ?`,
  ).raw();
  const claim = db.prepare("UPDATE webhook_outbox SET claimed_until_ms = ?, state = 'pending', attempts = CASE WHEN state = 'failed' THEN 0 ELSE attempts END WHERE id = ?");
  const record = db.prepare(
    `UPDATE webhook_outbox SET state = ?, attempts = ?, last_error = ?, next_attempt_ms = coalesce(?, next_attempt_ms), sent_at = ?, claimed_until_ms = 0,
       state_changed_ms = ?
     WHERE id = ? AND state <> 'sent'`,
  );
  const settled = db.prepare(
    `SELECT seq, alert_id, state, attempts, last_error, sent_at FROM webhook_outbox
     WHERE state IN ('sent', 'failed', 'disabled') AND state_changed_ms < ? LIMIT ?`,
  ).raw();
  const keepDelivery = db.prepare('UPDATE alerts SET delivery = ? WHERE id = ?');
  const deleteMessage = db.prepare('DELETE FROM webhook_outbox WHERE seq = ?');
  const allMessages = db.prepare(`SELECT ${OUTBOX_COLUMNS} FROM webhook_outbox ORDER BY seq`).raw();
  const marks = db.prepare(
    `SELECT (SELECT value FROM meta WHERE key = 'current_run'), (SELECT max(created_at) FROM alerts), (SELECT max(updated_at) FROM cases)`,
  ).raw();

  const change = db.transaction((c: Parameters<CaseworkStore['changeCase']>[0]): CaseRecord => {
    const row = caseById.get(c.caseId) as CaseRow | undefined;
    if (row === undefined) throw new EngineError('NOT_FOUND', `case ${c.caseId} not found`);
    const current = toCase(row);
    if (c.expectedStatus !== undefined && current.status !== c.expectedStatus) {
      throw new EngineError('CONFLICT', `case ${c.caseId} is ${current.status} now, not ${c.expectedStatus}: someone changed it first`);
    }
    insertEvent.run(c.event.id, c.caseId, c.event.kind, c.event.author, c.event.role, c.event.at, eventBody(c.event));
    const status = c.status ?? current.status;
    const assignee = c.assignee !== undefined ? c.assignee : current.assignee;
    updateCase.run(status, assignee, c.event.at, c.caseId);
    return { ...current, status, assignee, updatedAt: c.event.at };
  });

  /** One batch: each message's final delivery onto its alert, then the message gone. */
  const pruneBatch = db.transaction((beforeMs: number, limit: number): number => {
    const rows = settled.all(beforeMs, limit) as Array<[number, string, DeliveryState, number, string | null, string | null]>;
    for (const [seq, alertId, state, attempts, lastError, sentAt] of rows) {
      const delivery: Delivery = { state, attempts, ...(lastError !== null ? { lastError } : {}), ...(sentAt !== null ? { sentAt } : {}) };
      keepDelivery.run(JSON.stringify(delivery), alertId);
      deleteMessage.run(seq);
    }
    return rows.length;
  });

  const claimDue = db.transaction((q: Parameters<CaseworkStore['claimOutbox']>[0]): OutboxMessage[] => {
    const rows = due.all(q.includeFailed ? 1 : 0, q.nowMs, q.ignoreSchedule ? 1 : 0, q.nowMs, q.limit) as OutboxRow[];
    for (const row of rows) claim.run(q.nowMs + q.claimMs, row[0]);
    return rows.map((row) => ({ ...toMessage(row), state: 'pending' as const, attempts: row[3] === 'failed' ? 0 : row[4] }));
  });

  return {
    async casesForRings(ringIds) {
      const found = new Map<string, CaseRecord>();
      const rows = casesOfRings.all(JSON.stringify(ringIds)) as Array<[string, ...CaseRow]>;
      // Oldest case last, so it wins when a ring id is followed by two open cases.
      for (const [ringId, ...row] of rows) found.set(ringId, toCase(row));
      return found;
    },

    async listAlerts(query) {
      const where: string[] = [];
      const params: unknown[] = [];
      if (query.status !== undefined) {
        where.push('a.status = ?');
        params.push(query.status);
      }
      if (query.brands !== undefined) {
        where.push(`EXISTS (SELECT 1 FROM json_each(a.brands) b WHERE b.value IN ${JSON_IDS})`);
        params.push(JSON.stringify(query.brands));
      }
      const filter = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
      const total = prepared(`SELECT count(*) FROM alerts a ${filter}`).pluck().get(...params) as number;
      const rows = prepared(`SELECT ${ALERT_COLUMNS} FROM alerts a LEFT JOIN webhook_outbox o ON o.alert_id = a.id ${filter} ORDER BY a.created_at DESC, a.score DESC, a.seq DESC LIMIT ? OFFSET ?`)
        .raw()
        .all(...params, query.limit, query.offset) as AlertRow[];
      return { alerts: rows.map(toAlert), total };
    },

    async getAlert(alertId) {
      const row = alertById.get(alertId) as AlertRow | undefined;
      return row === undefined ? null : toAlert(row);
    },

    async acknowledgeAlert(alertId, by, at) {
      acknowledge.run(by, at, alertId);
      const row = alertById.get(alertId) as AlertRow | undefined;
      return row === undefined ? null : toAlert(row);
    },

    async listCases(query) {
      const where = ['c.merged_into IS NULL'];
      const params: unknown[] = [];
      if (query.status !== undefined) {
        where.push(`c.status IN ${JSON_IDS}`);
        params.push(JSON.stringify(query.status));
      }
      if (query.assignee !== undefined) {
        where.push('c.assignee = ?');
        params.push(query.assignee);
      }
      if (query.minScore !== undefined) {
        where.push('c.score >= ?');
        params.push(query.minScore);
      }
      if (query.brands !== undefined) {
        where.push(`EXISTS (SELECT 1 FROM json_each(c.brands) b WHERE b.value IN ${JSON_IDS})`);
        params.push(JSON.stringify(query.brands));
      }
      const filter = where.join(' AND ');
      // Ties (every case a run opens has the same time) go to the higher score: the queue starts with what matters most.
      const order = { score: 'c.score DESC, c.updated_at DESC', updated: 'c.updated_at DESC, c.score DESC', created: 'c.created_at DESC, c.score DESC' }[query.sort];
      const total = prepared(`SELECT count(*) FROM cases c WHERE ${filter}`).pluck().get(...params) as number;
      const rows = prepared(`SELECT ${CASE_COLUMNS} FROM cases c WHERE ${filter} ORDER BY ${order}, c.seq DESC LIMIT ? OFFSET ?`)
        .raw()
        .all(...params, query.limit, query.offset) as CaseRow[];
      return { cases: rows.map(toCase), total };
    },

    async getCase(caseId) {
      const row = caseById.get(caseId) as CaseRow | undefined;
      return row === undefined ? null : toCase(row);
    },

    async caseEvents(caseId) {
      return (eventsOf.all(caseId) as EventRow[]).map(toEvent);
    },

    async changeCase(c) {
      return change.immediate(c);
    },

    async claimOutbox(q) {
      return claimDue.immediate(q);
    },

    async recordDelivery(outcome) {
      record.run(
        outcome.state, outcome.attempts, outcome.error ?? null, outcome.nextAttemptAt === undefined ? null : Date.parse(outcome.nextAttemptAt),
        outcome.state === 'sent' ? outcome.at : null, Date.parse(outcome.at), outcome.messageId,
      );
    },

    async listOutbox() {
      return (allMessages.all() as OutboxRow[]).map(toMessage);
    },

    async pruneOutbox({ before, batchSize }) {
      const beforeMs = Date.parse(before);
      let removed = 0;
      for (;;) {
        const n = pruneBatch.immediate(beforeMs, batchSize);
        removed += n;
        if (n === 0 || n < batchSize) return removed;
        // Let requests in between batches: the store shares the server's thread.
        await new Promise((resolve) => setImmediate(resolve));
      }
    },

    async caseworkMarks() {
      const [currentRunId, lastAlertAt, lastCaseUpdateAt] = marks.get() as [string | null, string | null, string | null];
      return { currentRunId, lastAlertAt, lastCaseUpdateAt };
    },
  };
}
