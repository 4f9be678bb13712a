/**
 * State the page exposes on `window.__ringtrace` for end-to-end tests and the
 * benchmark: what is on screen, read live (getters), never a copy to keep in
 * sync. Tests assert on it alongside the DOM.
 */
import { activeSession, type OpenView } from './toolbar.ts';
export interface TestState {
  screen: 'login' | 'home' | 'ring' | 'overview';
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
    nodePosition(nodeId) {
      const open = session();
      const display = open?.view.renderer.getNodeDisplayData(nodeId);
      if (!open || !display) return null;
      const point = open.view.renderer.framedGraphToViewport(display);
      const box = stage.getBoundingClientRect();
      return { x: box.left + point.x, y: box.top + point.y };
    },
  };
}
