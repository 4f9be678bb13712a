/**
 * State the page exposes on `window.__ringtrace` for end-to-end tests and the
 * benchmark: what is on screen, read live (getters), never a copy to keep in
 * sync. Tests assert on it alongside the DOM.
 */
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
