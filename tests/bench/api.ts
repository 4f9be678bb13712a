/**
 * API load benchmark (`npm run bench:api`): generates a marketplace (default
 * 100k sellers), ingests it and detects rings in each store, then serves it
 * from a separate process (so the load generator does not share the server's
 * event loop) and drives 50 concurrent autocannon clients at ring list, ring
 * detail, ring subgraph and search in turn. Prints req/s and p50/p99 latency
 * per endpoint per store. Target on Neo4j: p99 ≤ 100 ms for ring detail and
 * search.
 *
 * Stores: embedded always; Neo4j with NEO4J_URI (+ NEO4J_USER/NEO4J_PASSWORD)
 * or `--neo4j local` (starts tools/neo4j-local on a free port, needs java+mvn).
 * Options: --sellers 100000  --rings 500  --duration 10  --connections 50
 *          --work DIR (keeps the generated export and the loaded embedded store for reuse)
 *          --stores embedded,neo4j
 *          --endpoints "ring list,search" (a subset, by name)
 *          --neo4j-pid PID (a Neo4j on this machine given by NEO4J_URI: its CPU per request is reported too)
 *          --server-cpu-prof DIR (the server writes a V8 CPU profile there when it stops)
 */
import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { createStore, ingestExport, loadConfig, runDetection, type Config, type FullStore } from '../../engine/index.ts';
import { issueToken } from '../../api/http/access/tokens.ts';
import { startServer } from '../../api/http/server.ts';
import { generateMarketplace } from '../../seed/index.ts';
import { processCpuSeconds } from './proc-cpu.ts';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

/** Child mode: serve the store named by the environment until told to stop. */
async function serveChild(): Promise<void> {
  const config = loadConfig(process.env, { port: 0, logLevel: 'silent', rateLimitPerMinute: 0 });
  const server = await startServer({ config });
  process.send?.({ url: server.url });
  process.on('message', (m) => {
    // 'cpu': the server's CPU time so far (user + system, µs), so the bench can report CPU per request.
    if (m === 'cpu') {
      const { user, system } = process.cpuUsage();
      process.send?.({ cpu: user + system });
      return;
    }
    void server.close().then(() => process.exit(0));
  });
}

interface Target {
  name: 'embedded' | 'neo4j';
  env: Record<string, string>;
  /** The Neo4j process, when it runs on this machine (its CPU per request is reported). */
  pid?: number;
  stop?: () => Promise<void>;
}

interface Row {
  store: string;
  endpoint: string;
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  /** CPU per answered request, ms: the server process, and Neo4j when its pid is given. */
  serverCpu: number;
  neo4jCpu: number | null;
}

/** CPU time (ms) of a local process by pid; null where /proc cannot tell. */
function procCpuMs(pid: number): number | null {
  try {
    return processCpuSeconds(pid) * 1000;
  } catch {
    return null;
  }
}

