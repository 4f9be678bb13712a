/**
 * Day-2 data: `evolveMarketplace` reads an export written by the generator
 * (with its ground_truth.json) and writes the next export of the same
 * marketplace — a full snapshot, every file again — in which planted rings
 * change in known ways, plus `evolution.json`, the ground truth of those
 * events, and the next ground_truth.json:
 *
 * - grown: new sellers join a ring (they share a member's ID document, device
 *   and payout account);
 * - changed: a ring loses two members and gains two, keeping its size;
 * - merged: two rings come under common control (every member of the second
 *   is paid into an account of the first);
 * - split: half of a ring moves to identifiers of its own (every identifier
 *   value of that half is rewritten consistently, so the halves share none);
 * - dissolved: every member of a ring gets identifier values of its own;
 * - new: rings that did not exist appear (new sellers sharing an ID document,
 *   a payout account, a device and a warehouse, with counterfeit reports);
 * - honest churn: new honest sellers with identifiers of their own, and some
 *   honest sellers change phone numbers and close shops.
 *
 * Rings are chosen with a seeded RNG among those whose members tie only to
 * each other's values (no borrowed warehouse). The previous export is held in
 * memory: this is for benchmark- and test-sized marketplaces.
 */
import { createReadStream, existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { csvRecords, EngineError, isCsvProblem } from '../engine/index.ts';
import type { GroundTruth, GroundTruthRing } from './ground-truth.ts';
import { COLUMNS } from './market-writer.ts';
import { createRng, type Rng } from './rng.ts';
import { csvField } from './sinks.ts';

type Row = Record<string, string>;
type FileKey = keyof typeof COLUMNS;

/** Entity file names without extension; each is read as NAME.csv or NAME.ndjson and written as CSV. */
const FILES: Record<FileKey, string> = {
  sellers: 'sellers', shops: 'shops', paymentAccounts: 'payment_accounts',
  addresses: 'addresses', shipments: 'shipments', reports: 'reports',
};

export type EvolutionEventType = 'grown' | 'changed' | 'merged' | 'split' | 'dissolved' | 'new';

export interface EvolutionEvent {
  type: EvolutionEventType;
  /** The planted rings of the previous export it concerns (two for merged, none for new). */
  rings: string[];
  /** Members of the resulting ring(s): one list, two for split, none for dissolved. */
  members: string[][];
}

export interface Evolution {
  previous: string;
  seed: number;
  events: EvolutionEvent[];
  /** Planted rings left alone: their detected rings should come back unchanged. */
  untouched: string[];
  churn: { newHonestSellers: number; honestPhoneChanges: number; honestShopsClosed: number };
}

export interface EvolveOptions {
  previousDir: string;
  outDir: string;
  seed: number;
  /** How many rings of each event (merged counts pairs). Defaults: 4 grown, 3 changed, 2 merged, 2 split, 3 dissolved, 4 new. */
  counts?: Partial<Record<EvolutionEventType, number>>;
  newHonestSellers?: number;
}

const DEFAULT_COUNTS: Record<EvolutionEventType, number> = { grown: 4, changed: 3, merged: 2, split: 2, dissolved: 3, new: 4 };

async function readCsvFile(file: string): Promise<Row[]> {
  const rows: Row[] = [];
  let header: string[] | null = null;
  for await (const item of csvRecords(createReadStream(file, { encoding: 'utf8' }))) {
    if (isCsvProblem(item)) throw new EngineError('INVALID_INPUT', `${file}:${item.line}: ${item.error}`);
    if (header === null) {
      header = item.fields.map((f) => f.replace(/^\uFEFF/, ''));
      continue;
    }
    const row: Row = {};
    header.forEach((name, i) => (row[name] = item.fields[i] ?? ''));
    rows.push(row);
  }
  return rows;
}

async function readEntityFile(dir: string, name: string): Promise<Row[]> {
  if (existsSync(join(dir, `${name}.csv`))) return readCsvFile(join(dir, `${name}.csv`));
  const file = join(dir, `${name}.ndjson`);
  if (!existsSync(file)) return [];
  return (await readFile(file, 'utf8')).split('\n').filter((line) => line.trim() !== '').map((line, i) => {
    try {
      return Object.fromEntries(Object.entries(JSON.parse(line) as Record<string, unknown>).map(([k, v]) => [k, v === null ? '' : String(v)]));
    } catch (error) {
      throw new EngineError('INVALID_INPUT', `${file}:${i + 1}: not JSON`, { cause: error });
    }
  });
}

async function writeCsvFile(file: string, columns: readonly string[], rows: Row[]): Promise<void> {
  const lines = [columns.join(','), ...rows.map((row) => columns.map((c) => csvField(row[c] ?? '')).join(','))];
  await writeFile(file, `${lines.join('\n')}\n`);
}

/** Rewrites every identifier value of `sellers` with `tag`: values stay shared among sellers given the same tag, and with nobody else. */
function retag(data: Record<FileKey, Row[]>, sellers: Set<string>, tagOf: (seller: string) => string): void {
  const shopsOf = new Map<string, string>();
  for (const shop of data.shops) if (sellers.has(shop.seller_id!)) shopsOf.set(shop.shop_id!, shop.seller_id!);
  for (const s of data.sellers) {
    if (!sellers.has(s.seller_id!)) continue;
    const tag = tagOf(s.seller_id!);
    s.phone = '';
    if (s.email) s.email = s.email.replace('@', `@${tag}.`);
    if (s.id_number_hash) s.id_number_hash = `${s.id_number_hash}${tag}`;
    if (s.device_id) s.device_id = `${s.device_id}-${tag}`;
    if (s.registered_address) s.registered_address = `${tag} ${s.registered_address}`;
  }
  for (const a of data.paymentAccounts) if (sellers.has(a.seller_id!)) a.account_id = `${a.account_id}-${tagOf(a.seller_id!)}`;
  for (const a of data.addresses) if (sellers.has(a.seller_id!)) a.address = `${tagOf(a.seller_id!)} ${a.address}`;
  for (const sh of data.shipments) {
    const owner = shopsOf.get(sh.shop_id!);
    if (owner !== undefined && sh.origin_address) sh.origin_address = `${tagOf(owner)} ${sh.origin_address}`;
  }
}

interface Builder {
  data: Record<FileKey, Row[]>;
  rng: Rng;
  next: number;
}

/** A new seller tied to `donor` by its ID document, device and first payout account. */
function joinRing(b: Builder, donor: string): string {
  const id = `S-D2-${String(++b.next).padStart(6, '0')}`;
  const d = b.data.sellers.find((s) => s.seller_id === donor)!;
  b.data.sellers.push({ seller_id: id, name: `Day Two Trading ${b.next}`, registered_at: '2026-11-30', status: 'active', id_number_hash: d.id_number_hash ?? '', device_id: d.device_id ?? '' });
  const account = b.data.paymentAccounts.find((a) => a.seller_id === donor);
  const accountId = account?.account_id ?? `PA-D2-${donor}`;
  if (!account) b.data.paymentAccounts.push({ account_id: accountId, seller_id: donor, kind: 'bank', holder_name: '' });
  b.data.paymentAccounts.push({ account_id: accountId, seller_id: id, kind: 'bank', holder_name: '' });
  return id;
}

function newRing(b: Builder, size: number, n: number): string[] {
  const members: string[] = [];
  const warehouse = `${100 + n} Evolution Industrial Park Building ${n + 1}, Shenzhen`;
  for (let i = 0; i < size; i += 1) {
    const id = `S-D2-${String(++b.next).padStart(6, '0')}`;
    members.push(id);
    b.data.sellers.push({ seller_id: id, name: `New Ring ${n} Shop ${i}`, registered_at: '2026-11-30', status: 'active', id_number_hash: `IDH-D2-RING-${n}`, device_id: `DEV-D2-RING-${n}` });
    b.data.paymentAccounts.push({ account_id: `PA-D2-RING-${n}`, seller_id: id, kind: 'alipay', holder_name: '' });
    b.data.addresses.push({ seller_id: id, address: warehouse, role: 'warehouse' });
    const shopId = `SH-D2-${id}`;
    b.data.shops.push({ shop_id: shopId, seller_id: id, name: `New Ring ${n} Store ${i}`, status: 'open', opened_at: '2026-11-30' });
    for (let p = 0; p < 6; p += 1) b.data.shipments.push({ shipment_id: `SP-D2-${id}-${p}`, shop_id: shopId, origin_address: warehouse, carrier: 'ZTO', shipped_at: '2026-12-01' });
    b.data.reports.push({ report_id: `RP-D2-${id}`, shop_id: shopId, brand: 'Nike', kind: 'test_buy', verdict: 'counterfeit', reported_at: '2026-12-01' });
  }
  return members;
}

export async function evolveMarketplace(options: EvolveOptions): Promise<Evolution> {
  const truth = JSON.parse(await readFile(join(options.previousDir, 'ground_truth.json'), 'utf8')) as GroundTruth;
  const data = {} as Record<FileKey, Row[]>;
  for (const key of Object.keys(FILES) as FileKey[]) data[key] = await readEntityFile(options.previousDir, FILES[key]);
  const counts = { ...DEFAULT_COUNTS, ...options.counts };
  const b: Builder = { data, rng: createRng(options.seed), next: 0 };

  // Rings that borrow a warehouse, or lend one, are tied to another ring already: events on them are not clean.
  const entangled = new Set(truth.rings.flatMap((r) => (r.borrowsWarehouseOf ? [r.id, r.borrowsWarehouseOf] : [])));
  const pool = truth.rings.filter((r) => !entangled.has(r.id) && r.size >= 4);
  const take = (): GroundTruthRing => {
    if (pool.length === 0) throw new EngineError('INVALID_INPUT', `${options.previousDir}: too few planted rings for the requested events`);
    return pool.splice(Math.floor(b.rng.next() * pool.length), 1)[0]!;
  };
  const events: EvolutionEvent[] = [];
  const nextRings = new Map(truth.rings.map((r) => [r.id, [...r.members]]));

  for (let i = 0; i < counts.grown; i += 1) {
    const ring = take();
    const added = Array.from({ length: 2 + (i % 2) }, () => joinRing(b, ring.members[0]!));
    nextRings.set(ring.id, [...ring.members, ...added].sort());
    events.push({ type: 'grown', rings: [ring.id], members: [nextRings.get(ring.id)!] });
  }
  for (let i = 0; i < counts.changed; i += 1) {
    const ring = take();
    const leaving = ring.members.slice(-2);
    retag(data, new Set(leaving), (s) => `X${s}`);
    const added = [joinRing(b, ring.members[0]!), joinRing(b, ring.members[0]!)];
    nextRings.set(ring.id, [...ring.members.slice(0, -2), ...added].sort());
    events.push({ type: 'changed', rings: [ring.id], members: [nextRings.get(ring.id)!] });
  }
  for (let i = 0; i < counts.merged; i += 1) {
    const [a, c] = [take(), take()];
    const account = data.paymentAccounts.find((p) => p.seller_id === a.members[0])?.account_id ?? `PA-D2-MERGE-${i}`;
    for (const m of [...a.members.slice(0, 1), ...c.members]) data.paymentAccounts.push({ account_id: account, seller_id: m, kind: 'bank', holder_name: '' });
    const merged = [...a.members, ...c.members].sort();
    nextRings.set(a.id, merged);
    nextRings.delete(c.id);
    events.push({ type: 'merged', rings: [a.id, c.id], members: [merged] });
  }
  for (let i = 0; i < counts.split; i += 1) {
    const ring = take();
    const half = ring.members.slice(Math.ceil(ring.members.length / 2));
    retag(data, new Set(half), () => `SPLIT${i}`);
    const kept = ring.members.filter((m) => !half.includes(m));
    nextRings.set(ring.id, kept);
    nextRings.set(`${ring.id}-split`, [...half]);
    events.push({ type: 'split', rings: [ring.id], members: [kept, [...half]] });
  }
  for (let i = 0; i < counts.dissolved; i += 1) {
    const ring = take();
    retag(data, new Set(ring.members), (s) => `DIS${s}`);
    nextRings.delete(ring.id);
    events.push({ type: 'dissolved', rings: [ring.id], members: [] });
  }
  for (let i = 0; i < counts.new; i += 1) {
    const members = newRing(b, 4 + (i % 3), i);
    nextRings.set(`NEW-${i}`, members);
    events.push({ type: 'new', rings: [], members: [members] });
  }

  // Honest churn: newcomers, changed phones, closed shops — none of it may move a ring.
  const ringMembers = new Set(truth.rings.flatMap((r) => r.members));
  const honest = data.sellers.filter((s) => !ringMembers.has(s.seller_id!) && !s.seller_id!.startsWith('S-D2-'));
  const newHonestSellers = options.newHonestSellers ?? Math.max(10, Math.round(honest.length * 0.02));
  for (let i = 0; i < newHonestSellers; i += 1) {
    const id = `S-D2-H${String(i).padStart(6, '0')}`;
    data.sellers.push({ seller_id: id, name: `Fresh Goods ${i}`, registered_at: '2026-11-30', status: 'active', id_number_hash: `IDH-D2-H${i}`, device_id: `DEV-D2-H${i}` });
  }
  let honestPhoneChanges = 0;
  for (const s of honest) {
    if (b.rng.next() < 0.01 && s.phone) {
      s.phone = `+86139${String(Math.floor(b.rng.next() * 1e8)).padStart(8, '0')}`;
      honestPhoneChanges += 1;
    }
  }
  const honestIds = new Set(honest.map((s) => s.seller_id!));
  let honestShopsClosed = 0;
  for (const shop of data.shops) {
    if (honestIds.has(shop.seller_id!) && shop.status === 'open' && b.rng.next() < 0.01) {
      shop.status = 'closed';
      shop.closed_at = '2026-11-29';
      honestShopsClosed += 1;
    }
  }

  await mkdir(options.outDir, { recursive: true });
  for (const key of Object.keys(FILES) as FileKey[]) await writeCsvFile(join(options.outDir, `${FILES[key]}.csv`), COLUMNS[key], data[key]);
  const touched = new Set(events.flatMap((e) => e.rings));
  const evolution: Evolution = {
    previous: options.previousDir,
    seed: options.seed,
    events,
    untouched: truth.rings.filter((r) => !touched.has(r.id)).map((r) => r.id),
    churn: { newHonestSellers, honestPhoneChanges, honestShopsClosed },
  };
  const nextTruth: GroundTruth = {
    ...truth,
    sellers: data.sellers.length,
    rings: [...nextRings].map(([id, members]) => {
      const before = truth.rings.find((r) => r.id === id);
      return before ? { ...before, members, size: members.length } : { id, members, warehouses: [], borrowsWarehouseOf: null, size: members.length, evidenced: true, brands: ['Nike'], ties: {} };
    }),
  };
  await writeFile(join(options.outDir, 'ground_truth.json'), `${JSON.stringify(nextTruth, null, 2)}\n`);
  await writeFile(join(options.outDir, 'evolution.json'), `${JSON.stringify(evolution, null, 2)}\n`);
  return evolution;
}
