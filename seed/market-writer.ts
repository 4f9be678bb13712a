/**
 * Writes one `SellerSpec` as rows of the six export files: the seller, its
 * addresses, payment accounts, shops, each shop's parcels and reports. Every
 * time an address, phone or e-mail is written a fresh written variant is drawn,
 * as in a real export; destinations are fresh customer places. Row ids are
 * counters (`SH-…`, `P-…`, `RP-…`) in write order.
 */
import type { PlaceGenerator } from './address-variants.ts';
import { writeVariant } from './address-variants.ts';
import { writeEmail, writePhone } from './identities.ts';
import type { Rng } from './rng.ts';
import type { SellerSpec, ShopSpec } from './seller-specs.ts';
import type { RowSink } from './sinks.ts';
import { between, EXPORT_AT, isoDate, isoDateTime } from './timeline.ts';
import { CARRIERS } from './vocabulary.ts';

export interface MarketSinks {
  sellers: RowSink;
  shops: RowSink;
  paymentAccounts: RowSink;
  addresses: RowSink;
  shipments: RowSink;
  reports: RowSink;
}

export const COLUMNS = {
  sellers: ['seller_id', 'name', 'registered_at', 'phone', 'email', 'id_number_hash', 'status', 'registered_address', 'device_id'],
  shops: ['shop_id', 'seller_id', 'name', 'url', 'opened_at', 'closed_at', 'status'],
  paymentAccounts: ['account_id', 'seller_id', 'kind', 'holder_name'],
  addresses: ['seller_id', 'address', 'role'],
  shipments: ['shipment_id', 'shop_id', 'origin_address', 'destination_address', 'carrier', 'tracking_no', 'shipped_at', 'weight_kg', 'declared_item'],
  reports: ['report_id', 'shop_id', 'brand', 'kind', 'verdict', 'reported_at'],
} as const;

const TRACKING_PREFIX: Record<string, string> = {
  'SF Express': 'SF', ZTO: '7', YTO: 'YT', STO: '77', Yunda: '43', 'China Post': 'LP', 'J&T Express': 'JT', Cainiao: 'CN', 'DHL eCommerce': 'GM',
};

export interface MarketWriter {
  /** Writes one seller's rows; `deviceId` is drawn apart (devices.ts). */
  write(spec: SellerSpec, deviceId: string | null): void;
  /** Sellers whose address or payment-account rows the export left out (partial exports). */
  readonly partialSellers: string[];
}

/** Partial exports: the address and payment tables miss some sellers' rows; some parcels have no origin. */
const MISSING_ADDRESS_ROWS = 0.05;
const MISSING_PAYMENT_ROWS = 0.04;
const MISSING_ORIGIN = 0.03;

export function createMarketWriter(sinks: MarketSinks, destinations: PlaceGenerator, rng: Rng): MarketWriter {
  let shopCounter = 0;
  let shipmentCounter = 0;
  let reportCounter = 0;

  const writeShipments = (shopId: string, shop: ShopSpec, spec: SellerSpec, written: { parcels: number }): void => {
    for (let p = 0; p < shop.shipments; p += 1) {
      shipmentCounter += 1;
      const first = spec.firstOrigins[written.parcels];
      written.parcels += 1;
      const origin = first ?? (rng.chance(MISSING_ORIGIN) ? null : rng.weighted(spec.origins));
      const carrier = rng.pick(CARRIERS);
      const item = rng.pick(shop.items);
      sinks.shipments.write([
        `P-${String(shipmentCounter).padStart(8, '0')}`,
        shopId,
        origin === null ? null : writeVariant(origin, rng),
        writeVariant(destinations.next(), rng),
        carrier,
        `${TRACKING_PREFIX[carrier] ?? 'TN'}${rng.digits(12)}`,
        isoDateTime(between(rng, shop.openedAt, shop.closedAt ?? EXPORT_AT)),
        (0.1 + rng.next() * 4.9).toFixed(2),
        rng.chance(0.0005) ? `${item}\nsize ${rng.int(36, 46)}` : item,
      ]);
    }
  };

  const partialSellers: string[] = [];
  return {
    partialSellers,
    write(spec, deviceId) {
      sinks.sellers.write([
        spec.sellerId,
        spec.name,
        rng.chance(0.3) ? isoDate(spec.registeredAt) : isoDateTime(spec.registeredAt),
        spec.phone === null ? null : writePhone(spec.phone, rng),
        spec.email === null ? null : writeEmail(spec.email, rng),
        spec.idHash,
        spec.status,
        spec.registered === null ? null : writeVariant(spec.registered, rng),
        deviceId,
      ]);
      const noAddresses = spec.addresses.length > 0 && rng.chance(MISSING_ADDRESS_ROWS);
      const noPayments = spec.accounts.length > 0 && rng.chance(MISSING_PAYMENT_ROWS);
      if (noAddresses || noPayments) partialSellers.push(spec.sellerId);
      if (!noAddresses) for (const { place, role } of spec.addresses) sinks.addresses.write([spec.sellerId, writeVariant(place, rng), role]);
      if (!noPayments) for (const account of spec.accounts) sinks.paymentAccounts.write([account.id, spec.sellerId, account.kind, account.holder]);
      const written = { parcels: 0 };
      for (const shop of spec.shops) {
        shopCounter += 1;
        const shopId = `SH-${String(shopCounter).padStart(7, '0')}`;
        sinks.shops.write([
          shopId,
          spec.sellerId,
          shop.name,
          `https://shop.marketplace.example/${shopId.toLowerCase()}`,
          isoDateTime(shop.openedAt),
          shop.closedAt === null ? null : isoDateTime(shop.closedAt),
          shop.status,
        ]);
        writeShipments(shopId, shop, spec, written);
        for (const report of shop.reports) {
          reportCounter += 1;
          sinks.reports.write([`RP-${String(reportCounter).padStart(7, '0')}`, shopId, report.brand, report.kind, report.verdict, isoDateTime(report.at)]);
        }
      }
    },
  };
}
