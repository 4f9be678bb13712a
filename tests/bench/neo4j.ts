/**
 * Neo4j benchmark (`npm run bench:neo4j`): for each marketplace size, starts
 * the local Neo4j on a fresh home (bigger heap and page cache than the test
 * default), then measures in the same run
 *   1. a naive loader: the same MERGE statements, one row per transaction,
 *      over the first `--naive-rows` rows of the export (sellers first), on a
 *      wiped database, its rows/s extrapolated;
 *   2. the adapter's batched ingest of the whole export (rows/s overall and
 *      per entity type);
 *   3. detection end to end with the time per stage;
 *   4. Neo4j peak memory (VmHWM of the java process) and Node's peak RSS;
 *   0. first of all, a bulk load of the same export into a new database with
 *      neo4j-admin import (`ingest --bulk`): files, import, constraints and
 *      indexes, end to end;
 *   5. detection with communities found inside Neo4j by OpenGDS beside the
 *      in-process path: Leiden on each of the three projections (bolt,
 *      written, cypher) and Louvain on the bolt one — projection time (for
 *      written: write, project, delete), algorithm time, communities and
 *      detection totals, edges projected against the in-process graph's, ring
 *      recall and average precision against the ground truth, the share of
 *      the in-process rings a GDS ring matches (member Jaccard ≥ 0.5) and the
 *      mean best member Jaccard of the in-process rings.
 * Targets: batched ≥ 20× naive; bulk ≥ 5× batched and 1M sellers in ≤ 3
 * minutes; 1M sellers detection ≤ 3 minutes.
 *
 * Options: --sizes 100000,1000000  --work DIR (generated exports are kept and
 * reused)  --naive-rows 20000  --heap 2g  --pagecache 2g  --detect-runs 2
 * (detection is timed again on the warm server)  --gds-runs 2 (each GDS variant runs
 * this often; the last, warm run is reported)  --keep-home (leave the
 * loaded Neo4j home in the work folder for further runs)  --skip-bolt (bulk
 * load only, detection on the bulk-loaded store: the 1M Bolt load takes ~17 min)
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { bulkLoadLocal, GDS_PROJECTIONS, ingestExport, runDetection, type DetectionEngine, type DetectResult, type GdsProjection, type IngestBatch, type IngestRecord, type IngestWrites } from '../../engine/index.ts';
import type { GroundTruth } from '../../seed/index.ts';
import { evaluate, MATCH } from './metrics.ts';
import { createNeo4jStore, deleteAllData } from '../../engine/store/neo4j/index.ts';
import { freePort, startLocalNeo4j } from '../../engine/store/neo4j/local-server.ts';
import { generateMarketplace } from '../../seed/index.ts';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : fallback;
}

const sizes = arg('sizes', '100000,1000000').split(',').map(Number);
const work = arg('work', '/tmp/ringtrace-neo4j-bench');
const naiveRows = Number(arg('naive-rows', '20000'));
const heap = arg('heap', '2g');
const pagecache = arg('pagecache', '2g');
const detectRuns = Number(arg('detect-runs', '2'));
const gdsRuns = Math.max(1, Number(arg('gds-runs', '2')));
const keepHome = process.argv.includes('--keep-home');
const skipBolt = process.argv.includes('--skip-bolt');

function jaccard(a: readonly string[], b: readonly string[]): number {
  const set = new Set(a);
  const shared = b.filter((x) => set.has(x)).length;
  return shared / (a.length + b.length - shared);
}

/** The best member Jaccard any ring of `to` reaches for each ring of `from` (0 when nothing overlaps); by member index, not pairwise. */
function bestJaccards(from: DetectResult, to: DetectResult): number[] {
  const ringOf = new Map<string, number>();
  to.rings.forEach((r, i) => r.members.forEach((m) => ringOf.set(m, i)));
  return from.rings.map((ring) => {
    const candidates = new Set(ring.members.map((m) => ringOf.get(m)).filter((i) => i !== undefined));
    return Math.max(0, ...[...candidates].map((i) => jaccard(ring.members, to.rings[i]!.members)));
  });
}

/** Share of `from`'s rings matched by a ring of `to` (member Jaccard ≥ 0.5). */
function agreement(from: DetectResult, to: DetectResult): number {
  const best = bestJaccards(from, to);
  return best.length === 0 ? 0 : best.filter((j) => j >= MATCH).length / best.length;
}

