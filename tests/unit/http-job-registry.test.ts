/** The engine's job registry as the HTTP layer uses it: progress, row errors, outcomes, exclusivity, idle. */
import { describe, expect, it } from 'vitest';
import { createJobRegistry, EngineError } from '../../engine/index.ts';

describe('createJobRegistry', () => {
  it('when a job reports progress and row errors and succeeds, then its record shows them and its result', async () => {
    const jobs = createJobRegistry();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const started = jobs.start({ kind: 'ingest', owner: 'ana' }, async (ctx) => {
      ctx.progress({ stage: 'sellers.csv', done: 5, total: 10, rows: 3 });
      ctx.rowErrors([{ file: 'sellers.csv', line: 2, reason: 'bad status' }], 1);
      await gate;
      return { accepted: 2 };
    });
    expect(started.state).toBe('running');
    await new Promise((resolve) => setImmediate(resolve));
    await Promise.resolve();
    expect(jobs.get(started.id)?.progress).toEqual({ stage: 'sellers.csv', done: 5, total: 10, rows: 3 });

    release();
    await jobs.idle();

    expect(jobs.get(started.id)).toMatchObject({ state: 'succeeded', owner: 'ana', result: { accepted: 2 }, errorCount: 1, errors: [{ line: 2 }] });
    expect(jobs.get(started.id)?.finishedAt).not.toBeNull();
  });

  it('when an exclusive job of a kind runs, then another of that kind is a CONFLICT and other kinds still start', async () => {
    const jobs = createJobRegistry();
    jobs.start({ kind: 'detect', owner: null, exclusive: true }, () => new Promise((resolve) => setTimeout(() => resolve({}), 20)));

    expect(() => jobs.start({ kind: 'detect', owner: null, exclusive: true }, async () => ({}))).toThrow(expect.objectContaining({ code: 'CONFLICT' }));
    expect(() => jobs.start({ kind: 'ingest', owner: null }, async () => ({}))).not.toThrow();
    await jobs.idle();
    expect(() => jobs.start({ kind: 'detect', owner: null, exclusive: true }, async () => ({}))).not.toThrow();
    await jobs.idle();
  });

  it('when a job throws an engine error, then it fails with that code; any other error fails as INTERNAL without its text', async () => {
    const jobs = createJobRegistry();
    const engine = jobs.start({ kind: 'ingest', owner: null }, async () => {
      throw new EngineError('INGEST_REJECTED', 'strict load refused');
    });
    const other = jobs.start({ kind: 'ingest', owner: null }, async () => {
      throw new Error('password=hunter2');
    });
    await jobs.idle();

    expect(jobs.get(engine.id)).toMatchObject({ state: 'failed', failure: { code: 'INGEST_REJECTED', message: 'strict load refused' } });
    expect(jobs.get(other.id)?.failure).toEqual({ code: 'INTERNAL', message: 'the job failed; see the server log' });
  });

  it('when a job has cleanup, then it runs before the job is seen finished, even on failure', async () => {
    const jobs = createJobRegistry();
    let cleaned = false;
    const job = jobs.start({ kind: 'ingest', owner: null, cleanup: async () => void (cleaned = true) }, async () => {
      throw new Error('boom');
    });
    await jobs.idle();

    expect(cleaned).toBe(true);
    expect(jobs.get(job.id)?.state).toBe('failed');
  });

  it('when more jobs finish than are kept, then the oldest finished are dropped and the list is newest first', async () => {
    let n = 0;
    const jobs = createJobRegistry({ keep: 2, newId: () => `job-${++n}` });
    for (let i = 0; i < 4; i += 1) jobs.start({ kind: 'ingest', owner: null }, async () => ({}));
    await jobs.idle();

    const { jobs: listed, total } = jobs.list({ offset: 0, limit: 10 });
    expect(total).toBe(2);
    expect(listed.map((j) => j.id)).toEqual(['job-4', 'job-3']);
  });
});
