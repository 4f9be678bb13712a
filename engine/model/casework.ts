/**
 * Alerts, the webhook outbox and cases: what a run raises about rings that
 * need a person (docs/scheduling.md, "Alerts" and "Cases"). A run's alerts,
 * outbox messages and case changes are one `RunCasework`, written in the same
 * store transaction that makes the run current, so a crash can lose a run
 * only together with everything it raised.
 */
import { EngineError } from './errors.ts';

export const ALERT_KINDS = ['new', 'grown', 'merged', 'material-change'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export const ALERT_STATUSES = ['open', 'acknowledged'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

/**
 * `pending`: waiting for (another) attempt; `sent`: the receiver answered 2xx;
 * `failed`: every attempt failed (kept, visible, retried only on request);
 * `disabled`: no webhook was configured when the alert was raised.
 */
export const DELIVERY_STATES = ['pending', 'sent', 'failed', 'disabled'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

export interface Delivery {
  state: DeliveryState;
  attempts: number;
  lastError?: string;
  sentAt?: string;
  nextAttemptAt?: string;
}

export interface Alert {
  id: string;
  ringId: string;
  runId: string;
  kind: AlertKind;
  score: number;
  /** People-readable, e.g. "score 0.82 ≥ 0.5", "2 new members tied by an ID document". */
  reasons: string[];
  createdAt: string;
  caseId: string;
  /** The ring's brands when raised (liaison scope). */
  brands: string[];
  status: AlertStatus;
  acknowledgedBy?: string;
  acknowledgedAt?: string;
  delivery: Delivery;
}

/** One webhook message: sent with `webhook-id` = `id` on every attempt, so receivers can de-duplicate. */
export interface OutboxMessage {
  id: string;
  alertId: string;
  /** The exact JSON body that is signed and sent. */
  payload: string;
  state: DeliveryState;
  attempts: number;
  createdAt: string;
  nextAttemptAt: string;
  lastError?: string;
  sentAt?: string;
}

export const CASE_STATUSES = ['new', 'triage', 'investigating', 'referred', 'closed-confirmed', 'closed-dismissed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/**
 * Allowed status changes (docs/scheduling.md, "Cases"). Closed cases reopen
 * to `triage`; a run reopens a dismissed case itself on a material change.
 */
export const CASE_TRANSITIONS: Readonly<Record<CaseStatus, readonly CaseStatus[]>> = {
  new: ['triage', 'investigating', 'referred', 'closed-confirmed', 'closed-dismissed'],
  triage: ['investigating', 'referred', 'closed-confirmed', 'closed-dismissed'],
  investigating: ['triage', 'referred', 'closed-confirmed', 'closed-dismissed'],
  referred: ['investigating', 'closed-confirmed', 'closed-dismissed'],
  'closed-confirmed': ['triage'],
  'closed-dismissed': ['triage'],
};

export function checkTransition(from: CaseStatus, to: CaseStatus): void {
  if (!CASE_TRANSITIONS[from].includes(to)) {
    throw new EngineError('CONFLICT', `case status cannot change from ${from} to ${to} (allowed: ${CASE_TRANSITIONS[from].join(', ') || 'none'})`, {
      details: { field: 'status' },
    });
  }
}

export interface CaseRecord {
  id: string;
  /** The ring the case was opened for. */
  ringId: string;
  /** Every ring id the case follows (lineage: merged-in rings, split pieces). */
  ringIds: string[];
  status: CaseStatus;
  assignee: string | null;
  /** The ring's score in the latest run that saw it. */
  score: number;
  brands: string[];
  /** The alert that opened the case. */
  alertId: string;
  createdAt: string;
  updatedAt: string;
  /** Set when a merge folded this case into another (its history was copied there). */
  mergedInto: string | null;
}

export const CASE_EVENT_KINDS = ['opened', 'note', 'status', 'assignee', 'lineage'] as const;
export type CaseEventKind = (typeof CASE_EVENT_KINDS)[number];

export interface CaseEvent {
  id: string;
  caseId: string;
  kind: CaseEventKind;
  /** A token name, or `ringtrace` for what a run did. */
  author: string;
  /** The author's role, or `system`. */
  role: string;
  at: string;
  text?: string;
  from?: string;
  to?: string;
  reason?: string;
  manifestHash?: string;
  ringIds?: string[];
  /** On events copied by a merge: the case they were first written on. */
  fromCaseId?: string;
}

/** What a run changes on an existing case (never its assignee or notes). */
export interface CaseTouch {
  caseId: string;
  ringIds: string[];
  score: number;
  brands: string[];
  updatedAt: string;
  /** A material change reopens a dismissed case: applied only if it is still `closed-dismissed`. */
  reopen?: boolean;
  mergedInto?: string;
}

/** Everything a run raises, written with the run (saveRun's `casework`). Every write is idempotent. */
export interface RunCasework {
  alerts: Array<Omit<Alert, 'delivery' | 'status'>>;
  outbox: OutboxMessage[];
  openCases: CaseRecord[];
  touchCases: CaseTouch[];
  events: CaseEvent[];
}

export const EMPTY_CASEWORK: RunCasework = { alerts: [], outbox: [], openCases: [], touchCases: [], events: [] };

/** A cursor is the next offset, opaque to clients. */
export function decodeCursor(cursor: string | undefined): number {
  if (cursor === undefined || cursor === '') return 0;
  // Only the plain decimal offsets this server gives out: `0x10`, `1e3`, ` 2` or `2.0` are not cursors.
  const n = /^(0|[1-9]\d{0,14})$/.test(cursor) ? Number(cursor) : NaN;
  if (!Number.isSafeInteger(n)) throw new EngineError('INVALID_INPUT', `cursor ${JSON.stringify(cursor)} is not a cursor this server gave out`, { details: { field: 'query.cursor' } });
  return n;
}

export interface AlertQuery {
  status?: AlertStatus;
  /** Liaison scope: only alerts whose brands meet these. */
  brands?: string[];
  offset: number;
  limit: number;
}

export interface CaseQuery {
  status?: CaseStatus[];
  assignee?: string;
  /** Liaison scope or the `brand` filter: only cases whose brands meet these. */
  brands?: string[];
  minScore?: number;
  sort: 'score' | 'updated' | 'created';
  offset: number;
  limit: number;
}

/** A change a person makes to a case: the event, and the new status / assignee when it sets one. */
export interface CaseChange {
  caseId: string;
  event: CaseEvent;
  /** For a status change: the status it must still have (else CONFLICT, someone changed it first). */
  expectedStatus?: CaseStatus;
  status?: CaseStatus;
  assignee?: string | null;
}

/** The outcome of one delivery attempt. */
export interface DeliveryOutcome {
  messageId: string;
  state: 'sent' | 'pending' | 'failed';
  attempts: number;
  at: string;
  nextAttemptAt?: string;
  error?: string;
}

/** The newest change times the live-events stream polls for (cheap reads). */
export interface CaseworkMarks {
  currentRunId: string | null;
  lastAlertAt: string | null;
  lastCaseUpdateAt: string | null;
}
