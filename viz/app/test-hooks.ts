/**
 * State the page exposes on `window.__ringtrace` for end-to-end tests and the
 * benchmark: what is on screen, read live (getters), never a copy to keep in
 * sync. Tests assert on it alongside the DOM.
 */
import type { NodeDisplayData } from 'sigma/types';
import { activeSession, type OpenView } from './toolbar.ts';
export interface TestState {
  screen: 'login' | 'home' | 'ring' | 'overview' | 'alerts' | 'cases';
  ringId: string | null;
  /** Node ids in the graph on screen. */
  nodeIds: string[];
  selected: string | null;
  expanded: string[];
  layoutRunning: boolean;
  layoutStatus: string;
  /** Increments whenever the view settles after a change (ring opened, expansion merged, restore done). */
  revision: number;
  /** Node ids sigma drew in its last frame (not hidden by filters). */
  visibleNodeIds: string[];
  /** Where a node is drawn, in page pixels (for clicking it); null when it is not on screen. */
  nodePosition(nodeId: string): { x: number; y: number } | null;
  /** The node sigma's own picking finds at a page point (what a click there hits); null for the stage. */
  nodeUnder(x: number, y: number): string | null;
  /** What the reducers made of a node: colour, shape and drawn radius in pixels; null when it is not drawn. */
  /** Label boxes (page pixels) of the last frame. */
  drawnLabels: Array<{ node: string; left: number; top: number; right: number; bottom: number }>;
  /** Iterations of the last layout run and the camera (x, y, ratio). */
  layoutIterations: number;
  camera: { x: number; y: number; ratio: number } | null;
  /** The ring's view mode. */
  viewMode: 'evidence' | 'full' | null;
  nodeDisplay(nodeId: string): { color: string; shape: string; radius: number; hidden: boolean; label: string | null } | null;
  /** The ring's multi-selection, pinned nodes, nodes hidden by hand and groups. */
  multi: string[];
  pinned: string[];
  hiddenByHand: string[];
  groups: Array<{ id: string; label: string; members: string[]; collapsed: boolean }>;
  /** A node's layout position in graph coordinates (what saved views keep). */
  graphPosition(nodeId: string): [number, number] | null;
  /** The live-updates stream is open. */
  liveConnected: boolean;
  /** The colour and size rules. */
  style: { color: string; size: string } | null;
}

declare global {
  interface Window {
    __ringtrace?: TestState;
  }
}

export function exposeTestState(state: TestState): void {
  window.__ringtrace = state;
}

/** The state of the open view (ring or overview), read through `view()` at every access. */
export function viewTestState(view: () => OpenView, stage: HTMLElement): TestState {
  const session = () => activeSession(view());
  return {
    screen: 'home',
    get ringId() {
      return view().ring?.ringId ?? null;
    },
    get nodeIds() {
      return session()?.graph.nodes() ?? [];
    },
    get selected() {
      const { ring, overview } = view();
      return ring?.selected() ?? overview?.view.selected() ?? null;
    },
    get expanded() {
      return view().ring?.expanded() ?? [];
    },
    get layoutRunning() {
      return (session()?.layout.status() ?? 'idle') === 'running';
    },
    get layoutStatus() {
      return session()?.layout.status() ?? 'idle';
    },
    get visibleNodeIds() {
      const open = session();
      if (!open) return [];
      const hidden = open.view.visibility().hiddenNodes;
      return open.graph.filterNodes((n) => !hidden.has(n));
    },
    revision: 0,
    liveConnected: false,
    get multi() {
      return [...(view().ring?.multi() ?? [])];
    },
    get pinned() {
      return [...(view().ring?.pinned() ?? [])];
    },
    get hiddenByHand() {
      return [...(view().ring?.hiddenByHand() ?? [])];
    },
    get groups() {
      return view().ring?.groups() ?? [];
    },
    graphPosition(nodeId) {
      const graph = session()?.graph;
      return graph?.hasNode(nodeId) ? [graph.getNodeAttribute(nodeId, 'x'), graph.getNodeAttribute(nodeId, 'y')] : null;
    },
    get style() {
      return view().ring?.view.style() ?? null;
    },
    get drawnLabels() {
      const open = session();
      if (!open) return [];
      const box = stage.getBoundingClientRect();
      return open.view.drawnLabels().map((l) => ({ node: l.node, left: l.left + box.left, right: l.right + box.left, top: l.top + box.top, bottom: l.bottom + box.top }));
    },
    get layoutIterations() {
      return session()?.layout.iterations() ?? 0;
    },
    get camera() {
      const c = session()?.view.renderer.getCamera().getState();
      return c ? { x: c.x, y: c.y, ratio: c.ratio } : null;
    },
    get viewMode() {
      return view().ring?.filters().view ?? null;
    },
    nodePosition(nodeId) {
      const open = session();
      const display = open?.view.renderer.getNodeDisplayData(nodeId);
      if (!open || !display) return null;
      const point = open.view.renderer.framedGraphToViewport(display);
      const box = stage.getBoundingClientRect();
      return { x: box.left + point.x, y: box.top + point.y };
    },
    nodeUnder(x, y) {
      const open = session();
      if (!open) return null;
      const box = stage.getBoundingClientRect();
      // Sigma's pixel picking, the test a click goes through (private in its types, public at run time).
      const picker = open.view.renderer as unknown as { getNodeAtPosition(p: { x: number; y: number }): string | null };
      return picker.getNodeAtPosition({ x: x - box.left, y: y - box.top });
    },
    nodeDisplay(nodeId) {
      const open = session();
      const display = open?.view.renderer.getNodeDisplayData(nodeId) as (NodeDisplayData & { shape?: string }) | undefined;
      if (!open || !display) return null;
      return { color: display.color, shape: display.shape ?? 'circle', radius: open.view.renderer.scaleSize(display.size), hidden: display.hidden, label: display.label };
    },
  };
}
