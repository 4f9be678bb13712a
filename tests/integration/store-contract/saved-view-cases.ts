/**
 * Contract cases for the explorer's saved views: stored and read back with
 * their nested state intact, listed per owner newest first with paging,
 * a taken id refused as CONFLICT without overwriting, deleted once.
 */
import { describe, expect, it } from 'vitest';
import { isEngineError, type SavedView } from '../../../engine/index.ts';
import { useStore, type StoreFactory } from './factory.ts';

function view(id: string, overrides: Partial<SavedView> = {}): SavedView {
  return {
    id,
    owner: 'ann',
    name: `view ${id}`,
    ringId: 'R-1',
    createdAt: '2026-03-01T10:00:00.000Z',
    state: {
      hiddenTypes: ['phone'],
      timeRange: [1_700_000_000_000, 1_710_000_000_000],
      style: { color: 'status', size: 'parcels' },
      positions: { 'seller:S1': [1.5, -2.25], 'address:a|b c': [0, 3] },
      groups: [{ id: 'g1', label: 'Warehouse crew', members: ['seller:S1', 'seller:S2'], collapsed: true }],
      note: 'ünïcødé ✓',
    },
    ...overrides,
  };
}

export function defineSavedViewCases(factory: StoreFactory): void {
  describe('saved views', () => {
    const store = useStore(factory);

    it('when a view is saved, then it reads back by id with its nested state unchanged', async () => {
      const saved = view('view-1');
      await store().createSavedView(saved);

      expect(await store().getSavedView('view-1')).toEqual(saved);
      expect(await store().getSavedView('view-none')).toBeNull();
    });

    it('when an owner lists views, then only theirs come back, newest first, paged with the total', async () => {
      await store().createSavedView(view('view-a', { createdAt: '2026-03-01T10:00:00.000Z' }));
      await store().createSavedView(view('view-b', { createdAt: '2026-03-03T10:00:00.000Z' }));
      await store().createSavedView(view('view-c', { createdAt: '2026-03-02T10:00:00.000Z' }));
      await store().createSavedView(view('view-d', { owner: 'bob' }));

      const all = await store().listSavedViews({ owner: 'ann', offset: 0, limit: 10 });
      expect(all.total).toBe(3);
      expect(all.views.map((v) => v.id)).toEqual(['view-b', 'view-c', 'view-a']);
      expect(await store().listSavedViews({ owner: 'ann', offset: 1, limit: 1 })).toMatchObject({ total: 3, views: [{ id: 'view-c' }] });
      expect((await store().listSavedViews({ owner: 'bob', offset: 0, limit: 10 })).views.map((v) => v.id)).toEqual(['view-d']);
      expect(await store().listSavedViews({ owner: 'carol', offset: 0, limit: 10 })).toEqual({ views: [], total: 0 });
    });

    it('when an id is saved twice, then the second save fails with CONFLICT and the first stays', async () => {
      await store().createSavedView(view('view-1', { name: 'first' }));

      const error = await store().createSavedView(view('view-1', { name: 'second', owner: 'mallory' })).catch((e: unknown) => e);
      expect(isEngineError(error) && error.code).toBe('CONFLICT');
      expect((await store().getSavedView('view-1'))?.name).toBe('first');
    });

    it('when a view is deleted, then it is gone and a second delete reports false', async () => {
      await store().createSavedView(view('view-1'));
      await store().createSavedView(view('view-2'));

      expect(await store().deleteSavedView('view-1')).toBe(true);
      expect(await store().deleteSavedView('view-1')).toBe(false);
      expect(await store().getSavedView('view-1')).toBeNull();
      expect((await store().listSavedViews({ owner: 'ann', offset: 0, limit: 10 })).views.map((v) => v.id)).toEqual(['view-2']);
    });
  });
}
