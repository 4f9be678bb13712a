/**
 * Evidence and time filters over the ring graph: a minimum tie strength
 * (hides weak ties, and identifiers left with none) and the time bar — a
 * histogram of the ring's shipments, reports, shop openings and closings
 * (stacked, one colour each) with a brush (the two handles under it) that
 * narrows the view to a window, and playback that slides that window from
 * the first event to the last. Shown only when the graph has dates.
 */
import { TIME_EVENT_KINDS, type TimeEventKind } from '../graph/visibility.ts';
import { h, formatDate } from './dom.ts';

export interface FilterBarState {
  minEvidence: number;
  timeRange: [number, number] | null;
}

export interface TimeEvent {
  at: number;
  kind: TimeEventKind;
}

export interface FilterBar {
  element: HTMLElement;
  /** The ring's dated events (graph changed): the histogram's bars and the brush's bounds. */
  setEvents(events: readonly TimeEvent[]): void;
  state(): FilterBarState;
  /** Puts the controls where a link or saved view had them (after `setEvents`); no change event. */
  setState(state: FilterBarState): void;
  /** Stops playback (the view closed). */
  stop(): void;
}

const STEPS = 200;
/** Histogram bins across the ring's time span. */
export const BINS = 48;
const KIND_COLOURS: Record<TimeEventKind, string> = { shipment: '#9aa7b5', report: '#8fd16a', 'shop opened': '#34c3a0', 'shop closed': '#ff6b6b' };
const PLAY_MS = 120;
const SVG = 'http://www.w3.org/2000/svg';

/** Event counts per bin and kind over `bounds`. */
export function histogram(events: readonly TimeEvent[], bounds: [number, number], bins = BINS): Array<Record<TimeEventKind, number>> {
  const out = Array.from({ length: bins }, () => ({ shipment: 0, report: 0, 'shop opened': 0, 'shop closed': 0 }));
  const span = Math.max(1, bounds[1] - bounds[0]);
  for (const e of events) out[Math.min(bins - 1, Math.max(0, Math.floor(((e.at - bounds[0]) / span) * bins)))]![e.kind]++;
  return out;
}

