/**
 * Neo4j faults, end to end: an unreachable Neo4j gives STORE_UNAVAILABLE
 * naming the URI (never the password) and a non-zero CLI exit; Neo4j
 * SIGKILLed in the middle of an ingest, restarted on the same home, and the
 * same ingest re-run holds everything exactly once (counts and identifier
 * groups equal to a clean load); a client killed in the middle of saveRun
 * leaves the previous run current; Neo4j killed during a detection run leaves
 * the previous run or the new one current, never half of one; killed while
 * the API serves ring reads and dossiers, the server answers 503
 * STORE_UNAVAILABLE in bounded time, keeps running, and after a restart serves
 * the same rings and every export acknowledged before is still audited; a
 * slow Neo4j (a latency-injecting proxy) still answers, and a read slower than
 * the read deadline gets 503 STORE_UNAVAILABLE, not a hang. Uses its own
 * local Neo4j (it kills it).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import neo4j from 'neo4j-driver';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { pino } from 'pino';
import type { AuditEntry, Counts, FullStore, IdentifierGroup } from '../../engine/index.ts';
import { EngineError, loadConfig, runDetection, verifyDossier } from '../../engine/index.ts';
import { issueToken } from '../../api/http/access/tokens.ts';
import { startServer, type RunningServer } from '../../api/http/server.ts';
import { startLatencyProxy } from './latency-proxy.ts';
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

  /** Kills the file's Neo4j (SIGKILL) and waits for it to be gone. */
  const killNeo4j = async (): Promise<void> => {
    process.kill(server?.pid ?? -1, 'SIGKILL');
    await server?.exited;
  };
  const restartNeo4j = async (): Promise<void> => {
    server = await startLocalNeo4j({ port, home, password: PASSWORD });
  };

  /** A server on a Neo4j store of its own (read deadline `readTimeoutMs`) with an admin token (a name of its own: live token names are unique). */
  let admins = 0;
  const serve = async (uri: string, readTimeoutMs: number): Promise<{ api: RunningServer; admin: string; get: (path: string) => Promise<{ status: number; ms: number; code?: string; bytes: Buffer }> }> => {
    const store = createNeo4jStore({ ...connection(), uri, readTimeoutMs });
    await store.open();
    const { secret } = await issueToken(store, { role: 'admin', brands: [], name: `fault-admin-${++admins}` });
    const config = { ...loadConfig({}, { dataDir: join(root, `api-${Date.now()}`), port: 0, host: '127.0.0.1', logLevel: 'silent' }), rateLimitPerMinute: 0 };
    const api = await startServer({ config, store, logger: pino({ level: 'silent' }) });
    // Health and readiness are asked without a token, as a balancer would (a token lookup needs the store).
    const get = async (path: string) => {
      const started = Date.now();
      const answer = await fetch(`${api.url}${path}`, path.startsWith('/api/health') || path.startsWith('/api/ready') ? {} : { headers: { authorization: `Bearer ${secret}` } });
      const bytes = Buffer.from(await answer.arrayBuffer());
      const code = (answer.headers.get('content-type') ?? '').includes('json') && answer.status >= 400 ? (JSON.parse(bytes.toString()) as { error: { code: string } }).error.code : undefined;
      return { status: answer.status, ms: Date.now() - started, bytes, ...(code !== undefined ? { code } : {}) };
    };
    return { api, admin: secret, get };
  };

  /** The export loaded (the earlier tests leave it so; run alone, a test loads it here) and a real run current (earlier tests leave synthetic ones). */
  const ensureLoaded = async (): Promise<void> => {
    if ((await withStore((s) => s.counts())).shipments === 0) expect((await cli(['ingest', exportDir, '--store', 'neo4j'], env()).result).code).toBe(0);
    await withStore((s) => runDetection(s, {}));
  };

  it('when Neo4j is killed during a detection run and while the API serves rings and dossiers, then the run fails STORE_UNAVAILABLE, reads answer 503 in bounded time, health stays up; after a restart the previous run is current with the same rings, the export acknowledged before is still audited, and the next run builds on it', async () => {
    await ensureLoaded();
    const { api, get } = await serve(connection().uri, 3_000);
    const detecting = createNeo4jStore({ ...connection(), readTimeoutMs: 3_000 });
    try {
      const before = await withStore(async (s) => (await s.currentRun())!);
      const rings = await get('/api/rings?limit=20');
      expect(rings.status).toBe(200);
      const ringId = (JSON.parse(rings.bytes.toString()) as { items: Array<{ id: string }> }).items[0]!.id;
      const exported = await get(`/api/rings/${ringId}/dossier`);
      expect(exported.status).toBe(200);
      expect(verifyDossier(exported.bytes).ok).toBe(true);
      const exports = async (): Promise<unknown[]> =>
        (JSON.parse((await get('/api/audit?action=dossier.export&limit=50')).bytes.toString()) as { items: AuditEntry[] }).items.filter((e) => e.outcome === 'ok').map((e) => e.details?.['manifestSha256']);
      const acknowledged = await exports();
      expect(acknowledged.length).toBeGreaterThan(0);

      // Killed during scoring: the rings are found, the facts read is cut off.
      await detecting.open();
      const killing: FullStore = {
        ...detecting,
        sellerFacts: async (...args: Parameters<FullStore['sellerFacts']>) => {
          await killNeo4j();
          return detecting.sellerFacts(...args);
        },
      };
      const failed = await runDetection(killing, {}).then(
        () => null,
        (error: EngineError) => error,
      );
      const down = [await get('/api/runs'), await get(`/api/rings/${ringId}/dossier`), await get(`/api/search?q=${ringId}`), await get('/api/ready')];
      const health = await get('/api/health');

      expect(failed?.code).toBe('STORE_UNAVAILABLE');
      for (const answer of down) {
        expect(answer.status).toBe(503);
        expect(answer.code).toBe('STORE_UNAVAILABLE');
        expect(answer.ms).toBeLessThan(15_000);
      }
      expect(health.status).toBe(200);

      await restartNeo4j();
      const again = await get('/api/rings?limit=20');
      expect(again.status).toBe(200);
      expect(JSON.parse(again.bytes.toString())).toEqual(JSON.parse(rings.bytes.toString()));
      await withStore(async (s) => {
        expect((await s.currentRun())?.id).toBe(before.id);
        expect((await runDetection(s, {})).run.previousRunId).toBe(before.id);
      });
      // Of the run it was exported from: the run just made may have other ring ids.
      const reexported = await get(`/api/rings/${ringId}/dossier?runId=${encodeURIComponent(before.id)}`);
      expect(reexported.status).toBe(200);
      expect(verifyDossier(reexported.bytes).ok).toBe(true);
      const after = await exports();
      expect(after).toEqual(expect.arrayContaining(acknowledged));
      expect(after).toHaveLength(acknowledged.length + 1);
    } finally {
      await detecting.close().catch(() => undefined);
      await api.close();
    }
  }, 300_000);

  it('when Neo4j answers slowly, then requests still answer, and a read slower than the deadline gets 503 STORE_UNAVAILABLE instead of hanging; fast again, it answers again', async () => {
    await ensureLoaded();
    const proxy = await startLatencyProxy(port, 20);
    const { api, get } = await serve(`bolt://127.0.0.1:${proxy.port}`, 3_000);
    try {
      const slow = [await get('/api/runs'), await get('/api/rings?limit=5'), await get('/api/search?q=Trading')];
      expect(slow.map((a) => a.status)).toEqual([200, 200, 200]);

      proxy.setDelay(8_000);
      const stalled = await get('/api/runs');
      const health = await get('/api/health');

      expect(stalled.status).toBe(503);
      expect(stalled.code).toBe('STORE_UNAVAILABLE');
      expect(stalled.ms).toBeLessThan(8_000);
      expect(health.status).toBe(200);

      // Chunks already held keep their 8 s; once they are through, answers are quick again.
      proxy.setDelay(20);
      await new Promise((r) => setTimeout(r, 8_500));
      expect((await get('/api/runs')).status).toBe(200);
    } finally {
      await api.close();
      await proxy.close();
    }
  }, 120_000);
});
