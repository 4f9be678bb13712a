/**
 * Named saved views of the explorer. A view belongs to whoever saved it (the
 * token's name); it can be opened by anyone who may see its ring — a shared
 * link — and a view of a ring the caller may not see (or that left the
 * current run) answers NOT_FOUND exactly like a view that does not exist.
 * A view's state names nodes by id, and an admin's ids are real phones,
 * emails and accounts: each caller gets the state as it would see those nodes
 * anywhere else (its role's pseudonyms; a liaison only its scope's nodes).
 * Only the owner or an admin deletes a view.
 */
import { randomBytes } from 'node:crypto';
import { EngineError, isEngineError, nodeId, PERSONAL_NODE_TYPES, type NodeType, type SavedView } from '../../../engine/index.ts';
import { isScoped } from '../access/principal.ts';
import type { Scopes } from '../access/scope.ts';
import { SAVED_VIEW_STATE_MAX_BYTES, type SavedViewBody, type SavedViewSummary, type ViewState } from '../schemas.ts';
import { visibleRing, type RingAccess } from './ring-detail.ts';

export interface ViewAccess extends RingAccess {
  scopes: Scopes;
}

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

const noView = (id: string): EngineError => new EngineError('NOT_FOUND', `no saved view ${id}`);

/**
 * The view, or NOT_FOUND when it does not exist or its ring is not one the
 * caller may see in the current run. A missing view still reads a ring (one
 * that cannot exist), so hidden and missing cost the same work.
 */
async function visibleView(access: RingAccess, id: string): Promise<SavedView> {
  const view = await access.store.getSavedView(id);
  try {
    await visibleRing(access, view?.ringId ?? `\u0000no-view\u0000${id}`);
  } catch (error) {
    if (isEngineError(error) && error.code === 'NOT_FOUND') throw noView(id);
    throw error;
  } finally {
    if (view === null) access.audit.ringIds = [];
  }
  if (view === null) throw noView(id);
  return view;
}

/**
 * The state as this caller sees its nodes elsewhere: a personal node it may
 * not see unmasked is named by the pseudonym its role is shown; for a liaison,
 * nodes outside its scope are left out (a group left with fewer than two
 * members goes). A group that lost or masked a member gets a neutral label,
 * since its label was typed by someone who saw the real values.
 */
async function stateFor(access: ViewAccess, state: ViewState): Promise<ViewState> {
  const { principal, masker } = access;
  const scope = isScoped(principal) ? await access.scopes.of(principal) : null;
  if (scope === null && principal.personalData === 'all') return state;
  const shown = (id: string): string | null => {
    if (scope !== null && !scope.nodeIds.has(id)) return null;
    if (principal.personalData === 'all' || (principal.personalData === 'members' && scope?.memberNodeIds.has(id))) return id;
    const colon = id.indexOf(':');
    const type = id.slice(0, colon) as NodeType;
    const key = id.slice(colon + 1);
    return PERSONAL_NODE_TYPES.has(type) && !masker.isPseudonym(key) ? nodeId(type, masker.pseudonym(type, key)) : id;
  };
  const ids = (list: readonly string[]): string[] => list.flatMap((id) => shown(id) ?? []);
  const positions: ViewState['positions'] = {};
  for (const [id, at] of Object.entries(state.positions)) {
    const to = shown(id);
    if (to !== null) positions[to] = at;
  }
  const groups = state.groups.flatMap((g) => {
    const members = ids(g.members);
    if (members.length < 2) return [];
    const same = members.length === g.members.length && members.every((m, i) => m === g.members[i]);
    return [{ ...g, members, label: same ? g.label : `Group ${g.id}` }];
  });
  return {
    ...state,
    selected: state.selected === null ? null : shown(state.selected),
    expanded: ids(state.expanded),
    positions,
    pinned: ids(state.pinned),
    hidden: ids(state.hidden),
    groups,
  };
}

export async function openView(access: ViewAccess, id: string): Promise<SavedViewBody> {
  const view = await visibleView(access, id);
  return { ...summary(view), state: await stateFor(access, view.state as ViewState) };
}

export async function deleteView(access: RingAccess, id: string): Promise<void> {
  const view = await access.store.getSavedView(id);
  const mine = view !== null && (view.owner === access.principal.name || access.principal.role === 'admin');
  // Its owner (or an admin) deletes it even after its ring left the current run; anyone else learns
  // that it exists only if they may open it.
  if (!mine) {
    await visibleView(access, id);
    throw new EngineError('FORBIDDEN', `saved view ${id} is not yours; only its owner or an admin may delete it`);
  }
  access.audit.ringIds = [view.ringId];
  if (!(await access.store.deleteSavedView(id))) throw noView(id);
}
