/**
 * Tests of the synthetic marketplace generator: determinism, the export
 * contract (columns, enums, timestamps, references), ground truth against the
 * files, the heavy tail of ring sizes, hub volumes, ring ties as they appear in
 * the written files, and the written variants of one place.
 */
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNT_KINDS, isEngineError, ADDRESS_ROLES, REPORT_KINDS, REPORT_VERDICTS, SELLER_STATUSES, SHOP_STATUSES } from '../../engine/index.ts';
import { createPlaceGenerator, createRng, describePlace, generateMarketplace, writeVariant, type GroundTruth, type SeedSummary } from '../../seed/index.ts';
import { CITIES } from '../../seed/vocabulary.ts';

type Row = Record<string, string>;

const REQUIRED: Record<string, readonly string[]> = {
  sellers: ['seller_id'],
  shops: ['shop_id', 'seller_id'],
  payment_accounts: ['account_id', 'seller_id'],
  addresses: ['seller_id', 'address'],
  shipments: ['shipment_id', 'shop_id'],
  reports: ['report_id', 'shop_id'],
};
const ISO = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}Z)?$/;
const CITY_NAMES = CITIES.map((city) => city.name.toLowerCase());

/**
 * A rough place key for tests only (the real canonicaliser lives in the
 * engine): city, street name and street kind, and the sorted numbers. Enough
 * to tell whether two texts name one place of this generator.
 */
