/**
 * The casework screens over the stage: the Alerts queue (newest first, open
 * or acknowledged, each with its ring, score, reasons, webhook delivery and
 * an acknowledge button) and the Cases list (filtered by status, assignee,
 * brand and minimum score, sorted by score, last update or creation). Both
 * page with the API's cursor and open the ring (and its case) on a click.
 */
import type { Role } from '../../engine/index.ts';
import { CASE_STATUSES } from '../../engine/model/casework.ts';
import type { AlertView, CaseView } from '../../api/http/schemas.ts';
import type { ApiClient, CaseListQuery, CursorPage } from '../remote/client.ts';
import { formatScore, h } from './dom.ts';

export interface Worklist {
  element: HTMLElement;
  refresh(): Promise<void>;
}

function when(at: string): string {
  return at.slice(0, 16).replace('T', ' ');
}

/** A list that loads its first page on refresh and appends pages on "Load more". */
function pagedList<T>(load: (cursor?: string) => Promise<CursorPage<T>>, row: (item: T) => HTMLElement, empty: string, testid: string) {
  const list = h('ol', { class: 'work-items', data: { testid } });
  const more = h('button', { class: 'button ghost', hidden: true }, 'Load more');
  let cursor: string | null = null;
  let ticket = 0;
  const fill = async (next?: string): Promise<void> => {
    const mine = ++ticket;
    const page = await load(next);
    if (mine !== ticket) return;
    if (!next) list.replaceChildren();
    list.append(...page.items.map(row));
    if (list.children.length === 0) list.append(h('li', { class: 'empty' }, empty));
    cursor = page.nextCursor;
    more.hidden = cursor === null;
  };
  more.addEventListener('click', () => void (cursor && fill(cursor)));
  return { element: h('div', { class: 'work-list' }, list, more), refresh: () => fill() };
}

export function createAlertsQueue(api: ApiClient, role: Role, handlers: { onOpenRing(ringId: string): void; onError(e: unknown): void; onChange(): void }): Worklist {
  const status = h('select', { class: 'input', attrs: { 'aria-label': 'Alert status' }, data: { testid: 'alert-status' } }, h('option', { value: 'open' }, 'Open'), h('option', { value: 'acknowledged' }, 'Acknowledged'), h('option', { value: 'all' }, 'All'));
  const row = (a: AlertView): HTMLElement => {
    const ack = h('button', { class: 'button small-button', data: { testid: 'alert-ack' } }, 'Acknowledge');
    ack.addEventListener('click', (e) => {
      e.stopPropagation();
      api.acknowledgeAlert(a.id).then(() => {
        handlers.onChange();
        void list.refresh();
      }, handlers.onError);
    });
    const delivery = a.delivery.state === 'failed' ? `webhook failed after ${a.delivery.attempts} attempts${a.delivery.lastError ? `: ${a.delivery.lastError}` : ''}` : `webhook ${a.delivery.state}${a.delivery.attempts ? ` (${a.delivery.attempts} attempts)` : ''}`;
    return h(
      'li',
      { class: 'work-item', data: { testid: 'alert-item', alertId: a.id, ringId: a.ringId, status: a.status }, attrs: { tabindex: '0', role: 'button', 'aria-label': `Open ring ${a.ringId}` }, on: { click: () => handlers.onOpenRing(a.ringId), keydown: (e) => void (e.key === 'Enter' && handlers.onOpenRing(a.ringId)) } },
      h('div', { class: 'work-line' }, h('span', { class: `badge alert-${a.kind}` }, a.kind), h('span', { class: 'ring-id' }, a.ringId), h('span', { class: 'work-score' }, formatScore(a.score)), a.status === 'acknowledged' ? h('span', { class: 'muted small' }, `acknowledged by ${a.acknowledgedBy ?? '?'}`) : role !== 'viewer' ? ack : null),
      h('div', { class: 'ring-meta' }, a.reasons.join(' · ')),
      h('div', { class: 'muted small' }, `${when(a.createdAt)} · run ${a.runId} · case ${a.caseId} · `, h('span', { class: `delivery delivery-${a.delivery.state}`, data: { testid: 'alert-delivery' } }, delivery)),
    );
  };
  const list = pagedList((cursor) => api.alerts({ status: status.value as 'open' | 'acknowledged' | 'all', ...(cursor ? { cursor } : {}) }), row, 'No alerts with this status.', 'alert-list');
  status.addEventListener('change', () => void list.refresh().catch(handlers.onError));
  return {
    element: h('section', { class: 'worklist', data: { testid: 'alerts-queue' } }, h('header', { class: 'panel-header' }, h('h2', {}, 'Alerts'), status), list.element),
    refresh: list.refresh,
  };
}

