/**
 * Everything a dossier shows, read once through the store port and masked
 * for the recipient: the ring (with its members' "why"), its run, the ring
 * subgraph the explorer draws, every shipment of the ring's shops, and the
 * ingests that fed the run. The builder is pure with respect to the store:
 * the same store content, request and masking give the same data.
 */
import type { Role } from '../model/access.ts';
import { EngineError } from '../model/errors.ts';
import type { GraphNode, NodeType, Subgraph } from '../model/graph.ts';
import { ingestsBefore, type IngestRecord } from '../model/provenance.ts';
import type { Ring, RunRecord } from '../model/rings.ts';
import type { FullStore, StoredShipment, StoreInfo } from '../store/ports.ts';

/** The store calls a dossier needs. */
export type DossierStore = Pick<FullStore, 'getRing' | 'currentRun' | 'getRun' | 'ringSubgraph' | 'shipmentsOfShops' | 'listIngests' | 'info' | 'addressTexts'>;

export interface DossierRecipient {
  /** The token's name, or the CLI user. */
  name: string;
  role: Role;
  /** A liaison's brand scope (empty for other roles). */
  brands: string[];
}

/**
 * How personal data is shown to the recipient. The policy (which roles see
 * what) belongs to the API's access layer; the builder only applies it, so it
 * takes this interface rather than deciding itself.
 */
export interface DossierMasking {
  /** Whether anything is masked for this recipient. */
  readonly masked: boolean;
  /** What was masked and why, printed in the PDF and kept in the manifest. */
  readonly statement: string;
  ring(ring: Ring): Ring;
  subgraph(graph: Subgraph): Subgraph;
  /** A payment account's holder name as the recipient may see it. */
  holderName(value: string | null): string | null;
}

/** For recipients who see personal data: nothing masked. */
export function unmasked(role: Role): DossierMasking {
  return {
    masked: false,
    statement: `Nothing is masked: the recipient's role (${role}) may see personal data, so phones, emails, ID document hashes, payment account ids, device ids and holder names appear in full.`,
    ring: (ring) => ring,
    subgraph: (graph) => graph,
    holderName: (value) => value,
  };
}

export interface DossierData {
  ring: Ring;
  run: RunRecord;
  graph: Subgraph;
  /** Nodes of the subgraph by id. */
  nodes: Map<string, GraphNode>;
  shipments: StoredShipment[];
  /** Canonical text of every address the shipments name. */
  addressTexts: Map<string, string>;
  ingests: IngestRecord[];
  store: StoreInfo;
}

export interface DossierReadOptions {
  ringId: string;
  runId?: string;
  /** Node cap of the ring subgraph (the server's graph limit, as the explorer gets it). */
  subgraphLimit: number;
  masking: DossierMasking;
}

/** Reads (and masks) what the dossier of one ring needs; NOT_FOUND for an unknown ring or run. */
export async function readDossierData(store: DossierStore, options: DossierReadOptions): Promise<DossierData> {
  const run = options.runId === undefined ? await store.currentRun() : await store.getRun(options.runId);
  if (run === null) throw new EngineError('NOT_FOUND', options.runId === undefined ? 'no detection run yet' : `no run ${options.runId}`);
  const found = await store.getRing(options.ringId, run.id);
  if (found === null) throw new EngineError('NOT_FOUND', `no ring ${options.ringId} in run ${run.id}`);
  const rawGraph = await store.ringSubgraph(options.ringId, { limit: options.subgraphLimit, runId: run.id });
  const shipments = await store.shipmentsOfShops(found.shops);
  const keys = new Set<string>();
  for (const s of shipments) {
    if (s.originKey !== null) keys.add(s.originKey);
    if (s.destinationKey !== null) keys.add(s.destinationKey);
  }
  const addressTexts = await store.addressTexts([...keys].sort());
  const ingests = await allIngests(store);
  const graph = options.masking.subgraph(rawGraph ?? { nodes: [], edges: [], truncated: false });
  return {
    ring: { ...options.masking.ring(found), runId: run.id },
    run,
    graph,
    nodes: new Map(graph.nodes.map((n) => [n.id, n])),
    shipments,
    addressTexts,
    ingests: ingestsBefore(ingests, run.startedAt),
    store: await store.info(),
  };
}

async function allIngests(store: DossierStore): Promise<IngestRecord[]> {
  const out: IngestRecord[] = [];
  for (let offset = 0; ; offset += 500) {
    const { ingests, total } = await store.listIngests({ offset, limit: 500 });
    out.push(...ingests);
    if (ingests.length === 0 || out.length >= total) break;
  }
  // Oldest first: the order the data was built in.
  return out.reverse();
}

/** Subgraph nodes of one type, in the subgraph's order. */
export function nodesOfType(data: DossierData, type: NodeType): GraphNode[] {
  return data.graph.nodes.filter((n) => n.type === type);
}
