/**
 * Quality benchmark (`npm run bench:quality`): on several seeded synthetic
 * marketplaces (≥ 20k sellers, ≥ 100 rings each) compare ringtrace's rings
 * with two baselines computed in the same run — connected components over
 * exact raw identifiers (the common "fraud ring = WCC" recipe) and connected
 * components after address resolution and hub removal — against the planted
 * ground truth. Prints one table per marketplace and the mean.
 *
 * Each marketplace's line ends with a fingerprint of the rings found, to
 * compare before and after a change that must not move them.
 *
 * Options: --sellers N (20000) --rings R (100) --seeds 1,2,3
 */
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { createEmbeddedStore } from '../../engine/store/embedded/index.ts';
import { ingestExport, runDetection } from '../../engine/index.ts';
import { buildIdentifierTable } from '../../engine/detect/identifier-table.ts';
import { deriveHubThreshold } from '../../engine/detect/hubs.ts';
import { generateMarketplace } from '../../seed/index.ts';
import { componentsOf, evaluate, type QualityMetrics } from './metrics.ts';

interface Truth {
  rings: Array<{ members: string[] }>;
  benignGroups: Array<{ members: string[] }>;
}

/** SHA-256 of the rings found (id, score, sorted members): equal before and after a change that must not move them. */
function ringsFingerprint(rings: ReadonlyArray<{ id: string; score: number; members: string[] }>): string {
  const hash = createHash('sha256');
  for (const ring of [...rings].sort((a, b) => a.id.localeCompare(b.id))) hash.update(`${ring.id}|${ring.score.toFixed(6)}|${[...ring.members].sort().join(',')}\n`);
  return hash.digest('hex').slice(0, 16);
}

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

async function readCsv(file: string): Promise<Array<Record<string, string>>> {
  return parse(await readFile(file), { columns: true, bom: true, skip_empty_lines: true }) as Array<Record<string, string>>;
}

/** Baseline 1: WCC over exact raw identifier strings, hubs included. */
async function rawIdentifierComponents(dir: string): Promise<string[][]> {
  const byKey = new Map<string, string[]>();
  const add = (key: string, raw: string | undefined, seller: string): void => {
    if (!raw) return;
    const k = `${key}|${raw}`;
    const list = byKey.get(k);
    if (list) list.push(seller);
    else byKey.set(k, [seller]);
  };
  for (const s of await readCsv(path.join(dir, 'sellers.csv'))) {
    add('phone', s.phone, s.seller_id!);
    add('email', s.email, s.seller_id!);
    add('id', s.id_number_hash, s.seller_id!);
    add('device', s.device_id, s.seller_id!);
    add('address', s.registered_address, s.seller_id!);
  }
  for (const p of await readCsv(path.join(dir, 'payment_accounts.csv'))) add('account', p.account_id, p.seller_id!);
  for (const a of await readCsv(path.join(dir, 'addresses.csv'))) add('address', a.address, a.seller_id!);
  const shopSeller = new Map<string, string>();
  for (const s of await readCsv(path.join(dir, 'shops.csv'))) shopSeller.set(s.shop_id!, s.seller_id!);
  for (const sh of await readCsv(path.join(dir, 'shipments.csv'))) {
    const seller = shopSeller.get(sh.shop_id!);
    if (seller) add('address', sh.origin_address, seller);
  }
  return componentsOf(byKey.values());
}

function fmt(x: number): string {
  return x.toFixed(3);
}

const COLUMNS: Array<[keyof QualityMetrics, string]> = [
  ['detected', 'rings found'],
  ['ringRecall', 'ring recall (J≥0.5)'],
  ['meanBestJaccard', 'mean best Jaccard'],
  ['topKSellerPrecision', 'top-K seller precision'],
  ['topKSellerRecall', 'top-K seller recall'],
  ['averagePrecision', 'average precision'],
  ['benignInTopK', 'benign groups in top-K'],
];

