/**
 * zod schemas for each export file (docs/export-format.md), turning a row of strings
 * into a validated, resolved record. Messages name the column so an error
 * line reads `sellers.csv:12: status: expected one of active, suspended, banned`.
 */
import { z } from 'zod';
import {
  ACCOUNT_KINDS,
  ADDRESS_ROLES,
  REPORT_KINDS,
  REPORT_VERDICTS,
  SELLER_STATUSES,
  SHOP_STATUSES,
  type AddressRecord,
  type ResolvedAddress,
  type PaymentAccountRecord,
  type ReportRecord,
  type SellerRecord,
  type ShipmentRecord,
  type ShopRecord,
} from '../model/records.ts';
import { checkAddress, normalizeEmail, normalizePhone, type AddressCheck } from '../resolve/index.ts';
import type { EntityFile } from './sources.ts';

const ISO_8601 = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

const CONTROL = /[\u0000-\u001f\u007f]/;

/** Required id: any non-empty printable string, compared exactly (never trimmed). An id the API could not take in a path is refused here. */
const requiredId = z
  .string({ error: 'required' })
  .refine((v) => v.trim() !== '', { error: 'required' })
  .refine((v) => !/[\r\n]/.test(v), { error: 'must not contain a newline' })
  .superRefine((v, ctx) => {
    const found = CONTROL.exec(v);
    if (found) ctx.addIssue({ code: 'custom', message: `must not contain control characters (found U+${found[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')})` });
  });

/** Optional text: empty means absent. */
const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? null : v.trim()));

/** The date part names a day that exists (`Date.parse` rolls 2016-02-30 over to 1 March). */
function realDay(v: string): boolean {
  const [y, m, d] = [Number(v.slice(0, 4)), Number(v.slice(5, 7)), Number(v.slice(8, 10))];
  const day = new Date(Date.UTC(y, m - 1, d));
  return day.getUTCFullYear() === y && day.getUTCMonth() === m - 1 && day.getUTCDate() === d;
}

const optionalTimestamp = optionalText.refine((v) => v === null || (ISO_8601.test(v) && !Number.isNaN(Date.parse(v)) && realDay(v)), {
  error: 'expected an ISO 8601 date or timestamp',
});

function optionalEnum<const T extends readonly [string, ...string[]]>(values: T) {
  const allowed = new Set<string>(values);
  return optionalText
    .refine((v) => v === null || allowed.has(v), { error: `expected one of ${values.join(', ')}` })
    .transform((v) => v as T[number] | null);
}

function requiredEnum<const T extends readonly [string, ...string[]]>(values: T) {
  const allowed = new Set<string>(values);
  return z
    .string({ error: 'required' })
    .transform((v) => v.trim())
    .refine((v) => v !== '', { error: 'required' })
    .refine((v) => allowed.has(v), { error: `expected one of ${values.join(', ')}` })
    .transform((v) => v as T[number]);
}

/** Why an address that has letters or digits still names no place, or null when it names one. */
function vagueAddressReason(raw: string, checked: AddressCheck): string | null {
  const shown = raw.trim().length > 80 ? `${raw.trim().slice(0, 80)}…` : raw.trim();
  if (checked.kind === 'region') return `names no place more precise than a region ('${shown}')`;
  if (checked.kind === 'noise') return `names no place, only filler words ('${shown}')`;
  return null;
}

/**
 * A free-text address resolved to its place. One that names no place — no
 * letter or digit, or only a region or filler words, whose key would be empty
 * and link everyone who wrote one — is absent where the column is optional
 * (the seller or parcel is kept, without that address) and rejected with the
 * reason where it is required (an `addresses` row is nothing but its address).
 */
function addressColumn(required: boolean) {
  return z.string({ error: 'required' }).transform((v, ctx): ResolvedAddress | null => {
    const checked = checkAddress(v);
    if (checked.kind === 'place') return checked.address;
    if (required) ctx.addIssue({ code: 'custom', message: vagueAddressReason(v, checked) ?? 'required' });
    return null;
  });
}

const requiredAddress = addressColumn(true);

const optionalAddress = z
  .string()
  .optional()
  .transform((v) => (v ?? '').trim())
  .pipe(addressColumn(false));

/**
 * A non-negative number in decimal notation: digits with an optional fraction
 * and exponent (`1.25`, `0`, `.5`, `2e-3`; an NDJSON number is re-printed, so
 * `0.0000001` arrives as `1e-7`). Not what `Number()` also takes: hex, binary
 * and octal literals (`0x10`), signs, `Infinity`, digit separators.
 */
