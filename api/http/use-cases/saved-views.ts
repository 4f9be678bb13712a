/**
 * Named saved views of the explorer. A view belongs to whoever saved it (the
 * token's name); it can be opened by anyone who may see its ring — a shared
 * link — and a view of a ring the caller may not see (or that left the
 * current run) answers NOT_FOUND like the ring itself, without naming it.
 * Only the owner or an admin deletes a view.
 */
import { randomBytes } from 'node:crypto';
import { EngineError, isEngineError, type SavedView } from '../../../engine/index.ts';
import { SAVED_VIEW_STATE_MAX_BYTES, type SavedViewBody, type SavedViewSummary, type ViewState } from '../schemas.ts';
import { visibleRing, type RingAccess } from './ring-detail.ts';

export interface NewView {
  name: string;
  ringId: string;
  state: ViewState;
}

function summary(view: SavedView): SavedViewSummary {
  return { id: view.id, owner: view.owner, name: view.name, ringId: view.ringId, createdAt: view.createdAt };
}

export async function saveView(access: RingAccess, input: NewView, now: Date = new Date()): Promise<SavedViewBody> {
  const bytes = Buffer.byteLength(JSON.stringify(input.state), 'utf8');
  if (bytes > SAVED_VIEW_STATE_MAX_BYTES) {
    throw new EngineError('INVALID_INPUT', `body.state: ${bytes.toLocaleString('en')} bytes as JSON, at most ${SAVED_VIEW_STATE_MAX_BYTES.toLocaleString('en')}; save fewer node positions`, { details: { field: 'body.state' } });
  }
  // A view can only be saved of a ring the caller sees (NOT_FOUND otherwise, as for the ring).
  await visibleRing(access, input.ringId);
  const view: SavedView = {
    id: `view-${randomBytes(6).toString('hex')}`,
    owner: access.principal.name,
    name: input.name,
    ringId: input.ringId,
    createdAt: now.toISOString(),
    state: input.state,
  };
  await access.store.createSavedView(view);
  return { ...summary(view), state: input.state };
}

export async function listViews(access: RingAccess, query: { offset: number; limit: number }): Promise<{ views: SavedViewSummary[]; total: number }> {
  const { views, total } = await access.store.listSavedViews({ owner: access.principal.name, ...query });
  return { views: views.map(summary), total };
}

export async function openView(access: RingAccess, id: string): Promise<SavedViewBody> {
  const view = await access.store.getSavedView(id);
  if (view === null) throw new EngineError('NOT_FOUND', `no saved view ${id}`);
  try {
    await visibleRing(access, view.ringId);
  } catch (error) {
    if (isEngineError(error) && error.code === 'NOT_FOUND') {
      throw new EngineError('NOT_FOUND', `saved view ${id} is not available: its ring is not in the current run, or it is outside your scope`);
    }
    throw error;
  }
  return { ...summary(view), state: view.state as ViewState };
}

export async function deleteView(access: RingAccess, id: string): Promise<void> {
  const view = await access.store.getSavedView(id);
  if (view === null) throw new EngineError('NOT_FOUND', `no saved view ${id}`);
  access.audit.ringIds = [view.ringId];
  if (view.owner !== access.principal.name && access.principal.role !== 'admin') {
    throw new EngineError('FORBIDDEN', `saved view ${id} belongs to ${view.owner}; only its owner or an admin may delete it`);
  }
  if (!(await access.store.deleteSavedView(id))) throw new EngineError('NOT_FOUND', `no saved view ${id}`);
}
