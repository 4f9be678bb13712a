/**
 * RINGTRACE_SCHEDULE inside the server: a cron expression with seconds fires
 * detection runs as jobs; runs never overlap (each builds on the one before),
 * a tick while another process holds the store's lock is skipped, and a bad
 * expression fails the config naming its key.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { isEngineError, loadConfig } from '../../engine/index.ts';
import { createEmbeddedStore } from '../../engine/store/embedded/index.ts';
import { startServer } from '../../api/http/server.ts';
import { scenario } from '../fixtures/store/scenario.ts';

const root = mkdtempSync(join(tmpdir(), 'ringtrace-schedule-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function until<T>(probe: () => Promise<T | null>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await sleep(100);
  }
}

describe('RINGTRACE_SCHEDULE in serve', () => {
  it('when the schedule fires every second, then runs happen as jobs, one after the other, each building on the previous', async () => {
    const dataDir = join(root, 'every-second');
    const store = createEmbeddedStore({ dataDir });
    await store.open();
    await store.writeBatch(scenario());
    const config = loadConfig({ RINGTRACE_DATA_DIR: dataDir, RINGTRACE_SCHEDULE: '* * * * * *', RINGTRACE_PORT: '0', NEO4J_URI: '' });
    const server = await startServer({ config, store, logger: pino({ level: 'silent' }) });
    try {
      expect(server.schedule?.nextRun()).toBeInstanceOf(Date);
      const runs = await until(async () => {
        const list = await store.listRuns(0, 10);
        return list.length >= 3 ? list : null;
      }, 20_000);

      const [newest, middle, oldest] = runs;
      expect(newest!.previousRunId).toBe(middle!.id);
      expect(middle!.previousRunId).toBe(oldest!.id);
      const jobs = server.app.services.jobs.list({ kind: 'detect', offset: 0, limit: 50 }).jobs;
      expect(jobs.filter((j) => j.state === 'succeeded').length).toBeGreaterThanOrEqual(3);
      expect(jobs.every((j) => j.owner === 'schedule')).toBe(true);
    } finally {
      await server.close();
    }
    expect(server.schedule?.nextRun()).toBeNull();
  });

  it('when another process holds the detection lock, then ticks are skipped and no run is written until it is released', async () => {
    const dataDir = join(root, 'locked');
    const store = createEmbeddedStore({ dataDir });
    await store.open();
    await store.writeBatch(scenario());
    await store.acquireRunLock({ holder: 'elsewhere', runId: 'run-elsewhere', owner: 'another machine' }, 60_000);
    const config = loadConfig({ RINGTRACE_DATA_DIR: dataDir, RINGTRACE_SCHEDULE: '* * * * * *', RINGTRACE_PORT: '0', NEO4J_URI: '' });
    const server = await startServer({ config, store, logger: pino({ level: 'silent' }) });
    try {
      await sleep(2_500);
      expect(await store.listRuns(0, 10)).toHaveLength(0);
      expect(server.app.services.jobs.list({ offset: 0, limit: 10 }).total).toBe(0);

      await store.releaseRunLock('elsewhere');
      const run = await until(() => store.currentRun(), 10_000);
      expect(run.previousRunId).toBeNull();
    } finally {
      await server.close();
    }
  });

  it('when the expression is not cron, then the config fails naming RINGTRACE_SCHEDULE', () => {
    let error: unknown;
    try {
      loadConfig({ RINGTRACE_SCHEDULE: 'every hour' });
    } catch (e) {
      error = e;
    }
    expect(isEngineError(error) && error.code).toBe('INVALID_INPUT');
    expect(String((error as Error).message)).toContain('schedule (RINGTRACE_SCHEDULE)');
  });
});
