/**
 * Decides what a run raises (a pure call): which rings alert, which cases
 * open, and how existing cases follow their rings through lineage. The rules
 * are documented in docs/scheduling.md ("Alerts", "Material change", "Cases
 * through lineage"); ids are derived from the run and ring ids, so planning
 * the same run twice gives the same writes and saving them twice changes
 * nothing.
 */
import { createHash } from 'node:crypto';
import { IDENTIFIERS } from '../model/identifiers.ts';
import type { Ring, RunRecord } from '../model/rings.ts';
import type { Alert, AlertKind, CaseEvent, CaseRecord, CaseTouch, RunCasework } from '../model/casework.ts';

export interface AlertPolicy {
  /** Rings scoring below this never alert as new, grown or merged (RINGTRACE_ALERT_MIN_SCORE). */
  minScore: number;
  /** Whether a webhook is configured: outbox messages start `pending`, else `disabled`. */
  webhook: boolean;
}

export const DEFAULT_ALERT_POLICY: AlertPolicy = { minScore: 0.5, webhook: false };

export interface CaseworkInput {
  run: RunRecord;
  rings: Ring[];
  /** Ring ids of the previous run (to note dissolved rings on their cases). */
  previousRingIds: string[];
  /** Cases following any ring id of this run, its rings' previous ids or the previous run (ring id → case). */
  cases: Map<string, CaseRecord>;
  /** The previous run's versions of the rings whose case is dismissed (ring id → ring, with `why`). */
  previousVersions: Map<string, Ring>;
  /** History of cases a merge folds into another (case id → events, oldest first). */
  foldedEvents: Map<string, CaseEvent[]>;
  policy: AlertPolicy;
  now: string;
}

const SYSTEM = { author: 'ringtrace', role: 'system' } as const;

function digest(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex');
}

export const alertIdOf = (runId: string, ringId: string): string => `AL-${digest('alert', runId, ringId).slice(0, 16)}`;
export const caseIdOf = (alertId: string): string => `CASE-${digest('case', alertId).slice(0, 12)}`;
export const messageIdOf = (alertId: string): string => `msg_${digest('webhook', alertId).slice(0, 24)}`;
const eventIdOf = (caseId: string, runId: string, ...what: string[]): string => `EV-${digest('event', caseId, runId, ...what).slice(0, 20)}`;

const round = (n: number): number => Math.round(n * 1000) / 1000;

/**
 * A material change of a dismissed ring against its previous version: members
 * that were not in it and are tied by a strong identifier (ID document,
 * payout account, device, warehouse, shipment origin), or more counterfeit
 * verdicts than before. Returns the reasons; empty when nothing material.
 */
export function materialChanges(ring: Ring, before: Ring[]): string[] {
  const reasons: string[] = [];
  const known = new Set(before.flatMap((r) => r.members));
  const strongNew = ring.members.filter((m) => !known.has(m) && (ring.why?.[m] ?? []).some((item) => IDENTIFIERS[item.type].strong));
  if (strongNew.length > 0) {
    const types = [...new Set(strongNew.flatMap((m) => (ring.why?.[m] ?? []).filter((i) => IDENTIFIERS[i.type].strong).map((i) => IDENTIFIERS[i.type].display)))].sort();
    reasons.push(`${strongNew.length} new member${strongNew.length === 1 ? '' : 's'} with strong ties (${types.join(', ')}): ${strongNew.slice(0, 5).join(', ')}${strongNew.length > 5 ? ', …' : ''}`);
  }
  const verdictsBefore = Math.max(0, ...before.map((r) => r.evidence.counterfeitReports));
  if (ring.evidence.counterfeitReports > verdictsBefore) {
    reasons.push(`counterfeit verdicts ${verdictsBefore} → ${ring.evidence.counterfeitReports}`);
  }
  return reasons;
}

function alertKindOf(ring: Ring, minScore: number): AlertKind | null {
  if (ring.score < minScore) return null;
  if (ring.change === 'new' || ring.change === 'grown' || ring.change === 'merged') return ring.change;
  return null;
}

function reasonsOf(ring: Ring, kind: AlertKind, minScore: number): string[] {
  const reasons = [`score ${round(ring.score)} ≥ ${minScore}`];
  if (kind === 'new') reasons.push(`new ring of ${ring.size} sellers`);
  if (kind === 'grown') reasons.push(`grew to ${ring.size} sellers`);
  if (kind === 'merged') reasons.push(`merged from rings ${(ring.previousIds ?? []).join(', ')}`);
  if (ring.evidence.counterfeitReports > 0) reasons.push(`${ring.evidence.counterfeitReports} counterfeit verdicts`);
  return reasons;
}

/** The webhook body (Standard Webhooks' `{ type, timestamp, data }`). */
export function alertPayload(alert: Omit<Alert, 'delivery' | 'status'>, ring: Ring): string {
  return JSON.stringify({
    type: 'ring.alert',
    timestamp: alert.createdAt,
    data: {
      alertId: alert.id, kind: alert.kind, ringId: alert.ringId, runId: alert.runId, caseId: alert.caseId,
      score: alert.score, size: ring.size, brands: alert.brands, reasons: alert.reasons, previousIds: ring.previousIds ?? [],
    },
  });
}