function table(rows: Array<[string, QualityMetrics]>): string {
  const head = `| metric | ${rows.map(([n]) => n).join(' | ')} |`;
  const sep = `|---|${rows.map(() => '---').join('|')}|`;
  const body = COLUMNS.map(([k, label]) => `| ${label} | ${rows.map(([, m]) => (k === 'detected' ? String(m[k]) : fmt(m[k]))).join(' | ')} |`);
  return [head, sep, ...body].join('\n');
}

function mean(ms: QualityMetrics[]): QualityMetrics {
  const out = {} as QualityMetrics;
  for (const [k] of COLUMNS) out[k] = ms.reduce((s, m) => s + m[k], 0) / ms.length;
  out.detected = Math.round(out.detected);
  return out;
}

async function main(): Promise<void> {
  const sellers = Number(arg('sellers', '20000'));
  const rings = Number(arg('rings', '100'));
  const seeds = arg('seeds', '1,2,3').split(',').map(Number);
  const all: Record<string, QualityMetrics[]> = { ringtrace: [], 'WCC raw ids': [], 'WCC resolved, no hubs': [] };
  for (const seed of seeds) {
    const root = await mkdtemp(path.join(tmpdir(), 'ringtrace-quality-'));
    try {
      const exportDir = path.join(root, 'export');
      await generateMarketplace({ sellers, rings, seed, outDir: exportDir });
      const truth = JSON.parse(await readFile(path.join(exportDir, 'ground_truth.json'), 'utf8')) as Truth;
      const trueRings = truth.rings.map((r) => r.members);
      const benign = truth.benignGroups.map((b) => b.members);
      const store = createEmbeddedStore({ dataDir: path.join(root, 'store') });
      await store.open();
      await ingestExport(store, exportDir);
      const t0 = performance.now();
      const result = await runDetection(store);
      const detectMs = performance.now() - t0;

      const ours = evaluate(result.rings.map((r) => r.members), trueRings, benign);
      const raw = evaluate(await rawIdentifierComponents(exportDir), trueRings, benign);
      const tableOfGroups = await buildIdentifierTable(store.identifierGroups({ minSellers: 2, maxSellers: 1_000_000 }));
      const threshold = deriveHubThreshold(tableOfGroups.size, sellers);
      const resolvedGroups: string[][] = [];
      for (let g = 0; g < tableOfGroups.groupCount; g++) {
        if (tableOfGroups.size[g]! > threshold) continue;
        const members = Array.from(tableOfGroups.members.subarray(tableOfGroups.offset[g]!, tableOfGroups.offset[g + 1]!), (v) => tableOfGroups.sellerIds[v]!);
        resolvedGroups.push(members);
      }
      const resolved = evaluate(componentsOf(resolvedGroups), trueRings, benign);
      await store.close();

      all.ringtrace!.push(ours);
      all['WCC raw ids']!.push(raw);
      all['WCC resolved, no hubs']!.push(resolved);
      console.log(`\n## seed ${seed}: ${sellers.toLocaleString('en')} sellers, ${trueRings.length} true rings, ${benign.length} benign groups (detection ${Math.round(detectMs)} ms, hub threshold ${result.run.hubThresholdUsed}, ${result.run.hubs.length} hubs, rings fingerprint ${ringsFingerprint(result.rings)})`);
      console.log(table([['ringtrace', ours], ['WCC raw ids', raw], ['WCC resolved, no hubs', resolved]]));
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  }
  const m = mean(all.ringtrace!);
  console.log(`\n## mean over seeds ${seeds.join(', ')}`);
  console.log(table(Object.entries(all).map(([name, ms]) => [name, mean(ms)])));
  const targets: Array<[string, boolean]> = [
    ['ring recall ≥ 0.9', m.ringRecall >= 0.9],
    ['average precision ≥ 0.85', m.averagePrecision >= 0.85],
    ['benign groups in top-K ≤ 3%', m.benignInTopK <= 0.03],
  ];
  console.log(`\ntargets: ${targets.map(([t, ok]) => `${t} ${ok ? 'MET' : 'MISSED'}`).join('; ')}`);
}

await main();
