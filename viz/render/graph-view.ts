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
import type { CameraState } from 'sigma/types';
import type { EdgeAttributes, ExplorerGraph, NodeAttributes } from '../graph/attributes.ts';
import { computeVisibility, NO_FILTERS, type EvidenceContext, type Filters, type Visibility } from '../graph/visibility.ts';
import { createEdgeReducer, createNodeReducer, focusOf, type GroupMark, type ViewState } from './reducers.ts';
import { createLabelPlacer, type LabelBox, type LabelPlacer } from './draw-label.ts';
import { sigmaSettings, type ExplorerSettings } from './sigma-settings.ts';
import { captionedPng, type PngCaption } from './png-caption.ts';
import { THEME } from './theme.ts';
import { DEFAULT_STYLE, NO_METRICS, styleMetrics, type MemberFacts, type StyleMetrics, type StyleRules } from '../graph/style-metrics.ts';

/** From this many nodes on, labels are skipped while the layout moves everything each frame. */
const BUSY_ORDER = 2_000;

export interface GraphViewHandlers {
  onClickNode?(node: string): void;
  /** Shift-click on a node (toggle it in the multi-selection) or shift-drag a box (nodes inside it); only when given. */
  onShiftClickNode?(node: string): void;
  onBoxSelect?(nodes: string[]): void;
  onDoubleClickNode?(node: string): void;
  onClickStage?(): void;
}

export interface GraphView {
  readonly renderer: Sigma<NodeAttributes, EdgeAttributes>;
  /** Label boxes the last frame drew (none overlap). */
  drawnLabels(): readonly LabelBox[];
  select(node: string | null): void;
  selected(): string | null;
  setFilters(filters: Filters): void;
  visibility(): Visibility;
  /** Colour and size rules (the Style control); appearance only, the graph is untouched. */
  setStyle(rules: StyleRules): void;
  /** Pinned nodes get a pin mark (a dashed-white border). */
  setPinned(nodes: ReadonlySet<string>): void;
  /** The multi-selection, drawn with a cyan border (hover and selection fading are off while it holds nodes). */
  setMulti(nodes: ReadonlySet<string>): void;
  /** Collapsed groups' members: the anchor drawn as the group node. */
  setGroups(marks: ReadonlyMap<string, GroupMark>): void;
  /** The visible node drawn under a container point, if any. */
  nodeAt(x: number, y: number): string | null;
  style(): StyleRules;
  /** What the rules read, as of the last graph change. */
  metrics(): StyleMetrics;
  /** Recomputes what depends on the graph's shape (after merges and undo). */
  graphChanged(): void;
  /** Animates the camera onto a node. */
  focusNode(node: string): Promise<void>;
  /**
   * Frames the visible graph inside `free` (container pixels: the part of the
   * stage no overlay covers), or the whole container when it is not given.
   */
  fit(free?: FreeArea, options?: { animate?: boolean }): Promise<void>;
  /** Saves the picture as PNG, with a title strip and legend when `caption` is given. */
  exportPng(fileName: string, caption?: PngCaption): Promise<void>;
  /** While a big graph is being laid out, labels (canvas text for thousands of nodes) wait until it settles. */
  setLayoutRunning(running: boolean): void;
  /** Resolves after the next frame has been drawn. */
  nextFrame(): Promise<void>;
  kill(): void;
}

