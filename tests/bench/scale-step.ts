/**
 * One measured step of the scale benchmark, run in its own process so its
 * peak RSS is its own: `ingest DIR`, `ingest-row-by-row DIR` (the same load
 * without the store's load bracket, so every index is kept current row by
 * row, as incremental loads do) or `detect`, against the embedded store in
 * RINGTRACE_DATA_DIR. Prints one JSON line with the figures.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createEmbeddedStore } from '../../engine/store/embedded/index.ts';
import { ingestExport, runDetection } from '../../engine/index.ts';

const [step, dir] = process.argv.slice(2);
const store = createEmbeddedStore({ dataDir: process.env.RINGTRACE_DATA_DIR ?? './.ringtrace' });
await store.open();
const started = performance.now();
let figures: Record<string, unknown>;
if (step === 'ingest' || step === 'ingest-row-by-row') {
  // The writer thread takes one batch at a time and gets the next only once it is done, so the time a write (or the
  // load's end, where deferred indexes are built) is awaited is the writer's busy time.
  const writer = { batchMs: 0, finishMs: 0 };
  const timed = async (into: 'batchMs' | 'finishMs', work: Promise<void>): Promise<void> => {
    const t = performance.now();
    await work;
    writer[into] += performance.now() - t;
  };
  const target = {
    ...store,
    writeBatch: (batch: Parameters<typeof store.writeBatch>[0]) => timed('batchMs', store.writeBatch(batch)),
    ...(step === 'ingest' ? { finishLoad: () => timed('finishMs', store.finishLoad?.() ?? Promise.resolve()) } : { beginLoad: undefined, finishLoad: undefined }),
  };
  const report = await ingestExport(target, dir!);
  figures = {
    rows: report.accepted + report.rejected, rejected: report.rejected, seconds: report.elapsedMs / 1000, rowsPerSecond: report.rowsPerSecond,
    writerBatchSeconds: writer.batchMs / 1000, indexBuildSeconds: writer.finishMs / 1000,
  };
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
// CPU seconds per thread of this process (Linux; ≥ 0.1 s), while the writer thread still lives: the busiest besides main is the writer.
figures.threadCpuSeconds = threadCpuSeconds();
await store.close();
figures.totalSeconds = (performance.now() - started) / 1000;
// On a shared machine wall-clock rates swing with the load; CPU time does not.
const cpu = process.cpuUsage();
figures.cpuSeconds = (cpu.user + cpu.system) / 1e6;
figures.peakRssMiB = Math.round(process.resourceUsage().maxRSS / 1024);
console.log(JSON.stringify(figures));

function threadCpuSeconds(): Record<string, number> {
  const out: Record<string, number> = {};
  try {
    for (const tid of readdirSync('/proc/self/task')) {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // utime and stime, in clock ticks (100 Hz).
      const seconds = (Number(fields[11]) + Number(fields[12])) / 100;
      if (seconds >= 0.1) out[tid === String(process.pid) ? 'main' : `${name}-${tid}`] = seconds;
    }
  } catch {
    // Not Linux: no per-thread figures.
  }
  return out;
}
