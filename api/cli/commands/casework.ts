/**
 * `ringtrace alerts` and `ringtrace cases`: list alerts and their webhook
 * delivery, retry deliveries now, and read and work cases from the command
 * line (notes, status changes with a reason, assignee). Changes are made as
 * the operating-system account (role `cli`) and written to the audit trail.
 */
import { randomUUID } from 'node:crypto';
import { InvalidArgumentError } from 'commander';
import {
  addCaseNote, ALERT_STATUSES, CASE_STATUSES, caseWithHistory, deliverDue, EngineError, pruneOutbox, setCaseAssignee, setCaseStatus, webhookTarget,
  type Alert, type CaseActor, type CaseEvent, type CaseRecord, type CaseStatus, type FullStore,
} from '../../../engine/index.ts';
import { cliUser, type CliContext } from '../context.ts';
import { MAX_LISTED, wholeNumber } from '../options.ts';
import { number } from './detect.ts';
import type { RegisterCommand } from './types.ts';

const oneOf = <T extends string>(name: string, values: readonly T[]) => (value: string): T => {
  if (!(values as readonly string[]).includes(value)) throw new InvalidArgumentError(`${name} must be one of ${values.join(', ')}`);
  return value as T;
};

/** For arguments checked inside an action (commander reports only option parsers' errors itself). */
function statusOf(value: string): CaseStatus {
  if (!(CASE_STATUSES as readonly string[]).includes(value)) {
    throw new EngineError('INVALID_INPUT', `status must be one of ${CASE_STATUSES.join(', ')} (got ${JSON.stringify(value)})`, { details: { field: 'status' } });
  }
  return value as CaseStatus;
}

const cliActor = (): CaseActor => ({ name: cliUser(), role: 'cli', brands: [] });

async function audit(store: FullStore, action: string, ringIds: string[], details: Record<string, unknown>): Promise<void> {
  await store.appendAudit({
    id: randomUUID(), at: new Date().toISOString(), tokenName: null, role: null, action, route: null, ringIds, entityIds: [], remote: null, outcome: 'ok',
    details: { ...details, by: cliUser(), via: 'cli' },
  });
}

function describeAlerts(alerts: Alert[], total: number): string {
  if (alerts.length === 0) return 'no alerts';
  const lines = [`${total} alert(s), newest first`];
  for (const a of alerts) {
    const delivery = `${a.delivery.state}${a.delivery.attempts > 0 ? ` after ${a.delivery.attempts} attempt(s)` : ''}${a.delivery.lastError ? ` (${a.delivery.lastError})` : ''}`;
    lines.push(`${a.id}  ${a.createdAt}  ${a.kind.padEnd(15)} ring ${a.ringId}  score ${a.score.toFixed(2)}  case ${a.caseId}  ${a.status}  webhook ${delivery}`);
    lines.push(`    ${a.reasons.join('; ')}`);
  }
  return lines.join('\n');
}

function describeCases(cases: CaseRecord[], total: number): string {
  if (cases.length === 0) return 'no cases';
  const lines = [`${total} case(s)`];
  for (const c of cases) {
    lines.push(`${c.id}  ${c.status.padEnd(16)} ring ${c.ringId}${c.ringIds.length > 1 ? ` (+${c.ringIds.length - 1})` : ''}  score ${c.score.toFixed(2)}  assignee ${c.assignee ?? '-'}  brands ${c.brands.join(', ') || '-'}  updated ${c.updatedAt}`);
  }
  return lines.join('\n');
}

function describeEvent(e: CaseEvent): string {
  const what = {
    opened: () => `opened: ${e.text ?? ''}`,
    note: () => `note: ${e.text ?? ''}`,
    status: () => `status ${e.from ?? '?'} → ${e.to ?? '?'}: ${e.reason ?? ''}${e.manifestHash ? ` (dossier manifest ${e.manifestHash})` : ''}`,
    assignee: () => `assignee ${e.from ?? '-'} → ${e.to ?? '-'}`,
    lineage: () => `lineage: ${e.text ?? ''}`,
  }[e.kind]();
  return `  ${e.at}  ${e.author} (${e.role})${e.fromCaseId ? ` [from case ${e.fromCaseId}]` : ''}  ${what}`;
}

