/**
 * `npm run bench:dossier [-- --sellers 100000 --stores embedded,neo4j --repeat 3]`:
 * dossier build time and size for the ring closest to 60 members and for the
 * largest ring of a generated marketplace, on each store; then, with the
 * server up on the same store, `/api/health` latency (polled every 10 ms)
 * while the 60-member dossier is downloaded through the API (rendered in the
 * server's render worker) and, for comparison, while the same dossier is built
 * on the server's own thread. Prints figures; no assertions. Targets: a
 * 60-member ring's dossier in ≤ 2 s on the embedded store; health p99 ≤ 50 ms
 * during a render.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { pino } from 'pino';
import { buildDossier, ingestExport, loadConfig, loadOrCreateSigningKey, runDetection, softwareInfo, unmasked, type FullStore, type Ring } from '../../engine/index.ts';
import { issueToken } from '../../api/http/access/tokens.ts';
import { startServer } from '../../api/http/server.ts';
import { createEmbeddedStore } from '../../engine/store/embedded/index.ts';
import { createNeo4jStore } from '../../engine/store/neo4j/index.ts';
import { freePort, startLocalNeo4j, type LocalNeo4j } from '../../engine/store/neo4j/local-server.ts';
import { generateMarketplace } from '../../seed/index.ts';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : fallback;
}

const sellers = Number(arg('sellers', '100000'));
const stores = arg('stores', 'embedded,neo4j').split(',');
const repeat = Number(arg('repeat', '3'));
const work = mkdtempSync(join(tmpdir(), 'ringtrace-bench-dossier-'));
const exportDir = join(work, 'export');

async function measure(store: FullStore, ring: Ring, dataDir: string): Promise<{ ms: number[]; cpuMs: number[]; bytes: number; pdfBytes: number }> {
  const key = await loadOrCreateSigningKey(dataDir);
  const ms: number[] = [];
  // CPU time of this process too: on a shared machine the wall clock mostly measures the neighbours.
  const cpuMs: number[] = [];
  let bytes = 0;
  let pdfBytes = 0;
  for (let i = 0; i < repeat; i += 1) {
    const started = performance.now();
    const cpu = process.cpuUsage();
    const built = await buildDossier(store, {
      ringId: ring.id,
      recipient: { name: 'bench', role: 'investigator', brands: [] },
      generatedAt: '2026-12-02T00:00:00.000Z',
      masking: unmasked('investigator'),
      key,
      software: softwareInfo(),
      pictureLimit: 2_000,
    });
    ms.push(performance.now() - started);
    const used = process.cpuUsage(cpu);
    cpuMs.push((used.user + used.system) / 1000);
    bytes = built.zip.length;
    pdfBytes = built.manifest.files.find((f) => f.name === 'dossier.pdf')!.bytes;
  }
  return { ms, cpuMs, bytes, pdfBytes };
}

const quantile = (sorted: number[], q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;

/**
 * Polls /api/health every 10 ms from a thread of its own (so a blocked server
 * thread cannot also stop the clock) while `work` runs; the latencies, sorted.
 */
const POLLER = `
const { parentPort, workerData } = require('node:worker_threads');
const latencies = [];
let done = false;
parentPort.on('message', () => { done = true; });
(async () => {
  while (!done) {
    const t = performance.now();
    await (await fetch(workerData + '/api/health')).arrayBuffer();
    latencies.push(performance.now() - t);
    await new Promise((r) => setTimeout(r, 10));
  }
  parentPort.postMessage(latencies);
})();
`;

async function healthDuring(url: string, work: () => Promise<unknown>): Promise<number[]> {
  const poller = new Worker(POLLER, { eval: true, workerData: url });
  const result = new Promise<number[]>((resolve, reject) => {
    poller.once('message', resolve);
    poller.once('error', reject);
  });
  // Let the poller's first answers in before the work starts.
  await new Promise((r) => setTimeout(r, 100));
  await work();
  poller.postMessage('stop');
  const latencies = await result;
  await poller.terminate();
  return latencies.sort((a, b) => a - b);
}