/** Mean over `from`'s rings of the best member Jaccard a ring of `to` reaches. */
function meanBestJaccard(from: DetectResult, to: DetectResult): number {
  const best = bestJaccards(from, to);
  return best.length === 0 ? 0 : best.reduce((a, b) => a + b, 0) / best.length;
}
const PASSWORD = 'bench-password';

const rowsOf = (b: IngestBatch): number => Object.values(b).reduce((n, rows: unknown[]) => n + rows.length, 0);
const kindOf = (b: IngestBatch): string => Object.entries(b).find(([, rows]) => (rows as unknown[]).length > 0)?.[0] ?? 'none';
const mib = (kb: number): number => Math.round(kb / 1024);

/** Peak resident set of a process (kB), from /proc (Linux). */
function vmHwmKb(pid: number): number {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match === null ? 0 : Number(match[1]);
}

class EnoughRows extends Error {}

/** Splits every batch into one-row transactions and stops after `limit` rows. */
function naiveLoader(store: IngestWrites, limit: number): IngestWrites & { rows: number } {
  const loader = {
    rows: 0,
    existingSellers: (ids: string[]) => store.existingSellers(ids),
    existingShops: (ids: string[]) => store.existingShops(ids),
    recordIngest: (record: IngestRecord) => store.recordIngest(record),
    async writeBatch(batch: IngestBatch) {
      for (const [key, rows] of Object.entries(batch) as Array<[keyof IngestBatch, unknown[]]>) {
        for (const row of rows) {
          if (loader.rows >= limit) throw new EnoughRows();
          await store.writeBatch({ sellers: [], shops: [], paymentAccounts: [], addresses: [], shipments: [], reports: [], [key]: [row] });
          loader.rows += 1;
        }
      }
    },
  };
  return loader;
}

/** Times every writeBatch per entity type. */
function timedWrites(store: IngestWrites): IngestWrites & { perKind: Map<string, { rows: number; ms: number }> } {
  const perKind = new Map<string, { rows: number; ms: number }>();
  return {
    perKind,
    existingSellers: (ids) => store.existingSellers(ids),
    existingShops: (ids) => store.existingShops(ids),
    recordIngest: (record) => store.recordIngest(record),
    async writeBatch(batch) {
      const t = performance.now();
      await store.writeBatch(batch);
      const entry = perKind.get(kindOf(batch)) ?? { rows: 0, ms: 0 };
      entry.rows += rowsOf(batch);
      entry.ms += performance.now() - t;
      perKind.set(kindOf(batch), entry);
    },
  };
}

