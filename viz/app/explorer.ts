/**
 * The explorer: which view is open (a ring, the overview or neither) and how
 * it gets there. It wires the page shell, the toolbar and navigation to the
 * ring and overview sessions; the deep link in the URL (navigation.ts) is the
 * source of truth for screen, ring, selection and expansions, restored on load
 * and on back/forward.
 */
import { expansionNotice } from './expansion-notice.ts';
import type { NodeType } from '../../engine/index.ts';
import { ApiError, type ApiClient, type Capabilities } from '../remote/client.ts';
import type { GraphNode, Me, RingSummary } from '../../api/http/schemas.ts';
import { HOME, type ViewLink } from '../state/view-link.ts';
import { counted } from '../counted.ts';
import { h, toast } from '../ui/dom.ts';
import type { FilterBarState } from '../ui/filter-bar.ts';
import { timeEvents, type Filters } from '../graph/visibility.ts';
import { createNavigation, OVERVIEW, ringLink } from './navigation.ts';
import { openOverviewSession, type OverviewSession } from './overview-session.ts';
import { createPageShell } from './page-shell.ts';
import { openRingSession, type NodeGroup, type RingSession, type RingSessionEvents } from './ring-session.ts';
import { exposeTestState, viewTestState } from './test-hooks.ts';
import { createToolbar } from './toolbar.ts';
import { overviewKey } from '../ui/overview-key.ts';
import { createSavedViewsMenu } from '../ui/saved-views.ts';
import { createMultiBar } from '../ui/multi-bar.ts';
import type { SavedViewBody, ViewState } from '../../api/http/schemas.ts';
import type { Tier } from '../state/view-link.ts';
import { createCasePanel } from '../ui/case-panel.ts';
import { createAlertsQueue, createCasesList, type Worklist } from '../ui/worklists.ts';
import { connectLiveEvents, type LiveEvents } from '../remote/live-events.ts';
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
  let tier: Tier = 'ring';
  /** A saved view being opened: what the URL does not hold (positions, pins, hidden nodes, groups), applied once its ring is restored. */
  let pendingView: SavedViewBody | null = null;
  let opening = 0;
  /** The casework screen open over the stage, if any. */
  let worklistOpen: 'alerts' | 'cases' | null = null;
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
      const tierPart = tier === 'ring' ? {} : { tier };
      if (overview) return { ...OVERVIEW, ...tierPart };
      if (worklistOpen) return { ...HOME, screen: worklistOpen, ...tierPart };
      if (ring) {
        return {
          screen: 'ring', ring: ring.ringId, selected: ring.selected(), expanded: ring.expanded(), mode: viewMode,
          hiddenTypes: [...hiddenTypes], minEvidence: filterState.minEvidence, timeRange: filterState.timeRange, style, ...tierPart,
        };
      }
      return { ...HOME, ...tierPart };
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
    me: options.me,
  });
  const viewsMenu = createSavedViewsMenu({
    list: () => api.views(),
    canSave: () => ring !== null,
    save: (name) => {
      if (!ring) return Promise.reject(new Error('Open a ring to save its view.'));
      return saveCurrentView(ring, name);
    },
    open: (id) => openSavedView(id),
    remove: (id) => api.deleteView(id),
  });
  const multiBar = createMultiBar({
    expandAll: () => void expandAll(),
    hide: () => {
      if (!ring) return;
      ring.setHiddenByHand([...ring.hiddenByHand(), ...ring.multi()]);
      ring.setMulti([]);
      applyFilters();
    },
    pin: () => {
      ring?.setPinned([...ring.pinned(), ...ring.multi()]);
      refreshChrome();
    },
    unpin: () => {
      if (!ring) return;
      const off = ring.multi();
      ring.setPinned([...ring.pinned()].filter((n) => !off.has(n)));
      refreshChrome();
    },
    group: () => {
      if (!ring) return;
      const made = ring.group([...ring.multi()]);
      if (!made) toast('Pick two or more nodes not already in a group.', 'error');
      ring.setMulti([]);
    },
    clear: () => ring?.setMulti([]),
    showHidden: () => {
      ring?.setHiddenByHand([]);
      applyFilters();
    },
  });
  /** Shown on the ring view when a run finished that changed the ring on screen. */
  const runBanner = h('div', { class: 'run-banner overlay-box', hidden: true, data: { testid: 'run-banner' } });
  // In the toolbar's flow, so they wrap with it and Fit keeps the graph below them.
  toolbar.element.append(multiBar.element, runBanner);
  /** URL updates from the time bar's playback are coalesced (browsers throttle history writes). */
  let syncTimer: ReturnType<typeof setTimeout> | null = null;
  const syncSoon = (): void => {
    if (syncTimer !== null) clearTimeout(syncTimer);
    syncTimer = setTimeout(() => {
      syncTimer = null;
      navigation.sync();
    }, 250);
  };

  const shell = createPageShell(
    root,
    { api, me: options.me, capabilities, toolbar: toolbar.element, dossierButton: toolbar.dossierButton, headerExtras: [viewsMenu.element] },
    {
      onNavigate: (link) => navigation.navigate({ ...link, ...(tier === 'ring' ? {} : { tier }) }, true),
      onTier: (next) => {
        tier = next;
        navigation.sync();
      },
      onSearchPick: (node) => void jumpTo(node),
      onSignOut: () => options.onSignOut(),
      onToggleType: (type) => {
        hiddenTypes = new Set(hiddenTypes);
        if (hiddenTypes.has(type)) hiddenTypes.delete(type);
        else hiddenTypes.add(type);
        applyFilters();
        navigation.sync();
      },
      onFilters: (next) => {
        filterState = next;
        applyFilters();
        syncSoon();
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
  const casePanel = createCasePanel(api, options.me.role, (e) => fail(e));
  const openRingOf = (ringId: string): void => navigation.navigate({ ...ringLink(ringId), ...(tier === 'ring' ? {} : { tier }) }, true);
  const alertsQueue = createAlertsQueue(api, options.me.role, { onOpenRing: openRingOf, onError: (e) => fail(e), onChange: () => void countAlerts() });
  const casesList = createCasesList(api, () => [...new Set(rings.flatMap((r) => r.brands))].sort(), { onOpenRing: openRingOf, onError: (e) => fail(e) });
  const countAlerts = async (): Promise<void> => {
    if (!capabilities.casework) return;
    const open = await api.alerts({ status: 'open' }).catch(() => null);
    // The page holds at most 100 alerts; the badge counts them all.
    if (open) shell.setAlertCount(open.page.total ?? open.items.length);
  };
  details.showMessage('Select a ring, then a node, to see why it is there.');

  const test = viewTestState(() => ({ ring, overview }), stage);
  exposeTestState(test);

  const applyFilters = (): void => {
    ring?.setFilters({ hiddenTypes, minEvidence: filterState.minEvidence, timeRange: filterState.timeRange, view: viewMode });
    refreshChrome();
  };

  const refreshChrome = (): void => {
    shell.show(ring ? 'ring' : overview ? 'overview' : (worklistOpen ?? 'home'));
    toolbar.refresh();
    viewsMenu.update();
    const pinned = ring?.pinned() ?? new Set<string>();
    multiBar.update(ring?.multi().size ?? 0, ring?.hiddenByHand().size ?? 0, [...(ring?.multi() ?? [])].filter((n) => pinned.has(n)).length);
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
    if (nodeId === null) {
      details.showRing(ring.ring, dossier ? toolbar.dossierButton : null);
      if (capabilities.casework) {
        details.element.querySelector('[data-testid=ring-summary]')?.append(casePanel.element);
        if (casePanel.ringId() !== ring.ringId) void casePanel.load(ring.ringId);
      }
    }
    else if (ring.groupOf(nodeId)) showGroup(ring, ring.groupOf(nodeId)!);
    else details.showNode(nodeId, ring.graph.getNodeAttributes(nodeId), ring.ring);
    navigation.sync();
  };

  const closeSessions = (): void => {
    filterBar.stop();
    worklistOpen = null;
    runBanner.hidden = true;
    shell.worklist.replaceChildren();
    ring?.kill();
    overview?.kill();
    ring = null;
    overview = null;
    stage.replaceChildren();
  };

  const openRing = async (link: ViewLink): Promise<void> => {
    const ticket = ++opening;
    closeSessions();
    hiddenTypes = new Set(link.hiddenTypes ?? []);
    viewMode = link.mode ?? 'evidence';
    style = link.style ?? DEFAULT_STYLE;
    filterState = { minEvidence: link.minEvidence ?? 0, timeRange: link.timeRange ?? null };
    if (pendingView && pendingView.ringId !== link.ring) pendingView = null;
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
      // No ring is open now: the toolbar and legend of the one before must not stay up as if it were.
      details.showMessage(`Ring ${link.ring} could not be loaded: ${error instanceof Error ? error.message : String(error)}`);
      refreshChrome();
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
    onExpanded: (nodeId, outcome) => {
      if (restoring) return;
      const notice = expansionNotice(ring?.graph.hasNode(nodeId) ? ring.graph.getNodeAttribute(nodeId, 'label') : nodeId, outcome);
      if (notice) toast(notice);
    },
    onError: (message) => toast(message, 'error'),
    onMulti: () => refreshChrome(),
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
    filterBar.setState(filterState);
    session.setStyle(style);
    const saved = pendingView;
    pendingView = null;
    if (saved) {
      const state = saved.state;
      session.setHiddenByHand(state.hidden);
      session.setPinned(state.pinned);
      session.restorePositions(state.positions);
      session.setGroups(state.groups);
    }
    applyFilters();
    // A shared or old link may name nodes this ring no longer holds (or this token may not see): say so, not drop them silently.
    const missing = [...new Set([...link.expanded, ...(link.selected === null ? [] : [link.selected])])].filter((n) => !session.graph.hasNode(n));
    if (missing.length > 0) toast(`This link names ${counted(missing.length, 'node')} not found around ring ${session.ringId}: ${missing.join(', ')}.`, 'error');
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
      { tier },
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

  const showOverviewKey = (): void => {
    if (!overview) return;
    details.element.replaceChildren(
      overviewKey(overview.overview, overview.graph, tier, (next) => {
        tier = next;
        ringList.setTier(next);
        navigation.sync();
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
        summary ? h('p', { class: 'muted' }, `${counted(summary.size, 'seller')} · ${counted(summary.shops, 'shop')} · ${summary.brands.join(', ')}`) : null,
        h('button', { class: 'button primary', on: { click: () => navigation.navigate(ringLink(ringId), true) } }, 'Open ring'),
      ),
    );
  };

  const openWorklist = async (screen: 'alerts' | 'cases'): Promise<void> => {
    ++opening;
    closeSessions();
    worklistOpen = screen;
    test.screen = screen;
    ringList.setActive(null);
    const list: Worklist = screen === 'alerts' ? alertsQueue : casesList;
    shell.worklist.replaceChildren(list.element);
    details.showMessage(screen === 'alerts' ? 'New, grown, merged and materially changed rings raise alerts. Click one to open its ring and case.' : 'Every alerted ring has a case that follows it through lineage. Click one to open its ring.');
    shell.show(screen);
    await list.refresh();
    test.revision++;
  };

  /** A run finished: if the ring on screen changed (members or score), say so with a way to reload it. */
  const ringAfterRun = async (runId: string): Promise<void> => {
    const session = ring;
    if (!session) return;
    const fresh = await api.ring(session.ringId).catch((e: unknown) => (e instanceof ApiError && e.status === 404 ? null : Promise.reject(e)));
    if (ring !== session) return;
    const before = session.ring;
    const members = (r: { members: Array<{ sellerId: string }> }): string => r.members.map((m) => m.sellerId).sort().join('\n');
    let text: string | null = null;
    if (fresh === null) text = `A newer run (${runId}) no longer holds ring ${session.ringId}.`;
    else if (members(fresh) !== members(before) || Math.abs(fresh.score - before.score) > 1e-9) {
      // Name what changed; a count or score that reads the same on both sides is not news.
      const changes: string[] = [];
      if (members(fresh) !== members(before)) {
        changes.push(fresh.members.length === before.members.length ? `other members (${fresh.members.length} sellers)` : `${before.members.length} → ${fresh.members.length} sellers`);
      }
      if (fresh.evidence.counterfeitReports !== before.evidence.counterfeitReports) changes.push(`counterfeit reports ${before.evidence.counterfeitReports} → ${fresh.evidence.counterfeitReports}`);
      if (fresh.evidence.takedowns !== before.evidence.takedowns) changes.push(`takedowns ${before.evidence.takedowns} → ${fresh.evidence.takedowns}`);
      if (fresh.score.toFixed(2) !== before.score.toFixed(2)) changes.push(`score ${before.score.toFixed(2)} → ${fresh.score.toFixed(2)}`);
      text = `A newer run changed this ring: ${changes.length > 0 ? changes.join(', ') : 'its evidence changed'}.`;
    }
    if (text === null) return;
    const reload = h('button', { class: 'button small-button primary', data: { testid: 'run-banner-reload' }, on: { click: () => (fresh ? apply(navigation.current()) : navigation.navigate(HOME, true)) } }, fresh ? 'Reload the ring' : 'Back to the list');
    runBanner.replaceChildren(h('span', { data: { runId } }, text), reload);
    runBanner.hidden = false;
    test.revision++;
  };

  let live: LiveEvents | null = null;
  if (capabilities.events) {
    live = connectLiveEvents(api, {
      onRunFinished: ({ runId }) => {
        api.rings().then((list) => {
          rings = list;
          ringList.setRings(list);
        }, fail);
        void ringAfterRun(runId).catch(fail);
        if (worklistOpen) void (worklistOpen === 'alerts' ? alertsQueue : casesList).refresh().catch(fail);
      },
      onAlert: ({ ringId }) => {
        void countAlerts();
        if (worklistOpen === 'alerts') void alertsQueue.refresh().catch(fail);
        toast(`New alert for ring ${ringId}.`);
      },
      onCaseChanged: ({ ringId }) => {
        if (ring && casePanel.ringId() === ring.ringId && (ringId === ring.ringId || ring.ring.previousIds.includes(ringId))) void casePanel.load(ring.ringId);
        if (worklistOpen === 'cases') void casesList.refresh().catch(fail);
      },
      onStatus: (connected) => {
        test.liveConnected = connected;
      },
      onRevoked: () => options.onSignOut('Your token is no longer accepted. Sign in again.'),
    });
  }
  void countAlerts();

  const goHome = (): void => {
    ++opening;
    closeSessions();
    test.screen = 'home';
    ringList.setActive(null);
    details.showMessage('Select a ring, then a node, to see why it is there.');
    refreshChrome();
  };
  const apply = (link: ViewLink): void => {
    tier = link.tier ?? 'ring';
    ringList.setTier(tier);
    if (link.screen === 'alerts' || link.screen === 'cases') {
      openWorklist(link.screen).then(() => refreshChrome(), fail);
      return;
    }
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

  /** What a saved view keeps of the open ring: the link's state plus positions, pins, hidden nodes and groups. */
  const captureState = (session: RingSession, positions: 'all' | 'pinned'): ViewState => {
    const all = session.positions();
    const grouped = new Set(session.groups().flatMap((g) => g.members));
    const keep = positions === 'all' ? all : Object.fromEntries(Object.entries(all).filter(([n]) => session.pinned().has(n) || grouped.has(n)));
    return {
      mode: viewMode,
      selected: session.selected(),
      expanded: session.expanded(),
      hiddenTypes: [...hiddenTypes],
      minEvidence: filterState.minEvidence,
      timeRange: filterState.timeRange ? [filterState.timeRange[0], filterState.timeRange[1]] : null,
      style,
      positions: keep,
      pinned: [...session.pinned()],
      hidden: [...session.hiddenByHand()],
      groups: session.groups(),
    };
  };

  const saveCurrentView = async (session: RingSession, name: string): Promise<SavedViewBody> => {
    try {
      return await api.saveView({ name, ringId: session.ringId, state: captureState(session, 'all') });
    } catch (error) {
      // A big ring's every position can exceed the server's cap; the layout is deterministic, so pinned and grouped ones suffice.
      if (error instanceof ApiError && (error.status === 413 || (error.code === 'INVALID_INPUT' && /bytes as JSON/.test(error.message)))) {
        return api.saveView({ name, ringId: session.ringId, state: captureState(session, 'pinned') });
      }
      throw error;
    }
  };

  const openSavedView = (id: string): void => {
    api.view(id).then(
      (view) => {
        pendingView = view;
        const s = view.state;
        navigation.navigate(
          { screen: 'ring', ring: view.ringId, selected: s.selected, expanded: s.expanded, mode: s.mode, hiddenTypes: s.hiddenTypes, minEvidence: s.minEvidence, timeRange: s.timeRange, style: s.style, ...(tier === 'ring' ? {} : { tier }) },
          true,
        );
        toast(`Opened the saved view “${view.name}”${view.owner !== options.me.name ? ` by ${view.owner}` : ''}.`);
      },
      (error: unknown) => {
        if (error instanceof ApiError && error.status === 404) {
          history.replaceState(null, '', location.pathname);
          showViewUnavailable(id);
          return;
        }
        fail(error);
      },
    );
  };

  const showViewUnavailable = (id: string): void => {
    ++opening;
    closeSessions();
    test.screen = 'home';
    ringList.setActive(null);
    const scope = options.me.role === 'liaison' ? ` Your token sees only rings with evidence for ${options.me.brands.join(', ') || 'no brand'}.` : '';
    details.element.replaceChildren(
      h(
        'div',
        { class: 'details', data: { testid: 'ring-unavailable', kind: 'view' } },
        h('header', { class: 'details-header' }, h('div', { class: 'kicker' }, 'Saved view'), h('h2', {}, id)),
        h('p', {}, `This view is not available: its ring is not in the current run, or it is outside your scope.${scope}`),
        h('button', { class: 'button primary', on: { click: () => navigation.navigate(HOME, true) } }, 'Back to the ring list'),
      ),
    );
    shell.show('home');
    test.revision++;
  };

  const showGroup = (session: RingSession, group: NodeGroup): void => {
    const act = (fn: () => void) => () => {
      fn();
      session.select(null);
    };
    details.element.replaceChildren(
      h(
        'div',
        { class: 'details', data: { testid: 'group-panel', groupId: group.id } },
        h('header', { class: 'details-header' }, h('div', { class: 'kicker' }, 'Group'), h('h2', {}, group.label)),
        h('p', { class: 'muted' }, `${group.members.length} nodes folded into one; their ties are drawn from the group node.`),
        h(
          'div',
          { class: 'button-row' },
          h('button', { class: 'button primary', data: { testid: 'group-toggle' }, on: { click: act(() => session.toggleGroup(group.id)) } }, 'Expand group'),
          h('button', { class: 'button', data: { testid: 'group-ungroup' }, on: { click: act(() => session.ungroup(group.id)) } }, 'Ungroup'),
        ),
        h('ul', { class: 'group-members' }, ...group.members.map((m) => h('li', {}, session.graph.hasNode(m) ? session.graph.getNodeAttribute(m, 'label') : m))),
      ),
    );
  };

  const expandAll = async (): Promise<void> => {
    if (!ring) return;
    const session = ring;
    const targets = [...session.multi()];
    let added = 0;
    for (const node of targets) {
      if (ring !== session) return;
      added += (await session.expand(node)).added;
    }
    toast(added ? `Expanded ${targets.length} nodes: ${added} new nodes.` : 'Everything around the selected nodes is already on screen.');
  };

  const onKey = (e: KeyboardEvent): void => {
    if (e.key === 'Escape' && ring && ring.multi().size > 0) ring.setMulti([]);
  };
  window.addEventListener('keydown', onKey);

  /** `#view=ID`: a shared saved view (a fragment, so the id never reaches a server log until the page asks for it). */
  const viewInHash = (): string | null => {
    const id = /^#view=([^&]+)$/.exec(location.hash)?.[1];
    return id ? decodeURIComponent(id) : null;
  };
  const onHash = (): void => {
    const id = viewInHash();
    if (id) openSavedView(id);
  };
  window.addEventListener('hashchange', onHash);

  api.rings().then((list) => {
    rings = list;
    ringList.setRings(list);
  }, fail);
  const shared = viewInHash();
  navigation.start(shared === null);
  if (shared) openSavedView(shared);

  return () => {
    live?.close();
    window.removeEventListener('keydown', onKey);
    window.removeEventListener('hashchange', onHash);
    if (syncTimer !== null) clearTimeout(syncTimer);
    navigation.stop();
    closeSessions();
  };

}
