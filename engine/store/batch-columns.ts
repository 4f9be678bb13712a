/**
 * The columnar form in which an ingest batch crosses to a writer thread (the
 * embedded store's SQLite writer, the Neo4j bulk load's import-file writer):
 * one array per field per entity, nested addresses flattened into key, text
 * and raw columns. Measured on 5,000-row single-entity batches (v8 serializer,
 * which postMessage uses; best of 12 on a loaded machine, µs per row):
 * columns 1.1–1.5 to build and encode on the parsing thread and 0.5–1.2 to
 * decode on the writer; the record objects themselves 1.4–2.2 and 3.4–4.2;
 * JSON text 1.1–2.1 and 2.2–4.2. Packing every value into one string with a
 * lengths array decoded fastest (0.2) but cost as much to build (1.2–1.3),
 * and the parsing thread is the one ingest waits on. The SQLite writer reads
 * the columns by index; the import-file writer rebuilds the records
 * (`fromColumns`) on its own thread.
 */
import type {
  AddressRecord,
  IngestBatch,
  PaymentAccountRecord,
  ReportRecord,
  ResolvedAddress,
  SellerRecord,
  ShipmentRecord,
  ShopRecord,
} from '../model/records.ts';

type Text = string | null;

/** Reads one field of a record as a column value. */
type Field<R> = (record: R) => string | number | null;
type Layout<R> = Record<string, Field<R>>;
/** The columns of a layout: one array per field, in record order. */
export type Columns<L> = { [K in keyof L]: L[K] extends (record: never) => infer V ? V[] : never };

const key = (a: ResolvedAddress | null): Text => a?.key ?? null;
const text = (a: ResolvedAddress | null): Text => a?.text ?? null;
const raw = (a: ResolvedAddress | null): Text => a?.raw ?? null;

const SELLER = {
  sellerId: (s: SellerRecord): string => s.sellerId,
  name: (s: SellerRecord): Text => s.name,
  registeredAt: (s: SellerRecord): Text => s.registeredAt,
  phone: (s: SellerRecord): Text => s.phone,
  phoneRaw: (s: SellerRecord): Text => s.phoneRaw,
  email: (s: SellerRecord): Text => s.email,
  idNumberHash: (s: SellerRecord): Text => s.idNumberHash,
  deviceId: (s: SellerRecord): Text => s.deviceId,
  status: (s: SellerRecord): Text => s.status,
  addressKey: (s: SellerRecord): Text => key(s.registeredAddress),
  addressText: (s: SellerRecord): Text => text(s.registeredAddress),
  addressRaw: (s: SellerRecord): Text => raw(s.registeredAddress),
} satisfies Layout<SellerRecord>;

const SHOP = {
  shopId: (s: ShopRecord): string => s.shopId,
  sellerId: (s: ShopRecord): string => s.sellerId,
  name: (s: ShopRecord): Text => s.name,
  url: (s: ShopRecord): Text => s.url,
  openedAt: (s: ShopRecord): Text => s.openedAt,
  closedAt: (s: ShopRecord): Text => s.closedAt,
  status: (s: ShopRecord): Text => s.status,
} satisfies Layout<ShopRecord>;

const ACCOUNT = {
  accountId: (p: PaymentAccountRecord): string => p.accountId,
  sellerId: (p: PaymentAccountRecord): string => p.sellerId,
  kind: (p: PaymentAccountRecord): Text => p.kind,
  holderName: (p: PaymentAccountRecord): Text => p.holderName,
} satisfies Layout<PaymentAccountRecord>;

const ADDRESS = {
  sellerId: (a: AddressRecord): string => a.sellerId,
  role: (a: AddressRecord): string => a.role,
  key: (a: AddressRecord): string => a.address.key,
  text: (a: AddressRecord): string => a.address.text,
  raw: (a: AddressRecord): string => a.address.raw,
} satisfies Layout<AddressRecord>;

const SHIPMENT = {
  shipmentId: (s: ShipmentRecord): string => s.shipmentId,
  shopId: (s: ShipmentRecord): string => s.shopId,
  originKey: (s: ShipmentRecord): Text => key(s.origin),
  originText: (s: ShipmentRecord): Text => text(s.origin),
  originRaw: (s: ShipmentRecord): Text => raw(s.origin),
  destinationKey: (s: ShipmentRecord): Text => key(s.destination),
  destinationText: (s: ShipmentRecord): Text => text(s.destination),
  destinationRaw: (s: ShipmentRecord): Text => raw(s.destination),
  carrier: (s: ShipmentRecord): Text => s.carrier,
  trackingNo: (s: ShipmentRecord): Text => s.trackingNo,
  shippedAt: (s: ShipmentRecord): Text => s.shippedAt,
  weightKg: (s: ShipmentRecord): number | null => s.weightKg,
  declaredItem: (s: ShipmentRecord): Text => s.declaredItem,
} satisfies Layout<ShipmentRecord>;

