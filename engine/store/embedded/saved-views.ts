/**
 * The explorer's saved views in the embedded store (`saved_views`, schema
 * SAVED_VIEWS): the state kept as JSON text, a taken id refused as CONFLICT
 * rather than overwritten.
 */
import { EngineError } from '../../model/errors.ts';
import type { SavedView } from '../../model/saved-views.ts';
import type { SavedViewStore } from '../ports.ts';
import type { Db } from './connection.ts';

type ViewRow = [id: string, owner: string, name: string, ringId: string, createdAt: string, state: string];
const COLUMNS = 'id, owner, name, ring_id, created_at, state';

function toView([id, owner, name, ringId, createdAt, state]: ViewRow): SavedView {
  return { id, owner, name, ringId, createdAt, state: JSON.parse(state) as Record<string, unknown> };
}

export function createSavedViews(db: Db): SavedViewStore {
  const insert = db.prepare(`INSERT INTO saved_views (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO NOTHING`);
  const byId = db.prepare(`SELECT ${COLUMNS} FROM saved_views WHERE id = ?`).raw();
  const ofOwner = db.prepare(`SELECT ${COLUMNS} FROM saved_views WHERE owner = ? ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?`).raw();
  const countOfOwner = db.prepare('SELECT count(*) FROM saved_views WHERE owner = ?').pluck();
  const remove = db.prepare('DELETE FROM saved_views WHERE id = ?');

  return {
    async createSavedView(view) {
      const { changes } = insert.run(view.id, view.owner, view.name, view.ringId, view.createdAt, JSON.stringify(view.state));
      if (changes === 0) throw new EngineError('CONFLICT', `saved view ${view.id} already exists`);
    },

    async getSavedView(id) {
      const row = byId.get(id) as ViewRow | undefined;
      return row ? toView(row) : null;
    },

    async listSavedViews({ owner, offset, limit }) {
      const views = (ofOwner.all(owner, limit, offset) as ViewRow[]).map(toView);
      return { views, total: countOfOwner.get(owner) as number };
    },

    async deleteSavedView(id) {
      return remove.run(id).changes > 0;
    },
  };
}
