/**
 * Which nodes and edges the filters hide, computed once per filter change
 * (never per frame): node types switched off in the legend, dated nodes
 * (reports, shipments) outside the time window, and evidence edges below the
 * minimum weight. An identifier left with no visible tie disappears too, so
 * raising the weight threshold leaves only the strong evidence standing.
 * Ring members always stay.
 *
 * The evidence view (the default) keeps only what ties the ring together:
 * members, the identifiers at least two of them share, the likely sources,
 * and whatever the investigator brought in by expanding. Shops, reports,
 * shipments and brands are folded into the member or source they hang off,
 * as counts ("3 shops · 5 reports") the node's label carries.
 */
import type { NodeType } from '../../engine/index.ts';
import { LINKING_NODE_TYPES, NODE_TYPE_SPECS } from '../../engine/model/identifiers.ts';
import type { ExplorerGraph, NodeAttributes } from './attributes.ts';
import { counted } from '../counted.ts';

export interface Filters {
  hiddenTypes: ReadonlySet<NodeType>;
  /** Evidence edges weaker than this are hidden (0: none). */
  minEvidence: number;
  /** Inclusive epoch-ms window for dated nodes; null: all time. */
  timeRange: readonly [number, number] | null;
  /** `evidence`: members, shared identifiers and likely sources only; `full`: every node. */
  view: 'evidence' | 'full';
  /** Nodes the investigator hid by hand (multi-select → Hide), and members of collapsed groups. */
  hiddenNodes?: ReadonlySet<string>;
}

/** What the evidence view needs to know about the ring on screen. */
export interface EvidenceContext {
  /** Likely-source address node ids: always shown, emphasised. */
  sources: ReadonlySet<string>;
  /** Nodes the investigator added (expansions, search): always shown. */
  pinned: ReadonlySet<string>;
}

export interface Visibility {
  hiddenNodes: ReadonlySet<string>;
  hiddenEdges: ReadonlySet<string>;
  /** What the evidence view folded into a node, as a label suffix ("3 shops · 5 reports"). */
  folded: ReadonlyMap<string, string>;
  /** Likely sources (drawn bigger, labelled first). */
  emphasised: ReadonlySet<string>;
}

export const NO_FILTERS: Filters = { hiddenTypes: new Set(), minEvidence: 0, timeRange: null, view: 'full' };
const NO_CONTEXT: EvidenceContext = { sources: new Set(), pinned: new Set() };

/** Node types the evidence view folds into their seller or source. */
const FOLDED: ReadonlySet<NodeType> = new Set<NodeType>(['shop', 'report', 'shipment', 'brand']);

function evidenceHidden(graph: ExplorerGraph, context: EvidenceContext): Set<string> {
  const hidden = new Set<string>();
  graph.forEachNode((node, a) => {
    if (a.ringMember || context.pinned.has(node) || context.sources.has(node)) return;
    if (LINKING_NODE_TYPES.has(a.nodeType)) {
      let members = 0;
      graph.forEachNeighbor(node, (_n, b) => {
        if (b.ringMember) members++;
      });
      if (members >= 2) return;
    }
    hidden.add(node);
  });
  return hidden;
}

/** Counts of hidden shops, reports, shipments and brands per shown member or source (reports reach their seller through the shop). */
function foldCounts(graph: ExplorerGraph, hidden: ReadonlySet<string>, outOfTime: (a: NodeAttributes) => boolean): Map<string, string> {
  const counts = new Map<string, Map<NodeType, number>>();
  const add = (anchor: string, type: NodeType): void => {
    let byType = counts.get(anchor);
    if (!byType) counts.set(anchor, (byType = new Map()));
    byType.set(type, (byType.get(type) ?? 0) + 1);
  };
  graph.forEachNode((node, a) => {
    if (!hidden.has(node) || !FOLDED.has(a.nodeType) || outOfTime(a)) return;
    const anchors = new Set<string>();
    graph.forEachNeighbor(node, (n, b) => {
      if (!hidden.has(n)) anchors.add(n);
      else if (b.nodeType === 'shop' && a.nodeType !== 'shop') graph.forEachNeighbor(n, (m, c) => void (!hidden.has(m) && c.nodeType === 'seller' && anchors.add(m)));
    });
    for (const anchor of anchors) add(anchor, a.nodeType);
  });
  const out = new Map<string, string>();
  for (const [anchor, byType] of counts) {
    const parts = [...byType].sort((x, y) => y[1] - x[1]).map(([type, n]) => counted(n, NODE_TYPE_SPECS[type].singular.toLowerCase(), NODE_TYPE_SPECS[type].plural.toLowerCase()));
    out.set(anchor, parts.join(' · '));
  }
  return out;
}

