/**
 * The page shell: header (screen tabs, entity search, who is signed in),
 * ring list on the left, the graph stage with its toolbar, legend and
 * filters in the middle, details on the right. It builds the DOM and its
 * parts and forwards what people do to the handlers; it holds no view state —
 * `show()` says which screen is open.
 */
import type { NodeType } from '../../engine/index.ts';
import type { ApiClient, Capabilities } from '../remote/client.ts';
import type { GraphNode, Me } from '../../api/http/schemas.ts';
import { HOME, type Tier, type ViewLink } from '../state/view-link.ts';
import { createDetailsPanel, type DetailsPanel } from '../ui/details-panel.ts';
import { h } from '../ui/dom.ts';
import { createFilterBar, type FilterBar, type FilterBarState } from '../ui/filter-bar.ts';
import { createLegend, type Legend } from '../ui/legend.ts';
import { createRingList, type RingList } from '../ui/ring-list.ts';
import { createSearchBox } from '../ui/search-box.ts';
import type { FreeArea } from '../render/graph-view.ts';
import type { StyleRules } from '../graph/style-metrics.ts';
import { OVERVIEW, ringLink } from './navigation.ts';

export interface PageShellOptions {
  api: ApiClient;
  me: Me;
  capabilities: Capabilities;
  /** Placed on the stage: the toolbar above the graph, the dossier button in the corner. */
  toolbar: HTMLElement;
  dossierButton: HTMLElement;
  /** Placed in the top bar after the tabs (the saved-views menu). */
  headerExtras?: HTMLElement[];
}

export interface PageShellHandlers {
  /** A tab, a ring in the list or a ring link in the details was chosen. */
  onNavigate(link: ViewLink): void;
  onSearchPick(node: GraphNode): void;
  /** The ring list's tier filter changed. */
  onTier(tier: Tier): void;
  onSignOut(): void;
  onToggleType(type: NodeType): void;
  onFilters(state: FilterBarState): void;
  onStyle(rules: StyleRules): void;
  onSelectNode(nodeId: string): void;
  onExpand(nodeId: string): void;
  /** True when the node is in the graph on screen. */
  inGraph(nodeId: string): boolean;
  labelOf(nodeId: string): string | null;
}

export type Screen = 'home' | 'ring' | 'overview' | 'alerts' | 'cases';

export interface PageShell {
  /** The sigma container. */
  stage: HTMLElement;
  details: DetailsPanel;
  ringList: RingList;
  legend: Legend;
  filterBar: FilterBar;
  /** The part of the stage no toolbar or overlay box covers, in the stage's pixels (what "Fit" frames the graph into). */
  freeArea(): FreeArea;
  /** Where the Alerts queue or the Cases list goes (over the stage). */
  worklist: HTMLElement;
  /** The number on the Alerts tab (open alerts; 0 hides it). */
  setAlertCount(n: number): void;
  /** Shows the parts of the view that is open (`home`: none yet — the empty stage; legend and filters on a ring; the active tab). */
  show(screen: Screen): void;
}

