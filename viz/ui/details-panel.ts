/**
 * The details panel. For a ring (nothing selected): score breakdown, brands,
 * likely sources, evidence by brand, history. For any node: its attributes as
 * the API returned them (masked for viewers — shown as masked, never
 * guessed). For a member seller: the "why in this ring" list — each
 * identifier, its evidence weight and the other members sharing it. For an
 * address: the shops shipping from it with parcel counts, the shipments (when
 * the store lists them) and the sellers tied to it.
 */
import type { ApiClient } from '../remote/client.ts';
import type { RingDetail, SellerFactsView, Subgraph, WhyItem } from '../../api/http/schemas.ts';
import type { NodeAttributes } from '../graph/attributes.ts';
import { counted } from '../counted.ts';
import { formatScore, h } from './dom.ts';
import { scoreBar } from './ring-list.ts';
import { typeIcon } from './type-icon.ts';
import { nodeOfIdentifier, tieStrength } from '../graph/evidence.ts';
import { IDENTIFIERS, NODE_TYPE_SPECS } from '../../engine/model/identifiers.ts';

export interface DetailsHandlers {
  onSelect(nodeId: string): void;
  onExpand(nodeId: string): void;
  onOpenRing(ringId: string): void;
  /** True when the node is in the graph on screen (links select it). */
  inGraph(nodeId: string): boolean;
  /** The node's name when it is in the graph on screen. */
  labelOf(nodeId: string): string | null;
}

/** Co-members named before "show all". */
const SHARED_SHOWN = 5;

const ADDRESS_ROLES: Record<string, string> = {
  REGISTERED_AT: 'registered here',
  RETURNS_TO: 'returns here',
  WAREHOUSE_AT: 'warehouse',
  PICKUP_AT: 'pickup',
};

/** `variantsCount` is shown in the variants heading ("5 of 124"), beside the preview it counts. */
const HIDDEN_ATTRIBUTES = new Set(['variants', 'variantsCount', 'ringMember', 'registeredAddress']);

/** The subgraph sends a preview of an address's variants with `variantsCount` when there are more: say both. */
function variantsHeading(shown: number, total: unknown): string {
  return typeof total === 'number' && total > shown ? `${shown} of ${total.toLocaleString('en')}` : String(shown);
}

function humanize(name: string): string {
  return name.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/^./, (c) => c.toUpperCase());
}

function isMasked(value: unknown): boolean {
  return typeof value === 'string' && (value.startsWith('masked-') || value === '(masked)');
}

/** Section headings are set in capitals by the stylesheet; ids in them go in `verbatim` so they read as they are written. */
function section(title: string | Array<string | Node>, ...children: Array<Node | null>): HTMLElement {
  return h('section', { class: 'detail-section' }, h('h3', {}, ...(typeof title === 'string' ? [title] : title)), ...children);
}

function verbatim(text: string): HTMLElement {
  return h('span', { class: 'verbatim' }, text);
}

function nodeLink(nodeId: string, text: string, handlers: DetailsHandlers): HTMLElement {
  if (!handlers.inGraph(nodeId)) return h('span', { class: 'plain', title: nodeId }, text);
  return h('button', { class: 'link', title: nodeId, data: { nodeId }, on: { click: () => handlers.onSelect(nodeId) } }, text);
}

function attributeTable(attributes: NodeAttributes['attributes'], handlers: DetailsHandlers): HTMLElement {
  const rows: HTMLElement[] = [];
  for (const [name, value] of Object.entries(attributes)) {
    if (HIDDEN_ATTRIBUTES.has(name) || value === null || value === '' || Array.isArray(value)) continue;
    let cell: Node = document.createTextNode(String(value));
    if (name === 'ring' && typeof value === 'string') cell = h('button', { class: 'link', on: { click: () => handlers.onOpenRing(value) } }, value);
    else if (isMasked(value)) cell = h('span', { class: 'masked', title: 'Masked for your role' }, String(value));
    rows.push(h('tr', {}, h('th', {}, humanize(name)), h('td', {}, cell)));
  }
  return h('table', { class: 'attributes', data: { testid: 'attributes' } }, h('tbody', {}, ...rows));
}

/** "shared with 25 members: A, B, C, D, E · show all": names (ids where the seller is not on screen), a count, the rest one click away. */
function sharedWith(ids: readonly string[], handlers: DetailsHandlers): HTMLElement {
  const box = h('div', { class: 'why-shared', data: { testid: 'shared-with' } });
  const render = (all: boolean): void => {
    const shown = all ? ids : ids.slice(0, SHARED_SHOWN);
    box.replaceChildren(
      h('span', { class: 'shared-count' }, `shared with ${counted(ids.length, 'other member')}:`),
      ...shown.map((id) => nodeLink(`seller:${id}`, handlers.labelOf(`seller:${id}`) ?? id, handlers)),
    );
    if (ids.length > shown.length) box.append(h('button', { class: 'link small', data: { testid: 'shared-all' }, on: { click: () => render(true) } }, `show all ${ids.length}`));
  };
  render(false);
  return box;
}

