/**
 * Entity search: names, ids, phones, emails, ID hashes, account ids and
 * address text through /api/search, as you type (debounced). Picking a result
 * hands the node to the caller, which jumps to it.
 */
import type { ApiClient } from '../remote/client.ts';
import type { GraphNode } from '../../api/http/schemas.ts';
import { NODE_TYPE_SPECS } from '../../engine/model/identifiers.ts';
import { h } from './dom.ts';
import { typeIcon } from './type-icon.ts';

/** What tells two results with one name apart: a seller's or shop's id, and the ring a seller is in. */
function resultDetail(node: GraphNode): string | null {
  const parts: string[] = [];
  // Ids of sellers and shops are not personal data; other keys (phones, accounts, address keys) stay out of the list.
  if ((node.type === 'seller' || node.type === 'shop') && node.key !== node.label) parts.push(node.key);
  const ring = node.attributes.ring;
  if (typeof ring === 'string' && ring !== '') parts.push(`ring ${ring}`);
  return parts.length > 0 ? parts.join(' · ') : null;
}

export function createSearchBox(api: ApiClient, onPick: (node: GraphNode) => void): HTMLElement {
  const input = h('input', { type: 'search', class: 'input search-input', placeholder: 'Search any seller, shop, address, phone…', attrs: { 'aria-label': 'Search entities', autocomplete: 'off' }, data: { testid: 'entity-search' } });
  const results = h('ul', { class: 'search-results', hidden: true, attrs: { role: 'listbox' }, data: { testid: 'search-results' } });
  let timer: ReturnType<typeof setTimeout> | null = null;
  let asked = 0;

  const close = (): void => {
    results.hidden = true;
  };
  const pick = (node: GraphNode): void => {
    close();
    input.value = '';
    onPick(node);
  };
  const show = (items: GraphNode[]): void => {
    results.replaceChildren(
      ...items.map((node) => {
        const detail = resultDetail(node);
        return h(
          'li',
          { class: 'search-result', data: { nodeId: node.id }, attrs: { role: 'option', tabindex: '0' }, on: { mousedown: (e) => (e.preventDefault(), pick(node)), keydown: (e) => e.key === 'Enter' && pick(node) } },
          typeIcon(node.type),
          h('span', { class: 'result-text' }, h('span', { class: 'result-label' }, node.label), detail === null ? null : h('span', { class: 'result-detail' }, detail)),
          h('span', { class: 'result-type' }, NODE_TYPE_SPECS[node.type].singular),
        );
      }),
    );
    if (items.length === 0) results.append(h('li', { class: 'search-empty' }, 'No match'));
    results.hidden = false;
  };
  // A failed search says so (and why), rather than looking like "no match".
  const failed = (error: unknown): void => {
    results.replaceChildren(h('li', { class: 'search-empty search-failed', data: { testid: 'search-failed' } }, `Search failed: ${error instanceof Error ? error.message : String(error)}`));
    results.hidden = false;
  };

  input.addEventListener('input', () => {
    if (timer) clearTimeout(timer);
    const text = input.value.trim();
    if (text.length < 2) return close();
    timer = setTimeout(() => {
      const ticket = ++asked;
      api.search(text).then(
        (items) => ticket === asked && show(items),
        (error: unknown) => ticket === asked && failed(error),
      );
    }, 200);
  });
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') close();
    if (e.key === 'ArrowDown') (results.querySelector('li[tabindex]') as HTMLElement | null)?.focus();
  });
  input.addEventListener('blur', () => setTimeout(close, 150));
  return h('div', { class: 'search-box' }, input, results);
}
