/**
 * The deep link: which screen, which ring, which node is selected and which
 * nodes were expanded (in order), kept in the query string of `/` so a reload
 * or a shared link restores the same view. Node ids are `type:key` and may
 * hold any printable character; URLSearchParams does the escaping, and the
 * expansion list uses a separator ids cannot contain (a newline).
 */
export interface ViewLink {
  screen: 'ring' | 'overview' | 'home';
  ring: string | null;
  selected: string | null;
  expanded: string[];
  /** The ring's view: the evidence view (default) or every node. */
  mode?: 'evidence' | 'full';
}

export const HOME: ViewLink = { screen: 'home', ring: null, selected: null, expanded: [] };

const SEPARATOR = '\n';

export function parseViewLink(search: string): ViewLink {
  const params = new URLSearchParams(search);
  const ring = params.get('ring');
  if (params.get('view') === 'overview') return { ...HOME, screen: 'overview' };
  if (!ring) return HOME;
  const expanded = (params.get('exp') ?? '').split(SEPARATOR).filter((id) => id.includes(':'));
  const selected = params.get('sel');
  return { screen: 'ring', ring, selected: selected && selected.includes(':') ? selected : null, expanded, mode: params.get('mode') === 'full' ? 'full' : 'evidence' };
}

export function formatViewLink(link: ViewLink): string {
  const params = new URLSearchParams();
  if (link.screen === 'overview') params.set('view', 'overview');
  if (link.screen === 'ring' && link.ring) {
    params.set('ring', link.ring);
    if (link.selected) params.set('sel', link.selected);
    if (link.expanded.length > 0) params.set('exp', link.expanded.join(SEPARATOR));
    if (link.mode === 'full') params.set('mode', 'full');
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}
