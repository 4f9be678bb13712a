/**
 * The dossier's evidence as tables: members, their ties, shops, shared
 * identifiers, shipments by source, parcels, reports, payment accounts and a
 * timeline. Each table documents its columns; the same tables become the
 * CSV and JSON files of the package and the PDF's sections, so the picture,
 * the text and the machine-readable evidence cannot disagree.
 */
import { IDENTIFIERS } from '../model/identifiers.ts';
import { nodeId, type GraphNode } from '../model/graph.ts';
import { compareCodePoints } from '../store/code-point-order.ts';
import type { DossierData } from './dossier-data.ts';
import { nodesOfType } from './dossier-data.ts';

export type Cell = string | number | boolean | null;

export interface Column {
  name: string;
  description: string;
}

export interface Table {
  /** File stem: `evidence/<name>.csv` and `.json`. */
  name: string;
  title: string;
  columns: Column[];
  rows: Array<Record<string, Cell>>;
}

export interface EvidenceTables {
  members: Table;
  memberTies: Table;
  shops: Table;
  identifiers: Table;
  sources: Table;
  shipments: Table;
  reports: Table;
  paymentAccounts: Table;
  timeline: Table;
}

function col(name: string, description: string): Column {
  return { name, description };
}

function str(value: unknown): string | null {
  return value === null || value === undefined ? null : String(value);
}

function num(value: unknown): number | null {
  return typeof value === 'number' ? value : value === null || value === undefined || value === '' ? null : Number(value);
}

/** Counts as `value×n; …`, most frequent first, then by value. */
function tally(values: Array<string | null>): string {
  const counts = new Map<string, number>();
  for (const v of values) if (v !== null && v !== '') counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || compareCodePoints(a[0], b[0]))
    .map(([v, n]) => `${v}×${n}`)
    .join('; ');
}

function minMax(values: Array<string | null>): [string | null, string | null] {
  let lo: string | null = null;
  let hi: string | null = null;
  for (const v of values) {
    if (v === null || v === '') continue;
    if (lo === null || v < lo) lo = v;
    if (hi === null || v > hi) hi = v;
  }
  return [lo, hi];
}

function byKey(nodes: GraphNode[]): GraphNode[] {
  return [...nodes].sort((a, b) => compareCodePoints(a.key, b.key));
}

