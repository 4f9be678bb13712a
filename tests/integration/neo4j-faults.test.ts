/**
 * Neo4j faults, end to end: an unreachable Neo4j gives STORE_UNAVAILABLE
 * naming the URI (never the password) and a non-zero CLI exit; Neo4j
 * SIGKILLed in the middle of an ingest, restarted on the same home, and the
 * same ingest re-run holds everything exactly once (counts and identifier
 * groups equal to a clean load); a client killed in the middle of saveRun
 * leaves the previous run current. Uses its own local Neo4j (it kills it).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import neo4j from 'neo4j-driver';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import type { Counts, FullStore, IdentifierGroup } from '../../engine/index.ts';
import { EngineError, runDetection } from '../../engine/index.ts';
import { createNeo4jStore, deleteAllData } from '../../engine/store/neo4j/index.ts';
import { freePort, startLocalNeo4j, type LocalNeo4j } from '../../engine/store/neo4j/local-server.ts';
import { createRings } from '../../engine/store/neo4j/rings.ts';
import { createRunner, type Runner } from '../../engine/store/neo4j/session.ts';
import { ring, run } from '../fixtures/store/builders.ts';
import { neo4jTestsEnabled } from './neo4j-setup.ts';

const BIN = resolve('api/cli/ringtrace.mjs');
const CHILD = resolve('tests/integration/neo4j-fault-child.ts');
const PASSWORD = 'fault-test-pw';

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

function collect(child: ChildProcess): Promise<Result> {
  return new Promise((done, fail) => {
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

function cli(args: string[], env: Record<string, string>): { child: ChildProcess; result: Promise<Result> } {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env } });
  return { child, result: collect(child) };
}

async function snapshot(store: FullStore): Promise<{ counts: Counts; groups: IdentifierGroup[] }> {
  const groups: IdentifierGroup[] = [];
  for await (const g of store.identifierGroups({ minSellers: 1 })) groups.push(g);
  groups.sort((a, b) => `${a.type}\u0000${a.value}`.localeCompare(`${b.type}\u0000${b.value}`));
  return { counts: await store.counts(), groups };
}

const until = async (check: () => Promise<boolean>, timeoutMs: number): Promise<boolean> => {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
};

describe.skipIf(!neo4jTestsEnabled)('neo4j faults', () => {
  let root: string;
  let home: string;
  let exportDir: string;
  let port: number;
  let server: LocalNeo4j | null = null;
  const connection = (): { uri: string; user: string; password: string } => ({ uri: `bolt://127.0.0.1:${port}`, user: 'neo4j', password: PASSWORD });
  const env = (): Record<string, string> => ({ NEO4J_URI: connection().uri, NEO4J_USER: 'neo4j', NEO4J_PASSWORD: PASSWORD });
  const withStore = async <T>(work: (store: FullStore) => Promise<T>): Promise<T> => {
    const store = createNeo4jStore(connection());
    await store.open();
    try {
      return await work(store);
    } finally {
      await store.close();
    }
  };

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'ringtrace-neo4j-faults-'));
    home = join(root, 'neo4j');
    exportDir = join(root, 'export');
    port = await freePort();
    const [seeded, started] = await Promise.all([
      cli(['seed', '--sellers', '1000', '--rings', '10', '--seed', '5', '--out', exportDir, '--store', 'embedded', '--data-dir', join(root, 'unused')], {}).result,
      startLocalNeo4j({ port, home, password: PASSWORD }),
    ]);
    server = started;
    expect(seeded.code).toBe(0);
  });

  afterAll(async () => {
    await server?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('when Neo4j is unreachable, then doctor and ingest exit non-zero with STORE_UNAVAILABLE naming the URI, never the password', async () => {
    const closed = `bolt://127.0.0.1:${await freePort()}`;
    const secret = 'do-not-print-this-pw';
    const unreachable = { NEO4J_URI: closed, NEO4J_USER: 'neo4j', NEO4J_PASSWORD: secret };

    const [doctor, ingest] = await Promise.all([
      cli(['doctor', '--store', 'neo4j'], unreachable).result,
      cli(['ingest', exportDir, '--store', 'neo4j'], unreachable).result,
    ]);

    for (const r of [doctor, ingest]) {
      expect(r.code).not.toBe(0);
      expect(r.stdout + r.stderr).toContain('STORE_UNAVAILABLE');
      expect(r.stdout + r.stderr).toContain(`Neo4j unreachable at ${closed}`);
      expect(r.stdout + r.stderr).not.toContain(secret);
    }
  });

  it('when Neo4j is killed mid-ingest, restarted on the same home and the ingest re-run, then everything is there exactly once', async () => {
    const clean = cli(['ingest', exportDir, '--store', 'neo4j'], env());
    expect((await clean.result).code).toBe(0);
    const expected = await withStore(snapshot);
    await deleteAllData(connection());

    const load = cli(['ingest', exportDir, '--store', 'neo4j'], env());
    onTestFinished(() => {
      load.child.kill('SIGKILL');
    });
    let exitedEarly = false;
    void load.result.then(() => (exitedEarly = true));
    // Kill once shops are arriving: sellers are in, shipments are not. One store polls (open() applies the schema).
    const poller = createNeo4jStore(connection());
    await poller.open();
    const midway = await until(async () => (await poller.counts()).shops > 0, 300_000);
    await poller.close().catch(() => undefined);
    expect(midway).toBe(true);
    expect(exitedEarly).toBe(false);
    process.kill(server?.pid ?? -1, 'SIGKILL');
    expect(await server?.exited).not.toBe(0);
    const crashed = await load.result;
    expect(crashed.code).not.toBe(0);
    expect(crashed.stderr).toContain('STORE_UNAVAILABLE');

    server = await startLocalNeo4j({ port, home, password: PASSWORD });
    const partial = await withStore(async (s) => s.counts());
    expect(partial.shipments).toBeLessThan(expected.counts.shipments);
    const rerun = cli(['ingest', exportDir, '--store', 'neo4j'], env());
    expect((await rerun.result).code).toBe(0);

    expect(await withStore(snapshot)).toEqual(expected);
  }, 600_000);

  it('when the client is killed in the middle of saveRun, then the previous run stays current with its rings', async () => {
    const before = await withStore(async (store) => {
      await runDetection(store, {});
      return { current: await store.currentRun(), rings: await store.listRings({}) };
    });
    expect(before.current).not.toBeNull();

    // 20,000 one-member rings: 40 staged transactions, seconds of writing.
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, 'run-killed', '20000'], {
      env: { ...process.env, FAULT_NEO4J_URI: connection().uri, FAULT_NEO4J_PASSWORD: PASSWORD },
    });
    const result = collect(child);
    await new Promise<void>((ready) => child.stdout?.on('data', (d: Buffer) => d.toString().includes('saving') && ready()));
    await new Promise((r) => setTimeout(r, 1_500));
    child.kill('SIGKILL');
    expect((await result).stdout).not.toContain('saved');

    await withStore(async (store) => {
      expect((await store.currentRun())?.id).toBe(before.current?.id);
      expect(await store.getRun('run-killed')).toBeNull();
      expect(await store.listRings({})).toEqual(before.rings);
      expect((await store.listRings({ runId: 'run-killed' })).total).toBe(0);
    });
  });

  it('when saveRun fails after its rings are staged and cannot clean up, then the previous run stays current and a later save publishes only its own rings', async () => {
    const driver = neo4j.driver(connection().uri, neo4j.auth.basic('neo4j', PASSWORD), { disableLosslessIntegers: true });
    try {
      const real = createRunner(() => driver, undefined, connection().uri);
      // A crash right after the staged writes: publish and the cleanup never happen.
      const crashing: Runner = {
        ...real,
        write: (what, work) => (what === 'saveRun (rings)' ? real.write(what, work) : Promise.reject(new EngineError('STORE_UNAVAILABLE', `simulated crash at ${what}`))),
      };
      const [s1, s2] = ['S-one', 'S-two'];
      const rings = createRings(real);
      await rings.saveRun(run('run-a', '2025-01-01T00:00:00Z'), [ring('R1', [s1, s2])]);

      await expect(createRings(crashing).saveRun(run('run-b', '2025-01-02T00:00:00Z'), [ring('R1', [s1]), ring('R2', [s2])])).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });

      expect((await rings.currentRun())?.id).toBe('run-a');
      expect((await rings.listRings({})).rings.map((r) => r.id)).toEqual(['R1']);
      expect((await rings.listRings({ runId: 'run-b' })).total).toBe(0);

      await rings.saveRun(run('run-b', '2025-01-02T00:00:00Z'), [ring('R3', [s1])]);
      expect((await rings.currentRun())?.id).toBe('run-b');
      expect((await rings.listRings({})).rings.map((r) => r.id)).toEqual(['R3']);
    } finally {
      await driver.close();
    }
  });
});
