/**
 * A tiny element builder: the explorer's panels are plain DOM (no framework
 * to ship or learn). Text always goes in as text nodes, never as HTML, so
 * entity names from marketplace exports cannot inject markup.
 */
type Child = Node | string | number | null | undefined | false;

export interface Props {
  class?: string;
  title?: string;
  type?: string;
  value?: string;
  placeholder?: string;
  disabled?: boolean;
  hidden?: boolean;
  /** data-* attributes (e2e tests select by them). */
  data?: Record<string, string>;
  attrs?: Record<string, string>;
  on?: Partial<{ [K in keyof HTMLElementEventMap]: (event: HTMLElementEventMap[K]) => void }>;
}

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (props.class) el.className = props.class;
  if (props.title) el.title = props.title;
  if (props.hidden) el.hidden = true;
  if (props.type) el.setAttribute('type', props.type);
  if (props.placeholder) el.setAttribute('placeholder', props.placeholder);
  if (props.value !== undefined && 'value' in el) (el as HTMLInputElement).value = props.value;
  if (props.disabled && 'disabled' in el) (el as HTMLButtonElement).disabled = true;
  for (const [k, v] of Object.entries(props.data ?? {})) el.dataset[k] = v;
  for (const [k, v] of Object.entries(props.attrs ?? {})) el.setAttribute(k, v);
  for (const [event, handler] of Object.entries(props.on ?? {})) el.addEventListener(event, handler as EventListener);
  append(el, ...children);
  return el;
}

export function append(el: Element, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    el.append(typeof child === 'object' ? child : String(child));
  }
}

export function clear(el: Element): void {
  el.replaceChildren();
}

export function formatScore(score: number): string {
  return score.toFixed(2);
}

export function formatDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** A short-lived message at the bottom of the screen. */
export function toast(message: string, kind: 'info' | 'error' = 'info'): void {
  // One stack at the bottom, newest last, so messages shown together do not cover each other.
  let stack = document.querySelector<HTMLElement>('.toast-stack');
  if (!stack) {
    stack = h('div', { class: 'toast-stack' });
    document.body.append(stack);
  }
  const el = h('div', { class: `toast toast-${kind}`, attrs: { role: 'status' } }, message);
  stack.append(el);
  setTimeout(() => el.remove(), 4_000);
}
