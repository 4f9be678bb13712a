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
import type { BenchResult } from '../../viz/bench/bench-main.ts';

const SIZES = (process.env.BENCH_SIZES ?? '500,5000,20000').split(',').map(Number);
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
} finally {
  await browser.close();
  server.close();
  rmSync(out, { recursive: true, force: true });
}
console.log(JSON.stringify({ chromium: 'headless, SwiftShader WebGL', results: rows }));