async function serverFigures(kind: string, store: FullStore, ring: Ring, dataDir: string): Promise<void> {
  const config = { ...loadConfig({}, { dataDir, port: 0, logLevel: 'silent' }), rateLimitPerMinute: 0 };
  const server = await startServer({ config, store, logger: pino({ level: 'silent' }), closeStore: false });
  try {
    const { secret } = await issueToken(store, { role: 'investigator', brands: [], name: `bench-${Date.now()}` });
    const download = async (): Promise<void> => {
      const answer = await fetch(`${server.url}/api/rings/${encodeURIComponent(ring.id)}/dossier`, { headers: { authorization: `Bearer ${secret}` } });
      if (answer.status !== 200) throw new Error(`dossier download answered ${answer.status}`);
      await answer.arrayBuffer();
    };
    // The first download starts the render worker (module load, JIT): measured apart from the warm ones.
    let started = performance.now();
    const cold = await healthDuring(server.url, download);
    const coldMs = performance.now() - started;
    started = performance.now();
    const warm = await healthDuring(server.url, async () => {
      for (let i = 0; i < repeat; i += 1) await download();
    });
    const warmMs = (performance.now() - started) / repeat;
    const key = await loadOrCreateSigningKey(dataDir);
    const blocking = await healthDuring(server.url, async () => {
      for (let i = 0; i < repeat; i += 1) {
        await buildDossier(store, { ringId: ring.id, recipient: { name: 'bench', role: 'investigator', brands: [] }, generatedAt: new Date().toISOString(), masking: unmasked('investigator'), key, software: softwareInfo(), pictureLimit: 2_000 });
      }
    });
    const line = (label: string, sorted: number[]): string =>
      `${label}: ${sorted.length} answers, p50 ${quantile(sorted, 0.5).toFixed(1)} ms, p99 ${quantile(sorted, 0.99).toFixed(1)} ms, max ${sorted.at(-1)!.toFixed(1)} ms`;
    console.log(`${kind.padEnd(8)} health while the ${ring.size}-member dossier downloads (render worker): first download ${(coldMs / 1000).toFixed(2)} s, ${line('health', cold)}`);
    console.log(`${kind.padEnd(8)}   then ${repeat} downloads, ${(warmMs / 1000).toFixed(2)} s each: ${line('health', warm)}`);
    console.log(`${kind.padEnd(8)}   the same build on the server thread (the old way), ${repeat}×: ${line('health', blocking)}`);
  } finally {
    await server.close();
  }
}

console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}; ${sellers.toLocaleString('en')} sellers, ${repeat} builds per ring`);
try {
  if (!existsSync(join(exportDir, 'ground_truth.json'))) await generateMarketplace({ sellers, rings: Math.max(20, Math.round(sellers / 200)), seed: 11, outDir: exportDir });
  for (const kind of stores) {
    let server: LocalNeo4j | null = null;
    const dataDir = join(work, `data-${kind}`);
    let store: FullStore;
    if (kind === 'neo4j') {
      server = await startLocalNeo4j({ port: await freePort(), home: join(work, 'neo4j-home'), password: 'bench-password', heap: '2g', pagecache: '2g' });
      store = createNeo4jStore({ uri: server.uri, user: 'neo4j', password: 'bench-password' });
    } else {
      store = createEmbeddedStore({ dataDir });
    }
    try {
      await store.open();
      await ingestExport(store, exportDir);
      await runDetection(store);
      const { rings } = await store.listRings({ sort: 'size', offset: 0, limit: 100_000 });
      const largest = rings[0]!;
      const sixty = [...rings].sort((a, b) => Math.abs(a.size - 60) - Math.abs(b.size - 60))[0]!;
      for (const [label, ring] of [['~60 members', sixty], ['largest', largest]] as const) {
        const { ms, cpuMs, bytes, pdfBytes } = await measure(store, ring, dataDir);
        const sorted = [...ms].sort((a, b) => a - b);
        const cpuSorted = [...cpuMs].sort((a, b) => a - b);
        console.log(
          `${kind.padEnd(8)} ${label.padEnd(11)} ${ring.id} ${String(ring.size).padStart(4)} members ${String(ring.shops.length).padStart(5)} shops: ` +
            `build ${(sorted[Math.floor(sorted.length / 2)]! / 1000).toFixed(2)} s median wall (first ${(ms[0]! / 1000).toFixed(2)} s), ${(cpuSorted[Math.floor(cpuSorted.length / 2)]! / 1000).toFixed(2)} s CPU (Node; Neo4j's not counted), load ${(loadavg()[0] ?? 0).toFixed(1)}, ZIP ${(bytes / 1024).toFixed(0)} KiB, PDF ${(pdfBytes / 1024).toFixed(0)} KiB`,
        );
      }
      await serverFigures(kind, store, sixty, dataDir);
    } finally {
      await store.close();
      await server?.stop();
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
