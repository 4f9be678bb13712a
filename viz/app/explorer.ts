/**
 * The explorer: which view is open (a ring, the overview or neither) and how
 * it gets there. It wires the page shell, the toolbar and navigation to the
 * ring and overview sessions; the deep link in the URL (navigation.ts) is the
 * source of truth for screen, ring, selection and expansions, restored on load
 * and on back/forward.
 */
import type { NodeType } from '../../engine/index.ts';
import { ApiError, type ApiClient, type Capabilities } from '../remote/client.ts';
import type { GraphNode, Me, RingSummary } from '../../api/http/schemas.ts';
import { HOME, type ViewLink } from '../state/view-link.ts';
import { h, toast } from '../ui/dom.ts';
import type { FilterBarState } from '../ui/filter-bar.ts';
import { createNavigation, OVERVIEW, ringLink } from './navigation.ts';
import { openOverviewSession, type OverviewSession } from './overview-session.ts';
import { createPageShell } from './page-shell.ts';
import { openRingSession, type RingSession } from './ring-session.ts';
import { exposeTestState, viewTestState } from './test-hooks.ts';
import { createToolbar } from './toolbar.ts';

export interface ExplorerOptions {
  api: ApiClient;
  me: Me;
  capabilities: Capabilities;
  onSignOut(reason?: string): void;
}

export function startExplorer(root: HTMLElement, options: ExplorerOptions): () => void {
  const { api, capabilities } = options;
  let ring: RingSession | null = null;
  let overview: OverviewSession | null = null;
  let rings: RingSummary[] = [];
  let hiddenTypes = new Set<NodeType>();
  let filterState: FilterBarState = { minEvidence: 0, timeRange: null };
  let opening = 0;
  /** While a deep link is replayed, intermediate merges are not "settled" views. */
  let restoring = false;

  const fail = (error: unknown): void => {
    if (error instanceof ApiError && error.status === 401) {
      options.onSignOut('Your token is no longer accepted. Sign in again.');
      return;
    }
    toast(error instanceof Error ? error.message : String(error), 'error');
  };

  const navigation = createNavigation({
    current: (): ViewLink => {
      if (overview) return OVERVIEW;
      if (ring) return { screen: 'ring', ring: ring.ringId, selected: ring.selected(), expanded: ring.expanded() };
      return HOME;
    },
    apply: (link) => apply(link),
  });
  const toolbar = createToolbar({ api, view: () => ({ ring, overview }), onChange: () => refreshChrome(), onError: fail });
  const shell = createPageShell(
    root,
    { api, me: options.me, capabilities, toolbar: toolbar.element, dossierButton: toolbar.dossierButton },
    {
      onNavigate: (link) => navigation.navigate(link, true),
      onSearchPick: (node) => void jumpTo(node),
      onSignOut: () => options.onSignOut(),
      onToggleType: (type) => {
        hiddenTypes = new Set(hiddenTypes);
        if (hiddenTypes.has(type)) hiddenTypes.delete(type);
        else hiddenTypes.add(type);
        applyFilters();
      },
      onFilters: (next) => {
        filterState = next;
        applyFilters();
      },
      onSelectNode: (nodeId) => ring?.select(nodeId, { focus: true }),
      onExpand: (nodeId) => void ring?.expand(nodeId),
      inGraph: (nodeId) => ring?.graph.hasNode(nodeId) ?? false,
    },
  );
  const { details, ringList, legend, filterBar, stage } = shell;
  details.showMessage('Select a ring, then a node, to see why it is there.');

  const test = viewTestState(() => ({ ring, overview }), stage);
  exposeTestState(test);

  const applyFilters = (): void => {
    ring?.setFilters({ hiddenTypes, minEvidence: filterState.minEvidence, timeRange: filterState.timeRange });
    refreshChrome();
  };

  const refreshChrome = (): void => {
    shell.show(ring ? 'ring' : overview ? 'overview' : 'home');
    toolbar.refresh();
    if (ring) legend.update(ring.typeCounts(), ring.memberCount(), hiddenTypes);
  };

  const showSelection = (nodeId: string | null): void => {
    if (!ring) return;
    if (nodeId === null) details.showRing(ring.ring, capabilities.dossier ? toolbar.dossierButton : null);
    else details.showNode(nodeId, ring.graph.getNodeAttributes(nodeId), ring.ring);
    navigation.sync();
  };

  const closeSessions = (): void => {
    ring?.kill();
    overview?.kill();
    ring = null;
    overview = null;
    stage.replaceChildren();
  };

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
        navigation.sync();
      },
      onGraphChanged: () => {
        if (restoring) return;
        refreshChrome();
        navigation.sync();
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
      onOpenRing: (ringId) => navigation.navigate(ringLink(ringId), true),
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
        h('button', { class: 'button primary', on: { click: () => navigation.navigate(ringLink(ringId), true) } }, 'Open ring'),
      ),
    );
  };

  const goHome = (): void => {
    ++opening;
    closeSessions();
    test.screen = 'home';
    ringList.setActive(null);
    details.showMessage('Select a ring, then a node, to see why it is there.');
    refreshChrome();
  };
  const apply = (link: ViewLink): void => {
    const run = link.screen === 'ring' ? openRing(link) : link.screen === 'overview' ? openOverview() : Promise.resolve(goHome());
    run.then(() => refreshChrome(), fail);
  };

  const jumpTo = async (node: GraphNode): Promise<void> => {
    if (ring?.graph.hasNode(node.id)) {
      ring.select(node.id, { focus: true });
      return;
    }
    const ringOf = node.type === 'seller' && typeof node.attributes.ring === 'string' ? node.attributes.ring : null;
    if (ringOf && ringOf !== ring?.ringId) {
      navigation.navigate(ringLink(ringOf, node.id), true);
      return;
    }
    if (ring) {
      await ring.bring(node.id).catch(fail);
      return;
    }
    toast(`${node.label} is in no ring. Open a ring to bring it into view.`);
  };

  api.rings().then((list) => {
    rings = list;
    ringList.setRings(list);
  }, fail);
  navigation.start();

  return () => {
    navigation.stop();
    closeSessions();
  };
}