export function createFilterBar(onChange: (state: FilterBarState) => void): FilterBar {
  let bounds: [number, number] | null = null;
  let timer: ReturnType<typeof setInterval> | null = null;
  const weight = h('input', { type: 'range', class: 'range', attrs: { min: '0', max: '1', step: '0.05', value: '0', 'aria-label': 'Minimum tie strength' }, data: { testid: 'min-weight' } });
  const weightValue = h('span', { class: 'range-value' }, '0.00');
  const from = h('input', { type: 'range', class: 'range brush', attrs: { min: '0', max: String(STEPS), step: '1', value: '0', 'aria-label': 'From' }, data: { testid: 'time-from' } });
  const to = h('input', { type: 'range', class: 'range brush', attrs: { min: '0', max: String(STEPS), step: '1', value: String(STEPS), 'aria-label': 'To' }, data: { testid: 'time-to' } });
  const timeLabel = h('span', { class: 'range-value wide', data: { testid: 'time-label' } });
  const play = h('button', { class: 'button small-button', data: { testid: 'time-play' }, title: 'Slide the window from the first event to the last' }, '▶ Play');
  const chart = document.createElementNS(SVG, 'svg');
  chart.setAttribute('class', 'time-histogram');
  chart.setAttribute('viewBox', `0 0 ${BINS} 40`);
  chart.setAttribute('preserveAspectRatio', 'none');
  chart.dataset.testid = 'time-histogram';
  const key = h('div', { class: 'time-key' }, ...TIME_EVENT_KINDS.map((k) => h('span', {}, h('i', {}), k)));
  key.querySelectorAll('i').forEach((el, i) => el.setAttribute('data-kind', TIME_EVENT_KINDS[i]!));
  const time = h('div', { class: 'time-bar', hidden: true, data: { testid: 'time-bar' } }, h('div', { class: 'time-head' }, h('span', { class: 'filter-name' }, 'Time'), timeLabel, play), chart, h('div', { class: 'brush-pair' }, from, to), key);

  const at = (step: number): number => (bounds ? bounds[0] + ((bounds[1] - bounds[0]) * step) / STEPS : 0);
  const state = (): FilterBarState => {
    const a = Math.min(Number(from.value), Number(to.value));
    const b = Math.max(Number(from.value), Number(to.value));
    const full = a === 0 && b === STEPS;
    return { minEvidence: Number(weight.value), timeRange: bounds && !full ? [at(a), at(b)] : null };
  };
  const shade = (): void => {
    const a = (Math.min(Number(from.value), Number(to.value)) / STEPS) * BINS;
    const b = (Math.max(Number(from.value), Number(to.value)) / STEPS) * BINS;
    for (const bar of chart.querySelectorAll('rect')) {
      const x = Number(bar.getAttribute('x'));
      bar.classList.toggle('out', x + 1 <= a || x >= b);
    }
  };
  const changed = (): void => {
    weightValue.textContent = Number(weight.value).toFixed(2);
    const s = state();
    timeLabel.textContent = bounds ? `${formatDate(s.timeRange?.[0] ?? bounds[0])} → ${formatDate(s.timeRange?.[1] ?? bounds[1])}` : '';
    shade();
    onChange(s);
  };
  for (const input of [weight, from, to]) input.addEventListener('input', changed);

  const stop = (): void => {
    if (timer !== null) clearInterval(timer);
    timer = null;
    play.textContent = '▶ Play';
    play.dataset.playing = 'false';
  };
  play.addEventListener('click', () => {
    if (timer !== null) return stop();
    // The window keeps its width (a tenth of the span when none was chosen) and slides from the start.
    const width = Math.max(4, Math.abs(Number(to.value) - Number(from.value)) < STEPS ? Math.abs(Number(to.value) - Number(from.value)) : STEPS / 10);
    from.value = '0';
    to.value = String(width);
    changed();
    play.textContent = '❚❚ Pause';
    play.dataset.playing = 'true';
    timer = setInterval(() => {
      const next = Number(to.value) + 2;
      if (next > STEPS) return stop();
      from.value = String(Number(from.value) + 2);
      to.value = String(next);
      changed();
    }, PLAY_MS);
  });

  return {
    element: h(
      'details',
      { class: 'filter-bar overlay-box', attrs: { open: '' }, data: { testid: 'filters' } },
      h('summary', { class: 'legend-title', data: { testid: 'filters-toggle' } }, 'Filters & time'),
      h('div', { class: 'filter-group' }, h('span', { class: 'filter-name', title: 'Tie strength on the 0–1 scale of the why panel' }, 'Ties ≥'), weight, weightValue),
      time,
    ),
    setEvents(events) {
      stop();
      let min = Infinity;
      let max = -Infinity;
      for (const e of events) {
        if (e.at < min) min = e.at;
        if (e.at > max) max = e.at;
      }
      bounds = min <= max ? [min, max] : null;
      time.hidden = bounds === null;
      from.value = '0';
      to.value = String(STEPS);
      chart.replaceChildren();
      if (bounds) {
        const bins = histogram(events, bounds);
        const tallest = Math.max(1, ...bins.map((b) => TIME_EVENT_KINDS.reduce((n, k) => n + b[k], 0)));
        bins.forEach((bin, i) => {
          let y = 40;
          for (const kind of TIME_EVENT_KINDS) {
            if (bin[kind] === 0) continue;
            const height = (bin[kind] / tallest) * 38;
            y -= height;
            const rect = document.createElementNS(SVG, 'rect');
            rect.setAttribute('x', String(i));
            rect.setAttribute('y', String(y));
            rect.setAttribute('width', '0.86');
            rect.setAttribute('height', String(height));
            rect.setAttribute('fill', KIND_COLOURS[kind]);
            rect.dataset.kind = kind;
            rect.dataset.count = String(bin[kind]);
            chart.append(rect);
          }
        });
      }
      timeLabel.textContent = bounds ? `${formatDate(bounds[0])} → ${formatDate(bounds[1])}` : '';
      shade();
    },
    state,
    setState(next) {
      weight.value = String(next.minEvidence);
      weightValue.textContent = next.minEvidence.toFixed(2);
      if (bounds && next.timeRange) {
        const step = (t: number): number => Math.max(0, Math.min(STEPS, Math.round(((t - bounds![0]) / Math.max(1, bounds![1] - bounds![0])) * STEPS)));
        from.value = String(step(next.timeRange[0]));
        to.value = String(step(next.timeRange[1]));
      } else {
        from.value = '0';
        to.value = String(STEPS);
      }
      const s = state();
      timeLabel.textContent = bounds ? `${formatDate(s.timeRange?.[0] ?? bounds[0])} → ${formatDate(s.timeRange?.[1] ?? bounds[1])}` : '';
      shade();
    },
    stop,
  };
}
