/**
 * The deep link: which screen, which ring, which node is selected and which
 * nodes were expanded (in order), the view mode, and the filters and style
 * (hidden node types, minimum tie strength, time window, colour and size
 * rules, the ring list's tier), kept in the query string of `/` so a reload
 * or a shared link restores the same view. Node ids are `type:key` and may
 * hold any printable character; URLSearchParams does the escaping, and the
 * expansion list uses a separator ids cannot contain (a newline). Values the
 * page does not know are dropped, never trusted.
 */
import type { NodeType } from '../../engine/index.ts';
import { NODE_TYPES } from '../../engine/model/graph.ts';
import { COLOR_BY, SIZE_BY, type StyleRules } from '../graph/style-metrics.ts';

export type Tier = 'ring' | 'linked' | 'all';

export interface ViewLink {
  screen: 'ring' | 'overview' | 'home' | 'alerts' | 'cases';
  ring: string | null;
  selected: string | null;
  expanded: string[];
  /** The ring's view: the evidence view (default) or every node. */
  mode?: 'evidence' | 'full';
  /** Node types switched off in the legend. */
  hiddenTypes?: NodeType[];
  /** Minimum tie strength, 0–1. */
  minEvidence?: number;
  /** Time window, epoch ms. */
  timeRange?: [number, number] | null;
  style?: StyleRules;
  /** The ring list's (and overview's) tier filter; absent: rings only, pairs and zero-score groups hidden. */
  tier?: Tier;
}

export const HOME: ViewLink = { screen: 'home', ring: null, selected: null, expanded: [] };

const SEPARATOR = '\n';
const TIERS: readonly Tier[] = ['ring', 'linked', 'all'];

function parseExtras(params: URLSearchParams): Partial<ViewLink> {
  const out: Partial<ViewLink> = {};
  const tier = params.get('tier');
  if (tier && (TIERS as readonly string[]).includes(tier) && tier !== 'ring') out.tier = tier as Tier;
  return out;
}

export function parseViewLink(search: string): ViewLink {
  const params = new URLSearchParams(search);
  const ring = params.get('ring');
  const view = params.get('view');
  if (view === 'overview' || view === 'alerts' || view === 'cases') return { ...HOME, screen: view, ...parseExtras(params) };
  if (!ring) return { ...HOME, ...parseExtras(params) };
  const expanded = (params.get('exp') ?? '').split(SEPARATOR).filter((id) => id.includes(':'));
  const selected = params.get('sel');
  const link: ViewLink = { screen: 'ring', ring, selected: selected && selected.includes(':') ? selected : null, expanded, mode: params.get('mode') === 'full' ? 'full' : 'evidence', ...parseExtras(params) };
  const hide = (params.get('hide') ?? '').split(',').filter((t): t is NodeType => (NODE_TYPES as readonly string[]).includes(t));
  if (hide.length) link.hiddenTypes = [...new Set(hide)];
  const ties = Number(params.get('ties'));
  if (params.has('ties') && Number.isFinite(ties) && ties > 0 && ties <= 1) link.minEvidence = ties;
  const time = /^(-?\d{1,15})~(-?\d{1,15})$/.exec(params.get('time') ?? '');
  if (time) {
    const [a, b] = [Number(time[1]), Number(time[2])];
    if (a <= b) link.timeRange = [a, b];
  }
  const color = params.get('color');
  const size = params.get('size');
  if ((color && (COLOR_BY as readonly string[]).includes(color)) || (size && (SIZE_BY as readonly string[]).includes(size))) {
    link.style = {
      color: color && (COLOR_BY as readonly string[]).includes(color) ? (color as StyleRules['color']) : 'type',
      size: size && (SIZE_BY as readonly string[]).includes(size) ? (size as StyleRules['size']) : 'type',
    };
  }
  return link;
}

export function formatViewLink(link: ViewLink): string {
  const params = new URLSearchParams();
  if (link.screen === 'overview' || link.screen === 'alerts' || link.screen === 'cases') params.set('view', link.screen);
  if (link.screen === 'ring' && link.ring) {
    params.set('ring', link.ring);
    if (link.selected) params.set('sel', link.selected);
    if (link.expanded.length > 0) params.set('exp', link.expanded.join(SEPARATOR));
    if (link.mode === 'full') params.set('mode', 'full');
    if (link.hiddenTypes?.length) params.set('hide', [...link.hiddenTypes].sort().join(','));
    if (link.minEvidence) params.set('ties', String(Math.round(link.minEvidence * 100) / 100));
    if (link.timeRange) params.set('time', `${Math.round(link.timeRange[0])}~${Math.round(link.timeRange[1])}`);
    if (link.style && link.style.color !== 'type') params.set('color', link.style.color);
    if (link.style && link.style.size !== 'type') params.set('size', link.style.size);
  }
  if (link.tier && link.tier !== 'ring') params.set('tier', link.tier);
  const text = params.toString();
  return text ? `?${text}` : '';
}
