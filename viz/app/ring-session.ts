/**
 * One open ring: its graph (ring subgraph merged with every expansion), the
 * sigma view, the layout, selection and the expansion history. It fetches
 * what it needs, merges in place, and reports changes through `onChange` so
 * the shell can update the URL, the legend and the details panel. `kill()`
 * stops the layout worker and tears down the renderer.
 */
import type { ExpansionOutcome } from './expansion-notice.ts';
import { DirectedGraph } from 'graphology';
import type { NodeType } from '../../engine/index.ts';
import type { ApiClient } from '../remote/client.ts';
import type { RingDetail } from '../../api/http/schemas.ts';
import type { EdgeAttributes, ExplorerGraph, NodeAttributes } from '../graph/attributes.ts';
import { evidenceIndex, type EvidenceIndex } from '../graph/evidence.ts';
import { createExpansionHistory } from '../graph/expansion-history.ts';
import { mergeSubgraph } from '../graph/merge-subgraph.ts';
import { timeBounds, type Filters } from '../graph/visibility.ts';
import type { MemberFacts, StyleRules } from '../graph/style-metrics.ts';
import { createLayoutRunner, type LayoutRunner } from '../layout/layout-runner.ts';
import { createGraphView, type GraphView } from '../render/graph-view.ts';
import type { GroupMark } from '../render/reducers.ts';

/** A ring's subgraph is fetched up to this many nodes (the server may cap lower). */
export const SUBGRAPH_LIMIT = 5_000;
const EXPANSION_LIMIT = 150;

export interface RingSessionEvents {
  /** Layout status changed. */
  onChange(): void;
  /** Nodes or edges were added or removed (expansion, search, undo). */
  onGraphChanged(): void;
  onSelect(nodeId: string | null): void;
  /** An expansion (double-click, button or deep link) finished. */
  onExpanded(nodeId: string, result: ExpansionOutcome): void;
  onError(message: string): void;
  /** The multi-selection changed. */
  onMulti?(nodes: ReadonlySet<string>): void;
}

/** Nodes grouped into one collapsible group node (kept in saved views). */
export interface NodeGroup {
  id: string;
  label: string;
  members: string[];
  collapsed: boolean;
}

export interface RingSession {
  readonly ringId: string;
  readonly ring: RingDetail;
  readonly graph: ExplorerGraph;
  readonly view: GraphView;
  readonly layout: LayoutRunner;
  readonly truncated: boolean;
  select(nodeId: string | null, options?: { focus?: boolean }): void;
  selected(): string | null;
  /** Merges the node's neighbourhood; how many nodes it added and whether the server's cap cut it. */
  expand(nodeId: string): Promise<ExpansionOutcome>;
  /** Adds an entity found by search to the graph (with its neighbourhood) and selects it. */
  bring(nodeId: string, options?: { select?: boolean }): Promise<void>;
  undo(): boolean;
  expanded(): string[];
  canUndo(): boolean;
  setFilters(filters: Filters): void;
  filters(): Filters;
  setStyle(rules: StyleRules): void;
  /** Nodes per type in the graph. */
  typeCounts(): Map<NodeType, number>;
  /** Nodes per type the filters leave on screen. */
  visibleTypeCounts(): Map<NodeType, number>;
  memberCount(): number;
  timeBounds(): [number, number] | null;
  /** Nodes the layout leaves where they are. */
  pinned(): ReadonlySet<string>;
  setPinned(nodeIds: Iterable<string>): void;
  /** Every node's position, rounded to 0.01 (what a saved view keeps). */
  positions(): Record<string, [number, number]>;
  /** Puts nodes where a saved view had them and ends the layout run there (no drift away from the saved picture). */
  restorePositions(positions: Readonly<Record<string, readonly [number, number]>>): void;
  /** The multi-selection (shift-click, shift-drag). */
  multi(): ReadonlySet<string>;
  setMulti(nodeIds: Iterable<string>): void;
  /** Nodes hidden by hand. */
  hiddenByHand(): ReadonlySet<string>;
  setHiddenByHand(nodeIds: Iterable<string>): void;
  groups(): NodeGroup[];
  /** Groups the nodes (two or more) into one collapsed group node at their centre; their positions come back when it expands. */
  group(nodeIds: string[], label?: string): NodeGroup | null;
  /** Collapses or expands a group. */
  toggleGroup(groupId: string): void;
  ungroup(groupId: string): void;
  /** Restores a saved view's groups (positions are restored separately). */
  setGroups(groups: NodeGroup[]): void;
  /** The group a node is the drawn anchor of, if any. */
  groupOf(nodeId: string): NodeGroup | null;
  kill(): void;
}

