/**
 * Evidence and time filters over the ring graph: a minimum evidence weight
 * (hides weak ties, and identifiers left with none) and a time window over
 * dated nodes (reports, shipments), shown only when the graph has dates.
 */
import { h, formatDate } from './dom.ts';

export interface FilterBarState {
  minEvidence: number;
  timeRange: [number, number] | null;
}

export interface FilterBar {
  element: HTMLElement;
  /** New time bounds (graph changed); keeps the window when it still fits. */
  setTimeBounds(bounds: [number, number] | null): void;
  state(): FilterBarState;
}

const STEPS = 200;

export function createFilterBar(onChange: (state: FilterBarState) => void): FilterBar {
  let bounds: [number, number] | null = null;
  const weight = h('input', { type: 'range', class: 'range', attrs: { min: '0', max: '1', step: '0.05', value: '0', 'aria-label': 'Minimum evidence weight' }, data: { testid: 'min-weight' } });
  const weightValue = h('span', { class: 'range-value' }, '0.00');
  const from = h('input', { type: 'range', class: 'range', attrs: { min: '0', max: String(STEPS), step: '1', value: '0', 'aria-label': 'From' } });
  const to = h('input', { type: 'range', class: 'range', attrs: { min: '0', max: String(STEPS), step: '1', value: String(STEPS), 'aria-label': 'To' } });
  const timeLabel = h('span', { class: 'range-value wide' });
  const time = h('div', { class: 'filter-group', hidden: true }, h('span', { class: 'filter-name' }, 'Reports & shipments'), from, to, timeLabel);

  const at = (step: number): number => (bounds ? bounds[0] + ((bounds[1] - bounds[0]) * step) / STEPS : 0);
  const state = (): FilterBarState => {
    const a = Math.min(Number(from.value), Number(to.value));
    const b = Math.max(Number(from.value), Number(to.value));
    const full = a === 0 && b === STEPS;
    return { minEvidence: Number(weight.value), timeRange: bounds && !full ? [at(a), at(b)] : null };
  };
  const changed = (): void => {
    weightValue.textContent = Number(weight.value).toFixed(2);
    const s = state();
    timeLabel.textContent = bounds ? `${formatDate(s.timeRange?.[0] ?? bounds[0])} → ${formatDate(s.timeRange?.[1] ?? bounds[1])}` : '';
    onChange(s);
  };
  for (const input of [weight, from, to]) input.addEventListener('input', changed);

  return {
    element: h(
      'details',
      { class: 'filter-bar overlay-box', attrs: { open: '' }, data: { testid: 'filters' } },
      h('summary', { class: 'legend-title', data: { testid: 'filters-toggle' } }, 'Filters'),
      h('div', { class: 'filter-group' }, h('span', { class: 'filter-name' }, 'Evidence ≥'), weight, weightValue),
      time,
    ),
    setTimeBounds(next) {
      bounds = next;
      time.hidden = next === null;
      if (next === null) {
        from.value = '0';
        to.value = String(STEPS);
      }
      timeLabel.textContent = next ? `${formatDate(next[0])} → ${formatDate(next[1])}` : '';
    },
    state,
  };
}
