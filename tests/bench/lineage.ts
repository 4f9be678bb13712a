/**
 * Lineage benchmark (`npm run bench:lineage`): seeds a marketplace, writes its
 * day-2 export with `seed --evolve` (known grown, changed, merged, split,
 * dissolved and new rings plus honest churn), detects on both — the second run
 * matched against the first — and reports how many planted events lineage
 * recovers, and how many untouched rings come back `unchanged`. Then times
 * lineage matching alone on 10,000 rings.
 *
 * Options: --sellers N (20000) --rings R (100) --seed S (3) --evolve-seed E (7) --match-rings M (10000)
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { detectRings, DEFAULT_DETECT_PARAMS, ingestExport, runDetection, type Ring } from '../../engine/index.ts';
import { matchRings } from '../../engine/detect/lineage.ts';
import { createEmbeddedStore } from '../../engine/store/embedded/index.ts';
import { createRng, evolveMarketplace, generateMarketplace, type Evolution } from '../../seed/index.ts';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? Number(process.argv[i + 1]) : fallback;
}

/** The detected ring holding most of `members` (at least two of them), or null. */
function ringOf(rings: Ring[], members: string[]): Ring | null {
  const wanted = new Set(members);
  let best: Ring | null = null;
  let bestShared = 1;
  for (const ring of rings) {
    const shared = ring.members.filter((m) => wanted.has(m)).length;
    if (shared > bestShared) [best, bestShared] = [ring, shared];
  }
  return best;
}

async function detectOn(dir: string, work: string, previous: Ring[] | null): Promise<Ring[]> {
  const store = createEmbeddedStore({ dataDir: work });
  await store.open();
  try {
    await ingestExport(store, dir);
    if (previous === null) return (await runDetection(store)).rings;
    const result = await detectRings(store, DEFAULT_DETECT_PARAMS, { previous: { runId: 'day-1', rings: previous.map((r) => ({ id: r.id, members: r.members })) } });
    return result.rings;
  } finally {
    await store.close();
  }
}

async function eventAccuracy(): Promise<void> {
  const sellers = arg('sellers', 20_000);
  const rings = arg('rings', 100);
  const seed = arg('seed', 3);
  const root = await mkdtemp(path.join(tmpdir(), 'ringtrace-bench-lineage-'));
  try {
    const day1 = path.join(root, 'day1');
    const day2 = path.join(root, 'day2');
    await generateMarketplace({ sellers, rings, seed, outDir: day1 });
    const evolution: Evolution = await evolveMarketplace({ previousDir: day1, outDir: day2, seed: arg('evolve-seed', 7) });
    const truth = JSON.parse(await readFile(path.join(day1, 'ground_truth.json'), 'utf8')) as { rings: Array<{ id: string; members: string[] }> };
    const planted = new Map(truth.rings.map((r) => [r.id, r.members]));
    const before = await detectOn(day1, path.join(root, 's1'), null);
    const after = await detectOn(day2, path.join(root, 's2'), before);
    const idBefore = (plantedId: string): string | null => ringOf(before, planted.get(plantedId) ?? [])?.id ?? null;

    const outcome = new Map<string, { ok: number; total: number; misses: string[] }>();
    const score = (type: string, ok: boolean, what: string): void => {
      const o = outcome.get(type) ?? { ok: 0, total: 0, misses: [] };
      o.total += 1;
      if (ok) o.ok += 1;
      else o.misses.push(what);
      outcome.set(type, o);
    };
    for (const event of evolution.events) {
      const [first, second] = event.rings.map(idBefore);
      const successors = event.members.map((m) => ringOf(after, m));
      const n = successors[0] ?? null;
      const seen = `${event.rings.join('+') || 'new'} → ${successors.map((s) => (s ? `${s.id} ${s.change} [${s.previousIds?.join(',')}]` : 'none')).join(' / ')}`;
      switch (event.type) {
        case 'grown':
        case 'changed':
          score(event.type, n !== null && n.id === first && n.change === event.type, seen);
          break;
        case 'merged':
          score('merged', n !== null && n.change === 'merged' && [first, second].every((id) => typeof id === 'string' && (n.previousIds ?? []).includes(id)), seen);
          break;
        case 'split': {
          const [a, b] = successors;
          score('split', a != null && b != null && a.id !== b.id && a.change === 'split' && b.change === 'split' && (a.id === first || b.id === first), seen);
          break;
        }
        case 'dissolved': {
          const members = new Set(planted.get(event.rings[0]!) ?? []);
          score('dissolved', first !== null && !after.some((r) => r.id === first || r.members.filter((m) => members.has(m)).length >= 2), seen);
          break;
        }
        case 'new':
          score('new', n !== null && n.change === 'new', seen);
          break;
      }
    }
    for (const id of evolution.untouched) {
      const was = idBefore(id);
      const now = ringOf(after, planted.get(id) ?? []);
      if (was !== null) score('untouched → unchanged', now !== null && now.id === was && now.change === 'unchanged', `${id} → ${now ? `${now.id} ${now.change}` : 'none'}`);
    }
    console.log(`lineage events, ${sellers.toLocaleString('en')} sellers, ${rings} planted rings, seed ${seed} (day 2: seed --evolve, evolve seed ${arg('evolve-seed', 7)}):`);
    let ok = 0;
    let total = 0;
    for (const [type, o] of outcome) {
      console.log(`  ${type.padEnd(24)} ${o.ok}/${o.total}${o.misses.length ? `   missed: ${o.misses.slice(0, 3).join('; ')}` : ''}`);
      if (!type.startsWith('untouched')) {
        ok += o.ok;
        total += o.total;
      }
    }
    console.log(`  events recovered: ${ok}/${total}`);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

function matchingTime(): void {
  const count = arg('match-rings', 10_000);
  const rng = createRng(11);
  let next = 0;
  const previous = Array.from({ length: count }, (_, i) => ({ id: `R-${i}`, members: Array.from({ length: rng.int(3, 12) }, () => `S${next++}`) }));
  // Day 2: most rings as they were, a tenth grown, a tenth shrunk, some merged pairwise, some new.
  const day2: string[][] = [];
  for (let i = 0; i < count; i += 1) {
    const members = [...previous[i]!.members];
    const r = rng.next();
    if (r < 0.1) members.push(`S${next++}`, `S${next++}`);
    else if (r < 0.2) members.pop();
    else if (r < 0.25 && i + 1 < count) members.push(...previous[++i]!.members);
    day2.push(members);
  }
  for (let i = 0; i < count / 20; i += 1) day2.push(Array.from({ length: 5 }, () => `S${next++}`));
  matchRings(previous, day2);
  const times: number[] = [];
  for (let k = 0; k < 5; k += 1) {
    const t = performance.now();
    matchRings(previous, day2);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  console.log(`lineage matching: ${count.toLocaleString('en')} previous rings × ${day2.length.toLocaleString('en')} new rings (${next.toLocaleString('en')} sellers): median ${times[2]!.toFixed(1)} ms over 5 runs`);
}

await eventAccuracy();
matchingTime();
