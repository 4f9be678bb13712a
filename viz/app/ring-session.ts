/**
 * One open ring: its graph (ring subgraph merged with every expansion), the
 * sigma view, the layout, selection and the expansion history. It fetches
 * what it needs, merges in place, and reports changes through `onChange` so
 * the shell can update the URL, the legend and the details panel. `kill()`
 * stops the layout worker and tears down the renderer.
 */
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
  onExpanded(nodeId: string, result: { added: number; truncated: boolean }): void;
  onError(message: string): void;
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
  expand(nodeId: string): Promise<{ added: number; truncated: boolean }>;
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
    onClickNode: (node) => select(node),
    onDoubleClickNode: (node) => void session.expand(node),
    onClickStage: () => select(null),
  }, {}, { evidenceContext: () => ({ sources, pinned: history.addedNodes() }), memberFacts });
  const layout = createLayoutRunner(graph);
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
      const none = { added: 0, truncated: false };
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
        const result = { added: added.addedNodes.length, truncated: around.truncated };
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
      view.setFilters(next);
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
    kill() {
      killed = true;
      layout.kill();
      view.kill();
    },
  };
  return session;
}
