/**
 * Never-block benchmark (`npm run bench:never-block`): loads a marketplace
 * (default 100k sellers) into the embedded store, serves it, and polls
 * `/api/health` every 10 ms while a detection run executes — once in a worker
 * thread (the server's default) and once on the server's own thread (the old
 * way, for comparison). Prints the health latency p50/p99/max during each run
 * and the run's duration. Target: health p99 ≤ 50 ms during the run.
 * Options: --sellers 100000 --rings 500 --work DIR (reuses a loaded store)
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { ingestExport, loadConfig, startDetectionJob } from '../../engine/index.ts';
import { createEmbeddedStore } from '../../engine/store/embedded/index.ts';
import { startServer } from '../../api/http/server.ts';
import { generateMarketplace } from '../../seed/index.ts';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

const quantile = (sorted: number[], q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;

async function main(): Promise<void> {
  const sellers = Number(arg('sellers', '100000'));
  const rings = Number(arg('rings', String(Math.max(20, Math.round(sellers / 200)))));
  const work = arg('work', path.join(tmpdir(), `ringtrace-never-block-${sellers}`));
  const exportDir = path.join(work, 'export');
  const dataDir = path.join(work, 'store');
  if (!existsSync(path.join(exportDir, 'ground_truth.json'))) {
    await mkdir(exportDir, { recursive: true });
    await generateMarketplace({ sellers, rings, seed: 3, outDir: exportDir });
  }
  const store = createEmbeddedStore({ dataDir });
  await store.open();
  if ((await store.counts()).sellers === 0) await ingestExport(store, exportDir);
  const config = { ...loadConfig({}, { dataDir, port: 0, logLevel: 'silent' }), rateLimitPerMinute: 0 };
  const server = await startServer({ config, store, logger: pino({ level: 'silent' }), closeStore: true });
  const { jobs } = server.app.services;

  console.log(`never-block bench: ${sellers.toLocaleString('en')} sellers, embedded store, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  for (const inThread of [true, false]) {
    const latencies: number[] = [];
    const job = startDetectionJob(jobs, server.app.services.store, { params: {}, owner: 'bench', inThread });
    const started = performance.now();
    for (;;) {
      const t = performance.now();
      const answer = await fetch(`${server.url}/api/health`);
      await answer.arrayBuffer();
      latencies.push(performance.now() - t);
      const state = jobs.get(job.id);
      if (state === null || (state.state !== 'running')) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    const ms = performance.now() - started;
    latencies.sort((a, b) => a - b);
    const state = jobs.get(job.id);
    console.log(
      `  detection ${inThread ? 'in a worker thread' : 'on the server thread'}: ${(ms / 1000).toFixed(2)} s (${state?.state ?? '?'}); ` +
        `health during the run: ${latencies.length} answers, p50 ${quantile(latencies, 0.5).toFixed(1)} ms, p99 ${quantile(latencies, 0.99).toFixed(1)} ms, max ${latencies.at(-1)!.toFixed(1)} ms`,
    );
  }
  await server.close();
}

await main();