function roughPlaceKey(text: string): string {
  const lower = text.toLowerCase();
  const city = CITY_NAMES.find((name) => lower.includes(name)) ?? '?';
  const street = /([a-z']+)\s+(road|rd|street|st|avenue|ave)\b/.exec(lower);
  const kind = street?.[2]?.charAt(0) ?? '?';
  const numbers = (lower.match(/\d+/g) ?? []).map(Number).sort((a, b) => a - b);
  return `${city}|${street?.[1] ?? '?'}|${kind}|${numbers.join('.')}`;
}

function phoneKey(text: string): string {
  return text.replace(/[^\d+]/g, '');
}

async function readExport(dir: string): Promise<Record<string, Row[]>> {
  const tables: Record<string, Row[]> = {};
  for (const name of ['sellers', 'shops', 'payment_accounts', 'addresses', 'shipments']) {
    tables[name] = parse(await readFile(join(dir, `${name}.csv`), 'utf8'), { columns: true, bom: true }) as Row[];
  }
  const ndjson = await readFile(join(dir, 'reports.ndjson'), 'utf8');
  tables.reports = ndjson.split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as Row);
  return tables;
}

function rows(tables: Record<string, Row[]>, name: string): Row[] {
  const table = tables[name];
  if (!table) throw new Error(`missing table ${name}`);
  return table;
}

function countBy<T>(items: Iterable<T>): Map<T, number> {
  const counts = new Map<T, number>();
  for (const item of items) counts.set(item, (counts.get(item) ?? 0) + 1);
  return counts;
}

describe('generateMarketplace', () => {
  let root: string;
  let bigDir: string;
  let summary: SeedSummary;
  let tables: Record<string, Row[]>;
  let truth: GroundTruth;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'ringtrace-seed-'));
    bigDir = join(root, 'big');
    summary = await generateMarketplace({ sellers: 20_000, rings: 200, seed: 11, outDir: bigDir });
    tables = await readExport(bigDir);
    truth = JSON.parse(await readFile(join(bigDir, 'ground_truth.json'), 'utf8')) as GroundTruth;
  }, 120_000);

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('when run twice with the same options, then every file is byte-identical; with another seed, then files differ', async () => {
    const options = { sellers: 1500, rings: 20 };
    const a = join(root, 'a');
    const b = join(root, 'b');
    const c = join(root, 'c');
    await generateMarketplace({ ...options, seed: 5, outDir: a });
    await generateMarketplace({ ...options, seed: 5, outDir: b });
    await generateMarketplace({ ...options, seed: 6, outDir: c });

    const files = (await readdir(a)).sort();
    expect(files).toEqual(['addresses.csv', 'ground_truth.json', 'payment_accounts.csv', 'reports.ndjson', 'sellers.csv', 'shipments.csv', 'shops.csv']);
    for (const file of files) {
      expect((await readFile(join(b, file))).equals(await readFile(join(a, file))), file).toBe(true);
    }
    expect((await readFile(join(c, 'sellers.csv'))).equals(await readFile(join(a, 'sellers.csv')))).toBe(false);
  });

  it('when files are parsed, then required columns are present, enums are valid and timestamps are ISO 8601', () => {
    for (const [name, required] of Object.entries(REQUIRED)) {
      const table = rows(tables, name);
      expect(table.length, name).toBeGreaterThan(0);
      for (const row of table) for (const column of required) expect(row[column], `${name}.${column}`).toBeTruthy();
    }
    const inEnum = (values: readonly string[], value: string | undefined): boolean => value === '' || values.includes(value ?? '');
    expect(rows(tables, 'sellers').every((row) => inEnum(SELLER_STATUSES, row.status))).toBe(true);
    expect(rows(tables, 'shops').every((row) => inEnum(SHOP_STATUSES, row.status))).toBe(true);
    expect(rows(tables, 'payment_accounts').every((row) => inEnum(ACCOUNT_KINDS, row.kind))).toBe(true);
    expect(rows(tables, 'addresses').every((row) => inEnum(ADDRESS_ROLES, row.role))).toBe(true);
    expect(rows(tables, 'reports').every((row) => inEnum(REPORT_KINDS, row.kind) && inEnum(REPORT_VERDICTS, row.verdict))).toBe(true);
    const stamps = [
      ...rows(tables, 'sellers').map((row) => row.registered_at),
      ...rows(tables, 'shops').flatMap((row) => [row.opened_at, row.closed_at]),
      ...rows(tables, 'shipments').map((row) => row.shipped_at),
      ...rows(tables, 'reports').map((row) => row.reported_at),
    ].filter((value) => value !== '');
    expect(stamps.every((value) => ISO.test(value ?? ''))).toBe(true);
  });

  it('when rows reference sellers and shops, then every reference exists and summary counts match the files', () => {
    const sellerIds = new Set(rows(tables, 'sellers').map((row) => row.seller_id));
    const shopIds = new Set(rows(tables, 'shops').map((row) => row.shop_id));
    expect(sellerIds.size).toBe(20_000);
    for (const name of ['shops', 'payment_accounts', 'addresses']) {
      expect(rows(tables, name).every((row) => sellerIds.has(row.seller_id)), name).toBe(true);
    }
    expect(rows(tables, 'shipments').every((row) => shopIds.has(row.shop_id))).toBe(true);
    expect(rows(tables, 'reports').every((row) => shopIds.has(row.shop_id))).toBe(true);
    expect(summary.files['sellers.csv']).toBe(20_000);
    expect(summary.files['shipments.csv']).toBe(rows(tables, 'shipments').length);
    expect(summary.files['reports.ndjson']).toBe(rows(tables, 'reports').length);
  });

  it('when ground truth is read, then rings have the requested count, a heavy tail, and members that exist', () => {
    const sellerIds = new Set(rows(tables, 'sellers').map((row) => row.seller_id));
    expect(truth.rings).toHaveLength(200);
    const members = truth.rings.flatMap((ring) => ring.members);
    expect(new Set(members).size).toBe(members.length);
    expect(members.every((id) => sellerIds.has(id))).toBe(true);
    expect(truth.benignGroups.flatMap((group) => group.members).every((id) => sellerIds.has(id) && !members.includes(id))).toBe(true);

    const sizes = truth.rings.map((ring) => ring.members.length);
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(3);
    expect(sizes.filter((size) => size <= 5).length).toBeGreaterThan(sizes.length / 2);
    expect(sizes.filter((size) => size >= 10 && size <= 30).length).toBeGreaterThanOrEqual(5);
    expect(sizes.filter((size) => size >= 60).length).toBeGreaterThanOrEqual(2);
    const small = truth.rings.filter((ring) => ring.size <= 9);
    const borrowing = small.filter((ring) => ring.borrowsWarehouseOf !== null).length / small.length;
    expect(borrowing).toBeGreaterThan(0.12);
    expect(borrowing).toBeLessThan(0.28);
    expect(truth.rings.filter((ring) => !ring.evidenced && ring.size >= 10).length).toBeGreaterThan(0);
    expect(truth.rings.every((ring) => ring.warehouses.length >= 1)).toBe(true);
  });

  it('when benign groups and agents are read, then families, coincidence pairs and logistics clients are planted and agents serve many honest sellers', () => {
    const kinds = countBy<string>(truth.benignGroups.map((group) => group.kind));
    expect(kinds.get('family')).toBe(200);
    for (const kind of ['payment_account', 'return_address', 'phone', 'pickup_address', 'device', 'office']) expect(kinds.get(kind) ?? 0, kind).toBeGreaterThan(5);
    expect(kinds.get('logistics')).toBe(10);
    expect(truth.benignGroups.filter((group) => group.kind === 'logistics').every((group) => group.members.length >= 3)).toBe(true);
    expect(truth.agents.length).toBe(20);
    expect(truth.agents.reduce((n, agent) => n + agent.honestClients, 0) / truth.agents.length).toBeGreaterThan(20);
    expect(truth.agents.every((agent) => agent.rings.length >= 2)).toBe(true);
  });

  it('when hub identifiers are counted at 20k sellers, then each has thousands of sellers, ring members among them', () => {
    const ringMembers = new Set(truth.rings.flatMap((ring) => ring.members));
    const shopSeller = new Map(rows(tables, 'shops').map((row) => [row.shop_id, row.seller_id ?? '']));
    const sellersOf = (pairs: Iterable<readonly [string, string]>, key: string): Set<string> => {
      const found = new Set<string>();
      for (const [value, seller] of pairs) if (value === key) found.add(seller);
      return found;
    };
    const origins = rows(tables, 'shipments').map((row) => [roughPlaceKey(row.origin_address ?? ''), shopSeller.get(row.shop_id ?? '') ?? ''] as const);
    const warehouses = rows(tables, 'addresses').filter((row) => row.role === 'warehouse').map((row) => [roughPlaceKey(row.address ?? ''), row.seller_id ?? ''] as const);
    const accounts = rows(tables, 'payment_accounts').map((row) => [row.account_id ?? '', row.seller_id ?? ''] as const);
    const phones = rows(tables, 'sellers').map((row) => [phoneKey(row.phone ?? ''), row.seller_id ?? ''] as const);
    const emails = rows(tables, 'sellers').map((row) => [(row.email ?? '').toLowerCase(), row.seller_id ?? ''] as const);
    const devices = rows(tables, 'sellers').map((row) => [row.device_id ?? '', row.seller_id ?? ''] as const);

    expect(truth.hubs.length).toBeGreaterThanOrEqual(8);
    expect(truth.hubs.some((hub) => hub.type === 'device')).toBe(true);
    for (const hub of truth.hubs) {
      const users =
        hub.type === 'shipment_origin' ? sellersOf(origins, roughPlaceKey(hub.value))
        : hub.type === 'warehouse_address' ? sellersOf(warehouses, roughPlaceKey(hub.value))
        : hub.type === 'payment_account' ? sellersOf(accounts, hub.value)
        : hub.type === 'phone' ? sellersOf(phones, hub.value)
        : hub.type === 'device' ? sellersOf(devices, hub.value)
        : sellersOf(emails, hub.value);
      expect(users.size, `${hub.type} ${hub.value}`).toBeGreaterThanOrEqual(1000);
      expect([...users].some((seller) => ringMembers.has(seller)), `${hub.type} camouflage`).toBe(true);
    }
  });

  it('when device ids are read back, then rings share devices among members, kiosks are hubs, and honest sellers outside benign groups share none', () => {
    const kiosks = new Set(truth.hubs.filter((hub) => hub.type === 'device').map((hub) => hub.value));
    const ringOf = new Map(truth.rings.flatMap((ring) => ring.members.map((m) => [m, ring.id] as const)));
    const family = new Set(truth.benignGroups.flatMap((group) => group.members));
    const users = new Map<string, string[]>();
    for (const row of rows(tables, 'sellers')) {
      if (!row.device_id) continue;
      users.set(row.device_id, [...(users.get(row.device_id) ?? []), row.seller_id ?? '']);
    }
    let ringShared = 0;
    for (const [device, sellers] of users) {
      if (sellers.length < 2 || kiosks.has(device)) continue;
      const rings = new Set(sellers.map((s) => ringOf.get(s) ?? (family.has(s) ? 'family' : 'honest')));
      expect(rings.has('honest'), `${device} shared by honest sellers ${sellers.join(', ')}`).toBe(false);
      expect(rings.size, `${device} spans ${[...rings].join(', ')}`).toBe(1);
      if (!rings.has('family')) ringShared += 1;
    }
    expect(ringShared).toBeGreaterThanOrEqual(truth.rings.length / 2);
    expect(truth.rings.reduce((n, ring) => n + (ring.ties['device'] ?? 0), 0)).toBe(ringShared);
    expect(rows(tables, 'sellers').filter((row) => !row.device_id).length).toBeGreaterThan(0);
  });

  it('when ring identifiers are read back from the files, then every member shares at least two non-hub, non-agent identifiers with its ring', () => {
    const shopSeller = new Map(rows(tables, 'shops').map((row) => [row.shop_id, row.seller_id ?? '']));
    const excluded = new Set([
      ...truth.hubs.map((hub) => (hub.type === 'shipment_origin' || hub.type === 'warehouse_address' ? `addr:${roughPlaceKey(hub.value)}` : hub.value)),
      ...truth.agents.flatMap((agent) => [`addr:${roughPlaceKey(agent.office)}`, `phone:${agent.phone}`]),
      'phone:00000000000',
      'email:noreply@marketplace.example',
    ]);
    const keys = new Map<string, Set<string>>();
    const add = (seller: string, key: string): void => {
      if (key.endsWith(':') || excluded.has(key) || excluded.has(key.slice(key.indexOf(':') + 1))) return;
      const set = keys.get(seller) ?? new Set<string>();
      set.add(key);
      keys.set(seller, set);
    };
    for (const row of rows(tables, 'sellers')) {
      const seller = row.seller_id ?? '';
      add(seller, `phone:${phoneKey(row.phone ?? '')}`);
      add(seller, `email:${(row.email ?? '').toLowerCase()}`);
      add(seller, `id:${row.id_number_hash ?? ''}`);
      if (row.registered_address) add(seller, `addr:${roughPlaceKey(row.registered_address)}`);
    }
    for (const row of rows(tables, 'payment_accounts')) add(row.seller_id ?? '', `acct:${row.account_id ?? ''}`);
    for (const row of rows(tables, 'addresses')) add(row.seller_id ?? '', `addr:${roughPlaceKey(row.address ?? '')}`);
    for (const row of rows(tables, 'shipments')) {
      if (row.origin_address) add(shopSeller.get(row.shop_id ?? '') ?? '', `addr:${roughPlaceKey(row.origin_address)}`);
    }

    const weak: string[] = [];
    let pairs = 0;
    let linkedPairs = 0;
    for (const ring of truth.rings) {
      const holders = countBy(ring.members.flatMap((member) => [...(keys.get(member) ?? [])]));
      for (const member of ring.members) {
        const shared = [...(keys.get(member) ?? [])].filter((key) => (holders.get(key) ?? 0) >= 2);
        if (shared.length < 2) weak.push(`${ring.id}/${member}`);
      }
      if (ring.members.length < 10) continue;
      for (let i = 0; i < ring.members.length; i += 1) {
        for (let j = i + 1; j < ring.members.length; j += 1) {
          pairs += 1;
          const mine = keys.get(ring.members[i] ?? '') ?? new Set<string>();
          if ([...(keys.get(ring.members[j] ?? '') ?? [])].some((key) => mine.has(key))) linkedPairs += 1;
        }
      }
    }
    // Partial exports leave some sellers' address or payment rows out: only rings with such a member may show weaker ties.
    const partial = new Set(truth.partialSellers);
    const ringOf = new Map(truth.rings.map((ring) => [ring.id, ring]));
    const touched = (entry: string): boolean => ringOf.get(entry.slice(0, entry.indexOf('/')))!.members.some((m) => partial.has(m));
    expect(weak.filter((entry) => !touched(entry))).toEqual([]);
    expect(weak.length).toBeGreaterThan(0);
    expect(weak.length / truth.rings.reduce((n, ring) => n + ring.size, 0)).toBeLessThan(0.05);
    expect(linkedPairs / pairs).toBeLessThan(0.6);
  });

  it('when progress is observed, then it counts up to the seller total', async () => {
    const seen: number[] = [];
    await generateMarketplace({ sellers: 2500, rings: 5, seed: 1, outDir: join(root, 'progress'), onProgress: (done, total) => seen.push(done / total) });
    expect(seen).toEqual([0.4, 0.8, 1]);
  });

  it('when the rings cannot fit in the sellers, then it fails with INVALID_INPUT before writing', async () => {
    const outDir = join(root, 'invalid');
    const error: unknown = await generateMarketplace({ sellers: 100, rings: 40, seed: 1, outDir }).catch((caught: unknown) => caught);
    expect(isEngineError(error) && error.code).toBe('INVALID_INPUT');
    await expect(readdir(outDir)).rejects.toThrow();
  });

  it('when one place is written many times, then the texts really differ but name the same place, and near-misses name another', () => {
    const places = createPlaceGenerator(99);
    const rng = createRng(3);
    const place = places.next();
    const texts = Array.from({ length: 40 }, () => writeVariant(place, rng));
    expect(new Set(texts).size).toBeGreaterThanOrEqual(30);
    expect(new Set(texts.map(roughPlaceKey))).toEqual(new Set([roughPlaceKey(describePlace(place))]));

    const others = Array.from({ length: 2000 }, () => describePlace(places.next()));
    expect(new Set(others).size).toBe(2000);
    const room = places.nearMiss(place, 'room');
    const number = places.nearMiss(place, 'number');
    expect(new Set([describePlace(place), describePlace(room), describePlace(number)]).size).toBe(3);
    expect(roughPlaceKey(writeVariant(number, rng))).not.toBe(roughPlaceKey(describePlace(place)));
  });
});
