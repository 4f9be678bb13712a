/**
 * The ring graph drawn as vector paths into the PDF: edges as hairlines, nodes
 * as the explorer's glyphs in print colours, members outlined, the likely
 * sources labelled with their rank, and a legend with counts. Coordinates come
 * from ring-layout.ts, so the picture is the same on every rebuild.
 */
import type { NodeType } from '../model/graph.ts';
import { INK, type Doc } from './pdf-kit.ts';
import { LEGEND_ORDER, printStyle, type Glyph } from './palette.ts';
import type { RingLayout } from './ring-layout.ts';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

function polygon(doc: Doc, x: number, y: number, r: number, corners: number, rotation: number): void {
  const points: Array<[number, number]> = [];
  for (let i = 0; i < corners; i += 1) {
    const angle = rotation + (2 * Math.PI * i) / corners;
    points.push([x + r * Math.cos(angle), y + r * Math.sin(angle)]);
  }
  doc.polygon(...points);
}

function star(doc: Doc, x: number, y: number, r: number): void {
  const points: Array<[number, number]> = [];
  for (let i = 0; i < 10; i += 1) {
    const radius = i % 2 === 0 ? r : r * 0.45;
    const angle = -Math.PI / 2 + (Math.PI * i) / 5;
    points.push([x + radius * Math.cos(angle), y + radius * Math.sin(angle)]);
  }
  doc.polygon(...points);
}

export function glyphPath(doc: Doc, glyph: Glyph, x: number, y: number, r: number): void {
  switch (glyph) {
    case 'circle':
      doc.circle(x, y, r);
      break;
    case 'square':
      doc.rect(x - r * 0.85, y - r * 0.85, r * 1.7, r * 1.7);
      break;
    case 'diamond':
      polygon(doc, x, y, r * 1.15, 4, -Math.PI / 2);
      break;
    case 'hexagon':
      polygon(doc, x, y, r, 6, 0);
      break;
    case 'triangle':
      polygon(doc, x, y + r * 0.2, r * 1.15, 3, -Math.PI / 2);
      break;
    case 'triangle-down':
      polygon(doc, x, y - r * 0.2, r * 1.15, 3, Math.PI / 2);
      break;
    case 'star':
      star(doc, x, y, r * 1.2);
      break;
  }
}

export function drawRingPicture(doc: Doc, layout: RingLayout, rect: Rect, options: { sourceRanks: ReadonlyMap<string, number> }): void {
  doc.save();
  doc.rect(rect.x, rect.y, rect.width, rect.height).lineWidth(0.5).strokeColor(INK.rule).stroke();
  const pad = 22;
  const xs = layout.nodes.map((n) => n.x);
  const ys = layout.nodes.map((n) => n.y);
  const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const spanX = Math.max(maxX - minX, 1e-9);
  const spanY = Math.max(maxY - minY, 1e-9);
  const scale = Math.min((rect.width - 2 * pad) / spanX, (rect.height - 2 * pad) / spanY);
  const offsetX = rect.x + (rect.width - spanX * scale) / 2;
  const offsetY = rect.y + (rect.height - spanY * scale) / 2;
  const at = new Map(layout.nodes.map((n) => [n.id, [offsetX + (n.x - minX) * scale, offsetY + (n.y - minY) * scale] as const]));
  // Dense pictures shrink their glyphs so they do not turn into a blot.
  const shrink = layout.nodes.length > 600 ? 0.55 : layout.nodes.length > 250 ? 0.75 : 1;

  doc.lineWidth(layout.edges.length > 2_000 ? 0.15 : 0.3).strokeColor('#9aa5b1').strokeOpacity(0.55);
  for (const e of layout.edges) {
    const a = at.get(e.source);
    const b = at.get(e.target);
    if (!a || !b) continue;
    doc.moveTo(a[0], a[1]).lineTo(b[0], b[1]);
  }
  doc.stroke();
  doc.strokeOpacity(1);

  // Evidence first, members last, so members stay on top.
  const order = (type: NodeType, member: boolean): number => (member ? 2 : type === 'seller' ? 1 : 0);
  const nodes = [...layout.nodes].sort((a, b) => order(a.type, a.member) - order(b.type, b.member));
  for (const n of nodes) {
    const [x, y] = at.get(n.id)!;
    const style = printStyle(n.type);
    glyphPath(doc, style.glyph, x, y, style.size * shrink);
    if (n.member) doc.lineWidth(0.6).fillColor(style.color).strokeColor('#0b1a2e').fillAndStroke();
    else doc.fillColor(style.color).fill();
  }

  const labelMembers = layout.nodes.filter((n) => n.member).length <= 80;
  doc.font('body').fontSize(4.6).fillColor(INK.text);
  for (const n of nodes) {
    if (!(n.member && labelMembers)) continue;
    const [x, y] = at.get(n.id)!;
    doc.text(n.key, x + 4.5 * shrink, y - 2.4, { lineBreak: false });
  }
  for (const n of layout.nodes) {
    const rank = n.type === 'address' ? options.sourceRanks.get(n.key) : undefined;
    if (rank === undefined) continue;
    const [x, y] = at.get(n.id)!;
    doc.circle(x, y, 7.5).lineWidth(1.1).strokeColor(INK.accent).stroke();
    doc.font('bold').fontSize(6.4).fillColor(INK.accent).text(`source #${rank}`, x + 9, y - 3.5, { lineBreak: false });
  }
  doc.restore();
}

/** The legend: one glyph, name and count per node type present, in rows. */
export function drawLegend(doc: Doc, layout: RingLayout, x: number, y: number, width: number): number {
  const counts = new Map<NodeType, number>();
  for (const n of layout.nodes) counts.set(n.type, (counts.get(n.type) ?? 0) + 1);
  const members = layout.nodes.filter((n) => n.member).length;
  const items: Array<{ glyph: Glyph; color: string; text: string; outline: boolean }> = [];
  for (const type of LEGEND_ORDER) {
    const n = counts.get(type);
    if (n === undefined) continue;
    const style = printStyle(type);
    const text = type === 'seller' ? `Sellers (${n}; members outlined: ${members})` : `${style.name} (${n})`;
    items.push({ glyph: style.glyph, color: style.color, text, outline: type === 'seller' });
  }
  items.push({ glyph: 'circle', color: '#ffffff', text: 'Likely source (ranked)', outline: false });
  const columns = 3;
  doc.font('body').fontSize(7.6);
  const cell = width / columns;
  let row = 0;
  items.forEach((item, i) => {
    const cx = x + (i % columns) * cell + 6;
    row = Math.floor(i / columns);
    const cy = y + row * 14 + 6;
    if (item.text.startsWith('Likely source')) {
      doc.circle(cx, cy, 4.5).lineWidth(1).strokeColor(INK.accent).stroke();
    } else {
      glyphPath(doc, item.glyph, cx, cy, 3.6);
      if (item.outline) doc.lineWidth(0.6).fillColor(item.color).strokeColor('#0b1a2e').fillAndStroke();
      else doc.fillColor(item.color).fill();
    }
    doc.font('body').fontSize(7.6).fillColor(INK.text).text(item.text, cx + 9, cy - 4, { width: cell - 18, lineBreak: false });
  });
  return y + (row + 1) * 14 + 4;
}
