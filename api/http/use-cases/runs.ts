/**
 * Detection runs: list and detail (parameters, timings, hubs found, lineage
 * counts) and the trigger, which starts a detection job (one at a time:
 * CONFLICT while one runs). Hubs are identifiers of honest sellers: a viewer
 * sees them masked, a liaison (whose scope is its brands' rings) not at all.
 */
import { EngineError, runInProgress, startDetectionJob, type Config, type DetectParams, type FullStore, type JobRecord, type JobRegistry, type Logger, type RunRecord } from '../../../engine/index.ts';
import type { Masker } from '../access/mask.ts';
import type { Principal } from '../access/principal.ts';
import { page, type Page } from '../validation.ts';

export type RunView = RunRecord & { current: boolean };

function view(run: RunRecord, currentId: string | null, principal: Principal, masker: Masker): RunView {
  const shown = principal.role === 'liaison' ? { ...run, hubs: [] } : principal.role === 'viewer' ? masker.run(run) : run;
  return { ...shown, current: run.id === currentId };
}

export async function listRuns(
  store: FullStore,
  principal: Principal,
  masker: Masker,
  paging: { offset: number; limit: number },
): Promise<{ items: RunView[]; page: Page }> {
  // One extra row tells whether a next page exists (the port does not count runs).
  const [runs, current] = await Promise.all([store.listRuns(paging.offset, paging.limit + 1), store.currentRun()]);
  const items = runs.slice(0, paging.limit).map((r) => view(r, current?.id ?? null, principal, masker));
  return { items, page: { ...page(paging.offset, paging.limit, items.length, null), nextOffset: runs.length > paging.limit ? paging.offset + paging.limit : null } };
}

export async function runDetail(store: FullStore, principal: Principal, masker: Masker, runId: string): Promise<RunView> {
  const [run, current] = await Promise.all([runId === 'current' ? store.currentRun() : store.getRun(runId), store.currentRun()]);
  if (run === null) throw new EngineError('NOT_FOUND', runId === 'current' ? 'no run yet' : `no run ${runId}`);
  return view(run, current?.id ?? null, principal, masker);
}

/** Starts a run; 409 CONFLICT naming the run when one is in progress here or in another process (the store's lock). */
export async function triggerRun(
  store: FullStore,
  jobs: JobRegistry,
  config: Pick<Config, 'lockLeaseMs'>,
  input: { params: Partial<DetectParams>; owner: string; logger: Logger },
): Promise<JobRecord> {
  const held = await store.runLock();
  if (held !== null) throw runInProgress(held);
  return startDetectionJob(jobs, store, { ...input, leaseMs: config.lockLeaseMs });
}
