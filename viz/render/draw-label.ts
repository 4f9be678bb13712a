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

/** The settings label drawing reads. */
type LabelSettings = Pick<Settings, 'labelSize' | 'labelWeight' | 'labelFont'>;

export function drawLabel(context: CanvasRenderingContext2D, data: LabelData, settings: LabelSettings): void {
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

/** A drawn label's box in viewport pixels. */
export interface LabelBox {
  node: string;
  left: number;
  top: number;
  right: number;
  bottom: number;
}

export interface LabelPlacer {
  /** Sigma's `defaultDrawNodeLabel`: queues the label of this frame instead of drawing it. */
  collect<N extends Attributes, E extends Attributes, G extends Attributes>(context: CanvasRenderingContext2D, data: LabelData, settings: Settings<N, E, G>): void;
  /** Forgets the queue (before sigma draws a frame). */
  reset(): void;
  /**
   * Draws the queued labels, highest `labelPriority` first (then bigger
   * nodes), skipping any whose box would overlap one already drawn, so no
   * label ever overwrites another: sigma's label grid bounds how many there
   * are per cell, this makes sure the survivors do not collide.
   */
  flush(context: CanvasRenderingContext2D): void;
  /** The labels the last frame drew. */
  drawn(): readonly LabelBox[];
}

interface Queued {
  data: LabelData & { key?: string; labelPriority?: number };
  settings: LabelSettings;
}

export function createLabelPlacer(): LabelPlacer {
  let queue: Queued[] = [];
  let drawn: LabelBox[] = [];
  return {
    collect(_context, data, settings) {
      if (data.label) queue.push({ data, settings: { labelSize: settings.labelSize, labelWeight: settings.labelWeight, labelFont: settings.labelFont } });
    },
    reset() {
      queue = [];
    },
    flush(context) {
      drawn = [];
      queue.sort((a, b) => (b.data.labelPriority ?? 0) - (a.data.labelPriority ?? 0) || b.data.size - a.data.size);
      for (const { data, settings } of queue) {
        const size = settings.labelSize;
        context.font = `${settings.labelWeight} ${size}px ${settings.labelFont}`;
        const width = context.measureText(shortLabel(data.label!)).width;
        const left = data.x + data.size + 2;
        const box = { node: data.key ?? '', left, top: data.y - size * 0.8, right: left + width + 5, bottom: data.y + size * 0.45 };
        if (drawn.some((d) => d.left < box.right && box.left < d.right && d.top < box.bottom && box.top < d.bottom)) continue;
        drawn.push(box);
        drawLabel(context, data, settings);
      }
      queue = [];
    },
    drawn: () => drawn,
  };
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
