/**
 * The detection lock across real processes, on both stores: a run killed
 * mid-way (SIGKILL) leaves the previous run current; while it lived, `ringtrace
 * detect` refused naming it (exit 1); after its lease, `detect --wait` gets the
 * lock; two `detect --wait` started together run one after the other.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createStore, loadConfig, runDetection, type FullStore } from '../../engine/index.ts';
import { scenario } from '../fixtures/store/scenario.ts';
import { neo4jTestsEnabled, useNeo4j, wipeNeo4j } from './neo4j-setup.ts';

const BIN = path.resolve('api/cli/ringtrace.mjs');
const CHILD = path.resolve('tests/fixtures/store/hanging-detect-child.ts');
const LEASE_MS = 1_500;
const root = mkdtempSync(path.join(tmpdir(), 'ringtrace-lock-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

interface Target {
  name: string;
  env: () => Record<string, string>;
  wipe: () => Promise<void>;
}

let folders = 0;
const targets: Target[] = [];
{
  let dir = '';
  targets.push({
    name: 'embedded',
    env: () => ({ RINGTRACE_STORE: 'embedded', RINGTRACE_DATA_DIR: dir, NEO4J_URI: '' }),
    wipe: async () => {
      dir = path.join(root, `store-${++folders}`);
    },
  });
}
const neo4j = neo4jTestsEnabled ? useNeo4j() : null;
if (neo4j !== null) {
  targets.push({
    name: 'neo4j',
    env: () => ({ RINGTRACE_STORE: 'neo4j', NEO4J_URI: neo4j().uri, NEO4J_USER: neo4j().user, NEO4J_PASSWORD: neo4j().password, RINGTRACE_DATA_DIR: path.join(root, 'neo4j-unused') }),
    wipe: () => wipeNeo4j(neo4j()),
  });
}

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
});