export function describeCase(c: CaseRecord, events: CaseEvent[]): string {
  return [
    `case ${c.id}: ${c.status}, ring ${c.ringId}, score ${c.score.toFixed(2)}, assignee ${c.assignee ?? '-'}`,
    ...(c.mergedInto !== null ? [`  merged into case ${c.mergedInto}: work that case (this one is kept for its history and takes no changes)`] : []),
    `  rings followed: ${c.ringIds.join(', ')}`,
    `  brands: ${c.brands.join(', ') || '-'}; opened ${c.createdAt} by alert ${c.alertId}; updated ${c.updatedAt}`,
    '  history (oldest first):',
    ...events.map(describeEvent),
  ].join('\n');
}

async function deliverNow(ctx: CliContext, includeFailed: boolean): Promise<void> {
  const target = webhookTarget(ctx.config);
  if (target === null) throw new EngineError('INVALID_INPUT', 'no webhook configured: set RINGTRACE_WEBHOOK_URL and RINGTRACE_WEBHOOK_SECRET', { details: { field: 'webhookUrl' } });
  const store = await ctx.existingStore();
  const pass = await deliverDue(store, target, { ignoreSchedule: true, includeFailed, logger: ctx.logger, limit: 10_000 });
  ctx.print(pass, () => `delivered ${pass.sent}; ${pass.retrying} will be retried; ${pass.failed} failed for good${includeFailed ? '' : ' (`--failed` retries those)'}`);
}

/** `--older-than`: a positive whole number of days. */
function days(value: string): number {
  const n = number('--older-than', true)(value);
  if (n < 1) throw new InvalidArgumentError('--older-than must be a positive number of days');
  return n;
}

/** `alerts prune`: the retention `serve` applies hourly, now; `--older-than` overrides RINGTRACE_OUTBOX_RETENTION_DAYS for this once. */
async function pruneNow(ctx: CliContext, olderThanDays: number | undefined): Promise<void> {
  const days = olderThanDays ?? ctx.config.outboxRetentionDays;
  const store = await ctx.existingStore();
  const result = await pruneOutbox(store, days, { logger: ctx.logger });
  ctx.print({ ...result, olderThanDays: days }, () => `removed ${result.removed} settled webhook message(s) older than ${days} day(s) (last change before ${result.before}); pending ones are kept`);
}

export const registerAlerts: RegisterCommand = (program, run) => {
  const alerts = program
    .command('alerts')
    .description('alerts raised by runs (new, grown or merged rings at or above RINGTRACE_ALERT_MIN_SCORE, material changes of dismissed rings) and their webhook delivery')
    .option('--status <status>', 'open, acknowledged or all', oneOf('status', [...ALERT_STATUSES, 'all'] as const), 'all')
    .option('--limit <n>', 'how many', wholeNumber('--limit', 1, MAX_LISTED), 50)
    .action((opts: { status: 'open' | 'acknowledged' | 'all'; limit: number }) =>
      run(async (ctx) => {
        const store = await ctx.existingStore();
        const { alerts: items, total } = await store.listAlerts({ ...(opts.status !== 'all' ? { status: opts.status } : {}), offset: 0, limit: opts.limit });
        ctx.print({ total, items }, () => describeAlerts(items, total));
      }),
    );
  alerts
    .command('deliver')
    .description('send pending webhook deliveries now, ignoring their backoff')
    .option('--failed', 'also retry deliveries that failed for good (their attempts start over)')
    .action((opts: { failed?: boolean }) => run((ctx) => deliverNow(ctx, opts.failed === true)));
  alerts
    .command('prune')
    .description('delete webhook messages sent, failed for good or disabled longer ago than the retention (pending ones never; alerts and cases stay)')
    .option('--older-than <days>', 'retention in days (default: RINGTRACE_OUTBOX_RETENTION_DAYS, 30)', days)
    .action((opts: { olderThan?: number }) => run((ctx) => pruneNow(ctx, opts.olderThan)));
  alerts
    .command('ack <alertId>')
    .description('acknowledge an alert')
    .action((alertId: string) =>
      run(async (ctx) => {
        const store = await ctx.existingStore();
        const alert = await store.acknowledgeAlert(alertId, cliUser(), new Date().toISOString());
        if (alert === null) throw new EngineError('NOT_FOUND', `alert ${alertId} not found`);
        await audit(store, 'alert.acknowledge', [alert.ringId], { alertId });
        ctx.print(alert, () => `alert ${alert.id} ${alert.status} (by ${alert.acknowledgedBy ?? '?'} at ${alert.acknowledgedAt ?? '?'})`);
      }),
    );
};