/** A rectangle of the container, in its pixels. */
export interface FreeArea {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

export interface GraphViewOptions {
  /** Ring nodes coloured by score (the overview) or by type (default). */
  ringColor?: ViewState['ringColor'];
  /** What the evidence view needs (a ring's likely sources, the nodes expansions added), read at each filter or graph change. */
  evidenceContext?: () => EvidenceContext;
  /** The members' own evidence (status, counterfeit brands) for colouring by status or brand. */
  memberFacts?: ReadonlyMap<string, MemberFacts>;
}

/** Labels are queued while sigma draws a frame and placed (no overlaps) after it, on that renderer's label layer. */
function placeLabels(renderer: Sigma<NodeAttributes, EdgeAttributes> | Sigma, labels: LabelPlacer): void {
  renderer.on('beforeRender', () => labels.reset());
  renderer.on('afterRender', () => {
    const context = renderer.getCanvases().labels?.getContext('2d');
    if (context) labels.flush(context);
  });
}

export function createGraphView(container: HTMLElement, graph: ExplorerGraph, handlers: GraphViewHandlers = {}, settings: ExplorerSettings = {}, options: GraphViewOptions = {}): GraphView {
  let filters: Filters = NO_FILTERS;
  const visibilityOf = (f: Filters): Visibility => computeVisibility(graph, f, options.evidenceContext?.());
  const metricsOf = (): StyleMetrics => (state.style.color === 'type' && state.style.size === 'type' ? NO_METRICS : styleMetrics(graph, options.memberFacts));
  const state: ViewState = { hover: null, selection: null, visibility: visibilityOf(filters), ringColor: options.ringColor ?? 'type', style: DEFAULT_STYLE, metrics: NO_METRICS, pinned: new Set(), multi: new Set(), groups: new Map() };
  const labels = createLabelPlacer();
  const renderer = new Sigma<NodeAttributes, EdgeAttributes>(graph, container, {
    ...sigmaSettings(settings),
    defaultDrawNodeLabel: labels.collect,
    nodeReducer: createNodeReducer(() => state),
    edgeReducer: createEdgeReducer(() => state),
  });
  placeLabels(renderer, labels);
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
  // Sigma counts clicks against a timer that runs when its handlers do, so on
  // a busy page a quick double-click can read as two clicks. The browser's
  // own dblclick goes by when the presses happened: expansion follows that,
  // and sigma's reading only loses its default (zooming in).
  renderer.on('doubleClickNode', (payload) => payload.preventSigmaDefault());
  renderer.on('clickStage', () => handlers.onClickStage?.());

  /** Hit test in container pixels: the nearest drawn node whose disc holds the point. */
  const nodeAt = (x: number, y: number): string | null => {
    let best: string | null = null;
    let bestDistance = Infinity;
    graph.forEachNode((node) => {
      const d = renderer.getNodeDisplayData(node);
      if (!d || d.hidden || state.visibility.hiddenNodes.has(node)) return;
      const p = renderer.framedGraphToViewport(d);
      const distance = Math.hypot(p.x - x, p.y - y);
      if (distance <= renderer.scaleSize(d.size) + 2 && distance < bestDistance) [best, bestDistance] = [node, distance];
    });
    return best;
  };

  // Shift-click and shift-drag select several nodes. Sigma never sees these
  // presses (caught on the way down), so the camera does not pan meanwhile.
  const box = document.createElement('div');
  box.className = 'select-box';
  box.hidden = true;
  container.append(box);
  let dragFrom: { x: number; y: number } | null = null;
  const local = (e: MouseEvent): { x: number; y: number } => {
    const r = container.getBoundingClientRect();
    return { x: e.clientX - r.left, y: e.clientY - r.top };
  };
  const onDown = (e: MouseEvent): void => {
    if (!e.shiftKey || e.button !== 0 || (!handlers.onShiftClickNode && !handlers.onBoxSelect)) return;
    e.stopPropagation();
    e.preventDefault();
    dragFrom = local(e);
    window.addEventListener('mousemove', onMove);
    window.addEventListener('mouseup', onUp);
  };
  const rect = (a: { x: number; y: number }, b: { x: number; y: number }) => ({ left: Math.min(a.x, b.x), top: Math.min(a.y, b.y), right: Math.max(a.x, b.x), bottom: Math.max(a.y, b.y) });
  const onMove = (e: MouseEvent): void => {
    if (!dragFrom) return;
    const r = rect(dragFrom, local(e));
    box.hidden = r.right - r.left < 4 && r.bottom - r.top < 4;
    Object.assign(box.style, { left: `${r.left}px`, top: `${r.top}px`, width: `${r.right - r.left}px`, height: `${r.bottom - r.top}px` });
  };
  const onUp = (e: MouseEvent): void => {
    window.removeEventListener('mousemove', onMove);
    window.removeEventListener('mouseup', onUp);
    if (!dragFrom) return;
    const to = local(e);
    const r = rect(dragFrom, to);
    dragFrom = null;
    box.hidden = true;
    if (r.right - r.left < 4 && r.bottom - r.top < 4) {
      const node = nodeAt(to.x, to.y);
      if (node) handlers.onShiftClickNode?.(node);
      return;
    }
    const inside: string[] = [];
    graph.forEachNode((node) => {
      const d = renderer.getNodeDisplayData(node);
      if (!d || d.hidden || state.visibility.hiddenNodes.has(node)) return;
      const p = renderer.framedGraphToViewport(d);
      if (p.x >= r.left && p.x <= r.right && p.y >= r.top && p.y <= r.bottom) inside.push(node);
    });
    handlers.onBoxSelect?.(inside);
  };
  // Sigma would read the click that ends a shift-press as a click on the stage.
  const onClick = (e: MouseEvent): void => {
    if (e.shiftKey && (handlers.onShiftClickNode || handlers.onBoxSelect)) e.stopPropagation();
  };
  const onDoubleClick = (e: MouseEvent): void => {
    if (e.shiftKey) return;
    const at = local(e);
    const node = nodeAt(at.x, at.y);
    if (node) handlers.onDoubleClickNode?.(node);
  };
  container.addEventListener('mousedown', onDown, true);
  container.addEventListener('click', onClick, true);
  container.addEventListener('dblclick', onDoubleClick);

  const refreshFocus = (): void => {
    const selected = state.selection?.center ?? null;
    state.selection = focusOf(graph, selected);
    if (state.hover) state.hover = focusOf(graph, state.hover.center);
  };

  /**
   * The camera that shows every visible node inside `free`: the framed
   * bounding box of what is drawn, scaled to the free rectangle (less a
   * margin for node sizes and labels), its centre moved to the rectangle's.
   * Null when nothing is drawn.
   */
  const fitCamera = (free: FreeArea): CameraState | null => {
    // Display data lag the graph until sigma's next frame: bring them up to date first.
    renderer.refresh();
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    graph.forEachNode((node) => {
      if (state.visibility.hiddenNodes.has(node)) return;
      const d = renderer.getNodeDisplayData(node);
      if (!d) return;
      minX = Math.min(minX, d.x);
      maxX = Math.max(maxX, d.x);
      minY = Math.min(minY, d.y);
      maxY = Math.max(maxY, d.y);
    });
    if (minX > maxX) return null;
    const margin = 28;
    const width = Math.max(40, free.right - free.left - 2 * margin);
    const height = Math.max(40, free.bottom - free.top - 2 * margin);
    const centre = { x: (minX + maxX) / 2, y: (minY + maxY) / 2 };
    // Pixels per framed unit at ratio 1, measured through sigma's own conversion.
    const unit: CameraState = { x: 0.5, y: 0.5, ratio: 1, angle: 0 };
    const a = renderer.framedGraphToViewport({ x: 0, y: 0 }, { cameraState: unit });
    const b = renderer.framedGraphToViewport({ x: 1, y: 1 }, { cameraState: unit });
    const px = Math.abs(b.x - a.x);
    const py = Math.abs(b.y - a.y);
    const ratio = Math.min(getSetting('maxCameraRatio'), Math.max(getSetting('minCameraRatio'), ((maxX - minX) * px) / width, ((maxY - minY) * py) / height));
    const at = renderer.viewportToFramedGraph({ x: (free.left + free.right) / 2, y: (free.top + free.bottom) / 2 }, { cameraState: { ...centre, ratio, angle: 0 } });
    return { x: centre.x - (at.x - centre.x), y: centre.y - (at.y - centre.y), ratio, angle: 0 };
  };
  const getSetting = (name: 'minCameraRatio' | 'maxCameraRatio'): number => renderer.getSetting(name) ?? 1;

  const view: GraphView = {
    renderer,
    drawnLabels: () => labels.drawn(),
    select(node) {
      state.selection = focusOf(graph, node);
      renderer.refresh({ skipIndexation: true });
    },
    selected: () => state.selection?.center ?? null,
    setFilters(next) {
      filters = next;
      state.visibility = visibilityOf(filters);
      renderer.refresh();
    },
    visibility: () => state.visibility,
    setStyle(rules) {
      state.style = rules;
      state.metrics = metricsOf();
      renderer.refresh({ skipIndexation: false });
    },
    style: () => state.style,
    setPinned(nodes) {
      state.pinned = nodes;
      renderer.refresh({ skipIndexation: true });
    },
    setMulti(nodes) {
      state.multi = nodes;
      renderer.refresh({ skipIndexation: true });
    },
    setGroups(marks) {
      state.groups = marks;
      renderer.refresh({ skipIndexation: true });
    },
    nodeAt: (x, y) => nodeAt(x, y),
    metrics: () => state.metrics,
    graphChanged() {
      state.visibility = visibilityOf(filters);
      state.metrics = metricsOf();
      refreshFocus();
      renderer.refresh();
    },
    async focusNode(node) {
      if (!graph.hasNode(node)) return;
      const display = renderer.getNodeDisplayData(node);
      if (!display) return;
      await renderer.getCamera().animate({ x: display.x, y: display.y, ratio: Math.min(renderer.getCamera().ratio, 0.5) }, { duration: 450 });
    },
    async fit(free, { animate = true } = {}) {
      const target = free ? fitCamera(free) : null;
      if (target && !animate) renderer.getCamera().setState(target);
      else if (target) await renderer.getCamera().animate(target, { duration: 300 });
      else await renderer.getCamera().animatedReset({ duration: 300 });
    },
    async exportPng(fileName, caption) {
      // The export helper is typed for untyped graphs; it only reads what sigma drew.
      // The export draws through a renderer of its own with these settings: it needs a label placer of its own
      // too, flushed after its frames (with the view's, its labels were queued there and never drawn).
      const exportLabels = createLabelPlacer();
      const drawn = await toBlob(renderer as unknown as Sigma, {
        format: 'png',
        backgroundColor: THEME.background,
        sigmaSettings: { defaultDrawNodeLabel: exportLabels.collect },
        withTempRenderer: (temp) => {
          placeLabels(temp, exportLabels);
          temp.refresh();
        },
      });
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
      container.removeEventListener('mousedown', onDown, true);
      container.removeEventListener('click', onClick, true);
      container.removeEventListener('dblclick', onDoubleClick);
      window.removeEventListener('mousemove', onMove);
      window.removeEventListener('mouseup', onUp);
      box.remove();
      renderer.removeAllListeners();
      renderer.kill();
    },
  };
  return view;
}
