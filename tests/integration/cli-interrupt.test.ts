/**
 * `ringtrace ingest` stopped mid-load by Ctrl-C (SIGINT) or SIGTERM: it says
 * so — where it stopped, that what was committed stays, that no ingest record
 * was written, and the command that completes it — and exits 130 / 143 as a
 * shell expects (under --json, one JSON error object). Running the same
 * ingest again then gives exactly a clean load's counts.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmbeddedStore } from '../../engine/store/embedded/index.ts';
import { exportWithReference } from './reference-load.ts';
import { CLI_BIN, runCli } from './cli-run.ts';

const root = mkdtempSync(path.join(tmpdir(), 'ringtrace-cli-interrupt-'));
let exportDir: string;
let reference: Record<string, number>;

beforeAll(async () => {
  ({ exportDir, reference } = await exportWithReference(root, { sellers: 20_000, rings: 60, seed: 8 }));
}, 120_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function sellers(dataDir: string): Promise<number> {
  const store = createEmbeddedStore({ dataDir });
  await store.open();
  try {
    return (await store.counts()).sellers;
  } finally {
    await store.close();
  }
}

describe('an interrupted ingest', () => {
  it.each([
    { signal: 'SIGINT' as const, code: 130, json: false },
    { signal: 'SIGTERM' as const, code: 143, json: true },
  ])('when ingest gets $signal mid-load, then it says where it stopped and how to complete it, exits $code, and a re-run gives a clean load', async ({ signal, code, json }) => {
    const dataDir = path.join(root, signal);
    const child = spawn(process.execPath, [CLI_BIN, ...(json ? ['--json'] : []), 'ingest', exportDir], { env: { ...process.env, RINGTRACE_DATA_DIR: dataDir, NEO4J_URI: '' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    // Stopped once the first batches are in, well before the load ends.
    for (const t = Date.now(); Date.now() - t < 60_000; ) {
      if (child.exitCode !== null) break;
      if ((await sellers(dataDir).catch(() => 0)) > 0) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(child.exitCode, `the load ended before it was interrupted: ${stdout}`).toBeNull();
    child.kill(signal);
    const status = await exited;

    expect(status).toBe(code);
    const message = json ? (JSON.parse(stdout) as { error: { code: string; message: string } }).error : { code: 'INTERRUPTED', message: stderr };
    expect(message.code).toBe('INTERRUPTED');
    expect(message.message).toMatch(/^ingest interrupted (in \S+ after [\d,]+ rows read|before its first rows): the batches committed so far stay in the store and no ingest record was written/);
    expect(message.message).toContain(`run \`ringtrace ingest ${exportDir}\` again to complete it`);
    expect(stdout).not.toContain('ingested');

    const again = await runCli(['ingest', exportDir], dataDir);
    expect(again.code).toBe(0);
    const store = createEmbeddedStore({ dataDir });
    await store.open();
    try {
      expect({ ...(await store.counts()) }).toEqual(reference);
      expect((await store.listIngests({ offset: 0, limit: 10 })).total).toBe(1);
    } finally {
      await store.close();
    }
  }, 120_000);
});
