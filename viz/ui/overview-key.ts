/**
 * The overview's key, in the details panel: what colour and size mean, what
 * a link means (which identifier types the rings share, counted over the
 * links' examples), the ring families (groups of rings linked through shared
 * infrastructure, found as connected components of the drawn links), and the
 * default filter that hides pairs and zero-score groups, with one click to
 * show them.
 */
import type { NodeType } from '../../engine/index.ts';
import { NODE_TYPE_SPECS } from '../../engine/model/identifiers.ts';
import type { ExplorerGraph } from '../graph/attributes.ts';
import type { RingsOverview } from '../../api/http/schemas.ts';
import { h } from './dom.ts';
import type { Tier } from '../state/view-link.ts';

/** Connected components of the overview graph with at least two rings, largest first. */
export function ringFamilies(graph: ExplorerGraph): string[][] {
  const seen = new Set<string>();
  const families: string[][] = [];
  graph.forEachNode((start) => {
    if (seen.has(start)) return;
    const family: string[] = [];
    const stack = [start];
    seen.add(start);
    while (stack.length) {
      const node = stack.pop()!;
      family.push(node);
      graph.forEachNeighbor(node, (n) => {
        if (!seen.has(n)) {
          seen.add(n);
          stack.push(n);
        }
      });
    }
    if (family.length > 1) families.push(family);
  });
  return families.sort((a, b) => b.length - a.length);
}

export function overviewKey(overview: RingsOverview, graph: ExplorerGraph, tier: Tier, onTier: (tier: Tier) => void): HTMLElement {
  const minorShown = tier !== 'ring';
  const types = new Map<string, number>();
  for (const link of overview.links) for (const id of link.examples) types.set(id.slice(0, id.indexOf(':')), (types.get(id.slice(0, id.indexOf(':'))) ?? 0) + 1);
  const linkTypes = [...types].sort((a, b) => b[1] - a[1]).map(([t]) => (t in NODE_TYPE_SPECS ? NODE_TYPE_SPECS[t as NodeType].plural.toLowerCase() : t));
  const families = ringFamilies(graph);
  const hidden = overview.rings.length - graph.order;
  return h(
    'div',
    { class: 'details', data: { testid: 'overview-key' } },
    h('header', { class: 'details-header' }, h('div', { class: 'kicker' }, 'Overview'), h('h2', {}, `${graph.order.toLocaleString('en')} rings`)),
    h('section', { class: 'detail-section' }, h('h3', {}, 'Colour = ring score'), h('div', { class: 'score-gradient' }), h('div', { class: 'gradient-scale muted small' }, h('span', {}, '0'), h('span', {}, '0.5'), h('span', {}, '1'))),
    h('section', { class: 'detail-section' }, h('h3', {}, 'Size = members'), h('p', { class: 'muted small' }, 'Area grows with the number of sellers in the ring.')),
    h(
      'section',
      { class: 'detail-section' },
      h('h3', {}, 'A link = shared identifiers'),
      h('p', { class: 'muted small', data: { testid: 'overview-link-meaning' } }, `Two rings are linked when their members share identifiers${linkTypes.length ? ` (here: ${linkTypes.join(', ')})` : ''}; thicker when they share more, rarer ones counting more. ${overview.hubsSkipped} hub identifiers shared by too many rings are ignored.`),
    ),
    h(
      'section',
      { class: 'detail-section' },
      h('h3', {}, 'Ring families'),
      h('p', { class: 'muted small', data: { testid: 'overview-families' } }, families.length ? `${families.length} families of rings tied by shared infrastructure; the largest holds ${families[0]!.length} rings.` : 'No two rings share infrastructure.'),
    ),
    h(
      'section',
      { class: 'detail-section' },
      h('h3', {}, 'Tier'),
      tierSelect(tier, onTier),
      h(
        'p',
        {},
        hidden > 0 || minorShown
          ? h('button', { class: 'link small', data: { testid: 'overview-minor' }, on: { click: () => onTier(minorShown ? 'ring' : 'all') } }, minorShown ? 'Back to rings only' : `${hidden.toLocaleString('en')} pairs and zero-score groups hidden · show all`)
          : null,
      ),
    ),
    familyList(families, graph),
    h('p', { class: 'muted small' }, 'Click a ring for its card, double-click to open it.'),
  );
}

function tierSelect(tier: Tier, onTier: (tier: Tier) => void): HTMLElement {
  const select = h(
    'select',
    { class: 'input', attrs: { 'aria-label': 'Overview tier' }, data: { testid: 'overview-tier' } },
    h('option', { value: 'ring' }, 'Rings (pairs and zero-score groups hidden)'),
    h('option', { value: 'linked' }, 'Linked pairs and zero-score groups only'),
    h('option', { value: 'all' }, 'Everything'),
  );
  select.value = tier;
  select.addEventListener('change', () => onTier(select.value as Tier));
  return select;
}

/** The largest families by name (their rings, biggest first), so "families" is something to read, not just a count. */
function familyList(families: string[][], graph: ExplorerGraph): HTMLElement | null {
  if (families.length === 0) return null;
  const shown = families.slice(0, 6);
  return h(
    'section',
    { class: 'detail-section' },
    h('h3', {}, 'Largest families'),
    h(
      'ol',
      { class: 'families', data: { testid: 'family-list' } },
      ...shown.map((family) => {
        const rings = [...family].sort((a, b) => graph.getNodeAttribute(b, 'magnitude') - graph.getNodeAttribute(a, 'magnitude'));
        const names = rings.slice(0, 4).map((n) => graph.getNodeAttribute(n, 'key'));
        return h('li', { data: { size: String(family.length) } }, h('span', { class: 'mono small' }, names.join(', ')), rings.length > 4 ? h('span', { class: 'muted small' }, ` +${rings.length - 4} more`) : null);
      }),
    ),
  );
}
