/**
 * The legend doubles as the node-type filter: each entry shows the type's
 * glyph, name and count in the current graph; clicking it hides or shows
 * that type. Ring members get their own entry (amber border). It folds
 * away to its title.
 */
import type { NodeType } from '../../engine/index.ts';
import { LEGEND_ORDER, NODE_STYLES } from '../render/theme.ts';
import { h } from './dom.ts';
import { typeIcon } from './type-icon.ts';

export interface Legend {
  element: HTMLElement;
  update(counts: ReadonlyMap<NodeType, number>, members: number, hidden: ReadonlySet<NodeType>): void;
}

export function createLegend(onToggle: (type: NodeType) => void): Legend {
  const list = h('ul', { class: 'legend-items' });
  // A <details> box: its summary folds it away, so it never has to sit over the graph.
  // Folded from the start on narrow screens, where it would take most of the stage.
  const narrow = window.matchMedia('(max-width: 1279px)').matches;
  const element = h('details', { class: 'legend overlay-box', attrs: { 'aria-label': 'Legend and type filter', ...(narrow ? {} : { open: '' }) }, data: { testid: 'legend' } }, h('summary', { class: 'legend-title', data: { testid: 'legend-toggle' } }, 'Legend · click a type to hide it'), list);
  return {
    element,
    update(counts, members, hidden) {
      const rows: HTMLElement[] = [h('li', { class: 'legend-item static' }, typeIcon('seller', { ringMember: true }), h('span', { class: 'legend-name' }, 'Ring members'), h('span', { class: 'legend-count' }, String(members)))];
      for (const type of LEGEND_ORDER) {
        const n = counts.get(type) ?? 0;
        if (n === 0) continue;
        const off = hidden.has(type);
        rows.push(
          h(
            'li',
            {},
            h(
              'button',
              { class: `legend-item${off ? ' off' : ''}`, data: { type }, attrs: { 'aria-pressed': String(!off), title: off ? 'Show' : 'Hide' }, on: { click: () => onToggle(type) } },
              typeIcon(type),
              h('span', { class: 'legend-name' }, NODE_STYLES[type].name),
              h('span', { class: 'legend-count' }, n.toLocaleString('en')),
            ),
          ),
        );
      }
      rows.push(h('li', { class: 'legend-item static edge-key' }, h('span', { class: 'edge-swatch thick' }), h('span', { class: 'legend-name' }, 'Edge width = tie strength, 0 (thin) to 1 (thick)')));
      list.replaceChildren(...rows);
    },
  };
}
