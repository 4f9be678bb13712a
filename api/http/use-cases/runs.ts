/**
 * Detection runs: list and detail (parameters, timings, hubs found, lineage
 * counts) and the trigger, which starts a detection job (one at a time:
 * CONFLICT while one runs). Hubs are identifiers of honest sellers: a viewer
 * sees them masked, a liaison (whose scope is its brands' rings) not at all;
 * a liaison's counts are those of its scope (its brands' rings and their
 * members), never the marketplace's: no links, no lineage counts.
 */
import { alertPolicy, EngineError, runInProgress, startDetectionJob, type Config, type DetectParams, type FullStore, type JobRecord, type JobRegistry, type Logger, type RunRecord } from '../../../engine/index.ts';
import type { Masker } from '../access/mask.ts';
import type { Principal } from '../access/principal.ts';
import type { Paged, RunView } from '../schemas.ts';
import { page } from '../validation.ts';

async function view(store: FullStore, run: RunRecord, currentId: string | null, principal: Principal, masker: Masker): Promise<RunView> {
  if (principal.role === 'liaison') {
    const { rings, total } = await store.listRings({ runId: run.id, brands: principal.brands, sort: 'score', offset: 0, limit: 10_000 });
    const sellers = new Set(rings.flatMap((r) => r.members)).size;
    return { ...run, hubs: [], ringsFound: total, sellers, links: 0, lineage: {}, current: run.id === currentId };
  }
  const shown = principal.role === 'viewer' ? masker.run(run) : run;
  return { ...shown, current: run.id === currentId };
}

export async function listRuns(
  store: FullStore,
  principal: Principal,
  masker: Masker,
  paging: { offset: number; limit: number },
): Promise<Paged<RunView>> {
  // One extra row tells whether a next page exists (the port does not count runs).
  const [runs, current] = await Promise.all([store.listRuns(paging.offset, paging.limit + 1), store.currentRun()]);
  const items = await Promise.all(runs.slice(0, paging.limit).map((r) => view(store, r, current?.id ?? null, principal, masker)));
  return { items, page: { ...page(paging.offset, paging.limit, items.length, null), nextOffset: runs.length > paging.limit ? paging.offset + paging.limit : null } };
}

export async function runDetail(store: FullStore, principal: Principal, masker: Masker, runId: string): Promise<RunView> {
  const [run, current] = await Promise.all([runId === 'current' ? store.currentRun() : store.getRun(runId), store.currentRun()]);
  if (run === null) throw new EngineError('NOT_FOUND', runId === 'current' ? 'no run yet' : `no run ${runId}`);
  return view(store, run, current?.id ?? null, principal, masker);
}

/** Starts a run; 409 CONFLICT naming the run when one is in progress here or in another process (the store's lock). */
export async function triggerRun(
  store: FullStore,
  jobs: JobRegistry,
  config: Pick<Config, 'lockLeaseMs' | 'alertMinScore' | 'webhookUrl'>,
  input: { params: Partial<DetectParams>; owner: string; logger: Logger; onSaved?: () => void; onAlerts?: (alertIds: string[]) => void },
): Promise<JobRecord> {
  const held = await store.runLock();
  if (held !== null) throw runInProgress(held);
  return startDetectionJob(jobs, store, { ...input, leaseMs: config.lockLeaseMs, alerts: alertPolicy(config) });
}
