/**
 * The detection lock across real processes, on both stores: a run killed
 * mid-way (SIGKILL) leaves the previous run current; while it lived, `ringtrace
 * detect` refused naming it (exit 1); after its lease, `detect --wait` gets the
 * lock; two and three `detect --wait` started together run one after the
 * other (lineage a chain, no fork); three plain `detect` started together
 * commit at most one run per lock window and refuse the rest by name; a run
 * SIGKILLed while reading, detecting, writing or after its commit leaves the
 * previous run or the whole new run current, never a half run.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createStore, loadConfig, runDetection, type FullStore } from '../../engine/index.ts';
import { scenario } from '../fixtures/store/scenario.ts';
import { cliTargets, type CliTarget } from './cli-targets.ts';

const BIN = path.resolve('api/cli/ringtrace.mjs');
const CHILD = path.resolve('tests/fixtures/store/hanging-detect-child.ts');
const STAGE_CHILD = path.resolve('tests/fixtures/store/stage-kill-child.ts');
const LEASE_MS = 1_500;
const root = mkdtempSync(path.join(tmpdir(), 'ringtrace-lock-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

const targets: CliTarget[] = cliTargets(root);

function spawnNode(args: string[], env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, args, { env: { ...process.env, RINGTRACE_LOCK_LEASE_MS: String(LEASE_MS), ...env } });
}

function finished(child: ChildProcess): Promise<Result> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d) => (stdout += d));
    child.stderr?.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const cli = (args: string[], env: Record<string, string>): Promise<Result> => finished(spawnNode([BIN, ...args], env));

let outs = 0;
/** `ringtrace --json detect --wait --out FILE`: prints the whole run record. */
const detectWaiting = (env: Record<string, string>): Promise<Result> =>
  cli(['--json', 'detect', '--wait', '--top', '0', '--out', path.join(root, `out-${++outs}.json`)], env);
const runOf = (r: Result): { id: string; previousRunId: string | null } => (JSON.parse(r.stdout) as { run: { id: string; previousRunId: string | null } }).run;

/** Starts the hanging child and resolves once it is mid-run, holding the lock. */
function hangingRun(runId: string, env: Record<string, string>): Promise<ChildProcess> {
  const child = spawnNode(['--import', 'tsx', CHILD, runId], env);
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d) => {
      out += String(d);
      if (out.includes(`running ${runId}`)) resolve(child);
    });
    child.stderr?.on('data', (d) => (out += String(d)));
    child.on('close', (code) => reject(new Error(`hanging child exited ${code}: ${out}`)));
  });
}

