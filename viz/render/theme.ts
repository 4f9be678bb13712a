/**
 * The explorer's visual vocabulary in one place: the dark palette, and for
 * each node type its colour, shape, base size and legend name. Colours were
 * picked to stay apart for common colour-vision deficiencies when paired
 * with distinct shapes (no type relies on hue alone).
 */
import type { NodeType } from '../../engine/index.ts';
import { NODE_GLYPHS, NODE_TYPE_SPECS, RING_TIE_ORDER } from '../../engine/model/identifiers.ts';
import { NODE_TYPES } from '../../engine/model/graph.ts';
import type { Shape } from './node-shape-program.ts';

export interface NodeStyle {
  color: string;
  shape: Shape;
  size: number;
  /** Plural name for the legend and filters (the identifier registry's). */
  name: string;
}

/** Colour and base size per node type (the shape is the registry's): complete by type, so a new node type cannot be forgotten. */
const GLYPHS: { readonly [T in NodeType]: Omit<NodeStyle, 'name' | 'shape'> } = {
  seller: { color: '#5b9dff', size: 5.5 },
  shop: { color: '#34c3a0', size: 4.5 },
  address: { color: '#f5a142', size: 5.5 },
  payment_account: { color: '#ff6b9a', size: 5.5 },
  phone: { color: '#a98bff', size: 4.5 },
  email: { color: '#e3d45c', size: 4.5 },
  id_document: { color: '#ff5a4e', size: 6 },
  device: { color: '#4fd1e8', size: 5 },
  shipment: { color: '#9aa7b5', size: 2.5 },
  report: { color: '#8fd16a', size: 4 },
  brand: { color: '#f2f4f8', size: 7 },
  ring: { color: '#ffb020', size: 6 },
};

export const NODE_STYLES = Object.fromEntries(
  NODE_TYPES.map((t) => [t, { ...GLYPHS[t], shape: NODE_GLYPHS[t] satisfies Shape, name: NODE_TYPE_SPECS[t].plural }]),
) as { readonly [T in NodeType]: NodeStyle };

/** Node types in legend order (most useful first): sellers, their ties strongest first, then the rest. */
export const LEGEND_ORDER: readonly NodeType[] = [...new Set<NodeType>(['seller', ...RING_TIE_ORDER, ...NODE_TYPES])];

export const THEME = {
  background: '#0d1117',
  label: '#d7dde5',
  labelMuted: '#7d8896',
  faded: '#262d36',
  fadedEdge: '#1b2129',
  edge: '#4a5869',
  evidenceEdge: '#8796a8',
  highlightEdge: '#e6edf3',
  member: '#ffb020',
  /** Border of a likely source (the ring's warehouses). */
  source: '#ff5a4e',
  selected: '#ffffff',
  /** Border of a pinned node (the layout leaves it where it is). */
  pinned: '#e6edf3',
  /** Border of a node in the multi-selection. */
  multi: '#22d3ee',
  /** A collapsed group of nodes. */
  group: '#b38bff',
  hoverBox: '#1f2631',
  hoverText: '#f0f3f6',
  font: 'Inter, "Segoe UI", system-ui, -apple-system, "Helvetica Neue", Arial, sans-serif',
} as const;

export function styleOf(type: NodeType): NodeStyle {
  return NODE_STYLES[type];
}