const IDENTIFIERS: ReadonlySet<NodeType> = LINKING_NODE_TYPES;

export function computeVisibility(graph: ExplorerGraph, filters: Filters, context: EvidenceContext = NO_CONTEXT): Visibility {
  const hiddenNodes = filters.view === 'evidence' ? evidenceHidden(graph, context) : new Set<string>();
  const range = filters.timeRange;
  // A shop lives from opening to closing: shown while that span meets the window.
  const outOfTime = (a: NodeAttributes): boolean => range !== null && a.at !== null && ((a.until ?? (a.nodeType === 'shop' ? Infinity : a.at)) < range[0] || a.at > range[1]);
  // Folded counts follow the time window too: playback shows a member's shops and reports arrive.
  const folded = filters.view === 'evidence' ? foldCounts(graph, hiddenNodes, outOfTime) : new Map<string, string>();
  const hiddenEdges = new Set<string>();
  graph.forEachNode((node, a) => {
    if (hiddenNodes.has(node)) return;
    if (filters.hiddenNodes?.has(node)) hiddenNodes.add(node);
    else if (!a.ringMember && (filters.hiddenTypes.has(a.nodeType) || outOfTime(a))) hiddenNodes.add(node);
  });
  graph.forEachEdge((edge, a, source, target) => {
    if (hiddenNodes.has(source) || hiddenNodes.has(target)) hiddenEdges.add(edge);
    else if (a.evidence !== null && a.evidence < filters.minEvidence) hiddenEdges.add(edge);
  });
  if (filters.minEvidence > 0) {
    graph.forEachNode((node, a) => {
      if (a.ringMember || hiddenNodes.has(node) || !IDENTIFIERS.has(a.nodeType)) return;
      if (graph.everyEdge(node, (edge) => hiddenEdges.has(edge))) {
        hiddenNodes.add(node);
        graph.forEachEdge(node, (edge) => hiddenEdges.add(edge));
      }
    });
  }
  const emphasised = new Set([...context.sources].filter((n) => graph.hasNode(n) && !hiddenNodes.has(n)));
  return { hiddenNodes, hiddenEdges, folded, emphasised };
}

export type TimeEventKind = 'shipment' | 'report' | 'shop opened' | 'shop closed';
export const TIME_EVENT_KINDS: readonly TimeEventKind[] = ['shipment', 'report', 'shop opened', 'shop closed'];

/** The ring's dated events for the time bar: shipments, reports, shop openings and closings. */
export function timeEvents(graph: ExplorerGraph): Array<{ at: number; kind: TimeEventKind }> {
  const out: Array<{ at: number; kind: TimeEventKind }> = [];
  graph.forEachNode((_node, a) => {
    if (a.at === null) return;
    if (a.nodeType === 'shop') {
      out.push({ at: a.at, kind: 'shop opened' });
      if (a.until != null) out.push({ at: a.until, kind: 'shop closed' });
    } else out.push({ at: a.at, kind: a.nodeType === 'report' ? 'report' : 'shipment' });
  });
  return out;
}

/** The earliest and latest dated node, for the time filter's bounds; null when nothing is dated. */
export function timeBounds(graph: ExplorerGraph): [number, number] | null {
  let min = Infinity;
  let max = -Infinity;
  graph.forEachNode((_node, a) => {
    if (a.at === null) return;
    if (a.at < min) min = a.at;
    if (Math.max(a.at, a.until ?? a.at) > max) max = Math.max(a.at, a.until ?? a.at);
  });
  return min <= max ? [min, max] : null;
}
