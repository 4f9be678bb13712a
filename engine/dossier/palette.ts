/**
 * How each node type is drawn in print (PDF picture and GEXF colours): the
 * explorer's hues and glyphs, darkened for a white page. Names come from the
 * node-type registry.
 */
import { NODE_TYPE_SPECS } from '../model/identifiers.ts';
import type { NodeType } from '../model/graph.ts';

export type Glyph = 'circle' | 'square' | 'diamond' | 'hexagon' | 'triangle' | 'triangle-down' | 'star';

export interface PrintStyle {
  color: string;
  glyph: Glyph;
  /** Radius in points at scale 1. */
  size: number;
  name: string;
}

const STYLES: { readonly [T in NodeType]: Omit<PrintStyle, 'name'> } = {
  seller: { color: '#2f6fdb', glyph: 'circle', size: 4.2 },
  shop: { color: '#1b9478', glyph: 'square', size: 3.2 },
  address: { color: '#d97a0b', glyph: 'diamond', size: 4.2 },
  payment_account: { color: '#d6336c', glyph: 'hexagon', size: 4.2 },
  phone: { color: '#7b5cd6', glyph: 'triangle', size: 3.4 },
  email: { color: '#a38b00', glyph: 'triangle-down', size: 3.4 },
  id_document: { color: '#d93025', glyph: 'star', size: 4.8 },
  device: { color: '#1590a8', glyph: 'hexagon', size: 3.8 },
  shipment: { color: '#8a96a3', glyph: 'square', size: 2 },
  report: { color: '#5d9e32', glyph: 'triangle', size: 3 },
  brand: { color: '#333a45', glyph: 'star', size: 5 },
  ring: { color: '#e09a00', glyph: 'circle', size: 5 },
};

export function printStyle(type: NodeType): PrintStyle {
  return { ...STYLES[type], name: NODE_TYPE_SPECS[type].plural };
}

/** Legend order: sellers, their ties strongest first, then evidence. */
export const LEGEND_ORDER: readonly NodeType[] = ['seller', 'shop', 'id_document', 'payment_account', 'device', 'address', 'phone', 'email', 'report', 'brand', 'shipment', 'ring'];
