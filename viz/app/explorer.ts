/**
 * The explorer shell: header (screens, entity search, who is signed in),
 * ring list on the left, the graph stage with its toolbar, legend and
 * filters in the middle, details on the right. It owns navigation: the
 * deep link in the URL is the source of truth for screen, ring, selection and
 * expansions, and is restored on load and on back/forward.
 */
import type { NodeType } from '../../engine/index.ts';
import { ApiError, type ApiClient, type Capabilities } from '../remote/client.ts';
import type { GraphNode, Me, RingSummary } from '../remote/types.ts';
import { formatViewLink, parseViewLink, type ViewLink } from '../state/view-link.ts';
import { createDetailsPanel } from '../ui/details-panel.ts';
import { h, toast } from '../ui/dom.ts';
import { createFilterBar, type FilterBarState } from '../ui/filter-bar.ts';
import { createLegend } from '../ui/legend.ts';
import { createRingList } from '../ui/ring-list.ts';
import { createSearchBox } from '../ui/search-box.ts';
import { openOverviewSession, type OverviewSession } from './overview-session.ts';
import { openRingSession, type RingSession } from './ring-session.ts';
import { exposeTestState, type TestState } from './test-hooks.ts';

export interface ExplorerOptions {
  api: ApiClient;
  me: Me;
  capabilities: Capabilities;
  onSignOut(reason?: string): void;
}

