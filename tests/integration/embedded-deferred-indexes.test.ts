/**
 * Deferred secondary indexes in the embedded store (deferred-indexes.ts,
 * load-bracket.ts): a load into an empty store drops them and builds them at
 * its end, leaving exactly the rows and the schema a row-by-row load leaves; a
 * small load beside what the store holds keeps them; a load killed with the
 * indexes deferred leaves a file the next open repairs — but not while the
 * load's process is alive — and re-running it gives a clean load's store.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { ingestExport, type IngestWrites } from '../../engine/index.ts';
import { databasePath } from '../../engine/store/embedded/connection.ts';
import { deferrableIndexes } from '../../engine/store/embedded/deferred-indexes.ts';
import { generateMarketplace } from '../../seed/index.ts';
import { openedEmbedded, useScratchFolders } from '../fixtures/store/embedded-folders.ts';

const { root, newFolder } = useScratchFolders('ringtrace-deferred-');
const child = join(import.meta.dirname, '../fixtures/store/deferred-load-child.ts');
const small = join(root, 'export-small');
const large = join(root, 'export-large');

const INGEST_TABLES = ['sellers', 'shops', 'payment_accounts', 'seller_accounts', 'addresses', 'address_variants', 'seller_addresses', 'shipments', 'reports', 'brands'];

/** Reads the store's file directly, beside (or without) any open store. */
function inspect<T>(dataDir: string, read: (db: Database.Database) => T): T {
  const db = new Database(databasePath(dataDir), { readonly: true, fileMustExist: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

const indexes = (dataDir: string): string[] =>
  inspect(dataDir, (db) => (db.prepare("SELECT sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name").pluck().all() as string[]));
const mark = (dataDir: string): string | undefined =>
  inspect(dataDir, (db) => db.prepare("SELECT value FROM meta WHERE key = 'deferred_indexes'").pluck().get() as string | undefined);
/**
 * Every row of every ingest table, in a fixed order, without the internal
 * `rid` (it numbers rows in write order, which batch sizes change).
 */
const contents = (dataDir: string): Record<string, unknown[]> =>
  inspect(dataDir, (db) =>
    Object.fromEntries(
      INGEST_TABLES.map((table) => {
        const columns = (db.prepare(`SELECT name FROM pragma_table_info('${table}')`).pluck().all() as string[]).filter((c) => c !== 'rid');
        return [table, db.prepare(`SELECT ${columns.join(', ')} FROM ${table} ORDER BY ${columns.join(', ')}`).raw().all()];
      }),
    ),
  );

/** Loads `exportDir` into a fresh store through the row-by-row path (no load bracket); returns the folder. */
async function rowByRowLoad(exportDir: string): Promise<string> {
  const dir = newFolder();
  const store = await openedEmbedded(dir);
  await ingestExport({ ...store, beginLoad: undefined, finishLoad: undefined }, exportDir);
  await store.close();
  return dir;
}

/** The store, with the indexes present while each batch is written recorded. */
function watchingIndexes(store: IngestWrites, dataDir: string, seen: number[]): IngestWrites {
  return {
    ...store,
    writeBatch: (batch) => {
      seen.push(indexes(dataDir).length);
      return store.writeBatch(batch);
    },
  };
}

function startChild(dataDir: string, exportDir: string): Promise<ChildProcess> {
  return new Promise((resolvePromise, reject) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', child, dataDir, exportDir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    proc.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('MIDLOAD')) resolvePromise(proc);
    });
    proc.stderr.on('data', (chunk: Buffer) => {
      err += chunk.toString();
    });
    proc.on('error', reject);
    proc.on('exit', (code, signal) => {
      if (!out.includes('MIDLOAD')) reject(new Error(`child exited (${code ?? signal}) before MIDLOAD: ${err}`));
    });
  });
}

function kill(proc: ChildProcess): Promise<NodeJS.Signals | null> {
  return new Promise((resolvePromise) => {
    proc.on('exit', (_code, signal) => resolvePromise(signal));
    proc.kill('SIGKILL');
  });
}

beforeAll(async () => {
  await generateMarketplace({ sellers: 300, rings: 4, seed: 3, outDir: small });
  await generateMarketplace({ sellers: 1_500, rings: 10, seed: 4, outDir: large });
}, 120_000);

describe('embedded store deferred indexes', () => {
  it('when an export loads into an empty store, then its batches are written without the secondary indexes, and afterwards rows and schema equal a row-by-row load', async () => {
    const reference = await rowByRowLoad(small);
    const dir = newFolder();
    const store = await openedEmbedded(dir);
    const full = indexes(dir).length;
    const deferrable = inspect(dir, (db) => deferrableIndexes(db).length);
    const seen: number[] = [];

    await ingestExport(watchingIndexes(store, dir, seen), small);
    await store.close();

    expect(deferrable).toBeGreaterThanOrEqual(11);
    expect(seen.length).toBeGreaterThan(0);
    expect(new Set(seen)).toEqual(new Set([full - deferrable]));
    expect(indexes(dir)).toEqual(indexes(reference));
    expect(mark(dir)).toBeUndefined();
    expect(contents(dir)).toEqual(contents(reference));
  }, 60_000);

  it('when a load is small beside what the store has loaded, then its batches are written with every index in place', async () => {
    const dir = newFolder();
    const store = await openedEmbedded(dir);
    await ingestExport(store, large);
    const full = indexes(dir).length;
    const seen: number[] = [];

    await ingestExport(watchingIndexes(store, dir, seen), small);
    await store.close();

    expect(seen.length).toBeGreaterThan(0);
    expect(new Set(seen)).toEqual(new Set([full]));
    expect(mark(dir)).toBeUndefined();
  }, 60_000);

  it('when a load is killed with its indexes deferred, then opening leaves them while it lives, rebuilds them once it is dead, and a re-run gives a clean load', async () => {
    const reference = await rowByRowLoad(large);
    const dir = newFolder();

    const proc = await startChild(dir, large);
    const pendingWhileAlive = mark(dir);
    const beside = await openedEmbedded(dir);
    const sellersWhileAlive = (await beside.counts()).sellers;
    await beside.close();
    const indexesWhileAlive = indexes(dir);
    const signal = await kill(proc);
    const reopened = await openedEmbedded(dir);
    const indexesAfterOpen = indexes(dir);
    const markAfterOpen = mark(dir);
    const report = await ingestExport(reopened, large);
    await reopened.close();

    expect(signal).toBe('SIGKILL');
    expect(pendingWhileAlive).toBeDefined();
    expect(sellersWhileAlive).toBeGreaterThan(0);
    expect(indexesWhileAlive.length).toBeLessThan(indexes(reference).length);
    expect(indexesAfterOpen).toEqual(indexes(reference));
    expect(markAfterOpen).toBeUndefined();
    expect(report.rejected).toBe(0);
    expect(contents(dir)).toEqual(contents(reference));
  }, 120_000);
});