export async function openRingSession(container: HTMLElement, api: ApiClient, ringId: string, events: RingSessionEvents): Promise<RingSession> {
  const [ring, subgraph] = await Promise.all([api.ring(ringId), api.subgraph(ringId, SUBGRAPH_LIMIT)]);
  const members = new Set(ring.members.map((m) => `seller:${m.sellerId}`));
  const evidence: EvidenceIndex = evidenceIndex(ring.members);
  const memberFacts = new Map<string, MemberFacts>();
  for (const m of ring.members) if (m.facts) memberFacts.set(`seller:${m.sellerId}`, m.facts);
  const graph: ExplorerGraph = new DirectedGraph<NodeAttributes, EdgeAttributes>({ multi: false, allowSelfLoops: false });
  mergeSubgraph(graph, subgraph, { members, evidence });

  const history = createExpansionHistory();
  let filters: Filters = { hiddenTypes: new Set(), minEvidence: 0, timeRange: null, view: 'evidence' };
  const sources = new Set(ring.likelySources.map((s) => `address:${s.key}`));
  let killed = false;

  const select = (nodeId: string | null, options: { focus?: boolean } = {}): void => {
    const target = nodeId !== null && graph.hasNode(nodeId) ? nodeId : null;
    view.select(target);
    if (target && options.focus) void view.focusNode(target);
    events.onSelect(target);
  };

  const view = createGraphView(container, graph, {
    onClickNode: (node) => {
      if (multi.size > 0) session.setMulti([]);
      select(node);
    },
    onShiftClickNode: (node) => {
      const next = new Set(multi);
      if (next.has(node)) next.delete(node);
      else next.add(node);
      session.setMulti(next);
    },
    onBoxSelect: (nodes) => session.setMulti([...multi, ...nodes]),
    onDoubleClickNode: (node) => void session.expand(node),
    onClickStage: () => select(null),
  }, {}, { evidenceContext: () => ({ sources, pinned: history.addedNodes() }), memberFacts });
  let pinned = new Set<string>();
  let multi = new Set<string>();
  let handHidden = new Set<string>();
  let groups: NodeGroup[] = [];
  /** Where a collapsed group's members stood before it collapsed. */
  const before = new Map<string, Map<string, [number, number]>>();
  let groupSeq = 0;
  const stacked = (): Set<string> => new Set(groups.filter((g) => g.collapsed).flatMap((g) => g.members));
  const layout = createLayoutRunner(graph, { pinned: () => new Set([...pinned, ...stacked()]) });
  const showGroups = (): void => {
    const marks = new Map<string, GroupMark>();
    for (const g of groups) {
      if (!g.collapsed) continue;
      const present = g.members.filter((m) => graph.hasNode(m));
      present.forEach((m, i) => marks.set(m, { anchor: i === 0, label: `${g.label} · ${present.length}`, members: present.length }));
    }
    view.setGroups(marks);
  };
  const regrouped = (): void => {
    showGroups();
    view.graphChanged();
    // A running layout holds the old positions and pins: restart it from what is drawn now.
    if (layout.status() === 'running') layout.start();
    else layout.invalidate();
    events.onGraphChanged();
  };
  const centre = (members: string[]): [number, number] => {
    let x = 0;
    let y = 0;
    for (const m of members) {
      x += graph.getNodeAttribute(m, 'x');
      y += graph.getNodeAttribute(m, 'y');
    }
    return [x / members.length, y / members.length];
  };
  const collapse = (g: NodeGroup): void => {
    const present = g.members.filter((m) => graph.hasNode(m));
    if (present.length === 0) return;
    before.set(g.id, new Map(present.map((m) => [m, [graph.getNodeAttribute(m, 'x'), graph.getNodeAttribute(m, 'y')]])));
    const [x, y] = centre(present);
    for (const m of present) graph.mergeNodeAttributes(m, { x, y });
  };
  const spread = (g: NodeGroup): void => {
    const saved = before.get(g.id);
    const present = g.members.filter((m) => graph.hasNode(m));
    const [x, y] = present.length ? centre(present) : [0, 0];
    present.forEach((m, i) => {
      const at = saved?.get(m);
      // A group restored from a saved view has no "before": fan its members out around the centre.
      const angle = (i / present.length) * Math.PI * 2;
      graph.mergeNodeAttributes(m, at ? { x: at[0], y: at[1] } : { x: x + Math.cos(angle) * 3, y: y + Math.sin(angle) * 3 });
    });
    before.delete(g.id);
  };
  layout.onChange((status) => {
    view.setLayoutRunning(status === 'running');
    events.onChange();
  });
  layout.start();

  const merged = (): void => {
    view.graphChanged();
    layout.start();
    events.onGraphChanged();
  };

  const session: RingSession = {
    ringId,
    ring,
    graph,
    view,
    layout,
    truncated: subgraph.truncated,
    select,
    selected: () => view.selected(),
    async expand(nodeId) {
      const none = { added: 0, truncated: false, limit: EXPANSION_LIMIT };
      if (!graph.hasNode(nodeId)) return none;
      try {
        const around = await api.neighbourhood(nodeId, { limit: EXPANSION_LIMIT });
        if (killed) return none;
        const added = mergeSubgraph(graph, around, { members, evidence, anchor: nodeId });
        // An expansion that added nothing is not an undo step nor part of the link.
        if (added.addedNodes.length > 0 || added.addedEdges.length > 0) {
          history.push({ nodeId, ...added });
          merged();
        }
        const result = { added: added.addedNodes.length, truncated: around.truncated, limit: EXPANSION_LIMIT };
        events.onExpanded(nodeId, result);
        return result;
      } catch (error) {
        events.onError(`Could not expand ${nodeId}: ${error instanceof Error ? error.message : String(error)}`);
        return none;
      }
    },
    async bring(nodeId, options = {}) {
      if (!graph.hasNode(nodeId)) {
        const around = await api.neighbourhood(nodeId, { limit: EXPANSION_LIMIT });
        if (killed) return;
        // Anchor on whatever the entity touches that is already on screen.
        const anchor = around.nodes.find((n) => graph.hasNode(n.id))?.id;
        const added = mergeSubgraph(graph, around, { members, evidence, ...(anchor ? { anchor } : {}) });
        history.push({ nodeId, ...added });
        merged();
      }
      if (options.select ?? true) select(nodeId, { focus: true });
    },
    undo() {
      const undone = history.undo(graph);
      if (!undone) return false;
      if (view.selected() !== null && !graph.hasNode(view.selected()!)) select(null);
      merged();
      return true;
    },
    expanded: () => history.nodeIds(),
    canUndo: () => history.nodeIds().length > 0,
    setFilters(next) {
      filters = next;
      view.setFilters({ ...next, hiddenNodes: handHidden });
    },
    filters: () => filters,
    setStyle: (rules) => view.setStyle(rules),
    typeCounts() {
      const counts = new Map<NodeType, number>();
      graph.forEachNode((_n, a) => counts.set(a.nodeType, (counts.get(a.nodeType) ?? 0) + 1));
      return counts;
    },
    visibleTypeCounts() {
      const hidden = view.visibility().hiddenNodes;
      const counts = new Map<NodeType, number>();
      graph.forEachNode((n, a) => void (!hidden.has(n) && counts.set(a.nodeType, (counts.get(a.nodeType) ?? 0) + 1)));
      return counts;
    },
    memberCount: () => graph.filterNodes((_n, a) => a.ringMember).length,
    timeBounds: () => timeBounds(graph),
    pinned: () => pinned,
    setPinned(nodeIds) {
      pinned = new Set([...nodeIds].filter((n) => graph.hasNode(n)));
      view.setPinned(pinned);
      // The running layout holds the old flags: restart it with the new ones.
      if (layout.status() === 'running') layout.start();
      else layout.invalidate();
    },
    positions() {
      const out: Record<string, [number, number]> = {};
      graph.forEachNode((n, a) => void (out[n] = [Math.round(a.x * 100) / 100, Math.round(a.y * 100) / 100]));
      return out;
    },
    restorePositions(positions) {
      layout.halt();
      graph.updateEachNodeAttributes(
        (node, a) => {
          const at = positions[node];
          if (at) {
            a.x = at[0];
            a.y = at[1];
          }
          return a;
        },
        { attributes: ['x', 'y'] },
      );
      view.graphChanged();
    },
    multi: () => multi,
    setMulti(nodeIds) {
      multi = new Set([...nodeIds].filter((n) => graph.hasNode(n)));
      view.setMulti(multi);
      events.onMulti?.(multi);
    },
    hiddenByHand: () => handHidden,
    setHiddenByHand(nodeIds) {
      handHidden = new Set([...nodeIds].filter((n) => graph.hasNode(n)));
      view.setFilters({ ...filters, hiddenNodes: handHidden });
      events.onGraphChanged();
    },
    groups: () => groups.map((g) => ({ ...g, members: [...g.members] })),
    group(nodeIds, label) {
      const taken = stacked();
      const members = [...new Set(nodeIds)].filter((n) => graph.hasNode(n) && !groups.some((g) => g.members.includes(n)) && !taken.has(n));
      if (members.length < 2) return null;
      const g: NodeGroup = { id: `g${++groupSeq}`, label: label ?? `Group ${groupSeq}`, members, collapsed: true };
      groups = [...groups, g];
      collapse(g);
      regrouped();
      return g;
    },
    toggleGroup(groupId) {
      const g = groups.find((x) => x.id === groupId);
      if (!g) return;
      if (g.collapsed) spread(g);
      else collapse(g);
      g.collapsed = !g.collapsed;
      regrouped();
    },
    ungroup(groupId) {
      const g = groups.find((x) => x.id === groupId);
      if (!g) return;
      if (g.collapsed) spread(g);
      groups = groups.filter((x) => x !== g);
      regrouped();
    },
    setGroups(next) {
      groups = next.map((g) => ({ ...g, members: g.members.filter((m) => graph.hasNode(m)) })).filter((g) => g.members.length >= 2);
      groupSeq = Math.max(groupSeq, ...groups.map((g) => Number(/^g(\d+)$/.exec(g.id)?.[1] ?? 0)));
      showGroups();
    },
    groupOf(nodeId) {
      return groups.find((g) => g.collapsed && g.members.find((m) => graph.hasNode(m)) === nodeId) ?? null;
    },
    kill() {
      killed = true;
      layout.kill();
      view.kill();
    },
  };
  return session;
}
