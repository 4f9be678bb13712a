/**
 * The embedded store's durability promise: once writeBatch (and saveRun,
 * appendAudit) resolve, the data survives `kill -9` of the process. A child
 * process writes and says DONE; the test kills it at once and reopens the
 * folder.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createEmbeddedStore } from '../../engine/store/embedded/index.ts';
import { DB_FILE } from '../../engine/store/embedded/connection.ts';
import { HUB_PHONE } from '../fixtures/store/scenario.ts';

const root = mkdtempSync(join(tmpdir(), 'ringtrace-durability-'));
const child = join(import.meta.dirname, '../fixtures/store/durability-child.ts');

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

/** Starts the child, waits for DONE, kills it with SIGKILL and resolves once it is gone. */
function writeThenKill(dataDir: string): Promise<NodeJS.Signals | null> {
  return new Promise((resolvePromise, reject) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', child, dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    proc.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('DONE')) proc.kill('SIGKILL');
    });
    proc.stderr.on('data', (chunk: Buffer) => {
      err += chunk.toString();
    });
    proc.on('error', reject);
    proc.on('exit', (code, signal) => {
      if (!out.includes('DONE')) reject(new Error(`child exited (${code ?? signal}) before DONE: ${err}`));
      else resolvePromise(signal);
    });
  });
}

describe('embedded store durability', () => {
  it('when the writer is killed with SIGKILL right after DONE, then a reopened store finds everything', async () => {
    const dataDir = join(root, 'killed');

    const signal = await writeThenKill(dataDir);

    expect(signal).toBe('SIGKILL');
    // The kill left the write-ahead log un-checkpointed: recovery, not a clean close, must bring the data back.
    expect(existsSync(join(dataDir, `${DB_FILE}-wal`))).toBe(true);
    const store = createEmbeddedStore({ dataDir });
    await store.open();
    try {
      const counts = await store.counts();
      expect(counts.sellers).toBe(11 + 2_000);
      expect(counts.shipments).toBe(7 + 6_000);
      expect((await store.entity({ type: 'seller', key: 'S2' }))?.attributes.name).toBe('Bright Moon Goods');
      expect((await store.entity({ type: 'phone', key: HUB_PHONE }))?.attributes.sellers).toBe(5 + 2);
      expect((await store.currentRun())?.id).toBe('run-1');
      expect((await store.getRing('R-a'))?.members).toEqual(['S1', 'S2', 'S3']);
      expect((await store.listAudit({ offset: 0, limit: 10 })).entries.map((e) => e.action)).toEqual(['detect.run']);
      expect((await store.search({ text: 'Bright Moon', limit: 5 })).map((n) => n.id)).toEqual(['seller:S2']);
    } finally {
      await store.close();
    }
  });
});
