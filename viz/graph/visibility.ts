/**
 * Which nodes and edges the filters hide, computed once per filter change
 * (never per frame): node types switched off in the legend, dated nodes
 * (reports, shipments) outside the time window, and evidence edges below the
 * minimum weight. An identifier left with no visible tie disappears too, so
 * raising the weight threshold leaves only the strong evidence standing.
 * Ring members always stay.
 */
import type { NodeType } from '../../engine/index.ts';
import { LINKING_NODE_TYPES } from '../../engine/model/identifiers.ts';
import type { ExplorerGraph } from './attributes.ts';

export interface Filters {
  hiddenTypes: ReadonlySet<NodeType>;
  /** Evidence edges weaker than this are hidden (0: none). */
  minEvidence: number;
  /** Inclusive epoch-ms window for dated nodes; null: all time. */
  timeRange: readonly [number, number] | null;
}

export interface Visibility {
  hiddenNodes: ReadonlySet<string>;
  hiddenEdges: ReadonlySet<string>;
}

export const NO_FILTERS: Filters = { hiddenTypes: new Set(), minEvidence: 0, timeRange: null };

const IDENTIFIERS: ReadonlySet<NodeType> = LINKING_NODE_TYPES;

export function computeVisibility(graph: ExplorerGraph, filters: Filters): Visibility {
  const hiddenNodes = new Set<string>();
  const hiddenEdges = new Set<string>();
  graph.forEachNode((node, a) => {
    if (a.member) return;
    if (filters.hiddenTypes.has(a.nodeType)) hiddenNodes.add(node);
    else if (filters.timeRange && a.at !== null && (a.at < filters.timeRange[0] || a.at > filters.timeRange[1])) hiddenNodes.add(node);
  });
  graph.forEachEdge((edge, a, source, target) => {
    if (hiddenNodes.has(source) || hiddenNodes.has(target)) hiddenEdges.add(edge);
    else if (a.evidence !== null && a.evidence < filters.minEvidence) hiddenEdges.add(edge);
  });
  if (filters.minEvidence > 0) {
    graph.forEachNode((node, a) => {
      if (a.member || hiddenNodes.has(node) || !IDENTIFIERS.has(a.nodeType)) return;
      if (graph.everyEdge(node, (edge) => hiddenEdges.has(edge))) {
        hiddenNodes.add(node);
        graph.forEachEdge(node, (edge) => hiddenEdges.add(edge));
      }
    });
  }
  return { hiddenNodes, hiddenEdges };
}

/** The earliest and latest dated node, for the time filter's bounds; null when nothing is dated. */
export function timeBounds(graph: ExplorerGraph): [number, number] | null {
  let min = Infinity;
  let max = -Infinity;
  graph.forEachNode((_node, a) => {
    if (a.at === null) return;
    if (a.at < min) min = a.at;
    if (a.at > max) max = a.at;
  });
  return min <= max ? [min, max] : null;
}