export function planCasework(input: CaseworkInput): RunCasework {
  const { run, policy, now } = input;
  const out: RunCasework = { alerts: [], outbox: [], openCases: [], touchCases: [], events: [] };
  const touches = new Map<string, CaseTouch>();
  const caseById = new Map<string, CaseRecord>();
  for (const c of input.cases.values()) caseById.set(c.id, c);

  const touch = (c: CaseRecord): CaseTouch => {
    let t = touches.get(c.id);
    if (!t) {
      t = { caseId: c.id, ringIds: [...c.ringIds], score: c.score, brands: [...c.brands], updatedAt: now };
      touches.set(c.id, t);
    }
    return t;
  };
  const addRingIds = (t: CaseTouch, ids: string[]): void => {
    for (const id of ids) if (!t.ringIds.includes(id)) t.ringIds.push(id);
  };
  const event = (caseId: string, kind: CaseEvent['kind'], key: string, fields: Partial<CaseEvent>): void => {
    out.events.push({ id: eventIdOf(caseId, run.id, kind, key), caseId, kind, ...SYSTEM, at: now, ...fields });
  };

  const seenRingIds = new Set<string>();
  for (const ring of input.rings) {
    const related = [...new Set([ring.id, ...(ring.previousIds ?? [])])];
    related.forEach((id) => seenRingIds.add(id));
    const relatedCases = [...new Map(related.flatMap((id) => {
      const c = input.cases.get(id);
      return c ? [[c.id, c] as const] : [];
    })).values()].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
    const primary = input.cases.get(ring.id) ?? relatedCases[0] ?? null;

    let kind: AlertKind | null = null;
    let reasons: string[] = [];
    if (primary?.status === 'closed-dismissed') {
      const before = related.flatMap((id) => input.previousVersions.get(id) ?? []);
      const material = before.length > 0 ? materialChanges(ring, before) : [];
      if (material.length > 0) {
        kind = 'material-change';
        reasons = [...material, `case ${primary.id} was dismissed`];
      }
    } else {
      kind = alertKindOf(ring, policy.minScore);
      if (kind !== null) reasons = reasonsOf(ring, kind, policy.minScore);
    }

    if (kind !== null) {
      const alertId = alertIdOf(run.id, ring.id);
      const caseId = primary?.id ?? caseIdOf(alertId);
      const alert = { id: alertId, ringId: ring.id, runId: run.id, kind, score: ring.score, reasons, createdAt: now, caseId, brands: [...ring.brands] };
      out.alerts.push(alert);
      out.outbox.push({
        id: messageIdOf(alertId), alertId, payload: alertPayload(alert, ring), state: policy.webhook ? 'pending' : 'disabled',
        attempts: 0, createdAt: now, nextAttemptAt: now,
      });
      if (primary === null) {
        const opened: CaseRecord = {
          id: caseId, ringId: ring.id, ringIds: related.filter((id) => id === ring.id || !input.cases.has(id)), status: 'new', assignee: null,
          score: ring.score, brands: [...ring.brands], alertId, createdAt: now, updatedAt: now, mergedInto: null,
        };
        out.openCases.push(opened);
        caseById.set(caseId, opened);
        event(caseId, 'opened', alertId, { text: `alert ${alertId} (${kind}): ${reasons.join('; ')}`, ringIds: [ring.id] });
      } else {
        const t = touch(primary);
        event(primary.id, 'lineage', `alert-${alertId}`, { text: `alert ${alertId} (${kind}) in run ${run.id}: ${reasons.join('; ')}`, ringIds: [ring.id] });
        if (kind === 'material-change') {
          t.reopen = true;
          event(primary.id, 'status', `reopen-${ring.id}`, { from: 'closed-dismissed', to: 'triage', reason: `material change: ${reasons.slice(0, -1).join('; ')}` });
        }
      }
    }

    if (primary === null) continue;
    const t = touch(primary);
    const beforeIds = t.ringIds.length;
    addRingIds(t, [ring.id]);
    if (ring.id === primary.ringId || t.ringIds.length === 1) t.score = ring.score;
    else t.score = Math.max(t.score, ring.score);
    t.brands = [...new Set([...t.brands, ...ring.brands])].sort();
    if (ring.change === 'split' && t.ringIds.length > beforeIds) {
      event(primary.id, 'lineage', `split-${ring.id}`, {
        text: `ring ${(ring.previousIds ?? []).join(', ')} split; piece ${ring.id} inherits this case`, ringIds: [ring.id, ...(ring.previousIds ?? [])],
      });
    }
    for (const folded of relatedCases) {
      if (folded.id === primary.id || touches.get(folded.id)?.mergedInto !== undefined) continue;
      addRingIds(t, folded.ringIds);
      const ft = touch(folded);
      ft.mergedInto = primary.id;
      event(primary.id, 'lineage', `merge-${folded.id}`, { text: `ring ${ring.id} merged rings ${related.join(', ')}; case ${folded.id} folded into this case with its history`, ringIds: related });
      event(folded.id, 'lineage', `merged-into-${primary.id}`, { text: `ring ${ring.id} merged this case's ring into case ${primary.id}; continued there`, ringIds: related });
      for (const copied of input.foldedEvents.get(folded.id) ?? []) {
        out.events.push({ ...copied, id: eventIdOf(primary.id, run.id, 'copy', copied.id), caseId: primary.id, fromCaseId: copied.fromCaseId ?? folded.id });
      }
    }
  }

  for (const id of input.previousRingIds) {
    const c = input.cases.get(id);
    if (seenRingIds.has(id) || !c) continue;
    event(c.id, 'lineage', `dissolved-${id}`, { text: `ring ${id} was not found in run ${run.id} (dissolved)`, ringIds: [id] });
    touch(c);
  }

  // Only cases that changed are written: an unchanged re-run touches nothing.
  for (const t of touches.values()) {
    const before = caseById.get(t.caseId);
    const same = before !== undefined && t.reopen === undefined && t.mergedInto === undefined && before.score === t.score &&
      before.ringIds.join('\u0000') === t.ringIds.join('\u0000') && before.brands.join('\u0000') === [...t.brands].sort().join('\u0000') &&
      !out.events.some((e) => e.caseId === t.caseId);
    if (!same) out.touchCases.push(t);
  }
  return out;
}