export function createCasesList(api: ApiClient, brands: () => string[], handlers: { onOpenRing(ringId: string): void; onError(e: unknown): void }): Worklist {
  const status = h('select', { class: 'input', attrs: { 'aria-label': 'Case status' }, data: { testid: 'case-filter-status' } }, h('option', { value: '' }, 'Any status'), h('option', { value: 'open' }, 'Open (not closed)'), ...CASE_STATUSES.map((s) => h('option', { value: s }, s)));
  const assignee = h('input', { type: 'search', class: 'input', placeholder: 'Assignee', attrs: { 'aria-label': 'Assignee' }, data: { testid: 'case-filter-assignee' } });
  const brand = h('select', { class: 'input', attrs: { 'aria-label': 'Brand' }, data: { testid: 'case-filter-brand' } });
  const minScore = h('input', { type: 'number', class: 'input', placeholder: 'Score ≥', attrs: { min: '0', step: '0.05', 'aria-label': 'Minimum score' }, data: { testid: 'case-filter-score' } });
  const sort = h('select', { class: 'input', attrs: { 'aria-label': 'Sort' }, data: { testid: 'case-sort' } }, h('option', { value: 'updated' }, 'Last updated'), h('option', { value: 'score' }, 'Score'), h('option', { value: 'created' }, 'Opened'));
  const query = (): CaseListQuery => ({
    ...(status.value === 'open' ? { status: CASE_STATUSES.filter((s) => !s.startsWith('closed')) } : status.value ? { status: [status.value] } : {}),
    ...(assignee.value.trim() ? { assignee: assignee.value.trim() } : {}),
    ...(brand.value ? { brand: brand.value } : {}),
    ...(Number(minScore.value) > 0 ? { minScore: Number(minScore.value) } : {}),
    sort: sort.value as 'updated' | 'score' | 'created',
  });
  const row = (c: CaseView): HTMLElement =>
    h(
      'li',
      { class: 'work-item', data: { testid: 'case-item', caseId: c.id, ringId: c.ringId, status: c.status }, attrs: { tabindex: '0', role: 'button', 'aria-label': `Open ring ${c.ringId}` }, on: { click: () => handlers.onOpenRing(c.ringId), keydown: (e) => void (e.key === 'Enter' && handlers.onOpenRing(c.ringId)) } },
      h('div', { class: 'work-line' }, h('span', { class: `badge case-${c.status}` }, c.status), h('span', { class: 'ring-id' }, c.ringId), h('span', { class: 'work-score' }, formatScore(c.score)), h('span', { class: 'muted small' }, c.assignee ?? 'unassigned')),
      h('div', { class: 'ring-brands' }, ...c.brands.slice(0, 4).map((b) => h('span', { class: 'tag' }, b))),
      h('div', { class: 'muted small' }, `${c.id} · opened ${when(c.createdAt)} · updated ${when(c.updatedAt)}${c.mergedInto ? ` · merged into ${c.mergedInto}` : ''}`),
    );
  const list = pagedList((cursor) => api.cases({ ...query(), ...(cursor ? { cursor } : {}) }), row, 'No case matches these filters.', 'case-list');
  const refresh = async (): Promise<void> => {
    const chosen = brand.value;
    brand.replaceChildren(h('option', { value: '' }, 'All brands'), ...brands().map((b) => h('option', { value: b }, b)));
    brand.value = chosen;
    await list.refresh();
  };
  for (const input of [status, brand, sort]) input.addEventListener('change', () => void list.refresh().catch(handlers.onError));
  for (const input of [assignee, minScore]) input.addEventListener('input', () => void list.refresh().catch(handlers.onError));
  return {
    element: h('section', { class: 'worklist', data: { testid: 'cases-list' } }, h('header', { class: 'panel-header' }, h('h2', {}, 'Cases')), h('div', { class: 'work-filters' }, status, assignee, brand, minScore, sort), list.element),
    refresh,
  };
}