console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}; Neo4j heap ${heap}, page cache ${pagecache}`);
const table: string[] = [];
const gdsTable: string[] = [];
for (const sellers of sizes) {
  const exportDir = join(work, `export-${sellers}`);
  if (!existsSync(join(exportDir, 'ground_truth.json'))) {
    const t = performance.now();
    await generateMarketplace({ sellers, rings: Math.max(100, Math.round(sellers / 200)), seed: 11, outDir: exportDir });
    console.log(`generated ${sellers.toLocaleString('en')} sellers in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  }
  const truth = JSON.parse(readFileSync(join(exportDir, 'ground_truth.json'), 'utf8')) as GroundTruth;
  const bulkHome = mkdtempSync(join(work, `bulk-${sellers}-`));
  const bulkStarted = performance.now();
  const bulk = await bulkLoadLocal(exportDir, { home: bulkHome, heap, pagecache, maxOffHeapMemory: '4G' });
  const bulkSeconds = (performance.now() - bulkStarted) / 1000;
  const bulkRate = bulk.accepted / bulkSeconds;
  const t = bulk.bulk.timings;
  console.log(`bulk load: ${bulk.accepted.toLocaleString('en')} rows in ${bulkSeconds.toFixed(1)} s = ${Math.round(bulkRate).toLocaleString('en')} rows/s end to end ` +
    `(files ${(t.filesMs / 1000).toFixed(1)} s, ${mib(bulk.bulk.fileBytes / 1024)} MiB; import ${(t.importMs / 1000).toFixed(1)} s, ${bulk.bulk.import?.nodes.toLocaleString('en')} nodes, ` +
    `${bulk.bulk.import?.relationships.toLocaleString('en')} relationships, importer peak ${mib((bulk.bulk.import?.peakMemoryBytes ?? 0) / 1024)} MiB; constraints and indexes ${(t.schemaMs / 1000).toFixed(1)} s); Node peak RSS so far ${mib(process.resourceUsage().maxRSS)} MiB`);
  const home = skipBolt ? bulkHome : mkdtempSync(join(work, `home-${sellers}-`));
  const server = await startLocalNeo4j({ port: await freePort(), home, password: skipBolt ? undefined : PASSWORD, heap, pagecache });
  const connection = { uri: server.uri, user: 'neo4j', password: skipBolt ? '' : PASSWORD };
  const store = createNeo4jStore(connection);
  let naiveRate = Number.NaN;
  let boltRate = Number.NaN;
  let sellersRate = Number.NaN;
  let neo4jAfterIngest = 0;
  try {
    await store.open();
    if (!skipBolt) {

    const naive = naiveLoader(store, naiveRows);
    const naiveStarted = performance.now();
    await ingestExport(naive, exportDir).catch((error: unknown) => {
      if (!(error instanceof EnoughRows)) throw error;
    });
    naiveRate = naive.rows / ((performance.now() - naiveStarted) / 1000);
    console.log(`naive one-row-per-transaction: ${naive.rows.toLocaleString('en')} rows at ${Math.round(naiveRate).toLocaleString('en')} rows/s`);
    await deleteAllData(connection);

    const timed = timedWrites(store);
    const report = await ingestExport(timed, exportDir);
    sellersRate = (timed.perKind.get('sellers')?.rows ?? 0) / ((timed.perKind.get('sellers')?.ms ?? 1) / 1000);
    boltRate = report.rowsPerSecond;
    console.log(`batched ingest: ${report.accepted.toLocaleString('en')} rows in ${(report.elapsedMs / 1000).toFixed(1)} s = ${report.rowsPerSecond.toLocaleString('en')} rows/s (${Math.round(report.rowsPerSecond / naiveRate)}× naive; bulk ${(bulkRate / report.rowsPerSecond).toFixed(1)}× batched)`);
    for (const [kind, { rows, ms }] of timed.perKind) console.log(`  ${kind.padEnd(16)} ${rows.toLocaleString('en').padStart(10)} rows, write ${(ms / 1000).toFixed(1)} s = ${Math.round(rows / (ms / 1000)).toLocaleString('en')} rows/s`);
    neo4jAfterIngest = vmHwmKb(server.pid);
    }

    const stages: Record<string, number> = {};
    let detectSeconds = 0;
    let inProcess: DetectResult | null = null;
    for (let i = 1; i <= detectRuns; i++) {
      const detectStarted = performance.now();
      const result = await runDetection(store, {}, { engine: 'in-process' });
      inProcess ??= result;
      const seconds = (performance.now() - detectStarted) / 1000;
      console.log(`detection ${i}/${detectRuns}: ${seconds.toFixed(1)} s, ${result.rings.length} rings; stages ms ${JSON.stringify(result.run.timingsMs)}`);
      // The table reports the first run: a fresh server, as right after a load.
      if (i === 1) {
        detectSeconds = seconds;
        Object.assign(stages, result.run.timingsMs);
      }
    }
    const quality = (r: DetectResult): string => {
      const m = evaluate(r.rings.map((ring) => ring.members), truth.rings.map((ring) => ring.members), truth.benignGroups.map((g) => g.members));
      return `recall ${m.ringRecall.toFixed(3)}, AP ${m.averagePrecision.toFixed(3)}, benign in top K ${m.benignInTopK.toFixed(3)}`;
    };
    console.log(`in-process: ${inProcess!.rings.length} rings; ${quality(inProcess!)}`);
    // GDS side by side: Leiden on each projection (bolt, written, cypher), then Louvain on the default one.
    const variants: Array<{ engine: DetectionEngine; projection: GdsProjection }> = [
      ...GDS_PROJECTIONS.map((projection) => ({ engine: 'gds' as const, projection })),
      { engine: 'gds-louvain', projection: 'bolt' },
    ];
    for (const { engine, projection } of variants) {
      const found: Array<Record<string, unknown>> = [];
      const logger = { debug: () => {}, warn: () => {}, error: () => {}, info: (message: string, fields?: Record<string, unknown>) => { if (message === 'communities found') found.push(fields ?? {}); } };
      // The first GDS call on a fresh server loads classes and plans statements: the table reports the last run.
      let result: DetectResult | null = null;
      let seconds = 0;
      for (let i = 1; i <= gdsRuns; i++) {
        found.length = 0;
        const started = performance.now();
        result = await runDetection(store, {}, { engine, projection, logger });
        seconds = (performance.now() - started) / 1000;
        if (i < gdsRuns) console.log(`detection ${engine} --projection ${projection} ${i}/${gdsRuns} (not reported): ${seconds.toFixed(1)} s, stages ms ${JSON.stringify(result.run.timingsMs)}`);
      }
      if (result === null) continue;
      const f = found[0] ?? {};
      const sec = (key: string): number => Number(f[key] ?? 0) / 1000;
      const projectSeconds = sec('gdsLinksWrite') + sec('gdsProject') + sec('gdsLinksDelete');
      const steps = projection === 'written' ? ` (write ${sec('gdsLinksWrite').toFixed(1)} + project ${sec('gdsProject').toFixed(1)} + delete ${sec('gdsLinksDelete').toFixed(1)})` : '';
      const jaccardMean = meanBestJaccard(inProcess!, result);
      console.log(`detection ${engine} --projection ${projection}: ${seconds.toFixed(1)} s, ${result.rings.length} rings; projection ${projectSeconds.toFixed(1)} s${steps}, algorithm ${sec('gdsAlgorithm').toFixed(1)} s, ` +
        `${Number(f['edges'] ?? 0).toLocaleString('en')} edges projected (in-process graph ${result.run.links.toLocaleString('en')}); stages ms ${JSON.stringify(result.run.timingsMs)}; ${quality(result)}; ` +
        `agreement with in-process ${agreement(inProcess!, result).toFixed(3)} of its rings, ${agreement(result, inProcess!).toFixed(3)} of these; mean best member Jaccard of the in-process rings ${jaccardMean.toFixed(3)}`);
      gdsTable.push(`| ${sellers.toLocaleString('en')} | ${engine} | ${projection} | ${projectSeconds.toFixed(1)}${steps} | ${sec('gdsAlgorithm').toFixed(1)} | ${((result.run.timingsMs['louvain'] ?? 0) / 1000).toFixed(1)} | ${seconds.toFixed(1)} | ` +
        `${Number(f['edges'] ?? 0).toLocaleString('en')} / ${result.run.links.toLocaleString('en')} | ${quality(result)} | ${agreement(inProcess!, result).toFixed(3)} | ${jaccardMean.toFixed(3)} |`);
    }
    const neo4jPeak = vmHwmKb(server.pid);
    const nodePeak = process.resourceUsage().maxRSS;
    console.log(`memory: Neo4j java VmHWM ${mib(neo4jPeak)} MiB (after ingest ${mib(neo4jAfterIngest)} MiB), Node peak RSS ${mib(nodePeak)} MiB`);
    const s = (k: string): string => ((stages[k] ?? 0) / 1000).toFixed(1);
    // --skip-bolt leaves the naive and batched rates unmeasured: say so rather than print NaN.
    const rate = (r: number): string => (Number.isFinite(r) ? Math.round(r).toLocaleString('en') : 'skipped');
    table.push(
      `| ${sellers.toLocaleString('en')} | ${bulk.accepted.toLocaleString('en')} | ${rate(bulkRate)} (${bulkSeconds.toFixed(0)} s) | ${rate(naiveRate)} | ${rate(boltRate)}${Number.isFinite(sellersRate) ? ` (sellers ${rate(sellersRate)})` : ''} | ${Number.isFinite(boltRate / naiveRate) ? `${Math.round(boltRate / naiveRate)}×` : '—'} | ${['read', 'projection', 'louvain', 'scoring', 'lineage', 'write'].map(s).join(' / ')} | ${detectSeconds.toFixed(1)} | ${mib(neo4jPeak)} | ${mib(nodePeak)} |`,
    );
  } finally {
    await store.close();
    await server.stop();
    if (keepHome) console.log(`kept the Neo4j home at ${home}`);
    else {
      rmSync(home, { recursive: true, force: true });
      rmSync(bulkHome, { recursive: true, force: true });
    }
  }
}
console.log(`load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
console.log('\n| sellers | rows | bulk rows/s (end to end) | naive rows/s | batched rows/s | ratio | detect stages s (read / projection / louvain / scoring / lineage / write) | detect total s | Neo4j VmHWM MiB | Node peak RSS MiB |');
console.log('|---|---|---|---|---|---|---|---|---|---|');
for (const row of table) console.log(row);
console.log('\n| sellers | engine | projection | projection s | algorithm s | communities s | detection total s | edges projected / in-process | quality | share of in-process rings matched | mean best member Jaccard of in-process rings |');
console.log('|---|---|---|---|---|---|---|---|---|---|---|');
for (const row of gdsTable) console.log(row);