export function buildEvidenceTables(data: DossierData): EvidenceTables {
  const { ring } = data;
  const members = [...ring.members].sort(compareCodePoints);
  const memberSet = new Set(members);
  const shopNodes = byKey(nodesOfType(data, 'shop').filter((n) => ring.shops.includes(n.key)));
  const sellerOfShop = new Map<string, string>(shopNodes.map((s) => [s.key, String(s.attributes['sellerId'] ?? '')]));
  const shopsOfSeller = new Map<string, number>();
  for (const seller of sellerOfShop.values()) shopsOfSeller.set(seller, (shopsOfSeller.get(seller) ?? 0) + 1);

  const memberRows = members.map((id) => {
    const node = data.nodes.get(nodeId('seller', id));
    const why = ring.why?.[id] ?? [];
    return {
      seller_id: id,
      name: str(node?.attributes['name']),
      status: str(node?.attributes['status']),
      registered_at: str(node?.attributes['registeredAt']),
      shops: shopsOfSeller.get(id) ?? 0,
      ties: why.length,
      tie_weight: Number(why.reduce((sum, w) => sum + w.weight, 0).toFixed(4)),
      strongest_tie: why[0] ? IDENTIFIERS[why[0].type].display : null,
    };
  });

  const tieRows = members.flatMap((id) =>
    (ring.why?.[id] ?? []).map((w) => ({
      seller_id: id,
      identifier_type: w.type,
      identifier: w.value,
      label: w.label ?? null,
      weight: w.weight,
      shared_with: [...w.sharedWith].sort(compareCodePoints).join(' '),
    })),
  );

  const shopRows = shopNodes.map((s) => ({
    shop_id: s.key,
    seller_id: str(s.attributes['sellerId']),
    name: str(s.attributes['name']),
    url: str(s.attributes['url']),
    status: str(s.attributes['status']),
    opened_at: str(s.attributes['openedAt']),
    closed_at: str(s.attributes['closedAt']),
    shipments: num(s.attributes['shipments']),
    reports: num(s.attributes['reports']),
  }));

  const identifierRows = ring.sharedIdentifiers.map((s) => ({
    identifier_type: s.type,
    identifier: s.value,
    label: s.label ?? null,
    members: s.sellers,
    base_weight: IDENTIFIERS[s.type].weight,
  }));

  const text = (key: string | null): string | null => (key === null ? null : (data.addressTexts.get(key) ?? key));
  const byOrigin = new Map<string, typeof data.shipments>();
  for (const s of data.shipments) {
    const key = s.originKey ?? '';
    let list = byOrigin.get(key);
    if (!list) byOrigin.set(key, (list = []));
    list.push(s);
  }
  const likelyRank = new Map(ring.likelySources.map((l, i) => [l.key, i]));
  // Every likely source has its row, also one no parcel left from (a return or registered address members share),
  // so row n is the picture's "source #n"; without it the next origin took its rank.
  const likelyText = new Map(ring.likelySources.map((l) => [l.key, l.address]));
  const origins = [...new Set([...ring.likelySources.map((l) => l.key), ...byOrigin.keys()])].sort((a, b) => {
    const ra = likelyRank.get(a) ?? Infinity;
    const rb = likelyRank.get(b) ?? Infinity;
    if (ra !== rb) return ra - rb;
    return (byOrigin.get(b)?.length ?? 0) - (byOrigin.get(a)?.length ?? 0) || compareCodePoints(a, b);
  });
  const sourceRows = origins.map((key, i) => {
    const parcels = byOrigin.get(key) ?? [];
    const [first, last] = minMax(parcels.map((p) => p.shippedAt));
    const sellers = new Set(parcels.map((p) => sellerOfShop.get(p.shopId)).filter((x): x is string => x !== undefined && memberSet.has(x)));
    return {
      rank: i + 1,
      origin_key: key === '' ? null : key,
      origin_address: key === '' ? '(no origin given)' : (data.addressTexts.get(key) ?? likelyText.get(key) ?? key),
      likely_source: likelyRank.has(key),
      parcels: parcels.length,
      members: sellers.size,
      shops: new Set(parcels.map((p) => p.shopId)).size,
      first_shipped: first,
      last_shipped: last,
      carriers: tally(parcels.map((p) => p.carrier)),
      declared_items: tally(parcels.map((p) => p.declaredItem)),
    };
  });

  const shipmentRows = data.shipments.map((p) => ({
    shipment_id: p.shipmentId,
    shop_id: p.shopId,
    seller_id: sellerOfShop.get(p.shopId) ?? null,
    origin_key: p.originKey,
    origin_address: text(p.originKey),
    destination_address: text(p.destinationKey),
    carrier: p.carrier,
    tracking_no: p.trackingNo,
    shipped_at: p.shippedAt,
    weight_kg: p.weightKg,
    declared_item: p.declaredItem,
  }));

  const shopIds = new Set(ring.shops);
  const reportRows = nodesOfType(data, 'report')
    .filter((r) => shopIds.has(String(r.attributes['shopId'] ?? '')))
    .map((r) => ({
      report_id: r.key,
      shop_id: str(r.attributes['shopId']),
      seller_id: sellerOfShop.get(String(r.attributes['shopId'])) ?? null,
      brand: str(r.attributes['brand']),
      kind: str(r.attributes['kind']),
      verdict: str(r.attributes['verdict']),
      reported_at: str(r.attributes['reportedAt']),
    }))
    .sort((a, b) => compareCodePoints(a.reported_at ?? '', b.reported_at ?? '') || compareCodePoints(a.report_id, b.report_id));

  const accountMembers = new Map<string, string[]>();
  for (const e of data.graph.edges) {
    if (e.type !== 'PAID_INTO') continue;
    const seller = e.source.slice('seller:'.length);
    if (!memberSet.has(seller)) continue;
    const list = accountMembers.get(e.target) ?? [];
    list.push(seller);
    accountMembers.set(e.target, list);
  }
  // An account several members pay into but detection left out (a hub: a marketplace escrow that hundreds of
  // sellers use) is no tie; it is listed after the ties and says so, rather than heading the table as if shared.
  const evidenceAccounts = new Set(ring.sharedIdentifiers.filter((s) => s.type === 'payment_account').map((s) => s.value));
  const accountRows = byKey(nodesOfType(data, 'payment_account'))
    .filter((a) => accountMembers.has(a.id))
    .map((a) => {
      const ids = accountMembers.get(a.id)!.sort(compareCodePoints);
      return {
        account_id: a.key,
        kind: str(a.attributes['kind']),
        holder_name: str(a.attributes['holderName']),
        members: ids.length,
        member_ids: ids.join(' '),
        counted_as_evidence: evidenceAccounts.has(a.key),
      };
    })
    .sort((a, b) => Number(b.counted_as_evidence) - Number(a.counted_as_evidence) || b.members - a.members || compareCodePoints(a.account_id, b.account_id));

  const timelineRows = timeline(shopRows, reportRows, shipmentRows);

  return {
    members: {
      name: 'members',
      title: 'Members',
      columns: [
        col('seller_id', 'Seller account id as exported by the marketplace'),
        col('name', 'Seller display name'),
        col('status', 'Account status at the last ingest (e.g. active, suspended, banned)'),
        col('registered_at', 'Registration date'),
        col('shops', 'Shops this seller operates in the ring'),
        col('ties', 'Identifiers tying the seller to other members (rows in member_ties)'),
        col('tie_weight', 'Sum of the evidence weights of those ties'),
        col('strongest_tie', 'Kind of the strongest tie'),
      ],
      rows: memberRows,
    },
    memberTies: {
      name: 'member_ties',
      title: 'Why each member is in the ring',
      columns: [
        col('seller_id', 'The member'),
        col('identifier_type', 'Kind of identifier (id_document, payment_account, device, warehouse_address, shipment_origin, email, return_address, registered_address, phone, pickup_address)'),
        col('identifier', 'The identifier: account id, phone, email, ID hash, device id or canonical address key (masked when the recipient may not see it)'),
        col('label', 'Readable form (canonical address text) where it differs'),
        col('weight', 'Evidence weight this identifier adds to the member\'s ties (base weight × rarity)'),
        col('shared_with', 'Other members holding the same identifier, space-separated'),
      ],
      rows: tieRows,
    },
    shops: {
      name: 'shops',
      title: 'Shops',
      columns: [
        col('shop_id', 'Storefront id'),
        col('seller_id', 'Operating seller'),
        col('name', 'Shop name'),
        col('url', 'Shop URL'),
        col('status', 'Status at the last ingest (active, closed, taken_down)'),
        col('opened_at', 'Opening date'),
        col('closed_at', 'Closing or takedown date'),
        col('shipments', 'Parcels shipped by the shop'),
        col('reports', 'Brand or platform reports about the shop'),
      ],
      rows: shopRows,
    },
    identifiers: {
      name: 'identifiers',
      title: 'Shared identifiers',
      columns: [
        col('identifier_type', 'Kind of identifier'),
        col('identifier', 'The identifier (masked when the recipient may not see it)'),
        col('label', 'Readable form where it differs'),
        col('members', 'Ring members holding it'),
        col('base_weight', 'Documented base evidence weight of this kind'),
      ],
      rows: identifierRows,
    },
    sources: {
      name: 'shipments_by_source',
      title: 'Likely offline sources',
      columns: [
        col('rank', 'Rank: the ring\'s likely sources first (parcels and members tied), then other origins by parcels'),
        col('origin_key', 'Canonical address key of the origin'),
        col('origin_address', 'Canonical address text'),
        col('likely_source', 'True when detection ranked it a likely source of the ring'),
        col('parcels', 'Parcels of the ring\'s shops shipped from here'),
        col('members', 'Members whose shops shipped from here'),
        col('shops', 'Shops that shipped from here'),
        col('first_shipped', 'Earliest shipment date'),
        col('last_shipped', 'Latest shipment date'),
        col('carriers', 'Carriers with parcel counts (carrier×n; …)'),
        col('declared_items', 'Declared contents with parcel counts'),
      ],
      rows: sourceRows,
    },
    shipments: {
      name: 'shipments',
      title: 'Parcels',
      columns: [
        col('shipment_id', 'Shipment id'),
        col('shop_id', 'Shipping shop'),
        col('seller_id', 'The shop\'s seller'),
        col('origin_key', 'Canonical key of the origin address'),
        col('origin_address', 'Origin address text'),
        col('destination_address', 'Destination address text'),
        col('carrier', 'Carrier'),
        col('tracking_no', 'Tracking number'),
        col('shipped_at', 'Shipping date'),
        col('weight_kg', 'Declared weight in kg'),
        col('declared_item', 'Declared contents'),
      ],
      rows: shipmentRows,
    },
    reports: {
      name: 'reports',
      title: 'Brand evidence',
      columns: [
        col('report_id', 'Report id'),
        col('shop_id', 'Shop reported'),
        col('seller_id', 'The shop\'s seller'),
        col('brand', 'Brand concerned'),
        col('kind', 'Kind of report (test_buy, complaint, takedown, …)'),
        col('verdict', 'Verdict (counterfeit, genuine, …)'),
        col('reported_at', 'Report date'),
      ],
      rows: reportRows,
    },
    paymentAccounts: {
      name: 'payment_accounts',
      title: 'Payment accounts',
      columns: [
        col('account_id', 'Payout account id (masked when the recipient may not see it)'),
        col('kind', 'Account kind (bank, wallet, …)'),
        col('holder_name', 'Account holder name (masked when the recipient may not see it)'),
        col('members', 'Members paid into it'),
        col('member_ids', 'Those members, space-separated'),
        col('counted_as_evidence', 'Whether detection counted it as a tie between members (false for an account only one member uses, or one so many sellers use — a hub such as a marketplace escrow — that it carries no evidence)'),
      ],
      rows: accountRows,
    },
    timeline: {
      name: 'timeline',
      title: 'Timeline',
      columns: [
        col('date', 'Day (YYYY-MM-DD), or month (YYYY-MM) for shipment counts'),
        col('event', 'shop_opened, shop_closed, shop_taken_down, report, shipments'),
        col('subject', 'Shop id, or for shipments the month\'s busiest origin address'),
        col('detail', 'What happened'),
      ],
      rows: timelineRows,
    },
  };
}

