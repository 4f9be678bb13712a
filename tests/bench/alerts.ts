/**
 * Alert delivery latency (`npm run bench:alerts`): from the moment a run's
 * save returns to the moment a local webhook receiver (node:http) has the
 * alert, over fresh stores each holding one run's alerts. Two paths:
 *
 * - `detect`: what `ringtrace detect` does after its commit (deliverAlerts);
 * - `serve`: the server's delivery loop, kicked when a run it started saved
 *   alerts (`startOutboxDelivery(...).kick()`), as after POST /api/runs or a
 *   scheduled run;
 * - `serve, other process`: the loop not kicked (a run saved by another
 *   process, picked up by the 2 s poll).
 *
 * Prints p50 / p99 / max per path and the alerts measured.
 * Options: --sellers N (3000) --rings R (20) --iterations I (8)
 */
import { createServer } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { deliverAlerts, ingestExport, runDetection, startOutboxDelivery, type WebhookTarget } from '../../engine/index.ts';
import { createEmbeddedStore } from '../../engine/store/embedded/index.ts';
import { generateMarketplace } from '../../seed/index.ts';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? Number(process.argv[i + 1]) : fallback;
}

const quantile = (sorted: number[], q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;

async function main(): Promise<void> {
  const sellers = arg('sellers', 3_000);
  const iterations = arg('iterations', 8);
  const root = await mkdtemp(path.join(tmpdir(), 'ringtrace-bench-alerts-'));
  const arrived = new Map<string, number>();
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      arrived.set(String(req.headers['webhook-id']), performance.now());
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const target: WebhookTarget = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    secret: `whsec_${Buffer.alloc(32, 1).toString('base64')}`,
    timeoutMs: 5_000, maxAttempts: 5, retryBaseMs: 1_000,
  };
  const latencies: Record<string, number[]> = { detect: [], serve: [], 'serve, other process': [] };
  try {
    const exportDir = path.join(root, 'export');
    await generateMarketplace({ sellers, rings: arg('rings', 20), seed: 3, outDir: exportDir });
    for (let i = 0; i < iterations; i += 1) {
      for (const mode of Object.keys(latencies)) {
        const store = createEmbeddedStore({ dataDir: path.join(root, `store-${i}-${mode.replace(/\W+/g, '-')}`) });
        await store.open();
        await ingestExport(store, exportDir);
        const loop = mode === 'detect' ? null : startOutboxDelivery(store, target, { intervalMs: 2_000 });
        // The loop's first pass (at start) finds nothing; the run below saves the alerts.
        await new Promise((r) => setTimeout(r, 50));
        const result = await runDetection(store, {}, { alerts: { minScore: 0.5, webhook: true } });
        const saved = performance.now();
        const messages = (await store.listOutbox()).filter((m) => result.alertIds?.includes(m.alertId));
        if (mode === 'detect') await deliverAlerts(store, target, result.alertIds ?? [], 10_000);
        else if (mode === 'serve') loop!.kick();
        const deadline = Date.now() + 15_000;
        while (messages.some((m) => !arrived.has(m.id)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
        await loop?.stop();
        await store.close();
        for (const m of messages) {
          const at = arrived.get(m.id);
          if (at !== undefined) latencies[mode]!.push(at - saved);
        }
      }
    }
    console.log(`alert delivery latency, run saved → webhook received (${sellers.toLocaleString('en')} sellers, ${iterations} runs per path, local receiver, 2 shared cores)`);
    for (const [mode, values] of Object.entries(latencies)) {
      const sorted = [...values].sort((a, b) => a - b);
      console.log(`  ${mode.padEnd(22)} alerts ${String(sorted.length).padStart(4)}  p50 ${quantile(sorted, 0.5).toFixed(1)} ms  p99 ${quantile(sorted, 0.99).toFixed(1)} ms  max ${(sorted.at(-1) ?? NaN).toFixed(1)} ms`);
    }
  } finally {
    server.close();
    await rm(root, { recursive: true, force: true });
  }
}

await main();
