/**
 * Scale benchmark (`npm run bench:scale`): generates marketplaces of 100k and
 * 1M sellers, ingests each into a fresh embedded store and detects rings,
 * every step in its own process, and prints ingest rows/s, detection time per
 * stage and peak RSS. Targets at 1M sellers: ingest ≥ 50k rows/s, detection
 * ≤ 60 s end to end, peak RSS ≤ 4 GiB.
 *
 * Options: --sizes 100000,1000000  --work DIR (keeps generated exports for reuse)
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import { generateMarketplace } from '../../seed/index.ts';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

function step(args: string[], dataDir: string): Record<string, unknown> {
  const out = execFileSync(process.execPath, ['--max-old-space-size=6144', '--max-semi-space-size=64', '--import', 'tsx', path.resolve('tests/bench/scale-step.ts'), ...args], {
    env: { ...process.env, RINGTRACE_DATA_DIR: dataDir },
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  return JSON.parse(out.trim().split('\n').pop()!) as Record<string, unknown>;
}

const sizes = arg('sizes', '100000,1000000').split(',').map(Number);
const work = arg('work', path.join(tmpdir(), 'ringtrace-scale'));
console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`);
const rows: string[] = [];
for (const sellers of sizes) {
  const exportDir = path.join(work, `export-${sellers}`);
  if (!existsSync(path.join(exportDir, 'ground_truth.json'))) {
    const t = performance.now();
    await generateMarketplace({ sellers, rings: Math.max(100, Math.round(sellers / 200)), seed: 11, outDir: exportDir });
    console.log(`generated ${sellers.toLocaleString('en')} sellers in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  }
  const dataDir = path.join(work, `store-${sellers}`);
  await rm(dataDir, { recursive: true, force: true });
  await mkdir(dataDir, { recursive: true });
  const ingest = step(['ingest', exportDir], dataDir);
  console.log(`ingest ${sellers}: ${JSON.stringify(ingest)}`);
  const detect = step(['detect'], dataDir);
  console.log(`detect ${sellers}: ${JSON.stringify(detect)}`);
  const st = detect.stagesMs as Record<string, number>;
  rows.push(
    `| ${sellers.toLocaleString('en')} | ${Number(ingest.rows).toLocaleString('en')} | ${Number(ingest.rowsPerSecond).toLocaleString('en')} | ${Number(ingest.cpuSeconds).toFixed(0)} | ${ingest.peakRssMiB} | ${['read', 'projection', 'louvain', 'scoring', 'lineage', 'write'].map((k) => (st[k]! / 1000).toFixed(1)).join(' / ')} | ${Number(detect.totalSeconds).toFixed(1)} | ${detect.peakRssMiB} | ${detect.rings} |`,
  );
}
console.log('\n| sellers | rows | ingest rows/s (wall) | ingest CPU s (all threads) | ingest peak RSS MiB | detect stages s (read / projection / louvain / scoring / lineage / write) | detect total s | detect peak RSS MiB | rings |');
console.log('|---|---|---|---|---|---|---|---|---|');
for (const r of rows) console.log(r);
