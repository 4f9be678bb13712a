/**
 * How each node type is drawn in print (PDF picture and GEXF colours): the
 * explorer's hues darkened for a white page, and the glyphs of the registry. Names come from the
 * node-type registry.
 */
import { NODE_GLYPHS, NODE_TYPE_SPECS, type Glyph } from '../model/identifiers.ts';
import type { NodeType } from '../model/graph.ts';

export type { Glyph };

export interface PrintStyle {
  color: string;
  glyph: Glyph;
  /** Radius in points at scale 1. */
  size: number;
  name: string;
}

const STYLES: { readonly [T in NodeType]: Omit<PrintStyle, 'name' | 'glyph'> } = {
  seller: { color: '#2f6fdb', size: 4.2 },
  shop: { color: '#1b9478', size: 3.2 },
  address: { color: '#d97a0b', size: 4.2 },
  payment_account: { color: '#d6336c', size: 4.2 },
  phone: { color: '#7b5cd6', size: 3.4 },
  email: { color: '#a38b00', size: 3.4 },
  id_document: { color: '#d93025', size: 4.8 },
  device: { color: '#1590a8', size: 3.8 },
  shipment: { color: '#8a96a3', size: 2 },
  report: { color: '#5d9e32', size: 3 },
  brand: { color: '#333a45', size: 5 },
  ring: { color: '#e09a00', size: 5 },
};

export function printStyle(type: NodeType): PrintStyle {
  return { ...STYLES[type], glyph: NODE_GLYPHS[type], name: NODE_TYPE_SPECS[type].plural };
}

/** Legend order: sellers, their ties strongest first, then evidence. */
export const LEGEND_ORDER: readonly NodeType[] = ['seller', 'shop', 'id_document', 'payment_account', 'device', 'address', 'phone', 'email', 'report', 'brand', 'shipment', 'ring'];
