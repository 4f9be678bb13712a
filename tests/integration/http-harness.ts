/**
 * Helpers for the HTTP suites: the stores to run them against (embedded
 * always; Neo4j where `neo4j-setup.ts` enables it), and a fixture that builds
 * a small marketplace (seed generator → ingest → detection), creates one
 * token per role and starts the real server on port 0. Suites call
 * `describe.each(HTTP_STORES)` and `useApi(store)` inside, so every suite runs
 * unchanged on each store. Every JSON answer `call()` receives is checked
 * against its route's response schema in strict mode (response-contract.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { pino } from 'pino';
import { ingestExport, loadConfig, runDetection, type Config, type FullStore, type Ring, type Role } from '../../engine/index.ts';
import { createEmbeddedStore } from '../../engine/store/embedded/index.ts';
import { createNeo4jStore } from '../../engine/store/neo4j/index.ts';
import { issueToken } from '../../api/http/access/tokens.ts';
import { startServer, type RunningServer } from '../../api/http/server.ts';
import { generateMarketplace } from '../../seed/index.ts';
import { neo4jTestsEnabled, useNeo4j } from './neo4j-setup.ts';
import { checkAnswer } from './response-contract.ts';

export interface StoreTarget {
  name: 'embedded' | 'neo4j';
  enabled: boolean;
  /** Registers the store's file-level hooks; returns a factory for a fresh, empty store. */
  use(): (dataDir: string) => FullStore;
}

export const HTTP_STORES: StoreTarget[] = [
  { name: 'embedded', enabled: true, use: () => (dataDir) => createEmbeddedStore({ dataDir }) },
  {
    name: 'neo4j',
    enabled: neo4jTestsEnabled,
    use: () => {
      const neo4j = useNeo4j();
      return () => createNeo4jStore(neo4j());
    },
  },
];

export const ENABLED_STORES = HTTP_STORES.filter((s) => s.enabled);

export interface Answer {
  status: number;
  headers: Headers;
  /** Parsed JSON when the answer is JSON, else the text. */
  body: unknown;
  text: string;
}

export interface RequestOptions {
  token?: string | null;
  body?: unknown;
  /** A body sent as is (no JSON encoding). */
  raw?: BodyInit;
  headers?: Record<string, string>;
}

export interface ApiFixture {
  url: string;
  server: RunningServer;
  store: FullStore;
  dataDir: string;
  exportDir: string;
  /** Secrets by role; `liaison` is scoped to the brand of the top ring, `outsider` is a liaison for a brand no ring has. */
  tokens: Record<Role | 'outsider', string>;
  liaisonBrand: string;
  /** All rings of the current run, highest score first. */
  rings: Ring[];
  request(method: string, path: string, options?: RequestOptions): Promise<Answer>;
}

export interface FixtureOptions {
  sellers?: number;
  rings?: number;
  /** Skip ingest and detection (an empty store). */
  empty?: boolean;
  config?: Partial<Config>;
}

const exportCache = new Map<string, Promise<string>>();
const exportRoot = join(tmpdir(), 'ringtrace-http-exports');

/** One generated export per size, reused by every suite in the process (the generator is deterministic). */
export function marketplaceExport(sellers: number, rings: number): Promise<string> {
  const key = `${sellers}-${rings}`;
  let found = exportCache.get(key);
  if (!found) {
    const outDir = join(exportRoot, `${process.pid}-${key}`);
    found = (async () => {
      const done = await stat(join(outDir, 'ground_truth.json')).then(() => true, () => false);
      if (!done) {
        await mkdir(outDir, { recursive: true });
        await generateMarketplace({ sellers, rings, seed: 11, outDir });
      }
      return outDir;
    })();
    exportCache.set(key, found);
  }
  return found;
}

export async function call(url: string, method: string, path: string, options: RequestOptions = {}): Promise<Answer> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: BodyInit | undefined = options.raw;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  }
  const response = await fetch(`${url}${path}`, { method, headers, ...(body !== undefined ? { body } : {}) });
  const text = await response.text();
  let parsed: unknown = text;
  if ((response.headers.get('content-type') ?? '').includes('json')) {
    parsed = JSON.parse(text) as unknown;
    checkAnswer(method, path, response.status, parsed);
  }
  return { status: response.status, headers: response.headers, body: parsed, text };
}

export function testConfig(dataDir: string, overrides: Partial<Config> = {}): Config {
  return { ...loadConfig({}, { dataDir, port: 0, host: '127.0.0.1', logLevel: 'silent' }), ...overrides };
}

/** Registers hooks that build the fixture on `target`; the accessor is valid inside tests. */
export function useApi(target: StoreTarget, options: FixtureOptions = {}): () => ApiFixture {
  const create = target.use();
  let fixture: ApiFixture | null = null;
  let dataDir: string | null = null;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), `ringtrace-http-${target.name}-`));
    const store = create(join(dataDir, 'store'));
    await store.open();
    const exportDir = await marketplaceExport(options.sellers ?? 2_000, options.rings ?? 15);
    let rings: Ring[] = [];
    if (!options.empty) {
      await ingestExport(store, exportDir);
      await runDetection(store);
      rings = (await store.listRings({ sort: 'score', offset: 0, limit: 10_000 })).rings;
    }
    const liaisonBrand = rings.find((r) => r.brands.length > 0)?.brands[0] ?? 'Acme';
    // An empty store knows no brands yet: its liaison is set up the way an operator would before the first load.
    const secret = async (role: Role, brands: string[] = [], name?: string): Promise<string> =>
      (await issueToken(store, { role, brands, name: name ?? `test-${role}`, allowUnknownBrands: options.empty === true })).secret;
    const tokens = {
      admin: await secret('admin'),
      investigator: await secret('investigator'),
      liaison: await secret('liaison', [liaisonBrand]),
      viewer: await secret('viewer'),
      outsider: (await issueToken(store, { role: 'liaison', brands: ['No Such Brand'], name: 'test-outsider', allowUnknownBrands: true })).secret,
    };
    const config = testConfig(dataDir, options.config);
    const server = await startServer({ config, store, logger: pino({ level: 'silent' }) });
    fixture = {
      url: server.url,
      server,
      store,
      dataDir,
      exportDir,
      tokens,
      liaisonBrand,
      rings,
      request: (method, path, requestOptions) => call(server.url, method, path, requestOptions),
    };
  });

  afterAll(async () => {
    await fixture?.server.close();
    if (dataDir !== null) rmSync(dataDir, { recursive: true, force: true });
  });

  return () => {
    if (fixture === null) throw new Error('the API fixture is not up: call useApi() inside a describe and use the accessor in tests');
    return fixture;
  };
}
