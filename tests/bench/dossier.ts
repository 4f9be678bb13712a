/**
 * `npm run bench:dossier [-- --sellers 100000 --stores embedded,neo4j --repeat 3]`:
 * dossier build time and size for the ring closest to 60 members and for the
 * largest ring of a generated marketplace, on each store. Prints figures; no
 * assertions. Target: a 60-member ring's dossier in ≤ 2 s on the embedded store.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildDossier, ingestExport, loadOrCreateSigningKey, runDetection, softwareInfo, unmasked, type FullStore, type Ring } from '../../engine/index.ts';
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
    } finally {
      await store.close();
      await server?.stop();
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
