/**
 * The explorer's saved views as `(:SavedView)` nodes (unique id, indexed by
 * owner). The view state travels and rests as JSON text: Neo4j properties
 * cannot hold nested maps.
 */
import type { SavedView } from '../../model/saved-views.ts';
import type { SavedViewStore } from '../ports.ts';
import type { Runner } from './session.ts';
import { asNumber, asRecord, asString, type Plain } from './values.ts';

function toView(props: Record<string, Plain>): SavedView {
  return {
    id: asString(props['id']), owner: asString(props['owner']), name: asString(props['name']), ringId: asString(props['ringId']),
    createdAt: asString(props['createdAt']), state: JSON.parse(asString(props['state'])) as Record<string, unknown>,
  };
}

export function createSavedViews(runner: Runner): SavedViewStore {
  return {
    async createSavedView(view) {
      await runner.write('createSavedView', (tx) => tx.run('write/create-saved-view', { view: { ...view, state: JSON.stringify(view.state) } }));
    },

    async getSavedView(id) {
      const [record] = await runner.read('read/get-saved-view', { id });
      return record === undefined ? null : toView(asRecord(record.get('view')));
    },

    async listSavedViews({ owner, offset, limit }) {
      const [record] = await runner.read('read/list-saved-views', { owner, offset, limit });
      if (record === undefined) return { views: [], total: 0 };
      return { views: (record.get('views') as unknown[]).map((v) => toView(asRecord(v))), total: asNumber(record.get('total')) };
    },

    async deleteSavedView(id) {
      const [record] = await runner.write('deleteSavedView', (tx) => tx.run('write/delete-saved-view', { id }));
      return record !== undefined && asNumber(record.get('deleted')) > 0;
    },
  };
}
