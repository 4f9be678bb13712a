/**
 * The styling rules an investigator picks in the Style control: colour by
 * seller/shop status or by brand evidence (each seller in the colour of the
 * brand it has most counterfeit verdicts for), size by parcels shipped or by
 * degree. Pure functions of the node, the chosen rules and the metrics
 * computed once per graph change; the reducers call them, the legend lists
 * the same key (`colorKey`, `sizeKey`), so picture and key cannot differ.
 */
import type { NodeAttributes } from '../graph/attributes.ts';
import type { StyleMetrics, StyleRules } from '../graph/style-metrics.ts';

/** Status colours: green for fine, amber for a warning state, red for enforcement. */
export const STATUS_COLORS: Readonly<Record<string, string>> = {
  active: '#5fcf8a',
  open: '#5fcf8a',
  suspended: '#f5b041',
  closed: '#9aa7b5',
  banned: '#ff5a4e',
  taken_down: '#ff5a4e',
};
export const STATUS_LABELS: Readonly<Record<string, string>> = {
  active: 'Active seller',
  suspended: 'Suspended seller',
  banned: 'Banned seller',
  open: 'Open shop',
  closed: 'Closed shop',
  taken_down: 'Taken-down shop',
};
/** Nodes the active colour rule says nothing about. */
export const NEUTRAL = '#3d4654';
const UNKNOWN_STATUS = '#7d8896';

/** Categorical palette for brands (distinct under common colour-vision deficiencies as far as eight hues go); further brands share the last. */
export const BRAND_PALETTE = ['#4e9bff', '#ff8a3d', '#b77cff', '#3fd0c9', '#ff5fa2', '#e3d45c', '#8fd16a', '#c9a27e'] as const;
export const OTHER_BRAND = '#9aa7b5';

export function brandColor(metrics: StyleMetrics, brand: string): string {
  const i = metrics.brands.indexOf(brand);
  return i >= 0 && i < BRAND_PALETTE.length ? BRAND_PALETTE[i]! : OTHER_BRAND;
}

/** The colour a rule gives the node, or null when the rule is `type` (the node keeps its type colour). */
export function ruleColor(node: string, a: NodeAttributes, rules: StyleRules, metrics: StyleMetrics): string | null {
  if (rules.color === 'status') {
    if (a.nodeType !== 'seller' && a.nodeType !== 'shop') return NEUTRAL;
    const status = metrics.statusOf.get(node);
    return status ? (STATUS_COLORS[status] ?? UNKNOWN_STATUS) : UNKNOWN_STATUS;
  }
  if (rules.color === 'brand') {
    if (a.nodeType === 'brand') return brandColor(metrics, a.key);
    const top = metrics.brandOf.get(node);
    return top ? brandColor(metrics, top.brand) : NEUTRAL;
  }
  return null;
}

/** Radius a rule gives the node, or null for `type` (size by type and membership). 3 px for nothing, up to 20 px for the most. */
export function ruleSize(node: string, rules: StyleRules, metrics: StyleMetrics): number | null {
  if (rules.size === 'parcels') {
    const n = metrics.parcels.get(node) ?? 0;
    return n === 0 || metrics.maxParcels === 0 ? 3 : 4 + 16 * Math.sqrt(n / metrics.maxParcels);
  }
  if (rules.size === 'degree') {
    const n = metrics.degree.get(node) ?? 0;
    return metrics.maxDegree === 0 ? 3 : 3 + 17 * Math.sqrt(n / metrics.maxDegree);
  }
  return null;
}

export interface KeyEntry {
  color: string;
  label: string;
  count: number;
}

/** The legend's colour key for the active rule over the visible nodes (empty for `type`: the type rows are the key). */
export function colorKey(rules: StyleRules, metrics: StyleMetrics, visible: Iterable<[string, NodeAttributes]>): KeyEntry[] {
  if (rules.color === 'type') return [];
  const counts = new Map<string, KeyEntry>();
  const bump = (label: string, color: string): void => {
    const e = counts.get(label);
    if (e) e.count++;
    else counts.set(label, { label, color, count: 1 });
  };
  for (const [node, a] of visible) {
    if (rules.color === 'status') {
      if (a.nodeType !== 'seller' && a.nodeType !== 'shop') continue;
      const status = metrics.statusOf.get(node);
      bump(status ? (STATUS_LABELS[status] ?? status) : `${a.nodeType === 'seller' ? 'Seller' : 'Shop'}, status unknown`, status ? (STATUS_COLORS[status] ?? UNKNOWN_STATUS) : UNKNOWN_STATUS);
    } else if (a.nodeType === 'seller') {
      const top = metrics.brandOf.get(node);
      if (!top) bump('No counterfeit verdict', NEUTRAL);
      else {
        const i = metrics.brands.indexOf(top.brand);
        bump(i >= 0 && i < BRAND_PALETTE.length ? top.brand : 'Other brands', brandColor(metrics, top.brand));
      }
    }
  }
  return [...counts.values()].sort((x, y) => y.count - x.count || x.label.localeCompare(y.label));
}

/** One line saying what node size means under the active rule. */
export function sizeKey(rules: StyleRules, metrics: StyleMetrics): string {
  if (rules.size === 'parcels') return metrics.maxParcels > 0 ? `Size = parcels shipped (largest ${metrics.maxParcels.toLocaleString('en')})` : 'Size = parcels shipped (none on screen)';
  if (rules.size === 'degree') return `Size = links (most ${metrics.maxDegree.toLocaleString('en')})`;
  return 'Size = node type; ring members larger';
}
