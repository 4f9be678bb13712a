/**
 * One measured step of the scale benchmark, run in its own process so its
 * peak RSS is its own: `ingest DIR` or `detect`, against the embedded store in
 * RINGTRACE_DATA_DIR. Prints one JSON line with the figures.
 */
import { createEmbeddedStore } from '../../engine/store/embedded/index.ts';
import { ingestExport, runDetection } from '../../engine/index.ts';

const [step, dir] = process.argv.slice(2);
const store = createEmbeddedStore({ dataDir: process.env.RINGTRACE_DATA_DIR ?? './.ringtrace' });
await store.open();
const started = performance.now();
let figures: Record<string, unknown>;
if (step === 'ingest') {
  const report = await ingestExport(store, dir!);
  figures = { rows: report.accepted + report.rejected, rejected: report.rejected, seconds: report.elapsedMs / 1000, rowsPerSecond: report.rowsPerSecond };
} else {
  const result = await runDetection(store);
  figures = {
    rings: result.run.ringsFound,
    links: result.run.links,
    hubs: result.run.hubs.length,
    hubThreshold: result.run.hubThresholdUsed,
    stagesMs: result.run.timingsMs,
  };
}
await store.close();
figures.totalSeconds = (performance.now() - started) / 1000;
// On a shared machine wall-clock rates swing with the load; CPU time does not.
const cpu = process.cpuUsage();
figures.cpuSeconds = (cpu.user + cpu.system) / 1e6;
figures.peakRssMiB = Math.round(process.resourceUsage().maxRSS / 1024);
console.log(JSON.stringify(figures));
