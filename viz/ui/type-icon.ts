/**
 * A node type's colour and shape as a small inline SVG, so the legend, search
 * results and details panel show the same glyph as the graph.
 */
import type { NodeType } from '../../engine/index.ts';
import type { Shape } from '../render/node-shape-program.ts';
import { NODE_STYLES } from '../render/theme.ts';

const NS = 'http://www.w3.org/2000/svg';

const PATHS: Record<Exclude<Shape, 'circle'>, string> = {
  square: 'M2.5 2.5h9v9h-9z',
  diamond: 'M7 1l6 6-6 6-6-6z',
  triangle: 'M7 1.5l6 10.5H1z',
  'triangle-down': 'M1 2h12L7 12.5z',
  hexagon: 'M7 1l5.2 3v6L7 13l-5.2-3V4z',
  star: 'M7 .8l1.8 4.2 4.5.4-3.4 3 1 4.4L7 10.5 3.1 12.8l1-4.4-3.4-3 4.5-.4z',
};

export function typeIcon(type: NodeType, options: { ringMember?: boolean; muted?: boolean } = {}): SVGSVGElement {
  const style = NODE_STYLES[type];
  const svg = document.createElementNS(NS, 'svg');
  svg.setAttribute('viewBox', '0 0 14 14');
  svg.setAttribute('width', '14');
  svg.setAttribute('height', '14');
  svg.setAttribute('class', 'type-icon');
  svg.setAttribute('aria-hidden', 'true');
  const shape =
    style.shape === 'circle' ? document.createElementNS(NS, 'circle') : document.createElementNS(NS, 'path');
  if (style.shape === 'circle') {
    shape.setAttribute('cx', '7');
    shape.setAttribute('cy', '7');
    shape.setAttribute('r', options.ringMember ? '5' : '5.5');
  } else {
    shape.setAttribute('d', PATHS[style.shape]);
  }
  // Muted: a colour rule other than type colours the graph, so the icon shows the shape only.
  shape.setAttribute('fill', options.muted ? '#7d8896' : style.color);
  if (options.ringMember) {
    shape.setAttribute('stroke', '#ffb020');
    shape.setAttribute('stroke-width', '2');
  }
  svg.append(shape);
  return svg;
}
