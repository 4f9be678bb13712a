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
import { timeEvents, type Filters } from '../graph/visibility.ts';
import { createNavigation, OVERVIEW, ringLink } from './navigation.ts';
import { openOverviewSession, type OverviewSession } from './overview-session.ts';
import { createPageShell } from './page-shell.ts';
import { openRingSession, type RingSession, type RingSessionEvents } from './ring-session.ts';
import { exposeTestState, viewTestState } from './test-hooks.ts';
import { createToolbar } from './toolbar.ts';
import { overviewKey } from '../ui/overview-key.ts';
import { DEFAULT_STYLE, type StyleRules } from '../graph/style-metrics.ts';
import { colorKey, sizeKey } from '../render/style-rules.ts';
import type { NodeAttributes } from '../graph/attributes.ts';

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
  let viewMode: Filters['view'] = 'evidence';
  let style: StyleRules = DEFAULT_STYLE;
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
      if (ring) return { screen: 'ring', ring: ring.ringId, selected: ring.selected(), expanded: ring.expanded(), mode: viewMode };
      return HOME;
    },
    apply: (link) => apply(link),
  });
  const toolbar = createToolbar({
    api,
    view: () => ({ ring, overview }),
    freeArea: () => shell.freeArea(),
    viewMode: () => viewMode,
    onToggleViewMode: () => {
      viewMode = viewMode === 'evidence' ? 'full' : 'evidence';
      applyFilters();
      navigation.sync();
    },
    onChange: () => refreshChrome(),
    onError: fail,
    role: options.me.role,
  });
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
      onStyle: (rules) => {
        style = rules;
        ring?.setStyle(style);
        refreshChrome();
        navigation.sync();
      },
      onSelectNode: (nodeId) => ring?.select(nodeId, { focus: true }),
      onExpand: (nodeId) => void ring?.expand(nodeId),
      inGraph: (nodeId) => ring?.graph.hasNode(nodeId) ?? false,
      labelOf: (nodeId) => (ring?.graph.hasNode(nodeId) ? ring.graph.getNodeAttribute(nodeId, 'label') : null),
    },
  );
  const { details, ringList, legend, filterBar, stage } = shell;
  details.showMessage('Select a ring, then a node, to see why it is there.');

  const test = viewTestState(() => ({ ring, overview }), stage);
  exposeTestState(test);

  const applyFilters = (): void => {
    ring?.setFilters({ hiddenTypes, minEvidence: filterState.minEvidence, timeRange: filterState.timeRange, view: viewMode });
    refreshChrome();
  };

  const refreshChrome = (): void => {
    shell.show(ring ? 'ring' : overview ? 'overview' : 'home');
    toolbar.refresh();
    if (ring) {
      const metrics = ring.view.metrics();
      const hidden = ring.view.visibility().hiddenNodes;
      legend.update({
        counts: ring.typeCounts(),
        visible: ring.visibleTypeCounts(),
        members: ring.memberCount(),
        hidden: hiddenTypes,
        style,
        colorKey: colorKey(style, metrics, ring.graph.filterNodes((n) => !hidden.has(n)).map((n) => [n, ring!.graph.getNodeAttributes(n)] as [string, NodeAttributes])),
        sizeKey: sizeKey(style, metrics),
      });
    }
  };

  const showSelection = (nodeId: string | null): void => {
    if (!ring) return;
    // Viewers may not export dossiers (the API answers 403), so they get no button.
    const dossier = capabilities.dossier && options.me.role !== 'viewer';
    toolbar.dossierButton.hidden = !dossier;
    if (nodeId === null) details.showRing(ring.ring, dossier ? toolbar.dossierButton : null);
    else details.showNode(nodeId, ring.graph.getNodeAttributes(nodeId), ring.ring);
    navigation.sync();
  };

  const closeSessions = (): void => {
    filterBar.stop();
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
    viewMode = link.mode ?? 'evidence';
    test.screen = 'ring';
    ringList.setActive(link.ring);
    details.showMessage(`Loading ring ${link.ring}…`);
    let session: RingSession;
    try {
      session = await openRingSession(stage, api, link.ring!, ringEvents);
    } catch (error) {
      if (ticket !== opening) return;
      if (error instanceof ApiError && error.status === 404) {
        showUnavailable(link.ring!);
        return;
      }
      details.showMessage(`Ring ${link.ring} could not be loaded.`);
      throw error;
    }
    if (ticket !== opening) {
      session.kill();
      return;
    }
    ring = session;
    await restore(session, link);
  };

  /** A ring that does not exist, or that this token may not see (the API answers both alike, on purpose). */
  const showUnavailable = (ringId: string): void => {
    const scope = options.me.role === 'liaison' ? ` Your token sees only rings with evidence for ${options.me.brands.join(', ') || 'no brand'}.` : '';
    details.element.replaceChildren(
      h(
        'div',
        { class: 'details', data: { testid: 'ring-unavailable' } },
        h('header', { class: 'details-header' }, h('div', { class: 'kicker' }, 'Ring'), h('h2', {}, ringId)),
        h('p', {}, `This ring is not in the current run, or it is outside your scope.${scope}`),
        h('button', { class: 'button primary', on: { click: () => navigation.navigate(HOME, true) } }, 'Back to the ring list'),
      ),
    );
    shell.show('home');
    test.revision++;
  };

  /** The ring whose first settled layout was framed into the free area already. */
  let framed: RingSession | null = null;
  /** The first settled picture is framed where no panel covers it (a deep link's selection is focused instead). */
  const frameOnce = (): void => {
    if (!ring || framed === ring || ring.layout.status() !== 'settled' || restoring) return;
    framed = ring;
    if (ring.selected() === null) void ring.view.fit(shell.freeArea(), { animate: false });
  };
  const ringEvents: RingSessionEvents = {
    onChange: () => {
      frameOnce();
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
    onExpanded: (nodeId, { added, truncated }) => {
      if (restoring) return;
      if (added === 0) toast(`Everything around ${ring?.graph.hasNode(nodeId) ? ring.graph.getNodeAttribute(nodeId, 'label') : nodeId} is already on screen.`);
      else if (truncated) toast(`Added ${added} nodes; the neighbourhood is larger (a hub?) and was cut at ${added}.`);
    },
    onError: (message) => toast(message, 'error'),
  };

  const restore = async (session: RingSession, link: ViewLink): Promise<void> => {
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
    filterBar.setEvents(timeEvents(session.graph));
    session.setStyle(style);
    applyFilters();
    session.select(link.selected, { focus: link.selected !== null });
    if (link.selected === null) showSelection(null);
    // A small ring may have settled before the session was handed over.
    frameOnce();
    refreshChrome();
    test.revision++;
  };

  const openOverview = async (): Promise<void> => {
    const ticket = ++opening;
    closeSessions();
    test.screen = 'overview';
    ringList.setActive(null);
    details.showMessage('Loading the rings overview…');
    const session = await openOverviewSession(
      stage,
      api,
      {
        onClickRing: (ringId) => (ringId === null ? showOverviewKey() : showRingCard(ringId)),
        onOpenRing: (ringId) => navigation.navigate(ringLink(ringId), true),
        onChange: () => refreshChrome(),
      },
      { minor: overviewMinor },
    );
    if (ticket !== opening) {
      session.kill();
      return;
    }
    overview = session;
    showOverviewKey();
    refreshChrome();
    test.revision++;
  };

  let overviewMinor = false;
  const showOverviewKey = (): void => {
    if (!overview) return;
    details.element.replaceChildren(
      overviewKey(overview.overview, overview.graph, overviewMinor, () => {
        overviewMinor = !overviewMinor;
        void openOverview().then(() => refreshChrome(), fail);
      }),
    );
  };

  const showRingCard = (ringId: string): void => {
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