export const registerCases: RegisterCommand = (program, run) => {
  const cases = program
    .command('cases')
    .description('cases of alerted rings: status, assignee, notes and history')
    .option('--status <status...>', `only these statuses (${CASE_STATUSES.join(', ')})`)
    .option('--assignee <name>', 'only cases assigned to this person')
    .option('--sort <by>', 'score, updated or created', oneOf('sort', ['score', 'updated', 'created'] as const), 'updated')
    .option('--limit <n>', 'how many', wholeNumber('--limit', 1, MAX_LISTED), 50)
    .action((opts: { status?: string[]; assignee?: string; sort: 'score' | 'updated' | 'created'; limit: number }) =>
      run(async (ctx) => {
        const statuses = opts.status?.map(statusOf);
        const store = await ctx.existingStore();
        const { cases: items, total } = await store.listCases({
          sort: opts.sort, offset: 0, limit: opts.limit, ...(statuses ? { status: statuses } : {}), ...(opts.assignee ? { assignee: opts.assignee } : {}),
        });
        ctx.print({ total, items }, () => describeCases(items, total));
      }),
    );
  cases
    .command('show <caseId>')
    .description('one case with its whole history')
    .action((caseId: string) =>
      run(async (ctx) => {
        const store = await ctx.existingStore();
        const found = await caseWithHistory(store, cliActor(), caseId);
        await audit(store, 'case.read', found.case.ringIds, { caseId });
        ctx.print({ ...found.case, events: found.events }, () => describeCase(found.case, found.events));
      }),
    );
  cases
    .command('note <caseId> <text>')
    .description('add a note to the case thread')
    .action((caseId: string, text: string) =>
      run(async (ctx) => {
        const store = await ctx.existingStore();
        const event = await addCaseNote(store, cliActor(), caseId, text);
        await audit(store, 'case.note', [], { caseId, eventId: event.id });
        ctx.print(event, () => `note added to case ${caseId}`);
      }),
    );
  cases
    .command('status <caseId> <status>')
    .description(`change the status (${CASE_STATUSES.join(', ')}); a reason is required`)
    .requiredOption('--reason <text>', 'why (kept in the case history)')
    .option('--manifest-hash <sha256>', 'with referred: the SHA-256 of the dossier manifest sent')
    .action((caseId: string, status: string, opts: { reason: string; manifestHash?: string }) =>
      run(async (ctx) => {
        const to = statusOf(status);
        const store = await ctx.existingStore();
        const changed = await setCaseStatus(store, cliActor(), caseId, { status: to, reason: opts.reason, ...(opts.manifestHash ? { manifestHash: opts.manifestHash } : {}) });
        await audit(store, 'case.status', changed.ringIds, { caseId, status: to, reason: opts.reason, ...(opts.manifestHash ? { manifestHash: opts.manifestHash } : {}) });
        ctx.print(changed, () => `case ${changed.id} is now ${changed.status}`);
      }),
    );
  cases
    .command('assign <caseId> <assignee>')
    .description('set the assignee (`-` to clear)')
    .action((caseId: string, assignee: string) =>
      run(async (ctx) => {
        const store = await ctx.existingStore();
        const changed = await setCaseAssignee(store, cliActor(), caseId, assignee === '-' ? null : assignee);
        await audit(store, 'case.assignee', changed.ringIds, { caseId, assignee: changed.assignee });
        ctx.print(changed, () => `case ${changed.id} assigned to ${changed.assignee ?? 'nobody'}`);
      }),
    );
};