export function createPageShell(root: HTMLElement, options: PageShellOptions, handlers: PageShellHandlers): PageShell {
  const { api, me, capabilities } = options;
  const stage = h('div', { class: 'stage-canvas', data: { testid: 'graph' } });
  const stageEmpty = h('div', { class: 'stage-empty' }, h('h2', {}, 'Pick a ring'), h('p', {}, 'Rings are ranked by score. Open one to see its members, the identifiers that tie them and where their parcels ship from.'));
  const legend = createLegend((type) => handlers.onToggleType(type), (rules) => handlers.onStyle(rules));
  const filterBar = createFilterBar((next) => handlers.onFilters(next));
  const overlays = h('div', { class: 'stage-overlays', hidden: true }, legend.element, filterBar.element);
  const openRing = (ringId: string): void => handlers.onNavigate(ringLink(ringId));
  const details = createDetailsPanel(api, {
    onSelect: (nodeId) => handlers.onSelectNode(nodeId),
    onExpand: (nodeId) => handlers.onExpand(nodeId),
    onOpenRing: openRing,
    inGraph: (nodeId) => handlers.inGraph(nodeId),
    labelOf: (nodeId) => handlers.labelOf(nodeId),
  });
  const ringList = createRingList({ onOpen: openRing, onTier: (tier) => handlers.onTier(tier) });

  const tabRings = h('button', { class: 'tab on', on: { click: () => handlers.onNavigate(HOME) } }, 'Rings');
  const tabOverview = h('button', { class: 'tab', hidden: !capabilities.overview, data: { testid: 'tab-overview' }, on: { click: () => handlers.onNavigate(OVERVIEW) } }, 'Overview');
  const alertBadge = h('span', { class: 'tab-badge', hidden: true, data: { testid: 'alert-badge' } });
  const tabAlerts = h('button', { class: 'tab', hidden: !capabilities.casework, data: { testid: 'tab-alerts' }, on: { click: () => handlers.onNavigate({ ...HOME, screen: 'alerts' }) } }, 'Alerts', alertBadge);
  const tabCases = h('button', { class: 'tab', hidden: !capabilities.casework, data: { testid: 'tab-cases' }, on: { click: () => handlers.onNavigate({ ...HOME, screen: 'cases' }) } }, 'Cases');
  const worklist = h('div', { class: 'worklist-host', hidden: true });
  const header = h(
    'header',
    { class: 'topbar' },
    h('div', { class: 'brand' }, h('span', { class: 'logo-mark' }), 'ringtrace'),
    h('nav', { class: 'tabs' }, tabRings, tabOverview, tabAlerts, tabCases),
    ...(options.headerExtras ?? []),
    createSearchBox(api, (node) => handlers.onSearchPick(node)),
    h(
      'div',
      { class: 'who' },
      h('span', { class: `role role-${me.role}`, data: { testid: 'role' } }, me.role),
      h('span', { class: 'who-name', attrs: { title: me.name } }, me.name),
      me.brands.length ? h('span', { class: 'muted small' }, me.brands.join(', ')) : null,
      h('button', { class: 'button ghost', on: { click: () => handlers.onSignOut() } }, 'Sign out'),
    ),
  );
  root.replaceChildren(
    h('div', { class: 'shell' }, header, h('div', { class: 'columns' }, ringList.element, h('main', { class: 'stage' }, stage, stageEmpty, options.toolbar, overlays, worklist, options.dossierButton), details.element)),
  );

  return {
    stage,
    freeArea() {
      const box = stage.getBoundingClientRect();
      let top = 0;
      let bottom = box.height;
      const bar = options.toolbar.getBoundingClientRect();
      if (!options.toolbar.hidden && bar.height > 0) top = bar.bottom - box.top;
      if (!overlays.hidden) {
        for (const el of [legend.element, filterBar.element]) {
          const r = el.getBoundingClientRect();
          if (r.height > 0) bottom = Math.min(bottom, r.top - box.top);
        }
      }
      return { left: 0, top, right: box.width, bottom: Math.max(top + 80, bottom) };
    },
    details,
    ringList,
    legend,
    filterBar,
    worklist,
    setAlertCount(n) {
      alertBadge.hidden = n === 0;
      alertBadge.textContent = String(n);
    },
    show(screen) {
      overlays.hidden = screen !== 'ring';
      stageEmpty.hidden = screen !== 'home';
      worklist.hidden = screen !== 'alerts' && screen !== 'cases';
      tabRings.classList.toggle('on', screen === 'home' || screen === 'ring');
      tabOverview.classList.toggle('on', screen === 'overview');
      tabAlerts.classList.toggle('on', screen === 'alerts');
      tabCases.classList.toggle('on', screen === 'cases');
    },
  };
}
