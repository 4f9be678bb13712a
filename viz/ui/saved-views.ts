/**
 * The saved-views menu of the toolbar: save the open ring's view under a
 * name, and list the signed-in user's views (newest first) to open, share
 * (a `#view=ID` link anyone who may see the ring can open) or delete. It
 * talks to the API only through the handlers; what a view holds is the
 * explorer's business (explorer.ts captures and restores it).
 */
import type { SavedViewSummary } from '../../api/http/schemas.ts';
import { h, toast } from './dom.ts';

export interface SavedViewsHandlers {
  list(): Promise<SavedViewSummary[]>;
  /** Saves the open ring's view under `name`; resolves to the new view. */
  save(name: string): Promise<SavedViewSummary>;
  open(id: string): void;
  remove(id: string): Promise<void>;
  /** True while a ring is open (only a ring's view can be saved). */
  canSave(): boolean;
}

export interface SavedViewsMenu {
  element: HTMLElement;
  /** Re-reads the list (after a save elsewhere, or when the menu opens). */
  refresh(): Promise<void>;
  /** Enables saving when a ring is open. */
  update(): void;
}

export function viewLinkOf(id: string): string {
  return `${location.origin}${location.pathname}#view=${encodeURIComponent(id)}`;
}

export function createSavedViewsMenu(handlers: SavedViewsHandlers): SavedViewsMenu {
  const name = h('input', { type: 'text', class: 'input', placeholder: 'Name this view…', attrs: { 'aria-label': 'View name', maxlength: '120' }, data: { testid: 'view-name' } });
  const save = h('button', { class: 'button primary', data: { testid: 'view-save' } }, 'Save view');
  const list = h('ul', { class: 'view-items', data: { testid: 'view-list' } });
  const share = h('input', { type: 'text', class: 'input mono', hidden: true, attrs: { readonly: '', 'aria-label': 'Link to share' }, data: { testid: 'view-share' } });
  const count = h('span', { class: 'muted small' });

  const render = (views: SavedViewSummary[]): void => {
    count.textContent = views.length ? `${views.length} saved` : '';
    if (views.length === 0) {
      list.replaceChildren(h('li', { class: 'muted small empty-views' }, 'No saved views yet. Open a ring, arrange it, and save it here.'));
      return;
    }
    list.replaceChildren(
      ...views.map((v) =>
        h(
          'li',
          { class: 'view-item', data: { testid: 'view-item', viewId: v.id } },
          h('button', { class: 'link view-open', title: `Open ${v.name}`, data: { testid: 'view-open' }, on: { click: () => handlers.open(v.id) } }, v.name),
          h('span', { class: 'muted small view-meta' }, `${v.ringId} · ${v.createdAt.slice(0, 16).replace('T', ' ')}`),
          h(
            'span',
            { class: 'view-actions' },
            h('button', {
              class: 'button small-button',
              title: 'Copy a link anyone who may see this ring can open',
              data: { testid: 'view-link' },
              on: {
                click: () => {
                  share.hidden = false;
                  share.value = viewLinkOf(v.id);
                  share.select();
                  navigator.clipboard?.writeText(share.value).then(() => toast('Link copied.'), () => undefined);
                },
              },
            }, 'Link'),
            h('button', {
              class: 'button small-button danger',
              data: { testid: 'view-delete' },
              on: {
                click: () => {
                  handlers.remove(v.id).then(() => refresh(), (e: unknown) => toast(e instanceof Error ? e.message : String(e), 'error'));
                },
              },
            }, 'Delete'),
          ),
        ),
      ),
    );
  };

  const refresh = async (): Promise<void> => {
    try {
      render(await handlers.list());
    } catch (error) {
      list.replaceChildren(h('li', { class: 'muted small' }, `Saved views could not be read: ${error instanceof Error ? error.message : String(error)}`));
    }
  };

  const doSave = (): void => {
    const text = name.value.trim();
    if (!text) {
      name.focus();
      toast('Give the view a name first.', 'error');
      return;
    }
    save.disabled = true;
    handlers.save(text).then(
      (saved) => {
        name.value = '';
        toast(`Saved “${saved.name}”.`);
        share.hidden = false;
        share.value = viewLinkOf(saved.id);
        void refresh();
      },
      (e: unknown) => toast(e instanceof Error ? e.message : String(e), 'error'),
    ).finally(() => {
      save.disabled = !handlers.canSave();
    });
  };
  save.addEventListener('click', doSave);
  name.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') doSave();
  });

  const element = h(
    'details',
    { class: 'views-menu', data: { testid: 'views' } },
    h('summary', { class: 'button', data: { testid: 'views-toggle' } }, 'Saved views'),
    h('div', { class: 'views-panel overlay-box' }, h('div', { class: 'views-head' }, h('strong', {}, 'Saved views'), count), h('div', { class: 'views-save' }, name, save), share, list),
  );
  element.addEventListener('toggle', () => {
    if ((element as HTMLDetailsElement).open) void refresh();
  });

  return {
    element,
    refresh,
    update() {
      const can = handlers.canSave();
      save.disabled = !can;
      name.disabled = !can;
      name.placeholder = can ? 'Name this view…' : 'Open a ring to save its view';
    },
  };
}
