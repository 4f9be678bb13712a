/**
 * The ranked ring list: every ring the caller may see (a liaison's brands
 * only — the API narrows it), filtered by lineage status, brand and minimum
 * score and searched by ring id, brand or likely-source address, all in the
 * page. Long lists render in slices, so 2,000 rings stay quick.
 */
import type { RingSummary } from '../../api/http/schemas.ts';
import { counted } from '../counted.ts';
import { h, formatScore } from './dom.ts';
import type { Tier } from '../state/view-link.ts';

export interface RingListHandlers {
  onOpen(ringId: string): void;
  /** The tier filter changed (the URL keeps it). */
  onTier?(tier: Tier): void;
}

export interface RingList {
  element: HTMLElement;
  setRings(rings: RingSummary[]): void;
  setActive(ringId: string | null): void;
  /** Which tiers the list shows: `ring` (default: pairs and zero-score groups hidden), `linked` (only those), `all`. */
  tier(): Tier;
  setTier(tier: Tier): void;
}

const STATUSES = [
  { key: 'all', label: 'All' },
  { key: 'new', label: 'New' },
  { key: 'grown', label: 'Grown' },
  { key: 'unchanged', label: 'Unchanged' },
  { key: 'other', label: 'Other' },
] as const;
type StatusKey = (typeof STATUSES)[number]['key'];

const SLICE = 150;

/**
 * A group detection kept that is not (yet) a ring worth an investigator's
 * first look: a pair of sellers (often a household sharing a phone or an
 * address) or a group with no scored evidence. Hidden by default, one click
 * shows them.
 */
export function isMinorGroup(ring: { size: number; score: number; tier?: string | undefined }): boolean {
  return ring.tier === 'linked' || ring.size <= 2 || ring.score <= 0;
}

function statusOf(ring: RingSummary): Exclude<StatusKey, 'all'> {
  if (ring.change === 'new' || ring.change === 'grown' || ring.change === 'unchanged') return ring.change;
  return ring.change === null ? 'new' : 'other';
}

