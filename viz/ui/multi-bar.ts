/**
 * The bar that appears over the graph while several nodes are selected
 * (shift-click, shift-drag a box): how many, and what to do with all of
 * them at once — expand every one, hide them, pin or unpin them where they
 * stand, group them into one collapsible group node, or clear the
 * selection. Plus, while nodes are hidden by hand, a way to show them again.
 */
import { h } from './dom.ts';

export interface MultiBarHandlers {
  expandAll(): void;
  hide(): void;
  pin(): void;
  unpin(): void;
  group(): void;
  clear(): void;
  showHidden(): void;
}

export interface MultiBar {
  element: HTMLElement;
  update(selected: number, hiddenByHand: number, pinnedInSelection: number): void;
}

export function createMultiBar(handlers: MultiBarHandlers): MultiBar {
  const count = h('span', { class: 'multi-count', data: { testid: 'multi-count' } });
  const button = (label: string, testid: string, on: () => void, title: string) => h('button', { class: 'button small-button', title, data: { testid }, on: { click: on } }, label);
  const unpin = button('Unpin', 'multi-unpin', handlers.unpin, 'Let the layout move them again');
  const group = button('Group', 'multi-group', handlers.group, 'Fold them into one group node (click it to expand)');
  const actions = h(
    'span',
    { class: 'multi-actions' },
    button('Expand all', 'multi-expand', handlers.expandAll, 'Bring in the neighbourhood of every selected node'),
    button('Hide', 'multi-hide', handlers.hide, 'Hide the selected nodes'),
    button('Pin', 'multi-pin', handlers.pin, 'Keep them where they are while the layout runs'),
    unpin,
    group,
    button('Clear', 'multi-clear', handlers.clear, 'Clear the selection (Esc)'),
  );
  const showHidden = h('button', { class: 'button small-button', data: { testid: 'show-hidden' }, on: { click: handlers.showHidden } });
  const element = h('div', { class: 'multi-bar overlay-box', hidden: true, data: { testid: 'multi-bar' } }, count, actions, showHidden);
  return {
    element,
    update(selected, hiddenByHand, pinnedInSelection) {
      element.hidden = selected === 0 && hiddenByHand === 0;
      count.textContent = selected ? `${selected} selected` : '';
      actions.hidden = selected === 0;
      unpin.hidden = pinnedInSelection === 0;
      group.disabled = selected < 2;
      showHidden.hidden = hiddenByHand === 0;
      showHidden.textContent = `Show ${hiddenByHand} hidden`;
    },
  };
}
