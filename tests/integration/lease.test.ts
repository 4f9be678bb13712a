/**
 * The lease a run holds on the detection lock (engine/schedule/lease.ts) on a
 * real embedded store: renewal keeps a short lease alive for as long as the
 * run lives, a waiting caller gets the lock once it is released, and one that
 * waits too long is refused naming the run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireLease, isEngineError } from '../../engine/index.ts';
import { createEmbeddedStore, type EmbeddedStore } from '../../engine/store/embedded/index.ts';

const root = mkdtempSync(join(tmpdir(), 'ringtrace-lease-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
let n = 0;

describe('acquireLease', () => {
  let store: EmbeddedStore;
  beforeEach(async () => {
    store = createEmbeddedStore({ dataDir: join(root, `s${++n}`) });
    await store.open();
  });
  afterEach(() => store.close());

  it('when a run outlives several leases, then renewals keep the lock and nobody else gets it', async () => {
    const lease = await acquireLease(store, { runId: 'run-long', owner: 'test' }, { leaseMs: 300 });
    await sleep(1_200);

    const other = await store.acquireRunLock({ holder: 'other', runId: 'run-other', owner: 'other' }, 300);
    await lease.release();

    expect(other).toMatchObject({ acquired: false, heldBy: { runId: 'run-long' } });
    expect(await store.runLock()).toBeNull();
  });

  it('when a caller waits, then it gets the lock as soon as the holder releases it', async () => {
    const first = await acquireLease(store, { runId: 'run-1', owner: 'first' }, { leaseMs: 5_000 });
    let waited: string | null = null;
    const second = acquireLease(store, { runId: 'run-2', owner: 'second' }, { leaseMs: 5_000, waitMs: 10_000, pollMs: 50, onWaiting: (h) => (waited = h.runId) });
    await sleep(300);
    await first.release();

    const lease = await second;
    expect(waited).toBe('run-1');
    expect(lease.lock.runId).toBe('run-2');
    await lease.release();
  });

  it('when the wait runs out, then the caller is refused with CONFLICT naming the running run and its owner', async () => {
    const first = await acquireLease(store, { runId: 'run-busy', owner: 'cli pid 1 on host-a' }, { leaseMs: 5_000 });

    const error = await acquireLease(store, { runId: 'run-late', owner: 'late' }, { leaseMs: 5_000, waitMs: 300, pollMs: 50 }).catch((e: unknown) => e);
    await first.release();

    expect(isEngineError(error) && error.code).toBe('CONFLICT');
    expect((error as Error).message).toContain('detection run run-busy is already running (cli pid 1 on host-a');
  });
});
