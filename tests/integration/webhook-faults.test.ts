/**
 * Webhook delivery under faults, on both stores, with a real HTTP receiver
 * (node:http on port 0): down, answering 500, slow; a process killed between
 * the run's commit and delivery. Every request is checked with the reference
 * `standardwebhooks` verifier; retries reuse the webhook-id, so a receiver
 * that de-duplicates by id sees each alert once; no fault fails or holds up
 * a run; nothing acknowledged is lost.
 */
import { spawn } from 'node:child_process';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Webhook } from 'standardwebhooks';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createStore, deliverDue, loadConfig, runDetection, startOutboxDelivery, type FullStore, type WebhookTarget } from '../../engine/index.ts';
import { scenario } from '../fixtures/store/scenario.ts';
import { cliTargets, type CliTarget } from './cli-targets.ts';

const SECRET = `whsec_${Buffer.alloc(32, 3).toString('base64')}`;
const BIN = path.resolve('api/cli/ringtrace.mjs');
const root = mkdtempSync(path.join(tmpdir(), 'ringtrace-webhook-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

type Behaviour = (attempt: number) => 'ok' | 'fail' | 'hang' | { slowMs: number };
interface Seen { id: string; verified: boolean; status: number | null }

interface Receiver {
  url: string;
  seen: Seen[];
  /** Requests received and not answered yet. */
  open: () => number;
  /** Resolves at the first request. */
  first: Promise<void>;
  close(): Promise<void>;
}

const receivers: Receiver[] = [];
afterEach(async () => {
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});

async function receiver(behaviour: Behaviour): Promise<Receiver> {
  const seen: Seen[] = [];
  const attempts = new Map<string, number>();
  let open = 0;
  let firstSeen!: () => void;
  const first = new Promise<void>((resolve) => (firstSeen = resolve));
  const hanging = new Set<ServerResponse>();
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.on('data', (d) => (body += String(d)));
    req.on('end', () => {
      const id = String(req.headers['webhook-id']);
      let verified = false;
      try {
        new Webhook(SECRET).verify(body, { 'webhook-id': id, 'webhook-timestamp': String(req.headers['webhook-timestamp']), 'webhook-signature': String(req.headers['webhook-signature']) });
        verified = true;
      } catch {
        verified = false;
      }
      const n = (attempts.get(id) ?? 0) + 1;
      attempts.set(id, n);
      const entry: Seen = { id, verified, status: null };
      seen.push(entry);
      firstSeen();
      const act = behaviour(n);
      const answer = (status: number): void => {
        entry.status = status;
        open -= 1;
        if (!res.writableEnded) res.writeHead(status).end();
      };
      open += 1;
      if (act === 'ok') answer(200);
      else if (act === 'fail') answer(500);
      else if (act === 'hang') hanging.add(res);
      else setTimeout(() => answer(200), act.slowMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const r: Receiver = {
    url: `http://127.0.0.1:${port}/hook`,
    seen,
    open: () => open,
    first,
    close: async () => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  receivers.push(r);
  return r;
}

/** A URL nothing listens on. */
async function downUrl(): Promise<string> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return `http://127.0.0.1:${port}/hook`;
}

const targetOf = (url: string, fields: Partial<WebhookTarget> = {}): WebhookTarget => ({ url, secret: SECRET, timeoutMs: 2_000, maxAttempts: 5, retryBaseMs: 1_000, ...fields });
const ALERT_ALL = { minScore: 0, webhook: true };

const targets: CliTarget[] = cliTargets(root);

async function openStore(env: Record<string, string>): Promise<FullStore> {
  const store = await createStore(loadConfig(env));
  await store.open();
  return store;
}

/** A store with the scenario loaded and one run that raised alerts (none delivered yet). */
async function alertedStore(target: CliTarget): Promise<{ store: FullStore; alertIds: string[] }> {
  await target.wipe();
  const store = await openStore(target.env());
  await store.writeBatch(scenario());
  const result = await runDetection(store, {}, { alerts: ALERT_ALL });
  return { store, alertIds: result.alertIds ?? [] };
}

const deliveries = async (store: FullStore) => new Map((await store.listAlerts({ offset: 0, limit: 100 })).alerts.map((a) => [a.id, a.delivery]));

describe.each(targets)('webhook faults: $name', (target) => {
  it('when the receiver is down, then the run still commits, attempts are recorded, and once it is up each alert arrives once, signed', async () => {
    const { store, alertIds } = await alertedStore(target);
    try {
      expect(alertIds.length).toBeGreaterThan(0);
      const down = await deliverDue(store, targetOf(await downUrl(), { retryBaseMs: 60_000 }), { random: () => 0 });

      expect(down).toEqual({ sent: 0, retrying: alertIds.length, failed: 0 });
      for (const d of (await deliveries(store)).values()) expect(d).toMatchObject({ state: 'pending', attempts: 1, lastError: expect.stringMatching(/^request failed/) });
      // Not due yet: a pass now sends nothing.
      const up = await receiver(() => 'ok');
      expect((await deliverDue(store, targetOf(up.url))).sent).toBe(0);

      const later = await deliverDue(store, targetOf(up.url), { now: () => Date.now() + 120_000 });

      expect(later.sent).toBe(alertIds.length);
      expect(up.seen.every((s) => s.verified)).toBe(true);
      expect(new Set(up.seen.map((s) => s.id)).size).toBe(up.seen.length);
      for (const d of (await deliveries(store)).values()) expect(d).toMatchObject({ state: 'sent', attempts: 2 });
      expect((await deliverDue(store, targetOf(up.url), { ignoreSchedule: true, includeFailed: true })).sent).toBe(0);
    } finally {
      await store.close();
    }
  });

  it('when the receiver answers 500 twice, then the third attempt delivers with the same webhook-id, and nothing is sent twice after a 2xx', async () => {
    const { store, alertIds } = await alertedStore(target);
    try {
      const flaky = await receiver((attempt) => (attempt <= 2 ? 'fail' : 'ok'));
      let clock = Date.now();
      for (let pass = 0; pass < 5; pass += 1) {
        await deliverDue(store, targetOf(flaky.url), { now: () => clock });
        clock += 60_000;
      }

      const ids = new Set(flaky.seen.map((s) => s.id));
      expect(ids.size).toBe(alertIds.length);
      for (const id of ids) {
        expect(flaky.seen.filter((s) => s.id === id).map((s) => s.status)).toEqual([500, 500, 200]);
      }
      expect(flaky.seen.every((s) => s.verified)).toBe(true);
      for (const d of (await deliveries(store)).values()) expect(d).toMatchObject({ state: 'sent', attempts: 3 });
    } finally {
      await store.close();
    }
  });

  it('when the receiver is slow, then attempts time out without holding up a run, the last failure is kept visible, and a later retry delivers under the same id', async () => {
    const { store, alertIds } = await alertedStore(target);
    try {
      const slow = await receiver(() => ({ slowMs: 1_500 }));
      const loop = startOutboxDelivery(store, targetOf(slow.url, { timeoutMs: 300, maxAttempts: 2, retryBaseMs: 10 }), { intervalMs: 100 });
      await slow.first;
      // A run while a delivery hangs on the receiver: it commits regardless.
      const during = await runDetection(store, {}, { alerts: ALERT_ALL });
      const openWhenSaved = slow.open();
      expect((await store.currentRun())?.id).toBe(during.run.id);
      expect(openWhenSaved).toBeGreaterThan(0);
      const deadline = Date.now() + 20_000;
      while ([...(await deliveries(store)).values()].some((d) => d.state === 'pending') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      await loop.stop();

      for (const d of (await deliveries(store)).values()) expect(d).toMatchObject({ state: 'failed', attempts: 2, lastError: 'no answer within 300 ms' });
      const ok = await receiver(() => 'ok');
      const retried = await deliverDue(store, targetOf(ok.url), { includeFailed: true });

      expect(retried.sent).toBe(alertIds.length);
      // The slow receiver may have finished handling timed-out attempts: they carried the same ids.
      expect(new Set([...slow.seen, ...ok.seen].map((s) => s.id))).toEqual(new Set(ok.seen.map((s) => s.id)));
      for (const d of (await deliveries(store)).values()) expect(d.state).toBe('sent');
    } finally {
      await store.close();
    }
  });

  it('when `ringtrace detect` is killed between its commit and the delivery, then the run stands and the alert is delivered on restart, under the same webhook-id', async () => {
    await target.wipe();
    const env = target.env();
    const setup = await openStore(env);
    await setup.writeBatch(scenario());
    await setup.close();
    const stuck = await receiver(() => 'hang');
    const child = spawn(process.execPath, [BIN, 'detect', '--top', '0'], {
      env: { ...process.env, ...env, RINGTRACE_ALERT_MIN_SCORE: '0', RINGTRACE_WEBHOOK_URL: stuck.url, RINGTRACE_WEBHOOK_SECRET: SECRET, RINGTRACE_WEBHOOK_TIMEOUT_MS: '1000' },
    });
    const exited = new Promise<number | null>((resolve) => child.on('close', (code, signal) => resolve(code ?? (signal ? -1 : null))));
    await stuck.first;
    child.kill('SIGKILL');
    expect(await exited).toBe(-1);

    const store = await openStore(env);
    try {
      const run = await store.currentRun();
      const outbox = await store.listOutbox();
      expect(run).not.toBeNull();
      expect(outbox.length).toBeGreaterThan(0);
      expect(outbox.every((m) => m.state === 'pending' && m.attempts === 0)).toBe(true);

      // What a restarted `serve` does: its loop picks the message up once the dead sender's claim lapses.
      const ok = await receiver(() => 'ok');
      const loop = startOutboxDelivery(store, targetOf(ok.url), { intervalMs: 200 });
      const deadline = Date.now() + 20_000;
      while ((await store.listOutbox()).some((m) => m.state !== 'sent') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      await loop.stop();

      expect((await store.listOutbox()).map((m) => m.state)).toEqual(outbox.map(() => 'sent'));
      expect(ok.seen.map((s) => s.id).sort()).toEqual(outbox.map((m) => m.id).sort());
      expect(stuck.seen.every((s) => outbox.some((m) => m.id === s.id))).toBe(true);
      expect(ok.seen.every((s) => s.verified)).toBe(true);
    } finally {
      await store.close();
    }
  });
});
