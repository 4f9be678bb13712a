/**
 * Detection reads: identifier → sellers groups streamed one query per
 * identifier type (sizes computed first on the server, hub lists never
 * shipped), and seller facts / address texts for the sellers detection asks
 * about. Never the whole graph.
 */
import { IDENTIFIER_TYPES } from '../../model/identifiers.ts';
import { emptySellerFacts, type IdentifierGroup, type SellerFacts } from '../../model/rings.ts';
import type { DetectionReads } from '../ports.ts';
import { IDENTIFIER_LINKS } from './node-types.ts';
import type { Runner } from './session.ts';
import { createGdsCommunityDetector, gdsAvailable } from './gds-communities.ts';
import { asNullableString, asNumber, asRecord, asString, asStringList, chunks, compareCodePoints } from './values.ts';

const FACTS_CHUNK = 5_000;
/** Larger than any real group: "no hub cut" without Infinity, which Bolt cannot carry as an int. */
const NO_MAX = 2 ** 31 - 1;

export function createDetectionReads(runner: Runner): DetectionReads {
  let gds: Promise<boolean> | null = null;
  return {
    async storeCommunities(algorithm, projection = 'bolt') {
      gds ??= gdsAvailable(runner).catch(() => false);
      return (await gds) ? createGdsCommunityDetector(runner, { algorithm, projection }) : null;
    },

    async *identifierGroups(query) {
      const params = { minSellers: Math.max(1, query.minSellers ?? 2), maxSellers: Math.min(query.maxSellers ?? NO_MAX, NO_MAX) };
      // In registry order, as the embedded store streams them (the order detection's data fingerprint was defined in).
      for (const type of IDENTIFIER_TYPES) {
        const link = IDENTIFIER_LINKS.find((l) => l.type === type);
        if (link === undefined) {
          yield* shipmentOrigins(runner, params);
          continue;
        }
        const templates = { label: link.label, property: link.property, rel: link.rel };
        for await (const record of runner.stream('read/identifier-groups-by-seller-link', params, templates)) {
          const group: IdentifierGroup = {
            type: link.type,
            value: asString(record.get('value')),
            size: asNumber(record.get('size')),
            sellers: asStringList(record.get('sellers')).sort(compareCodePoints),
          };
          yield group;
        }
      }
    },

    async sellerFacts(sellerIds) {
      const facts = new Map<string, SellerFacts>();
      for (const part of chunks([...new Set(sellerIds)], FACTS_CHUNK)) {
        for (const record of await runner.read('read/get-seller-facts', { ids: part })) {
          const sellerId = asString(record.get('sellerId'));
          const f = emptySellerFacts(sellerId, asNullableString(record.get('status')));
          for (const shop of record.get('shops') as unknown[]) {
            const s = asRecord(shop);
            f.shopIds.push(asString(s['id']));
            if (s['status'] === 'taken_down') f.shopsTakenDown += 1;
            if (s['status'] === 'closed') f.shopsClosed += 1;
          }
          f.shopIds.sort(compareCodePoints);
          const counterfeit = new Set<string>();
          const reported = new Set<string>();
          for (const report of record.get('reports') as unknown[]) {
            const r = asRecord(report);
            if (r['verdict'] === 'counterfeit') f.counterfeitReports += 1;
            if (r['verdict'] === 'genuine') f.genuineReports += 1;
            if (r['kind'] === 'complaint') f.complaints += 1;
            if (r['kind'] === 'takedown') f.takedownReports += 1;
            const brand = r['brand'];
            if (typeof brand === 'string') {
              reported.add(brand);
              if (r['verdict'] === 'counterfeit') counterfeit.add(brand);
            }
          }
          f.counterfeitBrands = [...counterfeit].sort(compareCodePoints);
          f.reportedBrands = [...reported].sort(compareCodePoints);
          facts.set(sellerId, f);
        }
      }
      return facts;
    },

    async addressTexts(keys) {
      const texts = new Map<string, string>();
      for (const part of chunks([...new Set(keys)], FACTS_CHUNK)) {
        for (const record of await runner.read('read/get-address-texts', { keys: part })) {
          texts.set(asString(record.get('key')), asString(record.get('text')));
        }
      }
      return texts;
    },

    async sellerCount() {
      const [record] = await runner.read('read/count-sellers');
      return record === undefined ? 0 : asNumber(record.get('sellers'));
    },
  };
}

async function* shipmentOrigins(runner: Runner, params: Record<string, number>): AsyncGenerator<IdentifierGroup> {
  for await (const record of runner.stream('read/identifier-groups-shipment-origin', params)) {
    const sellers = asStringList(record.get('sellers'));
    const parcels = (record.get('shipments') as unknown[]).map(asNumber);
    const order = sellers.map((_, i) => i).sort((a, b) => compareCodePoints(sellers[a] ?? '', sellers[b] ?? ''));
    yield {
      type: 'shipment_origin',
      value: asString(record.get('value')),
      size: asNumber(record.get('size')),
      sellers: order.map((i) => sellers[i] ?? ''),
      shipments: order.map((i) => parcels[i] ?? 0),
    };
  }
}
