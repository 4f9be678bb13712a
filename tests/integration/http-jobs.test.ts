/**
 * The HTTP API's long-running and defensive paths against a real store: an
 * export uploaded (multipart and streamed) and loaded as a job with progress
 * and per-row errors, detection triggered as a job with one run at a time,
 * and the hardening — upload size cap, rate limit per token, handler timeout,
 * 500s without internals, graceful shutdown that finishes in-flight requests
 * and closes the store.
 */
import { existsSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FullStore, JobRecord } from '../../engine/index.ts';
import { startServer, type RunningServer } from '../../api/http/server.ts';
import { call, ENABLED_STORES, testConfig, useApi } from './http-harness.ts';

interface ErrorAnswer {
  error: { code: string; message: string; requestId?: string; field?: string };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A store that behaves like `store` except where `overrides` say; `closed` tells whether close was called. */
function wrapStore(store: FullStore, overrides: Partial<Record<keyof FullStore, (...args: never[]) => unknown>>): FullStore & { closed: boolean } {
  const state = { closed: false };
  return new Proxy(store, {
    get(target, property, receiver) {
      if (property === 'closed') return state.closed;
      if (property === 'close') {
        return async () => {
          state.closed = true;
        };
      }
      const override = overrides[property as keyof FullStore];
      if (override) return override;
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  }) as FullStore & { closed: boolean };
}

describe.each(ENABLED_STORES)('HTTP jobs and hardening on $name', (target) => {
  const api = useApi(target, { empty: true });

  const waitForJob = async (id: string, token: string): Promise<JobRecord> => {
    for (let i = 0; i < 600; i += 1) {
      const { body } = await api().request('GET', `/api/jobs/${id}`, { token });
      const job = body as JobRecord;
      if (job.state !== 'running') return job;
      await sleep(100);
    }
    throw new Error(`job ${id} did not finish`);
  };

  describe('POST /api/ingest', () => {
    it('when an export is uploaded as multipart, then a job loads it with progress and the upload folder is removed', async () => {
      const form = new FormData();
      for (const name of readdirSync(api().exportDir).filter((n) => /\.(csv|ndjson)$/.test(n))) {
        form.append('files', new Blob([await readFile(join(api().exportDir, name))]), name);
      }
      const answer = await api().request('POST', '/api/ingest', { token: api().tokens.investigator, raw: form });
      expect(answer.status).toBe(202);
      const { job, files } = answer.body as { job: JobRecord; files: Array<{ name: string; bytes: number }> };
      expect(files.map((f) => f.name)).toContain('sellers.csv');
      const done = await waitForJob(job.id, api().tokens.investigator);
      expect(done).toMatchObject({ state: 'succeeded', kind: 'ingest', owner: 'test-investigator', errorCount: 0 });
      expect(done.result?.accepted).toBeGreaterThan(2_000);
      expect(done.progress.done).toBe(done.progress.total);
      expect((await api().store.counts()).sellers).toBe(2_000);
      expect(readdirSync(join(api().dataDir, 'uploads'))).toEqual([]);
    });

    it('when one file with bad rows is streamed, then the good rows load and each bad row is listed with file and line', async () => {
      const csv = 'seller_id,name,status\nS-new-1,Fine Seller,active\nS-new-2,Bad Status,maybe\n,No Id,active\n';
      const answer = await api().request('POST', '/api/ingest?file=sellers.csv', { token: api().tokens.admin, raw: csv, headers: { 'content-type': 'text/csv' } });
      expect(answer.status).toBe(202);
      const done = await waitForJob((answer.body as { job: JobRecord }).job.id, api().tokens.admin);
      expect(done.state).toBe('succeeded');
      expect(done.errorCount).toBe(2);
      expect(done.errors.map((e) => [e.file, e.line])).toEqual([
        ['sellers.csv', 3],
        ['sellers.csv', 4],
      ]);
      expect(await api().store.entity({ type: 'seller', key: 'S-new-1' })).not.toBeNull();
    });

    it('when a strict upload has a bad row, then the job fails INGEST_REJECTED and nothing is written', async () => {
      const csv = 'seller_id,name,status\nS-strict-1,Fine,active\nS-strict-2,Bad,maybe\n';
      const answer = await api().request('POST', '/api/ingest?file=sellers.csv&strict=true', { token: api().tokens.admin, raw: csv, headers: { 'content-type': 'text/csv' } });
      const done = await waitForJob((answer.body as { job: JobRecord }).job.id, api().tokens.admin);
      expect(done).toMatchObject({ state: 'failed', failure: { code: 'INGEST_REJECTED' }, errorCount: 1 });
      expect(await api().store.entity({ type: 'seller', key: 'S-strict-1' })).toBeNull();
    });

    it('when a multipart part is named like a path or an unknown file, then 400 and nothing is kept', async () => {
      for (const name of ['../sellers.csv', 'passwd', 'sellers.csv.exe']) {
        const form = new FormData();
        form.append('files', new Blob(['seller_id\nS-x\n']), name);
        const answer = await api().request('POST', '/api/ingest', { token: api().tokens.admin, raw: form });
        expect(answer.status, name).toBe(400);
        expect((answer.body as ErrorAnswer).error.code).toBe('INVALID_INPUT');
      }
      expect(readdirSync(join(api().dataDir, 'uploads'))).toEqual([]);
    });
  });

  describe('POST /api/runs', () => {
    it('when a run is triggered, then a job reports its stages and the run becomes current', async () => {
      const first = await api().request('POST', '/api/runs', { token: api().tokens.investigator, body: { params: { seed: 3 } } });
      expect(first.status).toBe(202);
      const done = await waitForJob((first.body as { job: JobRecord }).job.id, api().tokens.investigator);
      expect(done.state).toBe('succeeded');
      expect(done.progress).toMatchObject({ stage: 'write', done: 6, total: 6 });
      const runId = done.result?.runId as string;
      const run = await api().request('GET', '/api/runs/current', { token: api().tokens.viewer });
      expect((run.body as { id: string }).id).toBe(runId);
      const rings = await api().request('GET', '/api/rings', { token: api().tokens.viewer });
      expect((rings.body as { items: unknown[] }).items.length).toBeGreaterThan(0);
    });

    it('when a run is triggered while one is running, then 409 CONFLICT and the refusal is audited', async () => {
      // A store slow to start the run keeps the first job running while the second trigger arrives.
      const slow = wrapStore(api().store, {
        currentRun: async () => {
          await sleep(300);
          return api().store.currentRun();
        },
      });
      const server = await startServer({ config: testConfig(api().dataDir), store: slow, closeStore: false, logger: pino({ level: 'silent' }) });
      try {
        const first = await call(server.url, 'POST', '/api/runs', { token: api().tokens.investigator, body: {} });
        const second = await call(server.url, 'POST', '/api/runs', { token: api().tokens.admin, body: {} });
        expect(first.status).toBe(202);
        expect(second.status).toBe(409);
        expect((second.body as ErrorAnswer).error.code).toBe('CONFLICT');
        await server.app.services.jobs.idle();
        const audit = await api().request('GET', '/api/audit?action=run.trigger&outcome=error', { token: api().tokens.admin });
        expect((audit.body as { items: Array<{ tokenName: string; details: { status: number } }> }).items[0]).toMatchObject({ tokenName: 'test-admin', details: { status: 409 } });
      } finally {
        await server.close();
      }
    });

    it('when the parameters are out of range, then 400 names the field and no job starts', async () => {
      const answer = await api().request('POST', '/api/runs', { token: api().tokens.admin, body: { params: { minRingSize: 1 } } });
      expect(answer.status).toBe(400);
      expect((answer.body as ErrorAnswer).error.field).toBe('body.params.minRingSize');
    });

    it('when GET /api/jobs lists, then both kinds of job are there, newest first, paginated', async () => {
      const { body } = await api().request('GET', '/api/jobs?limit=2', { token: api().tokens.admin });
      const page = body as { items: JobRecord[]; page: { total: number; nextOffset: number | null } };
      expect(page.items).toHaveLength(2);
      expect(page.page.total).toBeGreaterThanOrEqual(4);
      expect(page.page.nextOffset).toBe(2);
    });
  });

  describe('hardening', () => {
    let hardened: RunningServer;
    const leaky = 'bolt://db.internal:7687 password=hunter2 at Session.run';

    beforeAll(async () => {
      const store = wrapStore(api().store, {
        search: async () => {
          throw new Error(leaky);
        },
        listRuns: async () => {
          await sleep(1_000);
          return [];
        },
      });
      hardened = await startServer({
        config: testConfig(api().dataDir, { rateLimitPerMinute: 20, requestTimeoutMs: 200, uploadLimitBytes: 2_048 }),
        store,
        closeStore: false,
        logger: pino({ level: 'silent' }),
      });
    });
    afterAll(async () => {
      await hardened.close();
    });

    it('when a store call fails unexpectedly, then 500 INTERNAL with a request id and none of its text', async () => {
      const answer = await call(hardened.url, 'GET', '/api/search?q=abc', { token: api().tokens.investigator, headers: { 'x-request-id': 'trace-me-1' } });
      expect(answer.status).toBe(500);
      expect(answer.body).toEqual({ error: { code: 'INTERNAL', message: 'internal error', requestId: 'trace-me-1' } });
      expect(answer.text).not.toContain('hunter2');
    });

    it('when a handler does not answer in time, then 503 TIMEOUT', async () => {
      const answer = await call(hardened.url, 'GET', '/api/runs', { token: api().tokens.investigator });
      expect(answer.status).toBe(503);
      expect((answer.body as ErrorAnswer).error.code).toBe('TIMEOUT');
    });

    it('when an uploaded file exceeds the size cap, then 413 and the upload is dropped', async () => {
      const answer = await call(hardened.url, 'POST', '/api/ingest?file=sellers.csv', { token: api().tokens.admin, raw: `seller_id\n${'S-1\n'.repeat(2_000)}`, headers: { 'content-type': 'text/csv' } });
      expect(answer.status).toBe(413);
      expect((answer.body as ErrorAnswer).error.code).toBe('PAYLOAD_TOO_LARGE');
      expect(readdirSync(join(api().dataDir, 'uploads'))).toEqual([]);
    });

    it('when one token exceeds its rate, then it gets 429 while another token is still served', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 25; i += 1) statuses.push((await call(hardened.url, 'GET', '/api/me', { token: api().tokens.viewer })).status);
      expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
      const other = await call(hardened.url, 'GET', '/api/me', { token: api().tokens.liaison });
      expect(other.status).toBe(200);
      const limited = await call(hardened.url, 'GET', '/api/me', { token: api().tokens.viewer });
      expect((limited.body as ErrorAnswer).error.code).toBe('RATE_LIMITED');
    });
  });

  describe('graceful shutdown', () => {
    it('when the server closes during a slow request, then the request finishes, new ones are refused and the store is closed', async () => {
      const store = wrapStore(api().store, {
        currentRun: async () => {
          await sleep(400);
          return null;
        },
      });
      const server = await startServer({ config: testConfig(api().dataDir), store, logger: pino({ level: 'silent' }) });
      const inFlight = call(server.url, 'GET', '/api/runs/current', { token: api().tokens.admin });
      await sleep(100);
      const closing = server.close();
      const answer = await inFlight;
      await closing;
      expect(answer.status).toBe(404);
      expect((answer.body as ErrorAnswer).error.code).toBe('NOT_FOUND');
      expect(store.closed).toBe(true);
      await expect(fetch(`${server.url}/api/health`)).rejects.toThrow();
      expect(existsSync(api().dataDir)).toBe(true);
    });
  });
});
