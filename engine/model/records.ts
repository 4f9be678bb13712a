/**
 * Validated, resolved records of a marketplace export (docs/export-format.md), as the
 * ingest hands them to a store. Optional fields are `null` when absent so that
 * a newer export can tell "absent" from "not loaded".
 */

export const SELLER_STATUSES = ['active', 'suspended', 'banned'] as const;
export const SHOP_STATUSES = ['open', 'closed', 'taken_down'] as const;
export const ACCOUNT_KINDS = ['bank', 'alipay', 'card', 'other'] as const;
export const ADDRESS_ROLES = ['registered', 'return', 'warehouse', 'pickup'] as const;
export const REPORT_KINDS = ['test_buy', 'complaint', 'takedown'] as const;
export const REPORT_VERDICTS = ['counterfeit', 'genuine', 'unknown'] as const;

export type SellerStatus = (typeof SELLER_STATUSES)[number];
export type ShopStatus = (typeof SHOP_STATUSES)[number];
export type AccountKind = (typeof ACCOUNT_KINDS)[number];
export type AddressRole = (typeof ADDRESS_ROLES)[number];
export type ReportKind = (typeof REPORT_KINDS)[number];
export type ReportVerdict = (typeof REPORT_VERDICTS)[number];

/** A free-text address resolved to its canonical place. */
export interface ResolvedAddress {
  /** Canonical key: equal for every variant of one place. */
  key: string;
  /** A readable canonical form, shown to people. */
  text: string;
  /** The raw text as written in the export. */
  raw: string;
}

export interface SellerRecord {
  sellerId: string;
  name: string | null;
  registeredAt: string | null;
  /** Normalised phone (digits, leading + kept), or null. */
  phone: string | null;
  phoneRaw: string | null;
  /** Normalised email (lower case, trimmed), or null. */
  email: string | null;
  idNumberHash: string | null;
  /** Device fingerprint recorded at registration or login, or null. */
  deviceId: string | null;
  status: SellerStatus | null;
  registeredAddress: ResolvedAddress | null;
}

export interface ShopRecord {
  shopId: string;
  sellerId: string;
  name: string | null;
  url: string | null;
  openedAt: string | null;
  closedAt: string | null;
  status: ShopStatus | null;
}

export interface PaymentAccountRecord {
  accountId: string;
  sellerId: string;
  kind: AccountKind | null;
  holderName: string | null;
}

export interface AddressRecord {
  sellerId: string;
  address: ResolvedAddress;
  role: AddressRole;
}

export interface ShipmentRecord {
  shipmentId: string;
  shopId: string;
  origin: ResolvedAddress | null;
  destination: ResolvedAddress | null;
  carrier: string | null;
  trackingNo: string | null;
  shippedAt: string | null;
  weightKg: number | null;
  declaredItem: string | null;
}

export interface ReportRecord {
  reportId: string;
  shopId: string;
  brand: string | null;
  kind: ReportKind | null;
  verdict: ReportVerdict | null;
  reportedAt: string | null;
}

/** One batch of upserts; every list may be empty. */
export interface IngestBatch {
  sellers: SellerRecord[];
  shops: ShopRecord[];
  paymentAccounts: PaymentAccountRecord[];
  addresses: AddressRecord[];
  shipments: ShipmentRecord[];
  reports: ReportRecord[];
}

export function emptyBatch(): IngestBatch {
  return { sellers: [], shops: [], paymentAccounts: [], addresses: [], shipments: [], reports: [] };
}

export function batchSize(batch: IngestBatch): number {
  return (
    batch.sellers.length +
    batch.shops.length +
    batch.paymentAccounts.length +
    batch.addresses.length +
    batch.shipments.length +
    batch.reports.length
  );
}
