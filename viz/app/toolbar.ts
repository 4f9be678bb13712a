/**
 * The graph toolbar (pause/resume layout, undo expansion, fit, PNG export,
 * status line) and the dossier download button. It acts on whichever view
 * is open — a ring or the overview — read through `view()` at click time, and
 * `refresh()` redraws it from that view's state.
 */
import { ringPngCaption } from '../render/png-caption.ts';
import type { ApiClient } from '../remote/client.ts';
import type { Me } from '../../api/http/schemas.ts';
import type { FreeArea } from '../render/graph-view.ts';
import { h } from '../ui/dom.ts';
import type { OverviewSession } from './overview-session.ts';
import type { RingSession } from './ring-session.ts';

export interface OpenView {
  ring: RingSession | null;
  overview: OverviewSession | null;
}

/** The open view's session: the ring, else the overview. */
export function activeSession(view: OpenView): RingSession | OverviewSession | null {
  return view.ring ?? view.overview;
}

export interface ToolbarOptions {
  api: ApiClient;
  view(): OpenView;
  /** The part of the stage the graph may use (outside the overlays). */
  freeArea(): FreeArea;
  /** Which view a ring is in. */
  viewMode(): 'evidence' | 'full';
  onToggleViewMode(): void;
  /** The layout was paused or resumed. */
  onChange(): void;
  onError(error: unknown): void;
  /** The signed-in role and personal-data rule, named on exported pictures. */
  me: Pick<Me, 'role' | 'personalData'>;
}

export interface Toolbar {
  element: HTMLElement;
  /** Shown in the ring's details panel when the role may export dossiers. */
  dossierButton: HTMLElement;
  refresh(): void;
}

const LAYOUT_TEXT = { running: 'layout running', settled: 'layout settled', paused: 'layout paused', idle: 'layout paused' } as const;

export function createToolbar(options: ToolbarOptions): Toolbar {
  const { api } = options;
  const session = (): RingSession | OverviewSession | null => activeSession(options.view());
  const layoutButton = h('button', { class: 'button', data: { testid: 'layout-toggle' } }, 'Pause layout');
  const undoButton = h('button', { class: 'button', disabled: true, data: { testid: 'undo' }, title: 'Undo the last expansion' }, 'Undo expand');
  const modeButton = h('button', { class: 'button', data: { testid: 'view-toggle' }, on: { click: () => options.onToggleViewMode() } }, 'Show every node');
  const fitButton = h('button', { class: 'button', title: 'Fit the graph into the space the panels leave free', data: { testid: 'fit' } }, 'Fit');
  const exportButton = h('button', { class: 'button', data: { testid: 'export-png' } }, 'Export PNG');
  const dossierButton = h('button', { class: 'button primary', hidden: true, data: { testid: 'dossier' } }, 'Download dossier');
  const status = h('span', { class: 'stage-status', data: { testid: 'stage-status' } });
  const element = h('div', { class: 'toolbar', hidden: true }, modeButton, layoutButton, undoButton, fitButton, exportButton, status);

  layoutButton.addEventListener('click', () => {
    const open = session();
    if (!open) return;
    if (open.layout.status() === 'running') open.layout.pause();
    else open.layout.resume();
    options.onChange();
  });
  undoButton.addEventListener('click', () => {
    options.view().ring?.undo();
  });
  fitButton.addEventListener('click', () => void session()?.view.fit(options.freeArea()));
  exportButton.addEventListener('click', () => {
    const { ring } = options.view();
    const caption = ring
      ? ringPngCaption({ ringId: ring.ringId, score: ring.ring.score, size: ring.ring.size, runId: ring.ring.runId ?? null, exportedAt: new Date(), me: options.me, visible: ring.visibleTypeCounts() })
      : undefined;
    session()?.view.exportPng(ring ? `ringtrace-${ring.ringId}` : 'ringtrace-overview', caption).catch(options.onError);
  });
  dossierButton.addEventListener('click', () => {
    const { ring } = options.view();
    if (!ring) return;
    const ringId = ring.ringId;
    api.download(api.dossierUrl(ringId)).then((blob) => {
      const a = h('a', { attrs: { href: URL.createObjectURL(blob), download: `dossier-${ringId}.zip` } });
      a.click();
      setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
    }, options.onError);
  });

  return {
    element,
    dossierButton,
    refresh() {
      const open = session();
      const { ring } = options.view();
      element.hidden = open === null;
      if (!open) return;
      const layoutStatus = open.layout.status();
      layoutButton.textContent = layoutStatus === 'running' ? 'Pause layout' : 'Resume layout';
      layoutButton.dataset.status = layoutStatus;
      undoButton.disabled = !ring?.canUndo();
      undoButton.hidden = ring === null;
      modeButton.hidden = ring === null;
      const evidence = options.viewMode() === 'evidence';
      modeButton.textContent = evidence ? 'Show every node' : 'Evidence view';
      modeButton.title = evidence ? 'Also show shops, reports, shipments and identifiers only one member uses' : 'Only members, the identifiers two or more share, and likely sources';
      modeButton.dataset.mode = options.viewMode();
      const nodes = open.graph.order;
      const shown = nodes - open.view.visibility().hiddenNodes.size;
      status.textContent = `${shown.toLocaleString('en')} of ${nodes.toLocaleString('en')} nodes · ${open.graph.size.toLocaleString('en')} edges · ${LAYOUT_TEXT[layoutStatus]}${ring?.truncated ? ' · truncated by the server cap' : ''}`;
    },
  };
}
