/**
 * Entry point of the explorer: sign in with the token kept in this tab (or
 * show the login screen), learn what the server offers, start the explorer.
 * Signing out forgets the token and tears the explorer down completely.
 */
import { createApiClient, exchangeLoginCode, type ApiClient } from './remote/client.ts';
import type { Me } from '../api/http/schemas.ts';
import { startExplorer } from './app/explorer.ts';
import { exposeTestState } from './app/test-hooks.ts';
import { forgetToken, readToken, saveToken, takeLoginCode } from './state/session-token.ts';
import { renderLogin } from './ui/login-screen.ts';

const root = document.getElementById('app')!;
let stop: (() => void) | null = null;

function showLogin(notice?: string): void {
  stop?.();
  stop = null;
  forgetToken();
  exposeTestState({ screen: 'login', ringId: null, nodeIds: [], selected: null, expanded: [], layoutRunning: false, layoutStatus: 'idle', revision: 0, visibleNodeIds: [], nodePosition: () => null, nodeUnder: () => null, nodeDisplay: () => null, drawnLabels: [], viewMode: null, layoutIterations: 0, camera: null, multi: [], pinned: [], hiddenByHand: [], groups: [], style: null, graphPosition: () => null, liveConnected: false });
  renderLogin(root, (api, me, token) => {
    saveToken(token);
    void start(api, me);
  }, notice);
}

async function start(api: ApiClient, me: Me): Promise<void> {
  const capabilities = await api.capabilities().catch(() => ({ dossier: false, overview: false, casework: false, events: false }));
  stop = startExplorer(root, { api, me, capabilities, onSignOut: (reason) => showLogin(reason) });
}

function resume(token: string): void {
  const api = createApiClient(token);
  api.me().then(
    (me) => start(api, me),
    () => showLogin('Your saved token was not accepted. Sign in again.'),
  );
}

const code = takeLoginCode();
if (code) {
  exchangeLoginCode(code).then(
    (token) => {
      saveToken(token);
      resume(token);
    },
    (error: unknown) => showLogin(error instanceof Error ? error.message : 'The login link was not accepted.'),
  );
} else {
  const token = readToken();
  if (token) resume(token);
  else showLogin();
}