export function createRingList(handlers: RingListHandlers): RingList {
  let rings: RingSummary[] = [];
  let active: string | null = null;
  let status: StatusKey = 'all';
  let shown = SLICE;
  let showMinor = false;

  const search = h('input', { type: 'search', class: 'input', placeholder: 'Search ring, brand, address…', attrs: { 'aria-label': 'Search rings' }, data: { testid: 'ring-search' } });
  const brand = h('select', { class: 'input', attrs: { 'aria-label': 'Brand' } });
  const tier = h(
    'select',
    { class: 'input', attrs: { 'aria-label': 'Tier' }, data: { testid: 'ring-tier' } },
    h('option', { value: 'ring' }, 'Rings'),
    h('option', { value: 'linked' }, 'Linked pairs and groups'),
    h('option', { value: 'all' }, 'Rings and linked'),
  );
  const minScore = h('input', { type: 'range', class: 'range', attrs: { min: '0', max: '1', step: '0.05', value: '0', 'aria-label': 'Minimum score' } });
  const minScoreValue = h('span', { class: 'range-value' }, '0.00');
  const chips = h('div', { class: 'chips', attrs: { role: 'group', 'aria-label': 'Status' } });
  const count = h('div', { class: 'list-count' });
  const minorToggle = h('button', { class: 'link small', data: { testid: 'show-minor' }, on: { click: () => ((showMinor = !showMinor), (tier.value = showMinor ? 'all' : 'ring'), (shown = SLICE), render(), handlers.onTier?.(currentTier())) } });
  const currentTier = (): Tier => (showMinor ? (tier.value as Tier) : 'ring');
  const list = h('ol', { class: 'ring-items', data: { testid: 'ring-list' } });

  const filtered = (): RingSummary[] => {
    const text = search.value.trim().toLowerCase();
    const min = Number(minScore.value);
    return rings.filter(
      (r) =>
        (showMinor || !isMinorGroup(r)) &&
        r.score >= min &&
        (tier.value === 'all' || (r.tier ?? 'ring') === tier.value) &&
        (status === 'all' || statusOf(r) === status) &&
        (brand.value === '' || r.brands.includes(brand.value)) &&
        (text === '' ||
          r.id.toLowerCase().includes(text) ||
          r.brands.some((b) => b.toLowerCase().includes(text)) ||
          r.likelySources.some((s) => s.address.toLowerCase().includes(text))),
    );
  };

  const item = (ring: RingSummary, rank: number): HTMLElement => {
    const st = statusOf(ring);
    return h(
      'li',
      {
        class: `ring-item${ring.id === active ? ' active' : ''}`,
        data: { ringId: ring.id },
        attrs: { tabindex: '0', role: 'button', 'aria-label': `Open ring ${ring.id}` },
        on: {
          click: () => handlers.onOpen(ring.id),
          keydown: (e) => {
            if (e.key === 'Enter') handlers.onOpen(ring.id);
          },
        },
      },
      h('span', { class: 'rank' }, `#${rank}`),
      h(
        'div',
        { class: 'ring-main' },
        h('div', { class: 'ring-line' }, h('span', { class: 'ring-id' }, ring.id), h('span', { class: `badge status-${st}` }, ring.change ?? 'new'), ring.tier === 'linked' ? h('span', { class: 'badge', title: 'A pair or a group tied by less than common control' }, 'linked') : null),
        h('div', { class: 'ring-meta' }, `${counted(ring.size, 'seller')} · ${counted(ring.shops, 'shop')} · ${counted(ring.evidence.counterfeitReports, 'counterfeit report')}`),
        h('div', { class: 'ring-brands' }, ...ring.brands.slice(0, 3).map((b) => h('span', { class: 'tag' }, b)), ring.brands.length > 3 ? h('span', { class: 'tag muted' }, `+${ring.brands.length - 3}`) : null),
      ),
      h('div', { class: 'ring-score', title: 'Ring score (sum of explained features)' }, h('span', {}, formatScore(ring.score)), scoreBar(ring.score)),
    );
  };

  const render = (): void => {
    const rows = filtered();
    count.textContent = `${rows.length.toLocaleString('en')} of ${rings.length.toLocaleString('en')} rings`;
    const minor = rings.filter(isMinorGroup).length;
    minorToggle.hidden = minor === 0;
    minorToggle.textContent = showMinor ? `Hide ${minor.toLocaleString('en')} pairs and zero-score groups` : `${minor.toLocaleString('en')} pairs and zero-score groups hidden · show all`;
    minorToggle.setAttribute('aria-pressed', String(showMinor));
    const ranks = new Map(rings.map((r, i) => [r.id, i + 1]));
    list.replaceChildren(...rows.slice(0, shown).map((r) => item(r, ranks.get(r.id) ?? 0)));
    if (rows.length > shown) {
      list.append(h('li', { class: 'more' }, h('button', { class: 'button ghost', on: { click: () => ((shown += SLICE), render()) } }, `Show ${Math.min(SLICE, rows.length - shown)} more`)));
    }
    if (rows.length === 0) list.append(h('li', { class: 'empty' }, rings.length === 0 ? 'No rings visible to this token.' : 'No ring matches these filters.'));
    chips.replaceChildren(
      ...STATUSES.map((s) =>
        h('button', { class: `chip${s.key === status ? ' on' : ''}`, attrs: { 'aria-pressed': String(s.key === status) }, on: { click: () => ((status = s.key), (shown = SLICE), render()) } }, s.label),
      ),
    );
  };

  search.addEventListener('input', () => ((shown = SLICE), render()));
  brand.addEventListener('change', () => ((shown = SLICE), render()));
  tier.addEventListener('change', () => {
    // Pairs and groups are the minor ones: choosing them (or all) shows them.
    showMinor = tier.value !== 'ring';
    shown = SLICE;
    render();
    handlers.onTier?.(currentTier());
  });
  minScore.addEventListener('input', () => {
    minScoreValue.textContent = Number(minScore.value).toFixed(2);
    shown = SLICE;
    render();
  });

  const element = h(
    'section',
    { class: 'ring-list', attrs: { 'aria-label': 'Rings' } },
    h('header', { class: 'panel-header' }, h('h2', {}, 'Rings'), count),
    h('div', { class: 'filters' }, search, chips, minorToggle, h('div', { class: 'filter-row' }, brand, tier, h('label', { class: 'range-label' }, 'Score ≥ ', minScoreValue, minScore))),
    list,
  );

  return {
    element,
    setRings(next) {
      rings = next;
      const brands = [...new Set(next.flatMap((r) => r.brands))].sort();
      brand.replaceChildren(h('option', { value: '' }, 'All brands'), ...brands.map((b) => h('option', { value: b }, b)));
      render();
    },
    tier: currentTier,
    setTier(next) {
      if (next === currentTier()) return;
      showMinor = next !== 'ring';
      tier.value = next;
      shown = SLICE;
      render();
    },
    setActive(ringId) {
      active = ringId;
      for (const el of list.querySelectorAll<HTMLElement>('.ring-item')) el.classList.toggle('active', el.dataset.ringId === ringId);
    },
  };
}

export function scoreBar(score: number): HTMLElement {
  const bar = h('span', { class: 'score-bar' }, h('span', { class: 'score-fill' }));
  (bar.firstElementChild as HTMLElement).style.width = `${Math.round(Math.max(0, Math.min(1, score)) * 100)}%`;
  return bar;
}
