/**
 * The sign-in screen: paste a bearer token (from `ringtrace serve`'s console
 * line or an admin's `ringtrace tokens create`); it is checked against
 * /api/me before the explorer opens, and kept in sessionStorage only.
 */
import { ApiError, createApiClient, type ApiClient } from '../remote/client.ts';
import type { Me } from '../../api/http/schemas.ts';
import { h } from './dom.ts';

export function renderLogin(root: HTMLElement, onSignedIn: (api: ApiClient, me: Me, token: string) => void, notice?: string): void {
  const input = h('input', {
    type: 'password',
    class: 'login-token',
    placeholder: 'rt_…',
    attrs: { autocomplete: 'off', spellcheck: 'false', 'aria-label': 'API token', name: 'token' },
  });
  const error = h('p', { class: 'login-error', attrs: { role: 'alert' } }, notice ?? '');
  const button = h('button', { class: 'button primary', type: 'submit' }, 'Sign in');
  const form = h(
    'form',
    {
      class: 'login-card',
      on: {
        submit: (event) => {
          event.preventDefault();
          const token = input.value.trim();
          if (!token) return;
          button.disabled = true;
          error.textContent = '';
          const api = createApiClient(token);
          api.me().then(
            (me) => onSignedIn(api, me, token),
            (cause: unknown) => {
              button.disabled = false;
              error.textContent = cause instanceof ApiError && cause.status === 401 ? 'This token is unknown or revoked.' : `Could not sign in: ${String(cause instanceof Error ? cause.message : cause)}`;
            },
          );
        },
      },
    },
    h('div', { class: 'login-brand' }, h('span', { class: 'logo-mark' }), 'ringtrace'),
    h('h1', {}, 'Counterfeit-ring explorer'),
    h('p', { class: 'muted' }, 'Paste your API token. It stays in this browser tab only and is sent to this server alone.'),
    h('label', { class: 'field-label' }, 'API token', input),
    button,
    error,
    h('p', { class: 'muted small' }, 'No token? ', h('code', {}, 'npm start'), ' prints an admin login; ', h('code', {}, 'ringtrace tokens create --role investigator'), ' makes more.'),
  );
  root.replaceChildren(h('main', { class: 'login' }, form));
  input.focus();
}
