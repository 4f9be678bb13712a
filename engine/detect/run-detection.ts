/**
 * The detection use case against a store: read the previous run's rings for
 * lineage, detect, then save the run atomically (the previous run stays
 * current until the new one is fully written).
 */
import { EngineError } from '../model/errors.ts';
import type { Logger } from '../model/logger.ts';
import type { DetectParams } from '../model/rings.ts';
import type { CaseworkStore, DetectionReads, RingReads, RingWrites, SaveRunOptions } from '../store/ports.ts';
import { gatherCasework } from '../casework/gather-casework.ts';
import { DEFAULT_ALERT_POLICY, type AlertPolicy } from '../casework/plan-casework.ts';
import { DEFAULT_DETECT_PARAMS, detectRings, type DetectOptions, type DetectResult } from './detect-rings.ts';
import type { LineageInput } from './lineage.ts';
import { GDS_PROJECTIONS, IN_PROCESS_COMMUNITIES, type CommunityDetector, type GdsProjection } from './community-detector.ts';

/** Where communities are found: in this process, inside the store with GDS (Leiden or Louvain), or chosen by size. */
export const DETECTION_ENGINES = ['auto', 'in-process', 'gds', 'gds-louvain'] as const;
export type DetectionEngine = (typeof DETECTION_ENGINES)[number];

/**
 * `auto` runs inside Neo4j (GDS Leiden) from this many sellers, when the server has GDS. Below it the in-process path
 * is faster on one machine (docs/scale.md: at 1M sellers in-process Louvain takes 0.5 s, the GDS round trip longer);
 * above it the point is Neo4j's memory and engine rather than the Node process's.
 */
export const GDS_AUTO_MIN_SELLERS = 5_000_000;

export interface RunDetectionOptions extends Pick<DetectOptions, 'newRunId' | 'now'> {
  logger?: Logger;
  onStage?: (stage: string) => void;
  /** Default `in-process`. */
  engine?: DetectionEngine;
  /** How a GDS engine gets the evidence graph (default `bolt`); not used when communities are found in process. */
  projection?: GdsProjection;
  /** Passed to saveRun (the lock fence). */
  save?: Omit<SaveRunOptions, 'casework'>;
  /** What raises an alert and whether a webhook is configured (default: score ≥ 0.5, no webhook). */
  alerts?: AlertPolicy;
}

/** What detection needs of a store: its inputs, the rings, and the cases that follow them. */
export type DetectionStore = DetectionReads & RingReads & RingWrites & Pick<CaseworkStore, 'casesForRings' | 'caseEvents'>;

/**
 * The community detector for an engine choice; INVALID_INPUT when `gds` is asked of a store or server without it, or
 * the projection is not one of GDS_PROJECTIONS.
 */
export async function chooseCommunityDetector(store: DetectionReads, engine: DetectionEngine, projection: GdsProjection = 'bolt'): Promise<CommunityDetector> {
  if (!(GDS_PROJECTIONS as readonly string[]).includes(projection)) {
    throw new EngineError('INVALID_INPUT', `projection ${String(projection)}: must be one of ${GDS_PROJECTIONS.join(', ')}`, { details: { field: 'projection' } });
  }
  if (engine === 'in-process') return IN_PROCESS_COMMUNITIES;
  if (engine === 'auto') {
    if (store.storeCommunities === undefined || (await store.sellerCount()) < GDS_AUTO_MIN_SELLERS) return IN_PROCESS_COMMUNITIES;
    return (await store.storeCommunities('leiden', projection)) ?? IN_PROCESS_COMMUNITIES;
  }
  const detector = (await store.storeCommunities?.(engine === 'gds' ? 'leiden' : 'louvain', projection)) ?? null;
  if (detector === null) {
    throw new EngineError('INVALID_INPUT', `engine ${engine}: this store cannot run community detection inside it (it needs Neo4j with the Graph Data Science library; the local server of tools/neo4j-local has OpenGDS)`, { details: { field: 'engine' } });
  }
  return detector;
}

export async function previousRings(store: RingReads): Promise<{ runId: string; rings: LineageInput[] } | null> {
  const current = await store.currentRun();
  if (!current) return null;
  const rings: LineageInput[] = [];
  const page = 1_000;
  for (let offset = 0; ; offset += page) {
    const { rings: batch, total } = await store.listRings({ runId: current.id, offset, limit: page, sort: 'score' });
    for (const r of batch) rings.push({ id: r.id, members: r.members });
    if (offset + page >= total || batch.length === 0) break;
  }
  return { runId: current.id, rings };
}

export async function runDetection(
  store: DetectionStore,
  params: Partial<DetectParams> = {},
  options: RunDetectionOptions = {},
): Promise<DetectResult> {
  const full: DetectParams = { ...DEFAULT_DETECT_PARAMS, ...params };
  const previous = await previousRings(store);
  const { save, engine, projection, alerts, ...detectOptions } = options;
  const communities = await chooseCommunityDetector(store, engine ?? 'in-process', projection);
  const result = await detectRings(store, full, { ...detectOptions, previous, communities });
  const t = performance.now();
  // Alerts and case changes are planned under the run's lock and committed with the run (docs/scheduling.md, "Alerts").
  const casework = await gatherCasework(
    store, result.run, result.rings, previous === null ? null : { runId: previous.runId, ringIds: previous.rings.map((r) => r.id) }, alerts ?? DEFAULT_ALERT_POLICY,
  );
  await store.saveRun(result.run, result.rings, { ...save, casework });
  result.run.timingsMs.write = Math.round(performance.now() - t);
  result.alertIds = casework.alerts.map((a) => a.id);
  options.onStage?.('write');
  return result;
}
