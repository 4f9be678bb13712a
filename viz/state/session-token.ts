/**
 * The bearer token lives in sessionStorage: it survives a reload (deep links
 * work) but not the closing of the tab, and it is never put in the URL.
 */
const KEY = 'ringtrace.token';

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
