/**
 * The rings overview for the explorer's "whole marketplace" screen: every
 * ring of the current run as a node (size, score, brands, lineage change),
 * and a link between two rings wherever their subgraphs share an identifier
 * (address, payment account, phone, email, ID document, device) — the registration
 * agents and shared warehouses an investigator wants to see across rings.
 * Each shared identifier adds 1/log2(1 + rings sharing it) to the link
 * (FRAUDAR-style rarity weighting); identifiers in more than
 * max(5, √rings) rings are hubs (escrow accounts, placeholder phones) and
 * link nothing. Built once per run (one subgraph read per ring, ~2–3 ms each
 * on the embedded store) and shared by concurrent callers; a liaison gets the
 * rings in its scope and the links among them; viewers see personal
 * identifiers in examples as pseudonyms.
 */
import type { FullStore, NodeType, Ring } from '../../../engine/index.ts';
import { PERSONAL_NODE_TYPES, LINKING_NODE_TYPES } from '../../../engine/index.ts';
import type { Masker } from '../access/mask.ts';
import { seesPersonalData, type Principal } from '../access/principal.ts';
import { ringInScope } from '../access/scope.ts';
import type { OverviewLink, RingsOverview } from '../schemas.ts';

const LINKING_TYPES: ReadonlySet<NodeType> = LINKING_NODE_TYPES;
/** Nodes read per ring: members and their identifiers come first in a ring subgraph. */
const SUBGRAPH_LIMIT = 400;
const EXAMPLES = 3;

const cache = new WeakMap<FullStore, { runId: string; overview: Promise<RingsOverview> }>();

async function allRings(store: FullStore, runId: string): Promise<Ring[]> {
  const out: Ring[] = [];
  for (let offset = 0; ; offset += 1_000) {
    const { rings, total } = await store.listRings({ runId, sort: 'score', offset, limit: 1_000 });
    out.push(...rings);
    if (rings.length === 0 || offset + 1_000 >= total) return out;
  }
}

async function build(store: FullStore, runId: string): Promise<RingsOverview> {
  const rings = await allRings(store, runId);
  const ringsOf = new Map<string, string[]>();
  let truncated = false;
  for (const ring of rings) {
    const graph = await store.ringSubgraph(ring.id, { limit: SUBGRAPH_LIMIT, runId });
    if (!graph) continue;
    truncated ||= graph.truncated;
    for (const node of graph.nodes) {
      if (!LINKING_TYPES.has(node.type)) continue;
      const list = ringsOf.get(node.id);
      if (list) list.push(ring.id);
      else ringsOf.set(node.id, [ring.id]);
    }
  }
  const hubLimit = Math.max(5, Math.round(Math.sqrt(rings.length)));
  let hubsSkipped = 0;
  const links = new Map<string, OverviewLink>();
  for (const [identifier, sharing] of ringsOf) {
    if (sharing.length < 2) continue;
    if (sharing.length > hubLimit) {
      hubsSkipped++;
      continue;
    }
    const weight = 1 / Math.log2(1 + sharing.length);
    for (let i = 0; i < sharing.length; i++) {
      for (let j = i + 1; j < sharing.length; j++) {
        const [source, target] = [sharing[i]!, sharing[j]!].sort() as [string, string];
        const key = `${source}\u0000${target}`;
        const link = links.get(key) ?? { source, target, shared: 0, weight: 0, examples: [] };
        link.shared++;
        link.weight += weight;
        if (link.examples.length < EXAMPLES) link.examples.push(identifier);
        links.set(key, link);
      }
    }
  }
  return {
    runId,
    rings: rings.map((r) => ({ id: r.id, score: r.score, size: r.size, brands: r.brands, change: r.change ?? null, tier: r.tier ?? 'ring' })),
    links: [...links.values()].map((l) => ({ ...l, weight: Math.round(l.weight * 1_000) / 1_000 })),
    hubsSkipped,
    truncated,
  };
}

function maskExample(id: string, masker: Masker): string {
  const colon = id.indexOf(':');
  const type = id.slice(0, colon) as NodeType;
  return PERSONAL_NODE_TYPES.has(type) ? `${type}:${masker.pseudonym(type, id.slice(colon + 1))}` : id;
}

export async function ringsOverview(store: FullStore, principal: Principal, masker: Masker): Promise<RingsOverview> {
  const run = await store.currentRun();
  if (run === null) return { runId: null, rings: [], links: [], hubsSkipped: 0, truncated: false };
  let entry = cache.get(store);
  if (entry?.runId !== run.id) {
    entry = { runId: run.id, overview: build(store, run.id) };
    // A failed build must not stay cached.
    entry.overview.catch(() => cache.delete(store));
    cache.set(store, entry);
  }
  let overview = await entry.overview;
  if (principal.role === 'liaison') {
    const rings = overview.rings.filter((r) => ringInScope(r, principal));
    const visible = new Set(rings.map((r) => r.id));
    // hubsSkipped counts identifiers across the whole marketplace: not the liaison's to know.
    overview = { ...overview, rings, links: overview.links.filter((l) => visible.has(l.source) && visible.has(l.target)), hubsSkipped: 0 };
  }
  if (!seesPersonalData(principal)) overview = { ...overview, links: overview.links.map((l) => ({ ...l, examples: l.examples.map((e) => maskExample(e, masker)) })) };
  return overview;
}