export function startExplorer(root: HTMLElement, options: ExplorerOptions): () => void {
  const { api, me, capabilities } = options;
  let ring: RingSession | null = null;
  let overview: OverviewSession | null = null;
  let rings: RingSummary[] = [];
  let hiddenTypes = new Set<NodeType>();
  let filterState: FilterBarState = { minEvidence: 0, timeRange: null };
  let opening = 0;

  const test: TestState = {
    screen: 'home',
    get ringId() {
      return ring?.ringId ?? null;
    },
    get nodeIds() {
      return (ring ?? overview)?.graph.nodes() ?? [];
    },
    get selected() {
      return ring?.selected() ?? overview?.view.selected() ?? null;
    },
    get expanded() {
      return ring?.expanded() ?? [];
    },
    get layoutRunning() {
      return ((ring ?? overview)?.layout.status() ?? 'idle') === 'running';
    },
    get layoutStatus() {
      return (ring ?? overview)?.layout.status() ?? 'idle';
    },
    get visibleNodeIds() {
      const session = ring ?? overview;
      if (!session) return [];
      const hidden = session.view.visibility().hiddenNodes;
      return session.graph.filterNodes((n) => !hidden.has(n));
    },
    revision: 0,
    nodePosition(nodeId) {
      const session = ring ?? overview;
      const display = session?.view.renderer.getNodeDisplayData(nodeId);
      if (!session || !display) return null;
      const point = session.view.renderer.framedGraphToViewport(display);
      const box = stage.getBoundingClientRect();
      return { x: box.left + point.x, y: box.top + point.y };
    },
  };
  exposeTestState(test);

  const fail = (error: unknown): void => {
    if (error instanceof ApiError && error.status === 401) {
      options.onSignOut('Your token is no longer accepted. Sign in again.');
      return;
    }
    toast(error instanceof Error ? error.message : String(error), 'error');
  };

  // ---- layout of the page
  const stage = h('div', { class: 'stage-canvas', data: { testid: 'graph' } });
  const stageEmpty = h('div', { class: 'stage-empty' }, h('h2', {}, 'Pick a ring'), h('p', {}, 'Rings are ranked by score. Open one to see its members, the identifiers that tie them and where their parcels ship from.'));
  const layoutButton = h('button', { class: 'button', data: { testid: 'layout-toggle' } }, 'Pause layout');
  const undoButton = h('button', { class: 'button', disabled: true, data: { testid: 'undo' }, title: 'Undo the last expansion' }, 'Undo expand');
  const fitButton = h('button', { class: 'button', title: 'Fit the graph to the screen' }, 'Fit');
  const exportButton = h('button', { class: 'button', data: { testid: 'export-png' } }, 'Export PNG');
  const dossierButton = h('button', { class: 'button primary', hidden: true, data: { testid: 'dossier' } }, 'Download dossier');
  const status = h('span', { class: 'stage-status', data: { testid: 'stage-status' } });
  const toolbar = h('div', { class: 'toolbar', hidden: true }, layoutButton, undoButton, fitButton, exportButton, status);
  const legend = createLegend((type) => {
    hiddenTypes = new Set(hiddenTypes);
    if (hiddenTypes.has(type)) hiddenTypes.delete(type);
    else hiddenTypes.add(type);
    applyFilters();
  });
  const filterBar = createFilterBar((next) => {
    filterState = next;
    applyFilters();
  });
  const overlays = h('div', { class: 'stage-overlays', hidden: true }, legend.element, filterBar.element);

  const details = createDetailsPanel(api, {
    onSelect: (nodeId) => {
      ring?.select(nodeId, { focus: true });
    },
    onExpand: (nodeId) => void expand(nodeId),
    onOpenRing: (ringId) => navigate({ screen: 'ring', ring: ringId, selected: null, expanded: [] }, true),
    inGraph: (nodeId) => ring?.graph.hasNode(nodeId) ?? false,
  });
  const ringList = createRingList({ onOpen: (ringId) => navigate({ screen: 'ring', ring: ringId, selected: null, expanded: [] }, true) });

  const tabRings = h('button', { class: 'tab on', on: { click: () => navigate({ screen: 'home', ring: null, selected: null, expanded: [] }, true) } }, 'Rings');
  const tabOverview = h('button', { class: 'tab', hidden: !capabilities.overview, data: { testid: 'tab-overview' }, on: { click: () => navigate({ screen: 'overview', ring: null, selected: null, expanded: [] }, true) } }, 'Overview');
  const header = h(
    'header',
    { class: 'topbar' },
    h('div', { class: 'brand' }, h('span', { class: 'logo-mark' }), 'ringtrace'),
    h('nav', { class: 'tabs' }, tabRings, tabOverview),
    createSearchBox(api, (node) => void jumpTo(node)),
    h(
      'div',
      { class: 'who' },
      h('span', { class: `role role-${me.role}`, data: { testid: 'role' } }, me.role),
      h('span', { class: 'who-name' }, me.name),
      me.brands.length ? h('span', { class: 'muted small' }, me.brands.join(', ')) : null,
      h('button', { class: 'button ghost', on: { click: () => options.onSignOut() } }, 'Sign out'),
    ),
  );
  root.replaceChildren(
    h('div', { class: 'shell' }, header, h('div', { class: 'columns' }, ringList.element, h('main', { class: 'stage' }, stage, stageEmpty, toolbar, overlays, dossierButton), details.element)),
  );
  details.showMessage('Select a ring, then a node, to see why it is there.');

  // ---- state → URL
  const currentLink = (): ViewLink => {
    if (overview) return { screen: 'overview', ring: null, selected: null, expanded: [] };
    if (ring) return { screen: 'ring', ring: ring.ringId, selected: ring.selected(), expanded: ring.expanded() };
    return { screen: 'home', ring: null, selected: null, expanded: [] };
  };
  const writeUrl = (push: boolean): void => {
    const url = `${location.pathname}${formatViewLink(currentLink())}`;
    if (url === `${location.pathname}${location.search}`) return;
    if (push) history.pushState(null, '', url);
    else history.replaceState(null, '', url);
  };

  const applyFilters = (): void => {
    ring?.setFilters({ hiddenTypes, minEvidence: filterState.minEvidence, timeRange: filterState.timeRange });
    refreshChrome();
  };

  const refreshChrome = (): void => {
    const session = ring ?? overview;
    toolbar.hidden = session === null;
    overlays.hidden = ring === null;
    stageEmpty.hidden = session !== null;
    tabRings.classList.toggle('on', overview === null);
    tabOverview.classList.toggle('on', overview !== null);
    if (!session) return;
    const layoutStatus = session.layout.status();
    layoutButton.textContent = layoutStatus === 'running' ? 'Pause layout' : 'Resume layout';
    layoutButton.dataset.status = layoutStatus;
    undoButton.disabled = !ring?.canUndo();
    undoButton.hidden = ring === null;
    const nodes = session.graph.order;
    const shown = nodes - session.view.visibility().hiddenNodes.size;
    const layoutText = layoutStatus === 'running' ? 'layout running' : layoutStatus === 'settled' ? 'layout settled' : 'layout paused';
    status.textContent = `${shown.toLocaleString('en')} of ${nodes.toLocaleString('en')} nodes · ${session.graph.size.toLocaleString('en')} edges · ${layoutText}${ring?.truncated ? ' · truncated by the server cap' : ''}`;
    if (ring) legend.update(ring.typeCounts(), ring.memberCount(), hiddenTypes);
  };

  const showSelection = (nodeId: string | null): void => {
    if (!ring) return;
    if (nodeId === null) details.showRing(ring.ring, capabilities.dossier ? dossierButton : null);
    else details.showNode(nodeId, ring.graph.getNodeAttributes(nodeId), ring.ring);
    writeUrl(false);
  };

  const closeSessions = (): void => {
    ring?.kill();
    overview?.kill();
    ring = null;
    overview = null;
    stage.replaceChildren();
  };

  const expand = async (nodeId: string): Promise<void> => {
    if (!ring) return;
    await ring.expand(nodeId);
  };
  /** While a deep link is replayed, intermediate merges are not "settled" views. */
  let restoring = false;

  const openRing = async (link: ViewLink): Promise<void> => {
    const ticket = ++opening;
    closeSessions();
    hiddenTypes = new Set();
    test.screen = 'ring';
    ringList.setActive(link.ring);
    details.showMessage(`Loading ring ${link.ring}…`);
    const session = await openRingSession(stage, api, link.ring!, {
      onChange: () => {
        refreshChrome();
        writeUrl(false);
      },
      onGraphChanged: () => {
        if (restoring) return;
        refreshChrome();
        writeUrl(false);
        test.revision++;
      },
      onSelect: (nodeId) => showSelection(nodeId),
      onExpanded: (_nodeId, { added, truncated }) => {
        if (restoring) return;
        if (added === 0) toast('Nothing new around this node.');
        else if (truncated) toast(`Added ${added} nodes; the neighbourhood is larger (a hub?) and was cut at ${added}.`);
      },
      onError: (message) => toast(message, 'error'),
    });
    if (ticket !== opening) {
      session.kill();
      return;
    }
    ring = session;
    // Deep link: replay the expansions in order, then restore the selection.
    restoring = true;
    try {
      for (const nodeId of link.expanded) {
        if (session.graph.hasNode(nodeId)) await session.expand(nodeId);
        else await session.bring(nodeId, { select: false }).catch(() => undefined);
      }
    } finally {
      restoring = false;
    }
    filterBar.setTimeBounds(session.timeBounds());
    applyFilters();
    session.select(link.selected, { focus: link.selected !== null });
    if (link.selected === null) showSelection(null);
    refreshChrome();
    test.revision++;
  };

  const openOverview = async (): Promise<void> => {
    const ticket = ++opening;
    closeSessions();
    test.screen = 'overview';
    ringList.setActive(null);
    details.showMessage('Loading the rings overview…');
    const session = await openOverviewSession(stage, api, {
      onClickRing: (ringId) => showRingCard(ringId),
      onOpenRing: (ringId) => navigate({ screen: 'ring', ring: ringId, selected: null, expanded: [] }, true),
      onChange: () => refreshChrome(),
    });
    if (ticket !== opening) {
      session.kill();
      return;
    }
    overview = session;
    const { rings: n, links, hubsSkipped } = { rings: session.overview.rings.length, links: session.overview.links.length, hubsSkipped: session.overview.hubsSkipped };
    details.showMessage(`${n.toLocaleString('en')} rings, ${links.toLocaleString('en')} links through shared identifiers (${hubsSkipped} hub identifiers ignored). Click a ring for its card, double-click to open it.`);
    refreshChrome();
    test.revision++;
  };

  const showRingCard = (ringId: string | null): void => {
    if (ringId === null) return;
    const summary = rings.find((r) => r.id === ringId);
    details.element.replaceChildren(
      h(
        'div',
        { class: 'details' },
        h('header', { class: 'details-header' }, h('div', { class: 'kicker' }, 'Ring'), h('h2', {}, ringId), summary ? h('div', { class: 'score-line' }, h('span', { class: 'big-score' }, summary.score.toFixed(2)), h('span', { class: `badge status-${summary.change ?? 'new'}` }, summary.change ?? 'new')) : null),
        summary ? h('p', { class: 'muted' }, `${summary.size} sellers · ${summary.shops} shops · ${summary.brands.join(', ')}`) : null,
        h('button', { class: 'button primary', on: { click: () => navigate({ screen: 'ring', ring: ringId, selected: null, expanded: [] }, true) } }, 'Open ring'),
      ),
    );
  };

  const apply = (link: ViewLink): void => {
    const run = link.screen === 'ring' ? openRing(link) : link.screen === 'overview' ? openOverview() : Promise.resolve(goHome());
    run.then(() => refreshChrome(), fail);
  };
  const goHome = (): void => {
    ++opening;
    closeSessions();
    test.screen = 'home';
    ringList.setActive(null);
    details.showMessage('Select a ring, then a node, to see why it is there.');
    refreshChrome();
  };
  const navigate = (link: ViewLink, push: boolean): void => {
    const url = `${location.pathname}${formatViewLink(link)}`;
    if (push) history.pushState(null, '', url);
    else history.replaceState(null, '', url);
    apply(link);
  };

  const jumpTo = async (node: GraphNode): Promise<void> => {
    if (ring?.graph.hasNode(node.id)) {
      ring.select(node.id, { focus: true });
      return;
    }
    const ringOf = node.type === 'seller' && typeof node.attributes.ring === 'string' ? node.attributes.ring : null;
    if (ringOf && ringOf !== ring?.ringId) {
      navigate({ screen: 'ring', ring: ringOf, selected: node.id, expanded: [] }, true);
      return;
    }
    if (ring) {
      await ring.bring(node.id).catch(fail);
      return;
    }
    toast(`${node.label} is in no ring. Open a ring to bring it into view.`);
  };

  // ---- toolbar
  layoutButton.addEventListener('click', () => {
    const session = ring ?? overview;
    if (!session) return;
    if (session.layout.status() === 'running') session.layout.pause();
    else session.layout.resume();
    refreshChrome();
  });
  undoButton.addEventListener('click', () => {
    ring?.undo();
  });
  fitButton.addEventListener('click', () => void (ring ?? overview)?.view.fit());
  exportButton.addEventListener('click', () => {
    const session = ring ?? overview;
    session?.view.exportPng(ring ? `ringtrace-${ring.ringId}` : 'ringtrace-overview').catch(fail);
  });
  dossierButton.addEventListener('click', () => {
    if (!ring) return;
    const ringId = ring.ringId;
    api.download(api.dossierUrl(ringId)).then((blob) => {
      const a = h('a', { attrs: { href: URL.createObjectURL(blob), download: `dossier-${ringId}.zip` } });
      a.click();
      setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
    }, fail);
  });

  const onPopState = (): void => apply(parseViewLink(location.search));
  window.addEventListener('popstate', onPopState);

  api.rings().then((list) => {
    rings = list;
    ringList.setRings(list);
  }, fail);
  apply(parseViewLink(location.search));

  return () => {
    window.removeEventListener('popstate', onPopState);
    closeSessions();
  };
}