const DECIMAL = /^(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

const optionalNumber = optionalText
  .refine((v) => v === null || (DECIMAL.test(v) && Number.isFinite(Number(v))), { error: 'expected a non-negative number' })
  .transform((v) => (v === null ? null : Number(v)));

const sellerRow = z
  .object({
    seller_id: requiredId,
    name: optionalText,
    registered_at: optionalTimestamp,
    phone: optionalText,
    email: optionalText,
    id_number_hash: optionalText,
    status: optionalEnum(SELLER_STATUSES),
    registered_address: optionalAddress,
    device_id: optionalText,
  })
  .transform(
    (r): SellerRecord => ({
      sellerId: r.seller_id,
      name: r.name,
      registeredAt: r.registered_at,
      phone: r.phone === null ? null : normalizePhone(r.phone),
      phoneRaw: r.phone,
      email: r.email === null ? null : normalizeEmail(r.email),
      idNumberHash: r.id_number_hash,
      deviceId: r.device_id,
      status: r.status,
      registeredAddress: r.registered_address,
    }),
  );

const shopRow = z
  .object({
    shop_id: requiredId,
    seller_id: requiredId,
    name: optionalText,
    url: optionalText,
    opened_at: optionalTimestamp,
    closed_at: optionalTimestamp,
    status: optionalEnum(SHOP_STATUSES),
  })
  .transform(
    (r): ShopRecord => ({
      shopId: r.shop_id,
      sellerId: r.seller_id,
      name: r.name,
      url: r.url,
      openedAt: r.opened_at,
      closedAt: r.closed_at,
      status: r.status,
    }),
  );

const paymentAccountRow = z
  .object({
    account_id: requiredId,
    seller_id: requiredId,
    kind: optionalEnum(ACCOUNT_KINDS),
    holder_name: optionalText,
  })
  .transform(
    (r): PaymentAccountRecord => ({ accountId: r.account_id, sellerId: r.seller_id, kind: r.kind, holderName: r.holder_name }),
  );

const addressRow = z
  .object({
    seller_id: requiredId,
    address: requiredAddress,
    role: requiredEnum(ADDRESS_ROLES),
  })
  .transform((r): AddressRecord => ({ sellerId: r.seller_id, address: r.address!, role: r.role }));

const shipmentRow = z
  .object({
    shipment_id: requiredId,
    shop_id: requiredId,
    origin_address: optionalAddress,
    destination_address: optionalAddress,
    carrier: optionalText,
    tracking_no: optionalText,
    shipped_at: optionalTimestamp,
    weight_kg: optionalNumber,
    declared_item: optionalText,
  })
  .transform(
    (r): ShipmentRecord => ({
      shipmentId: r.shipment_id,
      shopId: r.shop_id,
      origin: r.origin_address,
      destination: r.destination_address,
      carrier: r.carrier,
      trackingNo: r.tracking_no,
      shippedAt: r.shipped_at,
      weightKg: r.weight_kg,
      declaredItem: r.declared_item,
    }),
  );

const reportRow = z
  .object({
    report_id: requiredId,
    shop_id: requiredId,
    brand: optionalText,
    kind: optionalEnum(REPORT_KINDS),
    verdict: optionalEnum(REPORT_VERDICTS),
    reported_at: optionalTimestamp,
  })
  .transform(
    (r): ReportRecord => ({
      reportId: r.report_id,
      shopId: r.shop_id,
      brand: r.brand,
      kind: r.kind,
      verdict: r.verdict,
      reportedAt: r.reported_at,
    }),
  );

export interface RecordByEntity {
  sellers: SellerRecord;
  shops: ShopRecord;
  payment_accounts: PaymentAccountRecord;
  addresses: AddressRecord;
  shipments: ShipmentRecord;
  reports: ReportRecord;
}

const SCHEMAS = {
  sellers: sellerRow,
  shops: shopRow,
  payment_accounts: paymentAccountRow,
  addresses: addressRow,
  shipments: shipmentRow,
  reports: reportRow,
} as const;

/** The columns docs/export-format.md defines for each file (others are ignored with a warning). */
export const KNOWN_COLUMNS: Record<EntityFile, ReadonlySet<string>> = Object.fromEntries(
  Object.entries(SCHEMAS).map(([entity, schema]) => [entity, new Set(Object.keys(schema.in.shape))]),
) as unknown as Record<EntityFile, ReadonlySet<string>>;

export type ParseResult<E extends EntityFile> = { ok: true; record: RecordByEntity[E] } | { ok: false; reason: string };

export function parseRow<E extends EntityFile>(entity: E, fields: Record<string, string>): ParseResult<E> {
  const result = SCHEMAS[entity].safeParse(fields);
  if (result.success) return { ok: true, record: result.data as RecordByEntity[E] };
  const reason = result.error.issues
    .map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ');
  return { ok: false, reason };
}
