/**
 * The embedded store's writer thread seen from the port: batches sent without
 * waiting commit in call order, a failed batch rolls back whole and comes back
 * as the same error the in-thread writes gave (a SqliteError with its code, or
 * STORE_UNAVAILABLE for a store-level failure), what a resolved write wrote is
 * visible to this thread's reads, and a store nobody closes does not keep its
 * process alive.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { IngestBatch, SellerRecord } from '../../engine/model/records.ts';
import { databasePath } from '../../engine/store/embedded/connection.ts';
import { openedEmbedded, useScratchFolders } from '../fixtures/store/embedded-folders.ts';
import { batch, seller } from '../fixtures/store/builders.ts';
import { syntheticBatch } from '../fixtures/store/synthetic.ts';

const { newFolder } = useScratchFolders('ringtrace-writer-');
const unclosedChild = join(import.meta.dirname, '../fixtures/store/unclosed-child.ts');

describe('embedded store writer thread', () => {
  it('when batches are sent without waiting, then they commit in call order and all are visible once resolved', async () => {
    const store = await openedEmbedded(newFolder());

    const writes = ['first', 'second', 'third'].map((name) => store.writeBatch(batch({ sellers: [seller('S1', { name })] })));
    writes.push(store.writeBatch(syntheticBatch(10, 1_010)));
    await Promise.all(writes);

    expect((await store.entity({ type: 'seller', key: 'S1' }))?.attributes.name).toBe('third');
    expect(await store.sellerCount()).toBe(1 + 1_000);
    await store.close();
  });

  it('when a batch breaks a constraint, then it fails with the SQLite code and none of its rows are written', async () => {
    const store = await openedEmbedded(newFolder());
    const broken: IngestBatch = batch({ sellers: [seller('S1'), { ...seller('S2'), sellerId: null as unknown as SellerRecord['sellerId'] }] });

    const error: unknown = await store.writeBatch(broken).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(Database.SqliteError);
    expect(error).toMatchObject({ code: 'SQLITE_CONSTRAINT_NOTNULL' });
    expect(await store.sellerCount()).toBe(0);
    // The thread survives a failed batch.
    await store.writeBatch(batch({ sellers: [seller('S3')] }));
    expect(await store.existingSellers(['S1', 'S3'])).toEqual(new Set(['S3']));
    await store.close();
  });

  it('when another connection holds the write lock past the busy timeout, then writeBatch fails with a retriable STORE_UNAVAILABLE', async () => {
    const dir = newFolder();
    const store = await openedEmbedded(dir);
    const other = new Database(databasePath(dir));
    other.prepare('BEGIN IMMEDIATE').run();

    try {
      await expect(store.writeBatch(batch({ sellers: [seller('S1')] }))).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE', retriable: true });
    } finally {
      other.prepare('ROLLBACK').run();
      other.close();
    }
    await store.writeBatch(batch({ sellers: [seller('S1')] }));
    expect(await store.sellerCount()).toBe(1);
    await store.close();
  });

  it('when a store is closed with writes still queued, then they commit before the thread ends', async () => {
    const dir = newFolder();
    const store = await openedEmbedded(dir);

    const writing = store.writeBatch(syntheticBatch(0, 2_000));
    await store.close();
    await writing;

    const again = await openedEmbedded(dir);
    expect(await again.sellerCount()).toBe(2_000);
    await again.close();
  });

  it('when a process writes and never closes the store, then it still exits on its own', async () => {
    const dir = newFolder();

    const { code, out } = await new Promise<{ code: number | null; out: string }>((resolvePromise, reject) => {
      const proc = spawn(process.execPath, ['--import', 'tsx', unclosedChild, dir], { stdio: ['ignore', 'pipe', 'inherit'] });
      let text = '';
      proc.stdout.on('data', (chunk: Buffer) => {
        text += chunk.toString();
      });
      const timer = setTimeout(() => {
        proc.kill('SIGKILL');
        reject(new Error('the child did not exit within 30 s'));
      }, 30_000);
      proc.on('error', reject);
      proc.on('exit', (exitCode) => {
        clearTimeout(timer);
        resolvePromise({ code: exitCode, out: text });
      });
    });

    expect(code).toBe(0);
    expect(out).toContain('SELLERS 500');
  });
});
