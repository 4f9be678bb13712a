/**
 * Soak benchmark (`npm run bench:soak`): the server in its own process on a
 * loaded store, with scheduled detection every minute (RINGTRACE_SCHEDULE),
 * 50 autocannon clients on ring list, ring detail, ring subgraph and search
 * for the whole duration, and a day-2 export (`seed --evolve`) uploaded
 * through the ingest route a little after the start. Prints error responses
 * other than 429 (and transport errors), the server's RSS at start, peak and
 * end, the detection and ingest jobs seen, and p50/p99 per endpoint before the
 * first scheduled run, during runs and after. No assertions.
 *
 * Options: --minutes 10  --store embedded|neo4j  --sellers 20000  --clients 50
 *          --rate-limit 0 (requests per minute per token; 0 = off)
 *          --work DIR (keeps the export and the loaded embedded store for reuse)
 * Neo4j: NEO4J_URI (+ NEO4J_USER / NEO4J_PASSWORD), or a local server started
 * for the run (tools/neo4j-local, needs java + mvn).
 */
import { fork } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { createStore, ingestExport, loadConfig, runDetection, type Config } from '../../engine/index.ts';
import { freePort, startLocalNeo4j, type LocalNeo4j } from '../../engine/store/neo4j/local-server.ts';
import { issueToken } from '../../api/http/access/tokens.ts';
import { startServer } from '../../api/http/server.ts';
import { evolveMarketplace, generateMarketplace } from '../../seed/index.ts';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

/** Child mode: serve the store named by the environment (schedule included) until told to stop. */
async function serveChild(): Promise<void> {
  const config = loadConfig(process.env, { port: 0, logLevel: 'silent' });
  const server = await startServer({ config });
  process.send?.({ url: server.url });
  process.on('message', () => {
    void server.close().then(() => process.exit(0));
  });
}

