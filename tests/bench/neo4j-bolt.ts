/**
 * Bolt load benchmark (`npm run bench:neo4j-bolt`): the batched Bolt ingest
 * alone, with where its CPU goes. For each size it starts the local Neo4j on a
 * fresh home, loads the export over Bolt into the empty database, then loads
 * the same export again (an incremental load where every row is known: it
 * must add nothing) and prints for each load rows/s, the Neo4j server's CPU
 * seconds (from /proc), Node's CPU seconds, the time per batch kind and the
 * load average. Target (issue 15): Bolt loads ≥ 20k rows/s at 1M sellers.
 *
 * Options: --sizes 100000  --work DIR (generated exports are kept and reused)
 * --heap 2g  --pagecache 2g  --batch-rows N (rows per transaction; default the
 * store's preferred size)
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { ingestExport, type IngestBatch, type IngestWrites } from '../../engine/index.ts';
import { createNeo4jStore } from '../../engine/store/neo4j/index.ts';
import { startLocalNeo4j } from '../../engine/store/neo4j/local-server.ts';
import { generateMarketplace } from '../../seed/index.ts';
import { processCpuSeconds } from './proc-cpu.ts';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : fallback;
}

const sizes = arg('sizes', '100000').split(',').map(Number);
const work = arg('work', '/tmp/ringtrace-neo4j-bolt-bench');
const heap = arg('heap', '2g');
const pagecache = arg('pagecache', '2g');
const batchRows = process.argv.includes('--batch-rows') ? Number(arg('batch-rows', '5000')) : undefined;
const PASSWORD = 'bench-password';

const nodeCpuSeconds = (): number => {
  const cpu = process.cpuUsage();
  return (cpu.user + cpu.system) / 1e6;
};
const load = (): string => loadavg().map((l) => l.toFixed(1)).join(' ');
const kindOf = (b: IngestBatch): string => Object.entries(b).find(([, rows]) => (rows as unknown[]).length > 0)?.[0] ?? 'none';

/** Times every writeBatch per entity type. */
function timedWrites(store: IngestWrites, perKind: Map<string, number>): IngestWrites {
  return {
    ...store,
    async writeBatch(batch) {
      const t = performance.now();
      await store.writeBatch(batch);
      perKind.set(kindOf(batch), (perKind.get(kindOf(batch)) ?? 0) + performance.now() - t);
    },
  };
}

console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}; Neo4j heap ${heap}, page cache ${pagecache}`);
for (const sellers of sizes) {
  const exportDir = join(work, `export-${sellers}`);
  if (!existsSync(join(exportDir, 'ground_truth.json'))) {
    await generateMarketplace({ sellers, rings: Math.max(100, Math.round(sellers / 200)), seed: 11, outDir: exportDir });
  }
  const home = mkdtempSync(join(work, `home-${sellers}-`));
  const server = await startLocalNeo4j({ home, heap, pagecache, password: PASSWORD });
  const store = createNeo4jStore({ uri: server.uri, user: 'neo4j', password: PASSWORD });
  try {
    await store.open();
    for (const pass of ['empty database', 'same export again']) {
      const perKind = new Map<string, number>();
      const before = { server: processCpuSeconds(server.pid), node: nodeCpuSeconds(), counts: await store.counts() };
      const loadBefore = load();
      const report = await ingestExport(timedWrites(store, perKind), exportDir, batchRows === undefined ? {} : { batchRows });
      const after = { server: processCpuSeconds(server.pid), node: nodeCpuSeconds(), counts: await store.counts() };
      const rows = report.accepted + report.rejected;
      const kinds = [...perKind].map(([kind, ms]) => `${kind} ${(ms / 1000).toFixed(1)} s`).join(', ');
      console.log(
        `${sellers.toLocaleString('en')} sellers, ${pass}: ${rows.toLocaleString('en')} rows in ${(report.elapsedMs / 1000).toFixed(1)} s = ` +
          `${report.rowsPerSecond.toLocaleString('en')} rows/s; Neo4j CPU ${(after.server - before.server).toFixed(1)} s, ` +
          `Node CPU ${(after.node - before.node).toFixed(1)} s; writes: ${kinds}; load ${loadBefore} → ${load()}`,
      );
      if (pass === 'same export again' && JSON.stringify(after.counts) !== JSON.stringify(before.counts)) {
        throw new Error(`re-ingesting the same export changed the counts: ${JSON.stringify(before.counts)} → ${JSON.stringify(after.counts)}`);
      }
    }
  } finally {
    await store.close();
    await server.stop();
    rmSync(home, { recursive: true, force: true });
  }
}
