/**
 * The bearer token lives in sessionStorage: it survives a reload (deep links
 * work) but not the closing of the tab, and it is never kept in the URL. The
 * one exception is the login link `ringtrace start` prints
 * (`/#token=…`): the fragment never reaches the server, and it is taken into
 * sessionStorage and removed from the address bar on load.
 */
const KEY = 'ringtrace.token';

export function readToken(): string | null {
  const fromLink = new URLSearchParams(location.hash.slice(1)).get('token');
  if (fromLink) {
    saveToken(fromLink);
    history.replaceState(null, '', `${location.pathname}${location.search}`);
  }
  try {
    return sessionStorage.getItem(KEY);
  } catch {
    return null;
  }
}

export function saveToken(token: string): void {
  sessionStorage.setItem(KEY, token);
}

export function forgetToken(): void {
  sessionStorage.removeItem(KEY);
}
