/**
 * What the styling rules read, computed once per graph change (never per
 * frame): parcels per node (SHIPS_FROM volumes summed onto the shop, its
 * seller and the origin address), degree, each seller's counterfeit verdicts
 * per brand (counted over the report nodes on screen, or taken from the
 * member's own facts when the reports are not loaded) and a status per
 * seller or shop. The reducers turn these into colours and sizes
 * (render/style-rules.ts).
 */
import type { ExplorerGraph } from './attributes.ts';

/** How nodes are coloured: by type (default), by account/shop status, or by the brand of their counterfeit verdicts. */
export type ColorBy = 'type' | 'status' | 'brand';
/** How nodes are sized: by type and membership (default), by parcels shipped, or by degree. */
export type SizeBy = 'type' | 'parcels' | 'degree';

export interface StyleRules {
  color: ColorBy;
  size: SizeBy;
}

export const DEFAULT_STYLE: StyleRules = { color: 'type', size: 'type' };
export const COLOR_BY: readonly ColorBy[] = ['type', 'status', 'brand'];
export const SIZE_BY: readonly SizeBy[] = ['type', 'parcels', 'degree'];

export interface StyleMetrics {
  parcels: ReadonlyMap<string, number>;
  maxParcels: number;
  degree: ReadonlyMap<string, number>;
  maxDegree: number;
  /** Seller or report node → the brand with most counterfeit verdicts (ties: alphabetical) and that count. */
  brandOf: ReadonlyMap<string, { brand: string; count: number }>;
  /** Brands in palette order: most sellers first. */
  brands: readonly string[];
  /** Seller or shop node → its status (active, suspended, banned; open, closed, taken_down). */
  statusOf: ReadonlyMap<string, string>;
}

/** A member's own evidence as the ring detail gives it (`members[].facts`). */
export interface MemberFacts {
  status: string | null;
  counterfeitBrands: readonly string[];
}

export const NO_METRICS: StyleMetrics = { parcels: new Map(), maxParcels: 0, degree: new Map(), maxDegree: 0, brandOf: new Map(), brands: [], statusOf: new Map() };

export function styleMetrics(graph: ExplorerGraph, facts: ReadonlyMap<string, MemberFacts> = new Map()): StyleMetrics {
  const parcels = new Map<string, number>();
  const degree = new Map<string, number>();
  const add = (node: string, n: number): void => void parcels.set(node, (parcels.get(node) ?? 0) + n);
  const shopOwner = new Map<string, string>();
  graph.forEachEdge((_e, a, source, target) => {
    if (a.edgeType !== 'OPERATES') return;
    const [seller, shop] = graph.getNodeAttribute(source, 'nodeType') === 'seller' ? [source, target] : [target, source];
    shopOwner.set(shop, seller);
  });
  graph.forEachEdge((_e, a, source, target) => {
    if (a.edgeType !== 'SHIPS_FROM' || !a.parcels) return;
    add(source, a.parcels);
    add(target, a.parcels);
    const owner = shopOwner.get(graph.getNodeAttribute(source, 'nodeType') === 'shop' ? source : target);
    if (owner !== undefined) add(owner, a.parcels);
  });
  graph.forEachNode((node) => degree.set(node, graph.degree(node)));

  // Counterfeit verdicts per seller and brand, from the reports in the graph (report → shop → seller).
  const verdicts = new Map<string, Map<string, number>>();
  const count = (node: string, brand: string): void => {
    let byBrand = verdicts.get(node);
    if (!byBrand) verdicts.set(node, (byBrand = new Map()));
    byBrand.set(brand, (byBrand.get(brand) ?? 0) + 1);
  };
  graph.forEachNode((node, a) => {
    if (a.nodeType !== 'report' || a.attributes.verdict !== 'counterfeit' || typeof a.attributes.brand !== 'string') return;
    const brand = a.attributes.brand;
    count(node, brand);
    graph.forEachNeighbor(node, (shop, b) => {
      if (b.nodeType !== 'shop') return;
      const owner = shopOwner.get(shop);
      if (owner !== undefined) count(owner, brand);
    });
  });
  for (const [node, f] of facts) {
    if (verdicts.has(node) || !graph.hasNode(node)) continue;
    for (const brand of f.counterfeitBrands) count(node, brand);
  }
  const brandOf = new Map<string, { brand: string; count: number }>();
  const sellersPerBrand = new Map<string, number>();
  for (const [node, byBrand] of verdicts) {
    const [brand, n] = [...byBrand].sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0]))[0]!;
    brandOf.set(node, { brand, count: n });
    if (node.startsWith('seller:')) sellersPerBrand.set(brand, (sellersPerBrand.get(brand) ?? 0) + 1);
  }
  for (const { brand } of brandOf.values()) if (!sellersPerBrand.has(brand)) sellersPerBrand.set(brand, 0);
  const brands = [...sellersPerBrand].sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0])).map(([b]) => b);

  const statusOf = new Map<string, string>();
  graph.forEachNode((node, a) => {
    if (a.nodeType !== 'seller' && a.nodeType !== 'shop') return;
    const status = typeof a.attributes.status === 'string' ? a.attributes.status : (facts.get(node)?.status ?? null);
    if (status) statusOf.set(node, status);
  });
  return {
    parcels,
    maxParcels: Math.max(0, ...parcels.values()),
    degree,
    maxDegree: Math.max(0, ...degree.values()),
    brandOf,
    brands,
    statusOf,
  };
}