const REPORT = {
  reportId: (r: ReportRecord): string => r.reportId,
  shopId: (r: ReportRecord): string => r.shopId,
  brand: (r: ReportRecord): Text => r.brand,
  kind: (r: ReportRecord): Text => r.kind,
  verdict: (r: ReportRecord): Text => r.verdict,
  reportedAt: (r: ReportRecord): Text => r.reportedAt,
} satisfies Layout<ReportRecord>;

export interface BatchColumns {
  sellers: Columns<typeof SELLER>;
  shops: Columns<typeof SHOP>;
  paymentAccounts: Columns<typeof ACCOUNT>;
  addresses: Columns<typeof ADDRESS>;
  shipments: Columns<typeof SHIPMENT>;
  reports: Columns<typeof REPORT>;
}

function columns<R, L extends Layout<R>>(records: readonly R[], layout: L): Columns<L> {
  const out: Record<string, Array<string | number | null>> = {};
  for (const [name, field] of Object.entries(layout)) out[name] = records.map(field);
  return out as Columns<L>;
}

export function toColumns(batch: IngestBatch): BatchColumns {
  return {
    sellers: columns(batch.sellers, SELLER),
    shops: columns(batch.shops, SHOP),
    paymentAccounts: columns(batch.paymentAccounts, ACCOUNT),
    addresses: columns(batch.addresses, ADDRESS),
    shipments: columns(batch.shipments, SHIPMENT),
    reports: columns(batch.reports, REPORT),
  };
}

/** A column's value for row i (every column of an entity has one per row). */
const at = <T>(column: readonly T[], i: number): T => column[i] as T;
const address = (k: Text, t: Text, r: Text): ResolvedAddress | null => (k === null ? null : { key: k, text: t ?? '', raw: r ?? '' });

/** The batch `toColumns` was given, rebuilt record by record (on the thread that received the columns). */
export function fromColumns(c: BatchColumns): IngestBatch {
  const { sellers: s, shops: h, paymentAccounts: p, addresses: a, shipments: m, reports: r } = c;
  return {
    sellers: s.sellerId.map((sellerId, i) => ({
      sellerId, name: at(s.name, i), registeredAt: at(s.registeredAt, i), phone: at(s.phone, i), phoneRaw: at(s.phoneRaw, i), email: at(s.email, i),
      idNumberHash: at(s.idNumberHash, i), deviceId: at(s.deviceId, i), status: at(s.status, i) as SellerRecord['status'],
      registeredAddress: address(at(s.addressKey, i), at(s.addressText, i), at(s.addressRaw, i)),
    })),
    shops: h.shopId.map((shopId, i) => ({
      shopId, sellerId: at(h.sellerId, i), name: at(h.name, i), url: at(h.url, i), openedAt: at(h.openedAt, i), closedAt: at(h.closedAt, i), status: at(h.status, i) as ShopRecord['status'],
    })),
    paymentAccounts: p.accountId.map((accountId, i) => ({ accountId, sellerId: at(p.sellerId, i), kind: at(p.kind, i) as PaymentAccountRecord['kind'], holderName: at(p.holderName, i) })),
    addresses: a.sellerId.map((sellerId, i) => ({ sellerId, role: at(a.role, i) as AddressRecord['role'], address: { key: at(a.key, i), text: at(a.text, i), raw: at(a.raw, i) } })),
    shipments: m.shipmentId.map((shipmentId, i) => ({
      shipmentId, shopId: at(m.shopId, i),
      origin: address(at(m.originKey, i), at(m.originText, i), at(m.originRaw, i)),
      destination: address(at(m.destinationKey, i), at(m.destinationText, i), at(m.destinationRaw, i)),
      carrier: at(m.carrier, i), trackingNo: at(m.trackingNo, i), shippedAt: at(m.shippedAt, i), weightKg: at(m.weightKg, i), declaredItem: at(m.declaredItem, i),
    })),
    reports: r.reportId.map((reportId, i) => ({
      reportId, shopId: at(r.shopId, i), brand: at(r.brand, i), kind: at(r.kind, i) as ReportRecord['kind'], verdict: at(r.verdict, i) as ReportRecord['verdict'], reportedAt: at(r.reportedAt, i),
    })),
  };
}
