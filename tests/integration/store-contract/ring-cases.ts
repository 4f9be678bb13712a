/**
 * Contract cases for runs and rings: atomic run switching, list filters,
 * sorting, paging and totals, single rings with `why`, and ring history.
 */
import { describe, expect, it } from 'vitest';
import type { Ring } from '../../../engine/index.ts';
import { ring, run } from '../../fixtures/store/builders.ts';
import { useStore, type StoreFactory } from './factory.ts';

const WHY = { S1: [{ type: 'payment_account' as const, value: 'ACC-RING', weight: 2, sharedWith: ['S2', 'S3'] }] };

function firstRunRings(): Ring[] {
  return [
    ring('R-a', ['S1', 'S2', 'S3'], { score: 0.9, brands: ['Acme'], change: 'new', why: WHY, shops: ['SH1'] }),
    ring('R-b', ['S4', 'S5'], { score: 0.4, brands: ['Zeta'], change: 'new' }),
    ring('R-c', ['S6', 'S7', 'S8', 'S9'], { score: 0.6, brands: ['Acme', 'Zeta'], change: 'grown' }),
    ring('R-d', ['S10'], { score: 0.1, change: 'unchanged' }),
  ];
}

export function defineRingCases(factory: StoreFactory): void {
  describe('saveRun / currentRun', () => {
    const store = useStore(factory);

    it('when no run was saved, then there is no current run and no rings', async () => {
      expect(await store().currentRun()).toBeNull();
      expect(await store().listRings({})).toEqual({ rings: [], total: 0 });
      expect(await store().getRing('R-a')).toBeNull();
    });

    it('when a newer run is saved, then it becomes current and the old one stays readable by id', async () => {
      await store().saveRun(run('run-1', '2026-01-01T00:00:00Z', { ringsFound: 4 }), firstRunRings());
      await store().saveRun(run('run-2', '2026-01-02T00:00:00Z'), [ring('R-a', ['S1', 'S2'], { score: 0.8, change: 'shrunk' })]);

      expect((await store().currentRun())?.id).toBe('run-2');
      expect(await store().getRun('run-1')).toEqual(run('run-1', '2026-01-01T00:00:00Z', { ringsFound: 4 }));
      expect((await store().listRings({})).total).toBe(1);
      expect((await store().listRings({ runId: 'run-1' })).total).toBe(4);
      expect((await store().listRuns(0, 10)).map((r) => r.id)).toEqual(['run-2', 'run-1']);
      expect((await store().listRuns(1, 10)).map((r) => r.id)).toEqual(['run-1']);
    });

    it('when a run fails half-way, then the previous run stays current and whole', async () => {
      await store().saveRun(run('run-1', '2026-01-01T00:00:00Z'), firstRunRings());
      const broken = [ring('R-x', ['S1']), { ...ring('R-y', ['S2']), members: null as unknown as string[] }];

      await expect(store().saveRun(run('run-2', '2026-01-02T00:00:00Z'), broken)).rejects.toThrow();

      expect((await store().currentRun())?.id).toBe('run-1');
      expect(await store().getRun('run-2')).toBeNull();
      expect((await store().listRings({})).total).toBe(4);
    });

    it('when the same run is saved again, then its rings are replaced, not doubled', async () => {
      await store().saveRun(run('run-1', '2026-01-01T00:00:00Z'), firstRunRings());
      await store().saveRun(run('run-1', '2026-01-01T00:00:00Z'), firstRunRings());

      expect((await store().listRings({})).total).toBe(4);
      expect(await store().listRuns(0, 10)).toHaveLength(1);
    });
  });

  describe('listRings', () => {
    const store = useStore(factory);
    const ids = async (query: Parameters<ReturnType<typeof store>['listRings']>[0]) => {
      const page = await store().listRings(query);
      return { ids: page.rings.map((r) => r.id), total: page.total };
    };

    it('when filtered, then only matching rings come back, by score, with the total before paging', async () => {
      await store().saveRun(run('run-1', '2026-01-01T00:00:00Z'), firstRunRings());

      expect(await ids({})).toEqual({ ids: ['R-a', 'R-c', 'R-b', 'R-d'], total: 4 });
      expect(await ids({ minScore: 0.5 })).toEqual({ ids: ['R-a', 'R-c'], total: 2 });
      expect(await ids({ minSize: 2, maxSize: 3 })).toEqual({ ids: ['R-a', 'R-b'], total: 2 });
      expect(await ids({ brands: ['Zeta'] })).toEqual({ ids: ['R-c', 'R-b'], total: 2 });
      expect(await ids({ brands: ['Acme', 'Zeta'] })).toEqual({ ids: ['R-a', 'R-c', 'R-b'], total: 3 });
      expect(await ids({ brands: [] })).toEqual({ ids: [], total: 0 });
      expect(await ids({ changes: ['grown', 'unchanged'] })).toEqual({ ids: ['R-c', 'R-d'], total: 2 });
      expect(await ids({ sort: 'size' })).toEqual({ ids: ['R-c', 'R-a', 'R-b', 'R-d'], total: 4 });
      expect(await ids({ offset: 1, limit: 2 })).toEqual({ ids: ['R-c', 'R-b'], total: 4 });
    });

    it('when listed, then rings carry their run id and the ring output fields', async () => {
      await store().saveRun(run('run-1', '2026-01-01T00:00:00Z'), firstRunRings());

      const [top] = (await store().listRings({ limit: 1 })).rings;

      expect(top).toMatchObject({ id: 'R-a', runId: 'run-1', members: ['S1', 'S2', 'S3'], shops: ['SH1'], brands: ['Acme'], change: 'new' });
    });
  });

  describe('getRing / ringHistory', () => {
    const store = useStore(factory);

    it('when a ring is read by id, then it comes with its why lists', async () => {
      await store().saveRun(run('run-1', '2026-01-01T00:00:00Z'), firstRunRings());

      const found = await store().getRing('R-a');

      expect(found).toEqual({ ...firstRunRings()[0], runId: 'run-1' });
      expect(found?.why).toEqual(WHY);
    });

    it('when a ring id lives across runs, then its history lists every version, newest first', async () => {
      await store().saveRun(run('run-1', '2026-01-01T00:00:00Z'), firstRunRings());
      await store().saveRun(run('run-2', '2026-01-02T00:00:00Z'), [ring('R-a', ['S1', 'S2'], { score: 0.8, change: 'shrunk' })]);

      expect(await store().ringHistory('R-a')).toEqual([
        { runId: 'run-2', startedAt: '2026-01-02T00:00:00Z', size: 2, score: 0.8, change: 'shrunk' },
        { runId: 'run-1', startedAt: '2026-01-01T00:00:00Z', size: 3, score: 0.9, change: 'new' },
      ]);
      expect((await store().getRing('R-a', 'run-1'))?.size).toBe(3);
      expect(await store().getRing('R-b')).toBeNull();
      expect(await store().ringHistory('R-none')).toEqual([]);
    });
  });
}