function whyList(items: WhyItem[], handlers: DetailsHandlers): HTMLElement {
  return h(
    'ol',
    { class: 'why-list', data: { testid: 'why-list' } },
    ...items.map((item) => {
      const nodeId = `${nodeOfIdentifier(item.type)}:${item.value}`;
      const strength = tieStrength(item.weight);
      return h(
        'li',
        { class: 'why-item', data: { identifier: item.type } },
        h(
          'div',
          { class: 'why-head' },
          h('span', { class: 'why-type' }, IDENTIFIERS[item.type].display),
          h('span', { class: 'why-weight', title: `Tie strength on a 0–1 scale (detection weight ${item.weight.toFixed(2)})` }, strength.toFixed(2)),
          scoreBar(strength),
        ),
        h('div', { class: 'why-value' }, nodeLink(nodeId, item.label ?? item.value, handlers), h('span', { class: 'muted small' }, ` · weight ${item.weight.toFixed(2)}`)),
        sharedWith(item.sharedWith, handlers),
      );
    }),
  );
}

/** The member's own record, above its ties: what it did, not only whom it shares things with. */
function ownEvidence(facts: SellerFactsView): HTMLElement {
  const row = (name: string, value: string | number, flag = false): HTMLElement => h('tr', { class: flag ? 'flag' : '' }, h('th', {}, name), h('td', {}, String(value)));
  const churn = facts.shopsTakenDown + facts.shopsClosed;
  const banned = facts.status !== null && /ban|suspend/i.test(facts.status);
  return h(
    'table',
    { class: 'attributes own-evidence', data: { testid: 'own-evidence' } },
    h(
      'tbody',
      {},
      row('Account', facts.status ?? 'unknown', banned),
      row('Counterfeit verdicts', facts.counterfeitReports ? `${facts.counterfeitReports} · ${facts.counterfeitBrands.join(', ')}` : 'none', facts.counterfeitReports > 0),
      row('Takedowns', facts.takedownReports, facts.takedownReports > 0),
      row('Shops', `${facts.shops} · ${facts.shopsTakenDown} taken down · ${facts.shopsClosed} closed`, churn > 0),
      row('Genuine verdicts', facts.genuineReports),
      facts.reportedBrands.length ? row('Reported for', facts.reportedBrands.join(', ')) : null,
    ),
  );
}

function ringSummary(ring: RingDetail, handlers: DetailsHandlers, dossier: HTMLElement | null): HTMLElement {
  const breakdown = Object.entries(ring.scoreBreakdown).sort((a, b) => b[1] - a[1]);
  return h(
    'div',
    { class: 'details', data: { testid: 'ring-summary' } },
    h('header', { class: 'details-header' }, h('div', { class: 'kicker' }, 'Ring'), h('h2', {}, ring.id), h('div', { class: 'score-line' }, h('span', { class: 'big-score' }, formatScore(ring.score)), h('span', { class: `badge status-${ring.change ?? 'new'}` }, ring.change ?? 'new'))),
    h('p', { class: 'muted' }, `${counted(ring.members.length, 'seller')} · ${counted(ring.shops.length, 'shop')} · ${counted(ring.evidence.counterfeitReports, 'counterfeit report')} · ${counted(ring.evidence.takedowns, 'takedown')}`),
    dossier,
    section('Score breakdown', h('ul', { class: 'breakdown' }, ...breakdown.map(([name, value]) => h('li', {}, h('span', {}, humanize(name)), h('span', { class: 'num' }, value.toFixed(3)), scoreBar(value / Math.max(0.001, breakdown[0]?.[1] ?? 1)))))),
    section('Brands', h('div', { class: 'ring-brands' }, ...ring.brands.map((b) => h('span', { class: 'tag' }, b)))),
    section(
      'Likely sources',
      h('ol', { class: 'sources' }, ...ring.likelySources.map((s) => h('li', {}, nodeLink(`address:${s.key}`, s.address, handlers), h('span', { class: 'muted small' }, ` ${counted(s.shipments, 'parcel')} · ${counted(s.sellers, 'seller')}`)))),
    ),
    ring.evidenceByBrand.length
      ? section(
          'Evidence by brand',
          h(
            'table',
            { class: 'attributes' },
            h('tbody', {}, ...ring.evidenceByBrand.map((e) => h('tr', {}, h('th', {}, e.brand), h('td', {}, `${e.counterfeitSellers} of ${e.reportedSellers} reported members with counterfeit verdicts`)))),
          ),
        )
      : null,
    ring.history.length > 1 ? section('History', h('ol', { class: 'history' }, ...ring.history.map((r) => h('li', {}, `${r.startedAt.slice(0, 10)} · ${counted(r.size, 'seller')} · ${formatScore(r.score)} · ${r.change ?? ''}`)))) : null,
  );
}