const quantile = (sorted: number[], q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;

function rssMiB(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
  return Number(line?.replace(/\D+/g, '') ?? 0) / 1024;
}

interface Sample {
  at: number;
  endpoint: number;
  ms: number;
}

interface JobSeen {
  id: string;
  kind: string;
  state: string;
  start: number;
  end: number | null;
  failure: string | null;
}

async function main(): Promise<void> {
  const minutes = Number(arg('minutes', '10'));
  const kind = arg('store', 'embedded') as 'embedded' | 'neo4j';
  const sellers = Number(arg('sellers', '20000'));
  const clients = Number(arg('clients', '50'));
  const rateLimit = arg('rate-limit', '0');
  const work = arg('work', path.join(tmpdir(), `ringtrace-soak-${sellers}`));
  const exportDir = path.join(work, 'export');
  const day2Dir = path.join(work, 'export-day2');
  console.log(`soak: ${minutes} min, ${kind} store, ${sellers.toLocaleString('en')} sellers, ${clients} clients, rate limit ${rateLimit === '0' ? 'off' : `${rateLimit}/min`}; ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, load ${loadavg()[0]!.toFixed(1)}`);
  if (!existsSync(path.join(exportDir, 'ground_truth.json'))) {
    await mkdir(exportDir, { recursive: true });
    await generateMarketplace({ sellers, rings: Math.max(20, Math.round(sellers / 200)), seed: 11, outDir: exportDir });
  }
  if (!existsSync(path.join(day2Dir, 'ground_truth.json'))) await evolveMarketplace({ previousDir: exportDir, outDir: day2Dir, seed: 7 });

  let neo4j: LocalNeo4j | null = null;
  let env: Record<string, string>;
  if (kind === 'neo4j' && !process.env.NEO4J_URI) {
    neo4j = await startLocalNeo4j({ port: await freePort(), home: path.join(work, `neo4j-${Date.now()}`), password: 'soak-password', heap: '1g', pagecache: '1g' });
    env = { RINGTRACE_STORE: 'neo4j', NEO4J_URI: neo4j.uri, NEO4J_USER: 'neo4j', NEO4J_PASSWORD: 'soak-password' };
  } else if (kind === 'neo4j') {
    env = { RINGTRACE_STORE: 'neo4j', NEO4J_URI: process.env.NEO4J_URI!, NEO4J_USER: process.env.NEO4J_USER ?? 'neo4j', NEO4J_PASSWORD: process.env.NEO4J_PASSWORD ?? '' };
  } else {
    env = { RINGTRACE_STORE: 'embedded', RINGTRACE_DATA_DIR: path.join(work, 'store'), NEO4J_URI: '' };
  }
  env.RINGTRACE_DATA_DIR ??= path.join(work, `data-${kind}`);

  // Load, detect once, and make tokens and the request mix.
  const config: Config = loadConfig({ ...process.env, ...env });
  const store = await createStore(config);
  await store.open();
  if ((await store.counts()).sellers === 0) {
    const t = performance.now();
    await ingestExport(store, exportDir);
    console.log(`  loaded in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  }
  const run = (await store.currentRun()) ?? (await runDetection(store)).run;
  const { rings } = await store.listRings({ sort: 'score', offset: 0, limit: 50 });
  const reader = (await issueToken(store, { role: 'investigator', name: `soak-reader-${Date.now()}` })).secret;
  const admin = (await issueToken(store, { role: 'admin', name: `soak-admin-${Date.now()}` })).secret;
  const queries: string[] = [];
  for (const ring of rings) {
    const seller = await store.entity({ type: 'seller', key: ring.members[0]! });
    queries.push(ring.members[0]!);
    if (typeof seller?.attributes.phone === 'string') queries.push(seller.attributes.phone);
    if (typeof seller?.label === 'string') queries.push(seller.label.split(' ').slice(0, 2).join(' '));
  }
  await store.close();
  const enc = encodeURIComponent;
  const endpoints: Array<[string, string[]]> = [
    ['ring list', ['/api/rings?limit=50', '/api/rings?limit=50&offset=50', '/api/rings?minScore=0.5&limit=20&sort=size']],
    // Pinned to the run they were read from: the scheduled runs replace the current one, and a dissolved ring is rightly 404 there.
    ['ring detail', rings.map((r) => `/api/rings/${enc(r.id)}?runId=${enc(run.id)}`)],
    ['ring subgraph', rings.map((r) => `/api/rings/${enc(r.id)}/subgraph?limit=500&runId=${enc(run.id)}`)],
    ['search', queries.map((q) => `/api/search?q=${enc(q)}&limit=20`)],
  ];
  const child = fork(process.argv[1]!, ['--serve'], {
    env: { ...process.env, ...env, RINGTRACE_SCHEDULE: '* * * * *', RINGTRACE_RATE_LIMIT_PER_MINUTE: rateLimit },
    execArgv: ['--max-old-space-size=4096', '--import', 'tsx'],
    stdio: 'inherit',
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('message', (m) => resolve((m as { url: string }).url));
    child.once('exit', (code) => reject(new Error(`server exited ${code}`)));
  });
  const pid = child.pid!;
  const rssStart = rssMiB(pid);
  let rssPeak = rssStart;
  const t0 = performance.now();
  const jobs = new Map<string, JobSeen>();
  const statuses = new Map<number, number>();
  const failures = new Map<string, number>();
  const samples: Sample[] = [];
  let transportErrors = 0;
  let stopped = false;

  const watch = (async () => {
    while (!stopped) {
      rssPeak = Math.max(rssPeak, rssMiB(pid));
      const answer = await fetch(`${url}/api/jobs?limit=50`, { headers: { authorization: `Bearer ${admin}` } }).catch(() => null);
      if (answer?.ok) {
        const { items } = (await answer.json()) as { items: Array<{ id: string; kind: string; state: string; failure: { code: string } | null }> };
        const now = performance.now() - t0;
        for (const job of items) {
          const seen = jobs.get(job.id) ?? { id: job.id, kind: job.kind, state: job.state, start: now, end: null, failure: null };
          seen.state = job.state;
          if (job.state !== 'running' && seen.end === null) seen.end = now;
          seen.failure = job.failure?.code ?? null;
          jobs.set(job.id, seen);
        }
      } else {
        await answer?.arrayBuffer();
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  })();

  // The day-2 export arrives through the ingest route 20 s in, while clients read.
  const upload = (async () => {
    await new Promise((r) => setTimeout(r, 20_000));
    const form = new FormData();
    for (const name of readdirSync(day2Dir).filter((f) => /\.(csv|ndjson)$/.test(f))) form.append(name, new Blob([readFileSync(path.join(day2Dir, name))]), name);
    const answer = await fetch(`${url}/api/ingest`, { method: 'POST', headers: { authorization: `Bearer ${admin}` }, body: form });
    console.log(`  upload of the day-2 export at ${((performance.now() - t0) / 1000).toFixed(0)} s: ${answer.status}`);
    await answer.arrayBuffer();
  })();

  // The clients are split over the endpoints, one autocannon instance each, so every response is tied to its endpoint.
  const instances = endpoints.map(([, paths], endpoint) => {
    let next = 0;
    let finish!: () => void;
    const done = new Promise<void>((resolve) => (finish = resolve));
    const instance = autocannon(
      {
        url,
        connections: Math.floor(clients / endpoints.length) + (endpoint < clients % endpoints.length ? 1 : 0),
        duration: minutes * 60,
        headers: { authorization: `Bearer ${reader}` },
        requests: [{ setupRequest: (request) => ({ ...request, path: paths[next++ % paths.length]! }) }],
      },
      () => finish(),
    );
    instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
      statuses.set(statusCode, (statuses.get(statusCode) ?? 0) + 1);
      if (statusCode >= 400 && statusCode !== 429) failures.set(`${endpoints[endpoint]![0]} ${statusCode}`, (failures.get(`${endpoints[endpoint]![0]} ${statusCode}`) ?? 0) + 1);
      samples.push({ at: performance.now() - t0, endpoint, ms: responseTime });
    });
    instance.on('reqError', () => (transportErrors += 1));
    return done;
  });
  await Promise.all(instances);
  stopped = true;
  await Promise.all([watch, upload]);
  const rssEnd = rssMiB(pid);
  child.send('stop');
  await new Promise((resolve) => child.once('exit', resolve));
  await neo4j?.stop();

  const runs = [...jobs.values()].filter((j) => j.kind === 'detect').sort((a, b) => a.start - b.start);
  const end = performance.now() - t0;
  const during = (at: number): boolean => runs.some((r) => at >= r.start && at <= (r.end ?? end));
  const phaseOf = (at: number): 'before' | 'during' | 'after' => (during(at) ? 'during' : runs.length === 0 || at < runs[0]!.start ? 'before' : 'after');
  const errors = [...statuses].filter(([s]) => s >= 400 && s !== 429);
  console.log(`  ${samples.length.toLocaleString('en')} responses; status counts ${[...statuses].map(([s, n]) => `${s}: ${n}`).join(', ')}; error responses other than 429: ${errors.reduce((n, [, c]) => n + c, 0)}${failures.size ? ` (${[...failures].map(([k, n]) => `${k}: ${n}`).join(', ')})` : ''}; transport errors: ${transportErrors}`);
  console.log(`  server RSS: start ${rssStart.toFixed(0)} MiB, peak ${rssPeak.toFixed(0)} MiB, end ${rssEnd.toFixed(0)} MiB`);
  for (const job of [...jobs.values()].sort((a, b) => a.start - b.start)) {
    console.log(`  job ${job.kind} ${job.id}: ${job.state}${job.failure ? ` (${job.failure})` : ''}, ${(job.start / 1000).toFixed(0)}–${job.end === null ? '?' : (job.end / 1000).toFixed(0)} s`);
  }
  console.log('  endpoint         before (p50 / p99 ms, n)    during runs             after');
  endpoints.forEach(([name], endpoint) => {
    const cells = (['before', 'during', 'after'] as const).map((phase) => {
      const ms = samples.filter((s) => s.endpoint === endpoint && phaseOf(s.at) === phase).map((s) => s.ms).sort((a, b) => a - b);
      return ms.length === 0 ? '—'.padEnd(24) : `${quantile(ms, 0.5).toFixed(0)} / ${quantile(ms, 0.99).toFixed(0)}, n=${ms.length}`.padEnd(24);
    });
    console.log(`  ${name.padEnd(16)} ${cells.join('')}`);
  });
}

if (process.argv.includes('--serve')) await serveChild();
else await main();
