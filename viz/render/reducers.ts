/**
 * Appearance as a function of state (sigma's reducers): type → colour, shape
 * and size; ring members bigger with an amber border; the selected node
 * white-bordered; on hover (or, failing that, selection) everything but the
 * node and its neighbours fades. The neighbour sets are computed once per
 * hover/selection change by `focusOf`, never inside the reducers, which run
 * for every node on every frame.
 */
import type { EdgeDisplayData, NodeDisplayData } from 'sigma/types';
import type { EdgeAttributes, ExplorerGraph, NodeAttributes } from '../graph/attributes.ts';
import type { Visibility } from '../graph/visibility.ts';
import type { ShapeDisplayData } from './node-shape-program.ts';
import { LINKING_NODE_TYPES as LINKING } from '../../engine/model/identifiers.ts';
import { NODE_STYLES, THEME } from './theme.ts';
import type { StyleMetrics, StyleRules } from '../graph/style-metrics.ts';
import { ruleColor, ruleSize } from './style-rules.ts';

export interface Focus {
  center: string;
  nodes: ReadonlySet<string>;
  edges: ReadonlySet<string>;
}

export interface ViewState {
  hover: Focus | null;
  selection: Focus | null;
  visibility: Visibility;
  /** How ring nodes are coloured: by their score (the overview, with its colour key) or in their type colour (a ring view, like its legend). */
  ringColor: 'score' | 'type';
  /** The Style control's colour and size rules, and what they read (computed per graph change). */
  style: StyleRules;
  metrics: StyleMetrics;
  /** Nodes the layout leaves in place (drawn with a white ring). */
  pinned: ReadonlySet<string>;
  /** The multi-selection (shift-click, box select): drawn with a cyan ring. */
  multi: ReadonlySet<string>;
  /** Members of collapsed groups: the anchor is drawn as the group node, the others stacked under it, unseen. */
  groups: ReadonlyMap<string, GroupMark>;
}

export interface GroupMark {
  anchor: boolean;
  /** "Warehouse crew · 4". */
  label: string;
  members: number;
}

export function focusOf(graph: ExplorerGraph, node: string | null): Focus | null {
  if (node === null || !graph.hasNode(node)) return null;
  const nodes = new Set<string>([node]);
  const edges = new Set<string>();
  graph.forEachEdge(node, (edge, _a, source, target) => {
    edges.add(edge);
    nodes.add(source === node ? target : source);
  });
  return { center: node, nodes, edges };
}

export function nodeSize(a: NodeAttributes): number {
  if (a.nodeType === 'ring') return 3 + Math.sqrt(a.magnitude) * 2.2;
  // Members stand out (and so win label cells) over sellers pulled in by expansions.
  return a.ringMember ? 11 : NODE_STYLES[a.nodeType].size;
}

/** Ring nodes of the overview: cool grey for low scores through amber to red for the highest. */
export function scoreColor(score: number): string {
  const stops: Array<[number, [number, number, number]]> = [
    [0, [110, 124, 140]],
    [0.5, [245, 176, 65]],
    [1, [255, 80, 70]],
  ];
  const s = Math.max(0, Math.min(1, score));
  const i = s <= 0.5 ? 0 : 1;
  const [a, ca] = stops[i]!;
  const [b, cb] = stops[i + 1]!;
  const t = (s - a) / (b - a);
  const mix = ca.map((c, k) => Math.round(c + (cb[k]! - c) * t));
  return `rgb(${mix[0]}, ${mix[1]}, ${mix[2]})`;
}

/**
 * "Liu Jun · 2 shops". The name is a bidi isolate (FSI … PDI): after a
 * right-to-left name (Arabic, Hebrew) the count would otherwise join the
 * name's run and be drawn on its far side ("4 · شركة الأمل · shops").
 */
export function foldedLabel(name: string, folded: string): string {
  return `\u2068${name}\u2069 · ${folded}`;
}

