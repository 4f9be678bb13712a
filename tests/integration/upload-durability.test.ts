/**
 * An upload the API acknowledged (202) is loaded even when the server stops
 * before its load finishes: `ringtrace serve` killed with SIGKILL, or stopped
 * with SIGTERM and no grace, mid-load; the next `serve` on the same data
 * folder loads it again under the job id the client was given, and the store
 * then holds exactly a clean load's counts. An upload folder that was never
 * acknowledged (cut off mid-body) is removed at start once it is stale; a
 * fresh one is left alone. A load that meets a busy store (another process
 * holding the embedded store's write lock past its busy timeout) waits and
 * loads again in the same server, under the same job. The embedded store suffices: this is about the
 * server's upload folder, not the store.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { loadConfig } from '../../engine/index.ts';
import { DB_FILE } from '../../engine/store/embedded/connection.ts';
import { startServer } from '../../api/http/server.ts';
import { createEmbeddedStore } from '../../engine/store/embedded/index.ts';
import { issueToken } from '../../api/http/access/tokens.ts';
import { UPLOAD_MANIFEST } from '../../api/http/use-cases/pending-uploads.ts';
import { exportWithReference } from './reference-load.ts';
import { CLI_BIN } from './cli-run.ts';

const root = mkdtempSync(path.join(tmpdir(), 'ringtrace-upload-durable-'));
let exportDir: string;
let reference: Record<string, number>;

beforeAll(async () => {
  ({ exportDir, reference } = await exportWithReference(root, { sellers: 12_000, rings: 40, seed: 5 }));
}, 120_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

const freePort = (): Promise<number> =>
  new Promise((resolve) => {
    const probe = createServer();
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });

interface Serving {
  child: ChildProcess;
  url: string;
  log: () => string;
}

async function serve(dataDir: string, env: Record<string, string> = {}): Promise<Serving> {
  const port = await freePort();
  const child = spawn(process.execPath, [CLI_BIN, 'serve', '--port', String(port)], {
    env: { ...process.env, RINGTRACE_DATA_DIR: dataDir, NEO4J_URI: '', RINGTRACE_LOG_FORMAT: 'json', RINGTRACE_RATE_LIMIT_PER_MINUTE: '0', ...env },
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const url = `http://127.0.0.1:${port}`;
  for (const started = Date.now(); ; ) {
    if (child.exitCode !== null) throw new Error(`serve exited ${child.exitCode}: ${out}`);
    if (await fetch(`${url}/api/health`).then((r) => r.ok, () => false)) break;
    if (Date.now() - started > 30_000) throw new Error(`serve did not start: ${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { child, url, log: () => out };
}

const stopped = (child: ChildProcess): Promise<void> => new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));

interface Job {
  id: string;
  state: string;
  progress: { done: number };
  result: { accepted: number } | null;
}

async function job(server: Serving, token: string, id: string): Promise<{ status: number; job: Job | null }> {
  const answer = await fetch(`${server.url}/api/jobs/${id}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: answer.status, job: answer.ok ? ((await answer.json()) as Job) : null };
}

async function upload(server: Serving, token: string): Promise<string> {
  const form = new FormData();
  for (const name of readdirSync(exportDir).filter((n) => /\.(csv|ndjson)$/.test(n))) {
    form.append(name.replace(/\.\w+$/, ''), new Blob([readFileSync(path.join(exportDir, name))]), name);
  }
  const answer = await fetch(`${server.url}/api/ingest`, { method: 'POST', body: form, headers: { authorization: `Bearer ${token}` } });
  expect(answer.status).toBe(202);
  return ((await answer.json()) as { job: { id: string } }).job.id;
}

async function prepare(name: string): Promise<{ dataDir: string; token: string }> {
  const dataDir = path.join(root, name);
  const store = createEmbeddedStore({ dataDir });
  await store.open();
  const { secret } = await issueToken(store, { role: 'admin', name: `uploader-${name}` });
  await store.close();
  return { dataDir, token: secret };
}

async function counts(dataDir: string): Promise<Record<string, number>> {
  const store = createEmbeddedStore({ dataDir });
  await store.open();
  try {
    return { ...(await store.counts()) };
  } finally {
    await store.close();
  }
}

describe('an acknowledged upload survives the server', () => {
  it.each([
    { how: 'SIGKILL', signal: 'SIGKILL' as const, env: {} as Record<string, string> },
    { how: 'SIGTERM with no grace', signal: 'SIGTERM' as const, env: { RINGTRACE_SHUTDOWN_GRACE_MS: '0' } },
  ])('when serve is stopped by $how mid-load, then the next serve loads the upload under the same job id, to a clean load\'s counts', async ({ signal, env }) => {
    const { dataDir, token } = await prepare(signal.toLowerCase());
    const first = await serve(dataDir, env);
    const id = await upload(first, token);
    // Stopped once the load is under way, before it is done.
    for (let j = await job(first, token, id); j.job?.state === 'running' && j.job.progress.done === 0; j = await job(first, token, id)) {
      await new Promise((r) => setTimeout(r, 20));
    }
    expect((await job(first, token, id)).job?.state, 'the load finished before the server was stopped: a larger export is needed').toBe('running');
    first.child.kill(signal);
    await stopped(first.child);

    const uploads = path.join(dataDir, 'uploads');
    const left = readdirSync(uploads);
    expect(left).toHaveLength(1);
    expect(JSON.parse(readFileSync(path.join(uploads, left[0]!, UPLOAD_MANIFEST), 'utf8'))).toMatchObject({ jobId: id, strict: false });
    // Part of it is in the store (files load in order), not all.
    expect(await counts(dataDir)).not.toEqual(reference);

    const second = await serve(dataDir);
    try {
      let settled = await job(second, token, id);
      for (const t = Date.now(); settled.job?.state === 'running' && Date.now() - t < 90_000; settled = await job(second, token, id)) {
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(settled.status, second.log()).toBe(200);
      expect(settled.job).toMatchObject({ id, state: 'succeeded' });
      expect(second.log()).toContain('loading an acknowledged upload again');
    } finally {
      second.child.kill('SIGTERM');
      await stopped(second.child);
    }
    expect(await counts(dataDir)).toEqual(reference);
    expect(readdirSync(uploads)).toEqual([]);
  }, 180_000);

  it('when a folder holds an upload that was never acknowledged, then serve removes it once stale and leaves a fresh one', async () => {
    const { dataDir } = await prepare('partial');
    const uploads = path.join(dataDir, 'uploads');
    for (const name of ['stale', 'fresh']) {
      mkdirSync(path.join(uploads, name), { recursive: true });
      writeFileSync(path.join(uploads, name, 'sellers.csv'), 'seller_id,name\nS1,Half');
    }
    const old = new Date(Date.now() - 3_600_000);
    utimesSync(path.join(uploads, 'stale', 'sellers.csv'), old, old);
    utimesSync(path.join(uploads, 'stale'), old, old);
    const server = await serve(dataDir);
    for (const t = Date.now(); !server.log().includes('removed an upload that was never acknowledged') && Date.now() - t < 10_000; ) await new Promise((r) => setTimeout(r, 50));
    server.child.kill('SIGTERM');
    await stopped(server.child);
    expect(readdirSync(uploads)).toEqual(['fresh']);
    expect((await counts(dataDir)).sellers).toBe(0);
  }, 60_000);

  it('when another process holds the store\'s write lock past the busy timeout, then the load waits, loads again once it is free, and succeeds', async () => {
    const { dataDir, token } = await prepare('busy');
    const config = loadConfig({ RINGTRACE_STORE: 'embedded', RINGTRACE_DATA_DIR: dataDir }, { port: 0, logLevel: 'silent', rateLimitPerMinute: 0 });
    const server = await startServer({ config });
    const holder = new Database(path.join(dataDir, DB_FILE));
    try {
      // Taken once the upload is acknowledged (its audit entry is a write too), while the load is still running.
      const id = await upload({ child: null as never, url: server.url, log: () => '' }, token);
      holder.exec('BEGIN IMMEDIATE');
      expect(server.app.services.jobs.get(id)?.state, 'the load finished before the lock was taken: a larger export is needed').toBe('running');
      let seen = '';
      for (const t = Date.now(); !seen.startsWith('waiting for the store') && Date.now() - t < 60_000; ) {
        seen = server.app.services.jobs.get(id)?.progress.stage ?? '';
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(seen).toMatch(/^waiting for the store after try 1 \(STORE_UNAVAILABLE\)/);
      expect(server.app.services.jobs.get(id)?.state).toBe('running');
      holder.exec('COMMIT');

      expect((await server.app.services.jobs.settled(id))?.state).toBe('succeeded');
      expect({ ...(await server.app.services.store.counts()) }).toEqual(reference);
      expect(readdirSync(path.join(dataDir, 'uploads'))).toEqual([]);
    } finally {
      if (holder.inTransaction) holder.exec('ROLLBACK');
      holder.close();
      await server.close();
    }
  }, 120_000);
});
