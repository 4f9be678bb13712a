/**
 * The bearer token lives in sessionStorage: it survives a reload (deep links
 * work) but not the closing of the tab, and it is never kept in the URL. The
 * login link `ringtrace start` prints carries a one-time code instead
 * (`/#login=…`, a fragment, so it never reaches a server log): it is taken out
 * of the address bar at once and exchanged for a browser token.
 */
const KEY = 'ringtrace.token';

/** The one-time login code of the link this page was opened with, removed from the address bar. */
export function takeLoginCode(): string | null {
  const code = new URLSearchParams(location.hash.slice(1)).get('login');
  if (code) history.replaceState(null, '', `${location.pathname}${location.search}`);
  return code;
}

export function readToken(): string | null {
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
