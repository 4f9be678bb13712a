/**
 * What the embedded store promises beyond the shared contract: byte-for-byte
 * idempotent loads (full table dumps), STORE_UNAVAILABLE on every kind of
 * open failure, stores in different folders side by side, reopening (schema
 * migration and search indexing of rows written earlier), and an audit table
 * the database itself keeps append-only.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { EngineError } from '../../engine/index.ts';
import { databasePath } from '../../engine/store/embedded/connection.ts';
import { createEmbeddedStore } from '../../engine/store/embedded/index.ts';
import { SCHEMA_VERSION } from '../../engine/store/embedded/schema.ts';
import { openedEmbedded, useScratchFolders } from '../fixtures/store/embedded-folders.ts';
import { auditEntry, batch, seller } from '../fixtures/store/builders.ts';
import { scenario } from '../fixtures/store/scenario.ts';
import { syntheticBatch } from '../fixtures/store/synthetic.ts';

const { root, newFolder } = useScratchFolders('ringtrace-embedded-');

/** Every row of every table (FTS shadow tables included), in a stable order. */
function dump(dataDir: string): Record<string, string[]> {
  const db = new Database(databasePath(dataDir), { readonly: true });
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name").pluck().all() as string[];
    const rows = (t: string): string[] => (db.prepare(`SELECT * FROM "${t}"`).raw().all() as unknown[][]).map((r) => JSON.stringify(r, blobs)).sort();
    return Object.fromEntries(tables.map((t) => [t, rows(t)]));
  } finally {
    db.close();
  }
}

/** FTS shadow tables hold blobs; compare them by content. */
function blobs(_key: string, value: unknown): unknown {
  return value instanceof Uint8Array ? Buffer.from(value).toString('hex') : value;
}

async function openError(dataDir: string): Promise<unknown> {
  return createEmbeddedStore({ dataDir }).open().then(
    () => null,
    (error: unknown) => error,
  );
}

describe('embedded store', () => {
  it('when the same batches are loaded twice, then every table is byte-for-byte the same', async () => {
    const dir = newFolder();
    const store = await openedEmbedded(dir);
    await store.writeBatch(scenario());
    await store.writeBatch(syntheticBatch(1_000, 1_500));
    await store.search({ text: 'lucky', limit: 5 });
    await store.close();
    const first = dump(dir);

    const again = await openedEmbedded(dir);
    await again.writeBatch(scenario());
    await again.writeBatch(syntheticBatch(1_000, 1_500));
    await again.search({ text: 'lucky', limit: 5 });
    await again.close();

    expect(dump(dir)).toEqual(first);
    expect(first.sellers?.length).toBe(11 + 500);
  });

  it('when a seller is renamed after indexing, then search finds the new name only and the index stays consistent', async () => {
    const dir = newFolder();
    const store = await openedEmbedded(dir);
    await store.writeBatch(scenario());
    expect((await store.search({ text: 'Bright', limit: 5 })).map((n) => n.id)).toEqual(['seller:S2']);

    await store.writeBatch(batch({ sellers: [seller('S2', { name: 'Dark Sun Goods' })] }));

    expect(await store.search({ text: 'Bright', limit: 5 })).toEqual([]);
    expect((await store.search({ text: 'Dark Sun', limit: 5 })).map((n) => n.id)).toEqual(['seller:S2']);
    await store.close();
    const db = new Database(databasePath(dir));
    try {
      for (const fts of ['sellers_fts', 'shops_fts', 'addresses_fts']) {
        expect(() => db.exec(`INSERT INTO ${fts}(${fts}) VALUES ('integrity-check')`)).not.toThrow();
      }
    } finally {
      db.close();
    }
  });

  it('when stores live in different folders, then each sees only its own data', async () => {
    const a = await openedEmbedded(newFolder());
    const b = await openedEmbedded(newFolder());

    await a.writeBatch(batch({ sellers: [seller('A1')] }));
    await b.writeBatch(batch({ sellers: [seller('B1'), seller('B2')] }));

    expect(await a.existingSellers(['A1', 'B1'])).toEqual(new Set(['A1']));
    expect(await b.sellerCount()).toBe(2);
    await a.close();
    await b.close();
  });

  it('when a store is reopened by another process, then data, schema version and search index are there', async () => {
    const dir = newFolder();
    const writer = await openedEmbedded(dir);
    await writer.writeBatch(scenario());
    await writer.close();

    const reader = createEmbeddedStore({ dataDir: dir });
    await reader.open();
    await reader.prepareSearch();

    expect(await reader.sellerCount()).toBe(11);
    expect((await reader.info()).version).toContain(`schema ${SCHEMA_VERSION}`);
    expect((await reader.search({ text: 'golden river', limit: 5 })).map((n) => n.id)).toEqual(['seller:S3']);
    await reader.close();
  });

  it('when the folder cannot be created, then open fails with STORE_UNAVAILABLE naming it', async () => {
    const file = join(root, 'a-file');
    writeFileSync(file, 'not a folder');
    const dir = join(file, 'store');

    const error = await openError(dir);

    expect(error).toBeInstanceOf(EngineError);
    expect((error as EngineError).code).toBe('STORE_UNAVAILABLE');
    expect((error as EngineError).message).toContain(dir);
    expect((error as EngineError).cause).toBeDefined();
  });

  it('when the data file is not a database, then open fails with STORE_UNAVAILABLE', async () => {
    const dir = newFolder();
    mkdirSync(dir, { recursive: true });
    writeFileSync(databasePath(dir), 'this is not an SQLite file, just text long enough to have a header. '.repeat(100));

    const error = await openError(dir);

    expect((error as EngineError).code).toBe('STORE_UNAVAILABLE');
    expect((error as EngineError).message).toContain(dir);
  });

  it('when another connection holds the file locked, then open fails with a retriable STORE_UNAVAILABLE', async () => {
    const dir = newFolder();
    await (await openedEmbedded(dir)).close();
    const locker = new Database(databasePath(dir));
    locker.pragma('locking_mode = EXCLUSIVE');
    locker.exec('BEGIN EXCLUSIVE');

    try {
      const error = await openError(dir);
      expect((error as EngineError).code).toBe('STORE_UNAVAILABLE');
      expect((error as EngineError).retriable).toBe(true);
    } finally {
      locker.exec('ROLLBACK');
      locker.close();
    }
  });

  it('when the file has a newer schema than this code, then open fails with STORE_UNAVAILABLE', async () => {
    const dir = newFolder();
    await (await openedEmbedded(dir)).close();
    const db = new Database(databasePath(dir));
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();

    const error = await openError(dir);

    expect((error as EngineError).code).toBe('STORE_UNAVAILABLE');
    expect((error as EngineError).message).toContain('newer');
  });

  it('when the store is used before open, then calls fail with STORE_UNAVAILABLE', async () => {
    const store = createEmbeddedStore({ dataDir: newFolder() });

    await expect(store.counts()).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
    await expect(store.writeBatch(batch({}))).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
  });

  it('when something tries to rewrite the audit table directly, then the database refuses', async () => {
    const dir = newFolder();
    const store = await openedEmbedded(dir);
    await store.appendAudit(auditEntry('a1', '2026-01-01T00:00:00Z'));
    await store.close();
    const db = new Database(databasePath(dir));

    try {
      expect(() => db.prepare("UPDATE audit SET action = 'forged'").run()).toThrow(/append-only/);
      expect(() => db.prepare('DELETE FROM audit').run()).toThrow(/append-only/);
    } finally {
      db.close();
    }
  });
});
