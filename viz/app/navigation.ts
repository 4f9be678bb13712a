/**
 * Navigation and URL state. The deep link in the query string is the source
 * of truth for screen, ring, selection and expansions: `navigate` writes the
 * link first and then applies it, `sync` records what the open view shows now
 * (selection, expansions) without a history entry, and back/forward re-apply
 * the link in the URL.
 */
import { formatViewLink, parseViewLink, HOME, type ViewLink } from '../state/view-link.ts';

export const OVERVIEW: ViewLink = { ...HOME, screen: 'overview' };

export function ringLink(ringId: string, selected: string | null = null): ViewLink {
  return { screen: 'ring', ring: ringId, selected, expanded: [] };
}

export interface NavigationOptions {
  /** The link of what is on screen now. */
  current(): ViewLink;
  /** Opens the view a link names. */
  apply(link: ViewLink): void;
}

export interface Navigation {
  /** Writes the link to the URL (a new history entry when `push`), then applies it. */
  navigate(link: ViewLink, push: boolean): void;
  /** The link of what is on screen now. */
  current(): ViewLink;
  /** Replaces the URL with the current view's link (no new history entry; nothing when unchanged). */
  sync(): void;
  /** Applies the link in the URL on every back/forward, and now unless `applyNow` is false (a shared view in the fragment opens instead). */
  start(applyNow?: boolean): void;
  stop(): void;
}

function writeLink(link: ViewLink, push: boolean): void {
  const url = `${location.pathname}${formatViewLink(link)}`;
  if (push) history.pushState(null, '', url);
  else history.replaceState(null, '', url);
}

export function createNavigation(options: NavigationOptions): Navigation {
  const onPopState = (): void => options.apply(parseViewLink(location.search));
  return {
    current: () => options.current(),
    navigate(link, push) {
      writeLink(link, push);
      options.apply(link);
    },
    sync() {
      const link = options.current();
      if (formatViewLink(link) === location.search) return;
      writeLink(link, false);
    },
    start(applyNow = true) {
      window.addEventListener('popstate', onPopState);
      if (applyNow) onPopState();
    },
    stop() {
      window.removeEventListener('popstate', onPopState);
    },
  };
}