async function withStore<T>(env: Record<string, string>, work: (store: FullStore) => Promise<T>): Promise<T> {
  const store = await createStore(loadConfig(env));
  await store.open();
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

describe.each(targets)('detection lock across processes: $name', (target) => {
  it('when a run is killed mid-way, then detect refused it by name meanwhile, the previous run stays current, and --wait runs after its lease', async () => {
    await target.wipe();
    const env = target.env();
    const previous = await withStore(env, async (store) => {
      await store.writeBatch(scenario());
      return (await runDetection(store)).run.id;
    });

    const child = await hangingRun('run-killed-midway', env);
    const refused = await cli(['detect', '--top', '0'], env);
    child.kill('SIGKILL');
    await finished(child).catch(() => undefined);

    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('detection run run-killed-midway is already running');
    expect(refused.stderr).toContain('hanging child pid');
    expect(await withStore(env, async (s) => (await s.currentRun())?.id)).toBe(previous);

    const waited = await detectWaiting(env);

    expect(waited.code).toBe(0);
    const run = runOf(waited);
    expect(run.previousRunId).toBe(previous);
    expect(await withStore(env, async (s) => (await s.currentRun())?.id)).toBe(run.id);
    expect(await withStore(env, (s) => s.getRun('run-killed-midway'))).toBeNull();
  });

  it('when two detect --wait start together, then both succeed one after the other: the second builds on the first', async () => {
    await target.wipe();
    const env = target.env();
    await withStore(env, (store) => store.writeBatch(scenario()));

    const [a, b] = await Promise.all([detectWaiting(env), detectWaiting(env)]);

    expect([a.code, b.code]).toEqual([0, 0]);
    const runs = [a, b].map(runOf);
    const [first, second] = runs[0]!.previousRunId === null ? [runs[0]!, runs[1]!] : [runs[1]!, runs[0]!];
    expect(first.previousRunId).toBeNull();
    expect(second.previousRunId).toBe(first.id);
  });

  it('when three detect --wait start together, then all three commit one after the other and lineage is a chain without a fork', async () => {
    await target.wipe();
    const env = target.env();
    await withStore(env, (store) => store.writeBatch(scenario()));

    const results = await Promise.all([detectWaiting(env), detectWaiting(env), detectWaiting(env)]);

    expect(results.map((r) => r.code)).toEqual([0, 0, 0]);
    const runs = results.map(runOf);
    const byPrevious = new Map(runs.map((r) => [r.previousRunId, r]));
    expect(byPrevious.size).toBe(3);
    const first = byPrevious.get(null)!;
    const second = byPrevious.get(first.id)!;
    const third = byPrevious.get(second.id)!;
    expect(third).toBeDefined();
    expect(await withStore(env, async (s) => (await s.currentRun())?.id)).toBe(third.id);
  });

  it('when three plain detect start together, then each either commits (and the committed runs form one chain) or is refused naming the run holding the lock', async () => {
    await target.wipe();
    const env = target.env();
    const previous = await withStore(env, async (store) => {
      await store.writeBatch(scenario());
      return (await runDetection(store)).run.id;
    });

    const results = await Promise.all([1, 2, 3].map(() => cli(['--json', 'detect', '--top', '0', '--out', path.join(root, `out-${++outs}.json`)], env)));

    const committed = results.filter((r) => r.code === 0).map(runOf);
    const refused = results.filter((r) => r.code !== 0);
    expect(committed.length).toBeGreaterThanOrEqual(1);
    for (const r of refused) {
      expect(r.code).toBe(1);
      // Under --json the refusal is the JSON error object on stdout.
      expect((JSON.parse(r.stdout) as { error: { code: string; message: string } }).error).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/detection run \S+ is already running/) as string });
    }
    // One run per lock window: every committed run builds on a different run, starting from the previous one.
    const previousIds = committed.map((r) => r.previousRunId);
    expect(new Set(previousIds).size).toBe(committed.length);
    expect(previousIds).toContain(previous);
    const runs = await withStore(env, (s) => s.listRuns(0, 100));
    expect(runs).toHaveLength(committed.length + 1);
  });

  it.each(['reading', 'detecting', 'writing', 'committed'])('when a run is SIGKILLed while %s, then the previous run or the whole new run is current, never a half run, and the next run builds on it', async (stage) => {
    await target.wipe();
    const env = target.env();
    const previous = await withStore(env, async (store) => {
      await store.writeBatch(scenario());
      return (await runDetection(store)).run;
    });
    const runId = `run-killed-${stage}`;

    const child = spawnNode(['--import', 'tsx', STAGE_CHILD, stage, runId], env);
    const result = finished(child);
    await new Promise<void>((ready, fail) => {
      let out = '';
      child.stdout?.on('data', (d) => {
        out += String(d);
        if (out.includes(`stage ${stage} ${runId}`)) ready();
      });
      child.on('close', (code) => fail(new Error(`stage child exited ${code}: ${out}`)));
    });
    child.kill('SIGKILL');
    await result;

    const after = await withStore(env, async (s) => ({ current: await s.currentRun(), killed: await s.getRun(runId), rings: await s.listRings({ limit: 10_000 }), killedRings: await s.listRings({ runId, limit: 10_000 }) }));
    if (after.current?.id === runId) {
      expect(after.current.previousRunId).toBe(previous.id);
      expect(after.rings.total).toBe(after.current.ringsFound);
    } else {
      expect(stage).not.toBe('committed');
      expect(after.current?.id).toBe(previous.id);
      expect(after.killed).toBeNull();
      expect(after.killedRings.total).toBe(0);
      expect(after.rings.total).toBe(previous.ringsFound);
    }
    const next = await detectWaiting(env);
    expect(next.code).toBe(0);
    expect(runOf(next).previousRunId).toBe(after.current?.id);
  });
});