function addressTies(graph: Subgraph, addressId: string, handlers: DetailsHandlers): HTMLElement {
  const label = new Map(graph.nodes.map((n) => [n.id, n.label]));
  const shipping = graph.edges.filter((e) => e.type === 'SHIPS_FROM' && e.target === addressId).sort((a, b) => (b.weight ?? 0) - (a.weight ?? 0));
  const shipments = graph.nodes.filter((n) => n.type === 'shipment');
  const sellers = graph.edges.filter((e) => e.target === addressId && e.type in ADDRESS_ROLES);
  return h(
    'div',
    { data: { testid: 'address-ties' } },
    section(
      `Shops shipping from here (${counted(shipping.reduce((n, e) => n + (e.weight ?? 0), 0), 'parcel')})`,
      shipping.length ? h('ul', { class: 'ties' }, ...shipping.map((e) => h('li', {}, nodeLink(e.source, label.get(e.source) ?? e.source, handlers), h('span', { class: 'num' }, counted(e.weight ?? 0, 'parcel'))))) : h('p', { class: 'muted' }, 'None recorded.'),
    ),
    shipments.length
      ? section(`Shipments (${shipments.length})`, h('ul', { class: 'ties' }, ...shipments.slice(0, 50).map((n) => h('li', {}, n.label, h('span', { class: 'num' }, String(n.attributes.shippedAt ?? '').slice(0, 10))))))
      : null,
    section(
      'Sellers tied to it',
      sellers.length ? h('ul', { class: 'ties' }, ...sellers.map((e) => h('li', {}, nodeLink(e.source, label.get(e.source) ?? e.source, handlers), h('span', { class: 'muted small' }, ADDRESS_ROLES[e.type] ?? '')))) : h('p', { class: 'muted' }, 'None.'),
    ),
  );
}

export interface DetailsPanel {
  element: HTMLElement;
  showRing(ring: RingDetail, dossier: HTMLElement | null): void;
  showNode(nodeId: string, node: NodeAttributes, ring: RingDetail | null): void;
  showMessage(text: string): void;
}

export function createDetailsPanel(api: ApiClient, handlers: DetailsHandlers): DetailsPanel {
  const element = h('aside', { class: 'details-panel', attrs: { 'aria-label': 'Details' }, data: { testid: 'details' } });
  let showing = '';

  return {
    element,
    showRing(ring, dossier) {
      showing = `ring:${ring.id}`;
      element.replaceChildren(ringSummary(ring, handlers, dossier));
    },
    showMessage(text) {
      showing = '';
      element.replaceChildren(h('div', { class: 'details' }, h('p', { class: 'muted' }, text)));
    },
    showNode(nodeId, node, ring) {
      showing = nodeId;
      const member = node.nodeType === 'seller' ? ring?.members.find((m) => m.sellerId === node.key) : undefined;
      const why = member?.why;
      const facts = member?.facts ?? null;
      const variants = node.attributes.variants;
      const ties = h('div', {});
      const body = h(
        'div',
        { class: 'details', data: { testid: 'node-details', nodeId } },
        h(
          'header',
          { class: 'details-header' },
          h('div', { class: 'kicker' }, typeIcon(node.nodeType, { ringMember: node.ringMember }), ` ${NODE_TYPE_SPECS[node.nodeType].singular}${node.ringMember ? ' · ring member' : ''}`),
          h('h2', {}, node.label),
          h('div', { class: 'muted small mono' }, node.key),
        ),
        h('div', { class: 'actions' }, h('button', { class: 'button', data: { testid: 'expand' }, on: { click: () => handlers.onExpand(nodeId) } }, 'Expand neighbourhood'), h('span', { class: 'muted small' }, 'or double-click the node')),
        facts ? section('Own evidence', ownEvidence(facts)) : null,
        why ? section(['Why in ring ', verbatim(ring?.id ?? '')], h('p', { class: 'muted small scale-note' }, 'Tie strength 0–1 = 1 − e^(−weight): 0.39 for weight 0.5, 0.63 for 1, 0.86 for 2. Edges are drawn on the same scale.'), whyList(why, handlers)) : null,
        node.nodeType === 'seller' && !why && ring ? h('p', { class: 'muted' }, `Not a member of ${ring.id}.`) : null,
        ties,
        section('Attributes', attributeTable(node.attributes, handlers)),
        Array.isArray(variants) && variants.length ? section(`Raw address variants (${variantsHeading(variants.length, node.attributes.variantsCount)})`, h('ul', { class: 'variants' }, ...variants.slice(0, 20).map((v) => h('li', {}, v)))) : null,
      );
      element.replaceChildren(body);
      if (node.nodeType === 'address') {
        ties.append(h('p', { class: 'muted small' }, 'Loading shipments and sellers…'));
        api.neighbourhood(nodeId, { limit: 300, types: ['shop', 'seller', 'shipment'] }).then(
          (graph) => showing === nodeId && ties.replaceChildren(addressTies(graph, nodeId, handlers)),
          () => showing === nodeId && ties.replaceChildren(h('p', { class: 'muted small' }, 'Could not load the shipments.')),
        );
      }
    },
  };
}