export function createNodeReducer(state: () => ViewState) {
  return (node: string, a: NodeAttributes): Partial<NodeDisplayData> => {
    const { hover, selection, visibility, ringColor, style: rules, metrics } = state();
    const style = NODE_STYLES[a.nodeType];
    const base = ruleSize(node, rules, metrics) ?? nodeSize(a);
    const out: Partial<ShapeDisplayData> = {
      x: a.x,
      y: a.y,
      label: visibility.folded.has(node) ? foldedLabel(a.label, visibility.folded.get(node)!) : a.label,
      size: visibility.emphasised.has(node) ? Math.max(rules.size === 'type' ? 13 : base, base * 1.6) : base,
      labelPriority: visibility.emphasised.has(node) ? 3 : a.ringMember ? 2 : LINKING.has(a.nodeType) ? 1 : 0,
      color: a.nodeType === 'ring' && ringColor === 'score' ? scoreColor(Number(a.attributes.score ?? 0)) : (ruleColor(node, a, rules, metrics) ?? style.color),
      shape: style.shape,
      hidden: visibility.hiddenNodes.has(node),
      zIndex: a.ringMember ? 1 : 0,
    };
    if (a.ringMember) {
      out.border = 0.3;
      out.borderColor = THEME.member;
    } else if (visibility.emphasised.has(node)) {
      out.border = 0.25;
      out.borderColor = THEME.source;
    }
    if (state().pinned.has(node)) {
      out.border = 0.3;
      out.borderColor = THEME.pinned;
    }
    const { multi } = state();
    const focus = multi.size > 0 ? null : (hover ?? selection);
    if (multi.has(node)) {
      out.border = 0.4;
      out.borderColor = THEME.multi;
      out.zIndex = 2;
      out.labelPriority = 4;
    }
    if (focus) {
      if (focus.nodes.has(node)) {
        // No forced labels here: faded nodes drop theirs, so sigma's label grid gives the neighbours room without piling them up.
        out.zIndex = 2;
      } else {
        out.color = THEME.faded;
        out.borderColor = THEME.faded;
        out.label = null;
        out.zIndex = 0;
      }
    }
    if (selection?.center === node) {
      out.border = 0.35;
      out.borderColor = THEME.selected;
      out.size = (out.size ?? 1) * 1.25;
      out.forceLabel = true;
      out.labelPriority = 4;
      out.zIndex = 3;
    }
    const group = state().groups.get(node);
    if (group?.anchor) {
      out.size = 9 + Math.sqrt(group.members) * 3;
      out.color = THEME.group;
      out.shape = 'square';
      out.label = group.label;
      out.labelPriority = 4;
      out.forceLabel = true;
      out.border = 0.3;
      out.borderColor = THEME.selected;
      out.zIndex = 3;
    } else if (group) {
      // Stacked under the anchor: their edges still start there, the node itself is not drawn.
      out.size = 0.01;
      out.label = null;
      out.border = 0;
      out.zIndex = 0;
    }
    if (hover?.center === node) out.highlighted = true;
    return out;
  };
}

/** Edge widths in pixels: structure thin; evidence from 0.8 (strength 0) to EDGE_MAX (strength 1), never wider. */
export const EDGE_MAX = 3.2;
export function edgeSize(a: EdgeAttributes): number {
  return a.evidence === null ? 0.6 : 0.8 + Math.min(1, Math.max(0, a.evidence)) * (EDGE_MAX - 0.8);
}

export function createEdgeReducer(state: () => ViewState) {
  return (edge: string, a: EdgeAttributes): Partial<EdgeDisplayData> => {
    const { hover, selection, visibility } = state();
    const out: Partial<EdgeDisplayData> = {
      size: edgeSize(a),
      color: a.evidence === null ? THEME.edge : THEME.evidenceEdge,
      hidden: visibility.hiddenEdges.has(edge),
      zIndex: 0,
    };
    const focus = hover ?? selection;
    if (focus) {
      if (focus.edges.has(edge)) {
        out.color = THEME.highlightEdge;
        out.zIndex = 1;
      } else {
        out.color = THEME.fadedEdge;
      }
    }
    return out;
  };
}
