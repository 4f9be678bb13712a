import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RingOutput } from '../../engine/index.ts';
import { createEmbeddedStore } from '../../engine/store/embedded/index.ts';
import { CLI_BIN as BIN, runCli as cli } from './cli-run.ts';

const MESSY = path.resolve('tests/fixtures/exports/messy');

describe('ringtrace CLI', () => {
  let root: string;
  let exportDir: string;

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'ringtrace-cli-'));
    exportDir = path.join(root, 'export');
    const seeded = await cli(['seed', '--sellers', '3000', '--rings', '20', '--seed', '5', '--out', exportDir], path.join(root, 'unused'));
    expect(seeded.code).toBe(0);
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('when a load has rejected rows, then it exits 1 and says how many and where', async () => {
    const r = await cli(['ingest', MESSY], path.join(root, 'messy'));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('10 row(s) rejected');
    expect(r.stdout).toContain('sellers.csv:4: seller_id: required');
  });

  it('when --bulk-prepare is given, then the rejected rows are reported and import.sh holds the neo4j-admin command for the files', async () => {
    const out = path.join(root, 'prepared');
    const r = await cli(['ingest', MESSY, '--bulk-prepare', out, '--database', 'market'], path.join(root, 'prep'));
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('sellers.csv:4: seller_id: required');
    const script = await readFile(path.join(out, 'import.sh'), 'utf8');
    expect(script).toMatch(/neo4j-admin database import full market --nodes=Seller=\S+nodes-seller\.csv/);
    expect(r.stdout).toContain(script.trim().split('\n').pop()!);
    expect((await cli(['ingest', MESSY, '--bulk', '--bulk-prepare', out], path.join(root, 'prep'))).code).toBe(2);
  });

  it('when asked for --version, then it prints the package version and exits 0', async () => {
    const pkg = JSON.parse(await readFile(path.resolve('package.json'), 'utf8')) as { version: string };
    const result = await cli(['--version'], path.join(root, 'unused'));
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe(`ringtrace ${pkg.version}`);
  });

  it('when the usage is wrong, then it exits 2', async () => {
    expect((await cli(['ingest'], path.join(root, 'u1'))).code).toBe(2);
    expect((await cli(['detect', '--resolution', 'abc'], path.join(root, 'u2'))).code).toBe(2);
    expect((await cli(['no-such-command'], path.join(root, 'u3'))).code).toBe(2);
  });

  it('when a detection parameter is outside its documented range, then detect exits 2 naming it and the range, before touching a store', async () => {
    const huge = await cli(['detect', '--resolution', '1e308'], path.join(root, 'r1'));
    expect(huge.code).toBe(2);
    expect(huge.stderr).toContain('resolution must be a number above 0 and at most 10');
    const seed = await cli(['detect', '--seed', String(2 ** 40)], path.join(root, 'r2'));
    expect(seed.code).toBe(2);
    expect(seed.stderr).toContain('seed must be an integer from 0 to 4294967295');
    const hubs = await cli(['detect', '--hub-threshold', '1'], path.join(root, 'r3'));
    expect(hubs.code).toBe(2);
    expect(hubs.stderr).toContain('hub-threshold must be an integer from 2 to');
  });

  it('when tokens create names a live token, then it exits 1 with CONFLICT and no second token; once revoked, the name is free', async () => {
    const dir = path.join(root, 'tokens');
    const first = await cli(['tokens', 'create', '--role', 'viewer', '--name', 'liaison-desk', '--json'], dir);
    expect(first.code).toBe(0);
    const again = await cli(['tokens', 'create', '--role', 'viewer', '--name', 'liaison-desk'], dir);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("error [CONFLICT]: a live token is already named 'liaison-desk'");
    const store = createEmbeddedStore({ dataDir: dir });
    await store.open();
    try {
      const named = (await store.listTokens()).filter((t) => t.name === 'liaison-desk');
      expect(named).toHaveLength(1);
      expect(await store.revokeToken(named[0]!.id)).toBe(true);
    } finally {
      await store.close();
    }
    expect((await cli(['tokens', 'create', '--role', 'viewer', '--name', 'liaison-desk'], dir)).code).toBe(0);
  });

  it('when detect --projection is unknown or given with --engine in-process, then it exits 2 naming the option', async () => {
    const unknown = await cli(['detect', '--projection', 'native'], path.join(root, 'p1'));
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("option '--projection <projection>' argument 'native' is invalid. Allowed choices are bolt, written, cypher.");
    const contradictory = await cli(['detect', '--engine', 'in-process', '--projection', 'written'], path.join(root, 'p2'));
    expect(contradictory.code).toBe(2);
    expect(contradictory.stderr).toContain('INVALID_INPUT');
    expect(contradictory.stderr).toContain('--projection written: applies to the GDS engines');
  });

  it('when an export is ingested and detected, then detect --out writes the ring output of docs/export-format.md', async () => {
    const dataDir = path.join(root, 'main');
    expect((await cli(['ingest', exportDir], dataDir)).code).toBe(0);
    const out = path.join(root, 'rings.json');
    const d = await cli(['detect', '--out', out], dataDir);
    expect(d.code).toBe(0);
    const output = JSON.parse(await readFile(out, 'utf8')) as RingOutput;
    expect(Object.keys(output.run).sort()).toEqual(['finishedAt', 'id', 'links', 'modularity', 'params', 'sellers', 'startedAt']);
    expect(output.run.sellers).toBe(3000);
    expect(output.rings.length).toBeGreaterThan(10);
    const seen = new Set<string>();
    for (const [i, ring] of output.rings.entries()) {
      expect(ring.id).toMatch(/^R-/);
      expect(ring.size).toBe(ring.members.length);
      for (const key of ['score', 'members', 'shops', 'sharedIdentifiers', 'likelySources', 'brands', 'evidence', 'scoreBreakdown']) expect(ring).toHaveProperty(key);
      if (ring.score > 0) expect(Object.values(ring.scoreBreakdown).reduce((a, b) => a + b, 0)).toBeCloseTo(ring.score, 2);
      if (i > 0) expect(ring.score).toBeLessThanOrEqual(output.rings[i - 1]!.score);
      for (const m of ring.members) {
        expect(seen.has(m)).toBe(false);
        seen.add(m);
      }
    }

    const again = await cli(['detect', '--json', '--out', path.join(root, 'rings2.json')], dataDir);
    expect(again.code).toBe(0);
    const second = JSON.parse(await readFile(path.join(root, 'rings2.json'), 'utf8')) as RingOutput;
    expect(second.rings.map((r) => [r.id, r.members])).toEqual(output.rings.map((r) => [r.id, r.members]));
    expect(second.rings.every((r) => r.change === 'unchanged')).toBe(true);

    const runs = JSON.parse((await cli(['runs', '--json'], dataDir)).stdout) as { current: string; runs: unknown[] };
    expect(runs.runs).toHaveLength(2);
    const rings = JSON.parse((await cli(['rings', '--json', '--top', '3'], dataDir)).stdout) as { rings: Array<{ id: string }> };
    expect(rings.rings.map((r) => r.id)).toEqual(second.rings.slice(0, 3).map((r) => r.id));

    const bogus = await cli(['rings', '--run', 'run-bogus'], dataDir);
    expect(bogus.code).toBe(1);
    expect(bogus.stderr).toContain('no run run-bogus');

    // The count of hubs and the hubs listed agree.
    const hubLine = d.stdout.split('\n').find((l) => l.includes('hubs (identifiers shared by')) ?? '';
    const listed = (hubLine.split(': ').slice(1).join(': ').match(/\(\d[\d,]* sellers\)/g) ?? []).length;
    const count = Number(/sellers\): (\d+)/.exec(hubLine)?.[1]);
    expect(listed).toBe(Math.min(count, 5));
    if (count > 5) expect(hubLine).toContain(`${count - 5} more`);
  });

  it('when the port is busy, then start and serve exit 1 with a clear message, before writing a demo load or a token', async () => {
    const { createServer } = await import('node:net');
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = String((blocker.address() as { port: number }).port);
    try {
      const dataDir = path.join(root, 'busy');
      for (const args of [['start', '--port', port, '--sellers', '200', '--rings', '2'], ['serve', '--port', port]]) {
        const r = await cli(args, dataDir);
        expect(r.code, args[0]).toBe(1);
        expect(r.stderr).toContain(`port ${port} on 127.0.0.1 is already in use`);
        expect(r.stderr).not.toMatch(/\n\s+at /);
      }
      // `start` stopped before the demo load; `serve` opened (created) the store but wrote no token.
      const store = createEmbeddedStore({ dataDir });
      await store.open();
      expect((await store.counts()).sellers).toBe(0);
      expect(await store.listTokens()).toEqual([]);
      await store.close();
    } finally {
      blocker.close();
    }
  });

  it('when a read-only command names a data folder that holds no store, then it exits 1 and creates nothing', async () => {
    const typo = path.join(root, 'mistyped-dir');
    for (const args of [['doctor'], ['rings'], ['runs']]) {
      const r = await cli(args, typo);
      expect(r.code, args.join(' ')).toBe(1);
      expect(`${r.stdout}${r.stderr}`).toContain('no embedded store in');
    }
    await expect(readFile(path.join(typo, 'ringtrace.sqlite'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('when the process is killed with SIGKILL right after it reported the ingest done, then the data is all there', async () => {
    const dataDir = path.join(root, 'killed');
    const child = spawn(process.execPath, [BIN, 'ingest', exportDir], { env: { ...process.env, RINGTRACE_DATA_DIR: dataDir, NEO4J_URI: '' } });
    await new Promise<void>((resolve) => {
      child.stdout.on('data', (d: Buffer) => {
        if (d.toString().includes('ingested')) {
          child.kill('SIGKILL');
          resolve();
        }
      });
    });
    await new Promise((r) => child.on('close', r));
    const store = createEmbeddedStore({ dataDir });
    await store.open();
    const reference = createEmbeddedStore({ dataDir: path.join(root, 'main') });
    await reference.open();
    expect(await store.counts()).toEqual(await reference.counts());
    await store.close();
    await reference.close();
  });
});
