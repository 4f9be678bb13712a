/**
 * The legend doubles as the node-type filter and holds the Style control:
 * each entry shows the type's glyph, name and how many of its nodes are on
 * screen now (of how many in the graph); clicking it hides or shows that
 * type. Ring members get their own entry (amber border). The Style control
 * picks the colour rule (type, status, brand evidence) and the size rule
 * (type, parcels, degree); the legend then lists the active colour key and
 * says what size means. It folds away to its title.
 */
import type { NodeType } from '../../engine/index.ts';
import { COLOR_BY, SIZE_BY, type ColorBy, type SizeBy, type StyleRules } from '../graph/style-metrics.ts';
import type { KeyEntry } from '../render/style-rules.ts';
import { LEGEND_ORDER, NODE_STYLES } from '../render/theme.ts';
import { h } from './dom.ts';
import { typeIcon } from './type-icon.ts';

export interface LegendState {
  /** Nodes per type in the graph. */
  counts: ReadonlyMap<NodeType, number>;
  /** Nodes per type on screen (the filters applied). */
  visible: ReadonlyMap<NodeType, number>;
  members: number;
  hidden: ReadonlySet<NodeType>;
  style: StyleRules;
  /** The active colour rule's key over the visible nodes (empty when colouring by type). */
  colorKey: readonly KeyEntry[];
  sizeKey: string;
}

export interface Legend {
  element: HTMLElement;
  update(state: LegendState): void;
}

const COLOR_NAMES: Record<ColorBy, string> = { type: 'Node type', status: 'Seller / shop status', brand: 'Brand evidence' };
const SIZE_NAMES: Record<SizeBy, string> = { type: 'Node type', parcels: 'Parcels shipped', degree: 'Links (degree)' };

export function createLegend(onToggle: (type: NodeType) => void, onStyle: (rules: StyleRules) => void): Legend {
  const list = h('ul', { class: 'legend-items' });
  const color = h('select', { class: 'input style-select', attrs: { 'aria-label': 'Colour by' }, data: { testid: 'style-color' } }, ...COLOR_BY.map((c) => h('option', { value: c }, COLOR_NAMES[c])));
  const size = h('select', { class: 'input style-select', attrs: { 'aria-label': 'Size by' }, data: { testid: 'style-size' } }, ...SIZE_BY.map((s) => h('option', { value: s }, SIZE_NAMES[s])));
  const changed = (): void => onStyle({ color: color.value as ColorBy, size: size.value as SizeBy });
  color.addEventListener('change', changed);
  size.addEventListener('change', changed);
  const styleBox = h('div', { class: 'style-control', data: { testid: 'style-control' } }, h('label', { class: 'style-row' }, h('span', { class: 'filter-name' }, 'Colour'), color), h('label', { class: 'style-row' }, h('span', { class: 'filter-name' }, 'Size'), size));
  // A <details> box: its summary folds it away, so it never has to sit over the graph.
  // Folded from the start on narrow screens, where it would take most of the stage.
  const narrow = window.matchMedia('(max-width: 1279px)').matches;
  const element = h(
    'details',
    { class: 'legend overlay-box', attrs: { 'aria-label': 'Legend, style and type filter', ...(narrow ? {} : { open: '' }) }, data: { testid: 'legend' } },
    h('summary', { class: 'legend-title', data: { testid: 'legend-toggle' } }, 'Legend & style · click a type to hide it'),
    styleBox,
    list,
  );
  const countText = (visible: number, total: number): string => (visible === total ? total.toLocaleString('en') : `${visible.toLocaleString('en')} / ${total.toLocaleString('en')}`);
  return {
    element,
    update(state) {
      color.value = state.style.color;
      size.value = state.style.size;
      const typeColours = state.style.color === 'type';
      const rows: HTMLElement[] = [h('li', { class: 'legend-item static' }, typeIcon('seller', { ringMember: true }), h('span', { class: 'legend-name' }, 'Ring members'), h('span', { class: 'legend-count' }, String(state.members)))];
      for (const type of LEGEND_ORDER) {
        const n = state.counts.get(type) ?? 0;
        if (n === 0) continue;
        const shown = state.visible.get(type) ?? 0;
        const off = state.hidden.has(type);
        rows.push(
          h(
            'li',
            {},
            h(
              'button',
              {
                class: `legend-item${off ? ' off' : ''}`,
                data: { type, visible: String(shown), total: String(n) },
                attrs: { 'aria-pressed': String(!off), title: `${shown} of ${n} on screen · ${off ? 'show' : 'hide'}` },
                on: { click: () => onToggle(type) },
              },
              typeIcon(type, typeColours ? {} : { muted: true }),
              h('span', { class: 'legend-name' }, NODE_STYLES[type].name),
              h('span', { class: 'legend-count' }, countText(shown, n)),
            ),
          ),
        );
      }
      if (!typeColours) {
        rows.push(h('li', { class: 'legend-item static key-title' }, h('span', {}), h('span', { class: 'legend-name' }, `Colour = ${COLOR_NAMES[state.style.color].toLowerCase()}`), h('span', {})));
        for (const entry of state.colorKey) {
          const swatch = h('span', { class: 'key-swatch' });
          swatch.style.background = entry.color;
          rows.push(h('li', { class: 'legend-item static color-key', data: { testid: 'color-key', color: entry.color } }, swatch, h('span', { class: 'legend-name' }, entry.label), h('span', { class: 'legend-count' }, entry.count.toLocaleString('en'))));
        }
        if (state.colorKey.length === 0) rows.push(h('li', { class: 'legend-item static muted small' }, h('span', {}), h('span', { class: 'legend-name' }, 'Nothing on screen to colour by this'), h('span', {})));
      }
      rows.push(h('li', { class: 'legend-item static size-key', data: { testid: 'size-key' } }, h('span', { class: 'size-swatch' }), h('span', { class: 'legend-name' }, state.sizeKey), h('span', {})));
      rows.push(h('li', { class: 'legend-item static edge-key' }, h('span', { class: 'edge-swatch thick' }), h('span', { class: 'legend-name' }, 'Edge width = tie strength, 0 (thin) to 1 (thick)')));
      list.replaceChildren(...rows);
    },
  };
}
