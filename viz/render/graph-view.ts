/**
 * The sigma renderer around one explorer graph: settings from
 * `sigma-settings.ts`, appearance from the reducers, hover focus computed
 * once per hover, selection, filters, camera moves and PNG export. Callers
 * get typed callbacks for clicks and double-clicks; `kill()` tears down the
 * renderer and every listener it added (sigma's own `kill` removes its DOM
 * and WebGL contexts).
 */
import { toBlob } from '@sigma/export-image';
import Sigma from 'sigma';
import type { EdgeAttributes, ExplorerGraph, NodeAttributes } from '../graph/attributes.ts';
import { computeVisibility, NO_FILTERS, type Filters, type Visibility } from '../graph/visibility.ts';
import { createEdgeReducer, createNodeReducer, focusOf, type ViewState } from './reducers.ts';
import { sigmaSettings, type ExplorerSettings } from './sigma-settings.ts';
import { captionedPng, type PngCaption } from './png-caption.ts';
import { THEME } from './theme.ts';

/** From this many nodes on, labels are skipped while the layout moves everything each frame. */
const BUSY_ORDER = 2_000;

export interface GraphViewHandlers {
  onClickNode?(node: string): void;
  onDoubleClickNode?(node: string): void;
  onClickStage?(): void;
}

export interface GraphView {
  readonly renderer: Sigma<NodeAttributes, EdgeAttributes>;
  select(node: string | null): void;
  selected(): string | null;
  setFilters(filters: Filters): void;
  visibility(): Visibility;
  /** Recomputes what depends on the graph's shape (after merges and undo). */
  graphChanged(): void;
  /** Animates the camera onto a node. */
  focusNode(node: string): Promise<void>;
  fit(): Promise<void>;
  /** Saves the picture as PNG, with a title strip and legend when `caption` is given. */
  exportPng(fileName: string, caption?: PngCaption): Promise<void>;
  /** While a big graph is being laid out, labels (canvas text for thousands of nodes) wait until it settles. */
  setLayoutRunning(running: boolean): void;
  /** Resolves after the next frame has been drawn. */
  nextFrame(): Promise<void>;
  kill(): void;
}

export function createGraphView(container: HTMLElement, graph: ExplorerGraph, handlers: GraphViewHandlers = {}, settings: ExplorerSettings = {}): GraphView {
  let filters: Filters = NO_FILTERS;
  const state: ViewState = { hover: null, selection: null, visibility: computeVisibility(graph, filters) };
  const renderer = new Sigma<NodeAttributes, EdgeAttributes>(graph, container, {
    ...sigmaSettings(settings),
    nodeReducer: createNodeReducer(() => state),
    edgeReducer: createEdgeReducer(() => state),
  });

  renderer.on('enterNode', ({ node }) => {
    state.hover = focusOf(graph, node);
    container.style.cursor = 'pointer';
    renderer.refresh({ skipIndexation: true });
  });
  renderer.on('leaveNode', () => {
    state.hover = null;
    container.style.cursor = '';
    renderer.refresh({ skipIndexation: true });
  });
  renderer.on('clickNode', ({ node }) => handlers.onClickNode?.(node));
  renderer.on('doubleClickNode', (payload) => {
    payload.preventSigmaDefault();
    handlers.onDoubleClickNode?.(payload.node);
  });
  renderer.on('clickStage', () => handlers.onClickStage?.());

  const refreshFocus = (): void => {
    const selected = state.selection?.center ?? null;
    state.selection = focusOf(graph, selected);
    if (state.hover) state.hover = focusOf(graph, state.hover.center);
  };

  const view: GraphView = {
    renderer,
    select(node) {
      state.selection = focusOf(graph, node);
      renderer.refresh({ skipIndexation: true });
    },
    selected: () => state.selection?.center ?? null,
    setFilters(next) {
      filters = next;
      state.visibility = computeVisibility(graph, filters);
      renderer.refresh();
    },
    visibility: () => state.visibility,
    graphChanged() {
      state.visibility = computeVisibility(graph, filters);
      refreshFocus();
      renderer.refresh();
    },
    async focusNode(node) {
      if (!graph.hasNode(node)) return;
      const display = renderer.getNodeDisplayData(node);
      if (!display) return;
      await renderer.getCamera().animate({ x: display.x, y: display.y, ratio: Math.min(renderer.getCamera().ratio, 0.5) }, { duration: 450 });
    },
    async fit() {
      await renderer.getCamera().animatedReset({ duration: 300 });
    },
    async exportPng(fileName, caption) {
      // The export helper is typed for untyped graphs; it only reads what sigma drew.
      const drawn = await toBlob(renderer as unknown as Sigma, { format: 'png', backgroundColor: THEME.background });
      const blob = caption ? await captionedPng(drawn, caption, THEME.background) : drawn;
      const a = document.createElement('a');
      a.href = URL.createObjectURL(blob);
      a.download = `${fileName}.png`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
    },
    setLayoutRunning(running) {
      const labels = !running || graph.order < BUSY_ORDER;
      if (renderer.getSetting('renderLabels') !== labels) renderer.setSetting('renderLabels', labels);
    },
    nextFrame: () => new Promise((resolve) => renderer.once('afterRender', () => resolve())),
    kill() {
      renderer.removeAllListeners();
      renderer.kill();
    },
  };
  return view;
}
