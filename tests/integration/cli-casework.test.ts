/**
 * `ringtrace alerts` and `ringtrace cases` as a user runs them (embedded
 * store): detect with the webhook down exits 0 and leaves the alerts
 * pending; `alerts deliver` sends them once the receiver is up; cases are
 * listed, shown, noted and moved with a reason; `alerts prune` deletes
 * settled webhook messages past the retention and keeps the alerts; bad
 * input exits non-zero naming what is wrong; every change is audited.
 */
import { createServer } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { DB_FILE } from '../../engine/store/embedded/connection.ts';
import { createEmbeddedStore } from '../../engine/store/embedded/index.ts';
import { scenario } from '../fixtures/store/scenario.ts';
import { runCli, type CliResult } from './cli-run.ts';

const SECRET = `whsec_${Buffer.alloc(32, 5).toString('base64')}`;

type Result = CliResult;

describe('ringtrace alerts / cases', () => {
  let root: string;
  let dataDir: string;
  let hookUrl: string;
  let received: string[] = [];
  let up = false;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      received.push(String(req.headers['webhook-id']));
      res.writeHead(200).end();
    });
  });

  const cli = (args: string[], env: Record<string, string> = {}): Promise<Result> =>
    runCli(args, dataDir, { RINGTRACE_ALERT_MIN_SCORE: '0', RINGTRACE_WEBHOOK_URL: hookUrl, RINGTRACE_WEBHOOK_SECRET: SECRET, RINGTRACE_WEBHOOK_TIMEOUT_MS: '500', ...env });
  const json = <T>(r: Result): T => JSON.parse(r.stdout) as T;

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'ringtrace-cli-cases-'));
    dataDir = path.join(root, 'store');
    const store = createEmbeddedStore({ dataDir });
    await store.open();
    await store.writeBatch(scenario());
    await store.close();
    // The receiver's port is reserved now; it answers only once `up`.
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    hookUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    server.close();
  });
  afterAll(async () => {
    if (up) await new Promise<void>((resolve) => server.close(() => resolve()));
    await rm(root, { recursive: true, force: true });
  });

  it('when detect runs with the receiver down, then it exits 0, says the alerts wait, and `alerts` shows them pending', async () => {
    const detect = await cli(['detect', '--top', '0', '--deliver-wait', '1']);
    const alerts = await cli(['--json', 'alerts']);

    expect(detect.code).toBe(0);
    expect(detect.stderr).toMatch(/alerts? raised; 0 delivered to the webhook, \d+ still pending/);
    const list = json<{ total: number; items: Array<{ id: string; delivery: { state: string; attempts: number; lastError?: string } }> }>(alerts);
    expect(list.total).toBeGreaterThan(0);
    for (const a of list.items) expect(a.delivery).toMatchObject({ state: 'pending', lastError: expect.stringMatching(/^request failed/) });
  });

  it('when the receiver is up and `alerts deliver` runs, then every pending alert is sent once', async () => {
    await new Promise<void>((resolve) => server.listen(Number(new URL(hookUrl).port), '127.0.0.1', resolve));
    up = true;
    received = [];

    const deliver = await cli(['alerts', 'deliver']);
    const again = await cli(['--json', 'alerts', 'deliver']);
    const list = json<{ items: Array<{ delivery: { state: string } }> }>(await cli(['--json', 'alerts']));

    expect(deliver.code).toBe(0);
    expect(deliver.stdout).toMatch(/^delivered \d+; 0 will be retried; 0 failed for good/);
    expect(json(again)).toEqual({ sent: 0, retrying: 0, failed: 0 });
    expect(new Set(received).size).toBe(received.length);
    expect(received.length).toBe(list.items.length);
    expect(list.items.every((a) => a.delivery.state === 'sent')).toBe(true);
  });

  it('when `alerts prune` runs, then sent messages within the retention stay, older ones go, and the alerts stay, still sent', async () => {
    type Listed = { total: number; items: Array<{ id: string; delivery: { state: string; attempts: number } }> };
    const before = json<Listed>(await cli(['--json', 'alerts']));
    const alertCount = before.total;

    const recent = await cli(['alerts', 'prune']);
    // The messages were sent moments ago: age them by 40 days, as if the clock had moved on.
    const db = new Database(path.join(dataDir, DB_FILE));
    try {
      db.prepare('UPDATE webhook_outbox SET state_changed_ms = state_changed_ms - ?').run(40 * 86_400_000);
    } finally {
      db.close();
    }
    const longer = json<{ removed: number; olderThanDays: number }>(await cli(['--json', 'alerts', 'prune', '--older-than', '45']));
    const pruned = await cli(['alerts', 'prune']);
    const again = json<{ removed: number }>(await cli(['--json', 'alerts', 'prune', '--older-than', '1']));
    const list = json<Listed>(await cli(['--json', 'alerts']));

    expect(recent.code).toBe(0);
    expect(recent.stdout).toMatch(/^removed 0 settled webhook message\(s\) older than 30 day\(s\)/);
    expect(longer).toMatchObject({ removed: 0, olderThanDays: 45 });
    expect(pruned.code).toBe(0);
    expect(pruned.stdout).toMatch(new RegExp(`^removed ${alertCount} settled webhook message\\(s\\) older than 30 day\\(s\\)`));
    expect(again.removed).toBe(0);
    expect(alertCount).toBeGreaterThan(0);
    // The alerts stay, and say what they said before: sent, after so many attempts, at that time.
    expect(list).toEqual(before);
    for (const a of list.items) expect(a.delivery.state).toBe('sent');
  });

  it('when a case is noted, moved with a reason and assigned, then `cases show` has the history and the audit trail has each change', async () => {
    const cases = json<{ items: Array<{ id: string; status: string }> }>(await cli(['--json', 'cases']));
    const id = cases.items[0]!.id;

    const note = await cli(['cases', 'note', id, 'checked the payout account']);
    const status = await cli(['cases', 'status', id, 'investigating', '--reason', 'same ID document as a banned seller']);
    const assign = await cli(['cases', 'assign', id, 'ana']);
    const show = await cli(['cases', 'show', id]);
    const filtered = json<{ items: Array<{ id: string }> }>(await cli(['--json', 'cases', '--status', 'investigating', '--assignee', 'ana']));

    expect([note.code, status.code, assign.code, show.code]).toEqual([0, 0, 0, 0]);
    expect(show.stdout).toContain(`case ${id}: investigating`);
    expect(show.stdout).toContain('note: checked the payout account');
    expect(show.stdout).toContain('status new → investigating: same ID document as a banned seller');
    expect(show.stdout).toContain('assignee - → ana');
    expect(filtered.items.map((c) => c.id)).toEqual([id]);
    const store = createEmbeddedStore({ dataDir });
    await store.open();
    try {
      const actions = (await store.listAudit({ offset: 0, limit: 100 })).entries.map((e) => e.action);
      expect(actions).toEqual(expect.arrayContaining(['case.note', 'case.status', 'case.assignee', 'case.read']));
    } finally {
      await store.close();
    }
  });

  it('when the input is wrong, then the command fails with an exit code and says what is wrong', async () => {
    const id = json<{ items: Array<{ id: string }> }>(await cli(['--json', 'cases'])).items[0]!.id;

    const badStatus = await cli(['cases', 'status', id, 'closed', '--reason', 'x']);
    const noReason = await cli(['cases', 'status', id, 'triage']);
    const transition = await cli(['cases', 'status', id, 'new', '--reason', 'back']);
    const missing = await cli(['cases', 'show', 'CASE-none']);
    const emptyNote = await cli(['cases', 'note', id, '  ']);
    const noWebhook = await cli(['alerts', 'deliver'], { RINGTRACE_WEBHOOK_URL: '', RINGTRACE_WEBHOOK_SECRET: '' });
    const badSecret = await cli(['alerts'], { RINGTRACE_WEBHOOK_SECRET: 'not-a-secret' });
    const badDays = await cli(['alerts', 'prune', '--older-than', '0']);
    const badRetention = await cli(['alerts', 'prune'], { RINGTRACE_OUTBOX_RETENTION_DAYS: 'a month' });

    expect(badStatus.code).toBe(2);
    expect(badStatus.stderr).toContain('status must be one of new, triage');
    expect(noReason.code).toBe(2);
    expect(noReason.stderr).toContain("required option '--reason <text>' not specified");
    expect(transition.code).toBe(1);
    expect(transition.stderr).toContain('error [CONFLICT]: case status cannot change from investigating to new');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('error [NOT_FOUND]: case CASE-none not found');
    expect(emptyNote.code).toBe(2);
    expect(emptyNote.stderr).toContain('text must not be empty');
    expect(noWebhook.code).toBe(2);
    expect(noWebhook.stderr).toContain('no webhook configured');
    expect(badSecret.code).toBe(2);
    expect(badSecret.stderr).toContain('config webhookSecret (RINGTRACE_WEBHOOK_SECRET): must be whsec_');
    expect(badDays.code).not.toBe(0);
    expect(badDays.stderr).toContain('--older-than must be a positive number of days');
    expect(badRetention.code).toBe(2);
    expect(badRetention.stderr).toContain('config outboxRetentionDays (RINGTRACE_OUTBOX_RETENTION_DAYS): must be a whole number of days');
  });
});