async function prepare(target: Target, exportDir: string): Promise<{ token: string; ringIds: string[]; queries: string[] }> {
  const config: Config = loadConfig({ ...process.env, ...target.env });
  const store: FullStore = await createStore(config);
  await store.open();
  try {
    if ((await store.counts()).sellers === 0) {
      let t = performance.now();
      const report = await ingestExport(store, exportDir);
      console.log(`  [${target.name}] ingest: ${report.accepted.toLocaleString('en')} rows in ${((performance.now() - t) / 1000).toFixed(1)} s`);
      t = performance.now();
      const { run } = await runDetection(store);
      console.log(`  [${target.name}] detect: ${run.ringsFound} rings in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    }
    const { rings } = await store.listRings({ sort: 'score', offset: 0, limit: 200 });
    const { secret } = await issueToken(store, { role: 'investigator', name: `bench-${Date.now()}` });
    // Search terms of every kind: seller ids, phones, names, addresses.
    const queries: string[] = [];
    for (const ring of rings.slice(0, 50)) {
      const seller = await store.entity({ type: 'seller', key: ring.members[0]! });
      queries.push(ring.members[0]!);
      if (typeof seller?.attributes.phone === 'string') queries.push(seller.attributes.phone);
      if (typeof seller?.label === 'string') queries.push(seller.label.split(' ').slice(0, 2).join(' '));
      if (typeof seller?.attributes.registeredAddressText === 'string') queries.push(seller.attributes.registeredAddressText);
    }
    return { token: secret, ringIds: rings.map((r) => r.id), queries };
  } finally {
    await store.close();
  }
}

async function load(url: string, token: string, paths: string[], seconds: number, connections: number): Promise<autocannon.Result> {
  let i = 0;
  return autocannon({
    url,
    connections,
    duration: seconds,
    headers: { authorization: `Bearer ${token}` },
    requests: [
      {
        setupRequest: (request) => ({ ...request, path: paths[i++ % paths.length]! }),
      },
    ],
  });
}

async function bench(target: Target, exportDir: string, seconds: number, connections: number): Promise<Row[]> {
  const { token, ringIds, queries } = await prepare(target, exportDir);
  // The server runs with the flags the `ringtrace` bin gives it (api/cli/ringtrace.mjs).
  const profileDir = arg('server-cpu-prof', '');
  const profile = profileDir === '' ? [] : ['--cpu-prof', `--cpu-prof-dir=${profileDir}`];
  const child = fork(process.argv[1]!, ['--serve'], { env: { ...process.env, ...target.env }, execArgv: ['--max-semi-space-size=64', '--import', 'tsx', ...profile], stdio: 'inherit' });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('message', (m) => resolve((m as { url: string }).url));
    child.once('exit', (code) => reject(new Error(`server exited ${code}`)));
  });
  const serverCpu = (): Promise<number> =>
    new Promise((resolve) => {
      const onMessage = (m: unknown): void => {
        if (typeof m === 'object' && m !== null && 'cpu' in m) {
          child.off('message', onMessage);
          resolve((m as { cpu: number }).cpu);
        }
      };
      child.on('message', onMessage);
      child.send('cpu');
    });
  const enc = encodeURIComponent;
  const top = ringIds.slice(0, 50);
  const endpoints: Array<[string, string[]]> = [
    ['ring list', ['/api/rings?limit=50', '/api/rings?limit=50&offset=50', '/api/rings?minScore=0.5&limit=20&sort=size']],
    ['ring detail', top.map((id) => `/api/rings/${enc(id)}`)],
    ['ring subgraph', top.map((id) => `/api/rings/${enc(id)}/subgraph?limit=500`)],
    ['search', queries.map((q) => `/api/search?q=${enc(q)}&limit=20`)],
  ];
  const only = arg('endpoints', '').split(',').map((e) => e.trim()).filter(Boolean);
  const rows: Row[] = [];
  try {
    for (const [endpoint, paths] of endpoints.filter(([name]) => only.length === 0 || only.includes(name))) {
      // A short warm-up fills caches (SQLite pages, Neo4j query plans) before the measured run.
      await load(url, token, paths, 2, 4);
      await fetch(`${url}/api/health`);
      const cpu0 = await serverCpu();
      const neo0 = target.pid === undefined ? null : procCpuMs(target.pid);
      const result = await load(url, token, paths, seconds, connections);
      // Requests abandoned at the end of a run are still being answered; the next endpoint starts when they are done.
      await fetch(`${url}/api/health`);
      const answered = Math.max(1, result.requests.total);
      const cpu = (await serverCpu()) - cpu0;
      const neo1 = target.pid === undefined ? null : procCpuMs(target.pid);
      const neo4jCpu = neo0 === null || neo1 === null ? null : (neo1 - neo0) / answered;
      rows.push({ store: target.name, endpoint, rps: Math.round(result.requests.average), p50: result.latency.p50, p99: result.latency.p99, non2xx: result.non2xx, errors: result.errors, serverCpu: cpu / 1000 / answered, neo4jCpu });
      console.log(`  [${target.name}] ${endpoint}: ${Math.round(result.requests.average)} req/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, CPU/request server ${(cpu / 1000 / answered).toFixed(2)} ms${neo4jCpu === null ? '' : `, Neo4j ${neo4jCpu.toFixed(2)} ms`}${result.non2xx ? `, ${result.non2xx} non-2xx` : ''}`);
    }
  } finally {
    child.send('stop');
    await new Promise((resolve) => child.once('exit', resolve));
  }
  return rows;
}

async function main(): Promise<void> {
  const sellers = Number(arg('sellers', '100000'));
  const rings = Number(arg('rings', String(Math.max(15, Math.round(sellers / 200)))));
  const seconds = Number(arg('duration', '10'));
  const connections = Number(arg('connections', '50'));
  const work = arg('work', path.join(tmpdir(), 'ringtrace-bench-api'));
  const stores = arg('stores', process.env.NEO4J_URI || process.argv.includes('--neo4j') ? 'embedded,neo4j' : 'embedded').split(',');
  console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`);

  const exportDir = path.join(work, `export-${sellers}-${rings}`);
  if (!existsSync(path.join(exportDir, 'ground_truth.json'))) {
    await mkdir(exportDir, { recursive: true });
    const t = performance.now();
    await generateMarketplace({ sellers, rings, seed: 11, outDir: exportDir });
    console.log(`generated ${sellers.toLocaleString('en')} sellers, ${rings} rings in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  }

  const targets: Target[] = [];
  const dataDir = await mkdtemp(path.join(tmpdir(), 'ringtrace-bench-store-'));
  // The embedded store lives beside the export, so a second run skips the load.
  const embeddedDir = path.join(work, `embedded-${sellers}-${rings}`);
  if (stores.includes('embedded')) targets.push({ name: 'embedded', env: { RINGTRACE_STORE: 'embedded', RINGTRACE_DATA_DIR: embeddedDir } });
  if (stores.includes('neo4j')) {
    if (process.env.NEO4J_URI) {
      const pid = Number(arg('neo4j-pid', '0'));
      targets.push({ name: 'neo4j', env: { RINGTRACE_STORE: 'neo4j', RINGTRACE_DATA_DIR: dataDir }, ...(pid > 0 ? { pid } : {}) });
    } else {
      const { freePort, startLocalNeo4j } = await import('../../engine/store/neo4j/local-server.ts');
      const home = await mkdtemp(path.join(tmpdir(), 'ringtrace-bench-neo4j-'));
      const server = await startLocalNeo4j({ port: await freePort(), home, password: 'ringtrace-bench', heap: '2g' });
      targets.push({
        name: 'neo4j',
        env: { RINGTRACE_STORE: 'neo4j', RINGTRACE_DATA_DIR: dataDir, NEO4J_URI: server.uri, NEO4J_USER: 'neo4j', NEO4J_PASSWORD: 'ringtrace-bench' },
        pid: server.pid,
        stop: async () => {
          await server.stop();
          await rm(home, { recursive: true, force: true });
        },
      });
    }
  }

  const rows: Row[] = [];
  try {
    for (const target of targets) rows.push(...(await bench(target, exportDir, seconds, connections)));
  } finally {
    for (const target of targets) await target.stop?.();
    await rm(dataDir, { recursive: true, force: true });
  }
  console.log(`\n${sellers.toLocaleString('en')} sellers, ${connections} connections, ${seconds} s per endpoint`);
  console.log('| store | endpoint | req/s | p50 ms | p99 ms | non-2xx | server CPU ms/req | Neo4j CPU ms/req |');
  console.log('|---|---|---:|---:|---:|---:|---:|---:|');
  for (const r of rows) console.log(`| ${r.store} | ${r.endpoint} | ${r.rps} | ${r.p50} | ${r.p99} | ${r.non2xx + r.errors} | ${r.serverCpu.toFixed(2)} | ${r.neo4jCpu === null ? '—' : r.neo4jCpu.toFixed(2)} |`);
}

if (process.argv.includes('--serve')) await serveChild();
else await main();
