/**
 * Disk full on the embedded store: the store lives on an 8 MB tmpfs (needs
 * root to mount; skipped otherwise, saying why). A first load and run fit; a
 * larger load fills the disk and must fail with a clear STORE_UNAVAILABLE
 * naming the folder and the full disk, the process keeps going, what was
 * loaded and detected before stays readable (also after reopening), and once
 * space is freed the same load completes.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestExport, loadConfig, runDetection, type EngineError } from '../../engine/index.ts';
import { issueToken } from '../../api/http/access/tokens.ts';
import { startServer } from '../../api/http/server.ts';
import { createEmbeddedStore } from '../../engine/store/embedded/index.ts';
import { generateMarketplace } from '../../seed/index.ts';

const root = mkdtempSync(join(tmpdir(), 'ringtrace-disk-full-'));
const disk = join(root, 'disk');
mkdirSync(disk);
const mounted = process.getuid?.() === 0 && spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=8m', 'tmpfs', disk]).status === 0;
// A second small disk, for a server whose upload fits but whose load then fills the disk.
const disk2 = join(root, 'disk2');
mkdirSync(disk2);
const mounted2 = mounted && spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=8m', 'tmpfs', disk2]).status === 0;
const reason = process.getuid?.() === 0 ? 'mount -t tmpfs failed here (no CAP_SYS_ADMIN?)' : 'not root: cannot mount a small tmpfs';

afterAll(() => {
  if (mounted) spawnSync('umount', [disk]);
  if (mounted2) spawnSync('umount', [disk2]);
  rmSync(root, { recursive: true, force: true });
});

describe.skipIf(!mounted)(`embedded store on a full disk${mounted ? '' : ` (skipped: ${reason})`}`, () => {
  const small = join(root, 'small');
  const large = join(root, 'large');
  beforeAll(async () => {
    await generateMarketplace({ sellers: 300, rings: 4, seed: 2, outDir: small });
    await generateMarketplace({ sellers: 6_000, rings: 30, seed: 2, outDir: large });
  });

  it('when an upload fills the disk, then 507 INSUFFICIENT_STORAGE saying so, nothing is left in the upload folder, and the server goes on taking uploads', async () => {
    const dataDir = join(disk, 'server');
    const server = await startServer({ config: loadConfig({ RINGTRACE_STORE: 'embedded', RINGTRACE_DATA_DIR: dataDir }, { port: 0, logLevel: 'silent', rateLimitPerMinute: 0 }) });
    try {
      const { secret } = await issueToken(server.app.services.store, { role: 'admin', name: 'disk-full-uploader' });
      const send = (body: string) => fetch(`${server.url}/api/ingest?file=sellers.csv`, { method: 'POST', body, headers: { authorization: `Bearer ${secret}`, 'content-type': 'text/csv' } });
      const rows = (n: number) => `seller_id,name\n${Array.from({ length: n }, (_, i) => `S-${i},Seller number ${i} with a long enough name`).join('\n')}\n`;

      const full = await send(rows(250_000));
      const body = (await full.json()) as { error: { code: string; message: string } };
      expect(full.status).toBe(507);
      expect(body.error.code).toBe('INSUFFICIENT_STORAGE');
      expect(body.error.message).toMatch(/disk is full/);
      expect(readdirSync(join(dataDir, 'uploads'))).toEqual([]);

      const small = await send(rows(50));
      expect(small.status).toBe(202);
      const jobId = ((await small.json()) as { job: { id: string } }).job.id;
      expect((await server.app.services.jobs.settled(jobId))?.state).toBe('succeeded');
      expect((await server.app.services.store.counts()).sellers).toBe(50);
    } finally {
      await server.close();
    }
  }, 120_000);

  it('when a load fills the disk, then it fails STORE_UNAVAILABLE naming the full disk, the earlier data and run stay readable (also after reopening), and with space freed the load completes', async () => {
    const dataDir = join(disk, 'store');
    const store = createEmbeddedStore({ dataDir });
    await store.open();
    await ingestExport(store, small);
    const run = (await runDetection(store)).run;
    const before = { counts: await store.counts(), rings: await store.listRings({ limit: 1_000 }) };

    const failure = await ingestExport(store, large).then(
      () => null,
      (error: EngineError) => error,
    );

    expect(failure?.code).toBe('STORE_UNAVAILABLE');
    expect(failure?.message).toContain(dataDir);
    expect(failure?.message).toMatch(/disk is full/);
    const readable = async (): Promise<void> => {
      expect((await store.currentRun())?.id).toBe(run.id);
      expect(await store.listRings({ limit: 1_000 })).toEqual(before.rings);
      const counts = await store.counts();
      expect(counts.sellers).toBeGreaterThanOrEqual(before.counts.sellers);
      expect(await store.entity({ type: 'seller', key: before.rings.rings[0]!.members[0]! })).not.toBeNull();
    };
    await readable();
    await store.close();
    await store.open();
    await readable();

    expect(spawnSync('mount', ['-o', 'remount,size=256m', disk]).status).toBe(0);
    const report = await ingestExport(store, large);
    expect(report.files.every((f) => f.rejected === 0)).toBe(true);
    expect((await store.counts()).sellers).toBe(6_000);
    await store.close();
  }, 300_000);
});

describe.skipIf(!mounted2)(`an acknowledged upload on a disk that fills during its load${mounted2 ? '' : ` (skipped: ${reason})`}`, () => {
  it('when the load fails on the full disk, then the upload stays, and the next server start, with space freed, loads it under the same job id', async () => {
    const exportDir = join(root, 'upload-export');
    await generateMarketplace({ sellers: 6_000, rings: 30, seed: 2, outDir: exportDir });
    const dataDir = join(disk2, 'server');
    const config = loadConfig({ RINGTRACE_STORE: 'embedded', RINGTRACE_DATA_DIR: dataDir }, { port: 0, logLevel: 'silent', rateLimitPerMinute: 0 });
    const first = await startServer({ config });
    let jobId: string;
    let secret: string;
    try {
      secret = (await issueToken(first.app.services.store, { role: 'admin', name: 'disk-fill-uploader' })).secret;
      const form = new FormData();
      for (const name of readdirSync(exportDir).filter((n) => /\.(csv|ndjson)$/.test(n))) form.append(name, new Blob([readFileSync(join(exportDir, name))]), name);
      const answer = await fetch(`${first.url}/api/ingest`, { method: 'POST', body: form, headers: { authorization: `Bearer ${secret}` } });
      expect(answer.status).toBe(202);
      jobId = ((await answer.json()) as { job: { id: string } }).job.id;
      const failed = await first.app.services.jobs.settled(jobId);
      expect(failed?.failure?.code).toBe('STORE_UNAVAILABLE');
      expect(failed?.failure?.message).toMatch(/disk is full/);
    } finally {
      await first.close();
    }
    // Not the data's fault: the upload is kept with its manifest.
    const kept = readdirSync(join(dataDir, 'uploads'));
    expect(kept).toHaveLength(1);
    expect(JSON.parse(readFileSync(join(dataDir, 'uploads', kept[0]!, 'upload.json'), 'utf8'))).toMatchObject({ jobId });

    expect(spawnSync('mount', ['-o', 'remount,size=256m', disk2]).status).toBe(0);
    const second = await startServer({ config });
    try {
      expect((await second.app.services.jobs.settled(jobId))?.state).toBe('succeeded');
      expect((await second.app.services.store.counts()).sellers).toBe(6_000);
      expect(readdirSync(join(dataDir, 'uploads'))).toEqual([]);
    } finally {
      await second.close();
    }
  }, 300_000);
});
