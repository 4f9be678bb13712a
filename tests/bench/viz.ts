/**
 * `npm run bench:viz`: the explorer's rendering and layout in headless
 * Chromium (Debian's, via playwright-core) on synthetic ring subgraphs of
 * 500, 5,000 and 20,000 nodes. Builds the benchmark page (viz/bench/) with
 * vite into a temporary folder, serves it on 127.0.0.1, and prints per size:
 * time to first frame, time to a settled layout (and whether it converged or
 * hit the time cap), layout iterations, and the longest gap between frames
 * while the layout ran (how much the page froze). WebGL runs in SwiftShader
 * (CPU) here: a GPU makes rendering faster, not the layout.
 */
import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { launchChromium } from '../e2e/chromium.ts';
import type { BenchResult, BenchRing } from '../../viz/bench/bench-main.ts';
import { ingestExport, runDetection } from '../../engine/index.ts';
import { createEmbeddedStore } from '../../engine/store/embedded/index.ts';
import { generateMarketplace } from '../../seed/index.ts';

const SIZES = (process.env.BENCH_SIZES ?? '500,5000,20000').split(',').map(Number);
/** The demo marketplace of `ringtrace demo` (20,000 sellers, 120 rings, seed 7); BENCH_DEMO=0 skips the evidence-view run. */
const DEMO = process.env.BENCH_DEMO !== '0';
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.map': 'application/json' };

const out = mkdtempSync(join(tmpdir(), 'ringtrace-bench-viz-'));
await build({
  configFile: fileURLToPath(new URL('../../viz/vite.config.ts', import.meta.url)),
  logLevel: 'error',
  build: { outDir: out, emptyOutDir: true, sourcemap: false, rollupOptions: { input: fileURLToPath(new URL('../../viz/bench/bench.html', import.meta.url)) } },
});

const server = createServer((req, res) => {
  const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
  const file = join(out, path === '/' ? 'bench/bench.html' : path);
  res.setHeader('content-type', TYPES[extname(file)] ?? 'application/octet-stream');
  createReadStream(file)
    .on('error', () => {
      res.statusCode = 404;
      res.end();
    })
    .pipe(res);
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;

/** The largest ring of the demo marketplace, as the explorer receives it. */
async function largestDemoRing(): Promise<BenchRing & { id: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'ringtrace-bench-demo-'));
  try {
    await generateMarketplace({ sellers: 20_000, rings: 120, seed: 7, outDir: join(dir, 'export') });
    const store = createEmbeddedStore({ dataDir: join(dir, 'store') });
    await store.open();
    try {
      await ingestExport(store, join(dir, 'export'));
      const run = await runDetection(store);
      const listed = (await store.listRings({ sort: 'score', offset: 0, limit: 5_000 })).rings;
      const biggest = listed.reduce((a, b) => (b.members.length > a.members.length ? b : a));
      const ring = (await store.getRing(biggest.id))!;
      const subgraph = (await store.ringSubgraph(ring.id, { limit: 5_000, runId: run.run.id }))!;
      return { id: ring.id, subgraph, members: ring.members.map((sellerId) => ({ sellerId, why: ring.why?.[sellerId] ?? [] })), sources: ring.likelySources.map((s) => `address:${s.key}`) };
    } finally {
      await store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
const demoRing = DEMO ? await largestDemoRing() : null;

const browser = await launchChromium();
const rows: BenchResult[] = [];
try {
  for (const size of SIZES) {
    const page = await browser.context.newPage();
    page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
    await page.goto(url);
    await page.waitForFunction(() => window.__bench !== undefined);
    const result = await page.evaluate((n) => window.__bench!.run(n), size);
    rows.push(result);
    console.log(
      `${String(result.nodes).padStart(6)} nodes ${String(result.edges).padStart(6)} edges | first frame ${String(result.firstFrameMs).padStart(5)} ms | layout settled ${String(result.settledMs).padStart(6)} ms (${result.settledBy}, ${result.iterations} iterations) | longest frame gap ${result.longestFrameGapMs} ms, ${result.slowFrames} of ${result.frames} frames over 100 ms`,
    );
    await page.close();
  }
  if (demoRing) {
    const page = await browser.context.newPage();
    page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
    await page.goto(url);
    await page.waitForFunction(() => window.__bench !== undefined);
    const result = await page.evaluate((ring) => window.__bench!.runRing(ring), demoRing as BenchRing);
    rows.push(result);
    console.log(
      `evidence view of the largest demo ring ${demoRing.id} (${demoRing.members.length} members): ${result.shown} of ${result.nodes} nodes shown | first frame ${result.firstFrameMs} ms | layout settled ${result.settledMs} ms (${result.settledBy}, ${result.iterations} iterations) | longest frame gap ${result.longestFrameGapMs} ms`,
    );
    await page.close();
  }
} finally {
  await browser.close();
  server.close();
  rmSync(out, { recursive: true, force: true });
}
console.log(JSON.stringify({ chromium: 'headless, SwiftShader WebGL', results: rows }));