type Row = Record<string, Cell>;

function timeline(shops: Row[], reports: Row[], shipments: Row[]): Row[] {
  const out: Row[] = [];
  for (const s of shops) {
    if (s['opened_at']) out.push({ date: String(s['opened_at']).slice(0, 10), event: 'shop_opened', subject: s['shop_id'] ?? null, detail: `${s['name'] ?? s['shop_id']} opened by ${s['seller_id']}` });
    if (s['closed_at']) {
      const takenDown = s['status'] === 'taken_down';
      out.push({
        date: String(s['closed_at']).slice(0, 10),
        event: takenDown ? 'shop_taken_down' : 'shop_closed',
        subject: s['shop_id'] ?? null,
        detail: `${s['name'] ?? s['shop_id']} ${takenDown ? 'taken down' : 'closed'}`,
      });
    }
  }
  for (const r of reports) {
    if (!r['reported_at']) continue;
    out.push({ date: String(r['reported_at']).slice(0, 10), event: 'report', subject: r['shop_id'] ?? null, detail: [r['brand'], r['kind'], r['verdict']].filter((x) => x !== null).join(' · ') });
  }
  const months = new Map<string, Map<string, number>>();
  for (const p of shipments) {
    if (!p['shipped_at']) continue;
    const month = String(p['shipped_at']).slice(0, 7);
    const origin = String(p['origin_address'] ?? '(no origin)');
    const perOrigin = months.get(month) ?? new Map<string, number>();
    perOrigin.set(origin, (perOrigin.get(origin) ?? 0) + 1);
    months.set(month, perOrigin);
  }
  for (const [month, perOrigin] of months) {
    const ranked = [...perOrigin.entries()].sort((a, b) => b[1] - a[1] || compareCodePoints(a[0], b[0]));
    const total = ranked.reduce((sum, [, n]) => sum + n, 0);
    const [top, topCount] = ranked[0]!;
    out.push({ date: month, event: 'shipments', subject: top, detail: `${total} parcel(s) from ${ranked.length} origin(s); ${topCount} from this one` });
  }
  const rank: Record<string, number> = { shop_opened: 0, report: 1, shop_taken_down: 2, shop_closed: 3, shipments: 4 };
  return out.sort(
    (a, b) =>
      compareCodePoints(String(a['date']), String(b['date'])) ||
      (rank[String(a['event'])] ?? 9) - (rank[String(b['event'])] ?? 9) ||
      compareCodePoints(String(a['subject']), String(b['subject'])),
  );
}

/** RFC 4180 CSV with a header row, CRLF line ends, fields quoted when needed. */
export function toCsv(table: Table): string {
  const field = (value: Cell): string => {
    if (value === null) return '';
    const text = String(value);
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  const lines = [table.columns.map((c) => field(c.name)).join(',')];
  for (const row of table.rows) lines.push(table.columns.map((c) => field(row[c.name] ?? null)).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

/** The table as JSON: its title, documented columns and rows. */
export function toJson(table: Table): string {
  return `${JSON.stringify({ table: table.name, title: table.title, columns: table.columns, rows: table.rows }, null, 2)}\n`;
}
