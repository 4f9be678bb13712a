/**
 * Detection in a worker thread gives the same rings as in-process detection
 * and saves them on its own connection; a failure inside the worker reaches
 * the caller as the engine error it was, and the previous run stays current.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestExport, runDetection } from '../../engine/index.ts';
import { runDetectionInThread } from '../../engine/jobs/detection-thread.ts';
import { createEmbeddedStore } from '../../engine/store/embedded/index.ts';
import { marketplaceExport } from './http-harness.ts';

describe('detection in a worker thread', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ringtrace-thread-'));
  const store = createEmbeddedStore({ dataDir: dir });

  beforeAll(async () => {
    await store.open();
    await ingestExport(store, await marketplaceExport(2_000, 15));
  });
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('when run in a thread, then the rings equal in-process detection, the run is saved and current, and stages arrive in order', async () => {
    const inProcess = await runDetection(store, {});
    const stages: string[] = [];
    const threaded = await runDetectionInThread(store.reopenSpec!(), {}, { onStage: (s) => stages.push(s) });
    expect(threaded.rings.map((r) => [r.id, r.members, r.score])).toEqual(inProcess.rings.map((r) => [r.id, r.members, r.score]));
    expect(threaded.rings.every((r) => r.change === 'unchanged')).toBe(true);
    expect((await store.currentRun())?.id).toBe(threaded.run.id);
    expect(stages.at(-1)).toBe('write');
  });

  it('when the worker cannot open its store, then the caller gets STORE_UNAVAILABLE and the current run is unchanged', async () => {
    const before = (await store.currentRun())?.id;
    await expect(runDetectionInThread({ kind: 'neo4j', uri: 'bolt://127.0.0.1:1', user: 'neo4j', password: 'x' }, {})).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
    await expect(runDetectionInThread(store.reopenSpec!(), { resolution: -1 })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect((await store.currentRun())?.id).toBe(before);
  });
});
