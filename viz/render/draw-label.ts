/**
 * Label and hover drawing for the dark theme. Sigma's defaults draw a white
 * hover box, unreadable on a dark canvas; these keep its placement rules
 * (label right of the node, hover box around node and label) with our
 * colours, and shorten long labels (full addresses) so they pile up less.
 */
import type { Attributes } from 'graphology-types';
import type { Settings } from 'sigma/settings';
import type { NodeDisplayData, PartialButFor } from 'sigma/types';
import { THEME } from './theme.ts';

const MAX_LABEL = 34;

export function shortLabel(label: string): string {
  return label.length > MAX_LABEL ? `${label.slice(0, MAX_LABEL - 1)}…` : label;
}

type LabelData = PartialButFor<NodeDisplayData, 'x' | 'y' | 'size' | 'label' | 'color'>;

export function drawLabel<N extends Attributes, E extends Attributes, G extends Attributes>(context: CanvasRenderingContext2D, data: LabelData, settings: Settings<N, E, G>): void {
  if (!data.label) return;
  const size = settings.labelSize;
  context.font = `${settings.labelWeight} ${size}px ${settings.labelFont}`;
  const text = shortLabel(data.label);
  const x = data.x + data.size + 4;
  const y = data.y + size / 3;
  // A dark halo keeps labels readable where they cross edges.
  context.lineWidth = 3;
  context.strokeStyle = THEME.background;
  context.strokeText(text, x, y);
  context.fillStyle = THEME.label;
  context.fillText(text, x, y);
}

export function drawHover<N extends Attributes, E extends Attributes, G extends Attributes>(context: CanvasRenderingContext2D, data: LabelData, settings: Settings<N, E, G>): void {
  const size = settings.labelSize;
  context.font = `600 ${size}px ${settings.labelFont}`;
  const text = data.label ? shortLabel(data.label) : '';
  const padding = 4;
  const width = text ? context.measureText(text).width + 10 : 0;
  const radius = data.size + padding;
  context.fillStyle = THEME.hoverBox;
  context.strokeStyle = '#4a5666';
  context.lineWidth = 1;
  context.beginPath();
  context.arc(data.x, data.y, radius, 0, Math.PI * 2);
  if (text) context.roundRect(data.x, data.y - size / 2 - padding, radius + width, size + padding * 2, 4);
  context.fill();
  context.stroke();
  if (text) {
    context.fillStyle = THEME.hoverText;
    context.fillText(text, data.x + radius + 4, data.y + size / 3);
  }
}
