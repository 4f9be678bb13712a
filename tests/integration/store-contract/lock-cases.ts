/**
 * Contract cases for the detection lock with a lease: one holder at a time,
 * the refusal names the running run, renewal and release, a lease that runs
 * out frees the lock, concurrent claims have one winner, and a save fenced by
 * a lock its run lost writes nothing.
 */
import { describe, expect, it } from 'vitest';
import { isEngineError, type RunLockClaim } from '../../../engine/index.ts';
import { ring, run } from '../../fixtures/store/builders.ts';
import { useStore, type StoreFactory } from './factory.ts';

const claim = (holder: string, runId = `run-${holder}`): RunLockClaim => ({ holder, runId, owner: `test ${holder}` });
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export function defineLockCases(factory: StoreFactory): void {
  describe('detection lock', () => {
    const store = useStore(factory);

    it('when the lock is free, then the first claim takes it and a second is refused with the holder, its run and its lease', async () => {
      const first = await store().acquireRunLock(claim('a'), 60_000);
      const second = await store().acquireRunLock(claim('b'), 60_000);

      expect(first.acquired).toBe(true);
      expect(second).toMatchObject({ acquired: false, heldBy: { holder: 'a', runId: 'run-a', owner: 'test a' } });
      if (second.acquired) return;
      expect(Date.parse(second.heldBy.expiresAt) - Date.now()).toBeGreaterThan(50_000);
      expect(await store().runLock()).toMatchObject({ holder: 'a', runId: 'run-a' });
    });

    it('when the holder renews and then releases, then the lease moves on and the next claim succeeds', async () => {
      await store().acquireRunLock(claim('a'), 1_000);
      const before = Date.parse((await store().runLock())!.expiresAt);

      expect(await store().renewRunLock('a', 60_000)).toBe(true);
      expect(await store().renewRunLock('b', 60_000)).toBe(false);
      expect(Date.parse((await store().runLock())!.expiresAt)).toBeGreaterThan(before + 30_000);
      await store().releaseRunLock('b');
      expect((await store().acquireRunLock(claim('b'), 60_000)).acquired).toBe(false);
      await store().releaseRunLock('a');

      expect(await store().runLock()).toBeNull();
      expect((await store().acquireRunLock(claim('b'), 60_000)).acquired).toBe(true);
    });

    it('when a holder stops renewing, then its lease runs out, another takes the lock, and the old holder can neither renew nor save', async () => {
      await store().saveRun(run('run-old', '2026-01-01T00:00:00.000Z'), [ring('R-old', ['S1', 'S2'])]);
      await store().acquireRunLock(claim('dead', 'run-dead'), 300);
      await sleep(600);

      expect(await store().runLock()).toBeNull();
      expect((await store().acquireRunLock(claim('next', 'run-next'), 60_000)).acquired).toBe(true);
      expect(await store().renewRunLock('dead', 60_000)).toBe(false);
      const stale = await store().saveRun(run('run-dead', '2026-01-02T00:00:00.000Z'), [ring('R-dead', ['S1'])], { lockHolder: 'dead' }).catch((e: unknown) => e);

      expect(isEngineError(stale) && stale.code).toBe('CONFLICT');
      expect((await store().currentRun())?.id).toBe('run-old');
      expect(await store().getRun('run-dead')).toBeNull();
      await store().saveRun(run('run-next', '2026-01-02T00:00:00.000Z'), [ring('R-next', ['S1', 'S3'])], { lockHolder: 'next' });
      expect((await store().currentRun())?.id).toBe('run-next');
    });

    it('when eight claims race, then exactly one wins and the others name it', async () => {
      const results = await Promise.all(Array.from({ length: 8 }, (_, i) => store().acquireRunLock(claim(`c${i}`), 60_000)));

      const winners = results.flatMap((r) => (r.acquired ? [r.lock.holder] : []));
      expect(winners).toHaveLength(1);
      for (const r of results) if (!r.acquired) expect(r.heldBy.holder).toBe(winners[0]);
    });
  });
}
