/**
 * Detection as a job: one run at a time per registry (a second trigger while
 * one runs is a CONFLICT), and across processes through the store's detection
 * lock, taken and renewed here on the calling thread while a worker computes
 * (a run another process holds fails the job with CONFLICT naming it); stage
 * progress while it runs, and the run's id, ring count, timings and lineage
 * counts as its result.
 */
import type { Logger } from '../model/logger.ts';
import type { DetectParams } from '../model/rings.ts';
import { runDetection, type DetectionStore } from '../detect/run-detection.ts';
import type { AlertPolicy } from '../casework/plan-casework.ts';
import { DEFAULT_DETECT_PARAMS, validateParams } from '../detect/detect-rings.ts';
import type { RunLocks, StoreLifecycle } from '../store/ports.ts';
import { DEFAULT_LEASE_MS, withDetectionLock } from '../schedule/exclusive-detection.ts';
import { runDetectionInThread } from './detection-thread.ts';
import type { JobRecord, JobRegistry } from './job-registry.ts';

/** The stages `runDetection` reports, in order (progress is stage n of this many). */
export const DETECTION_STAGES = ['read', 'projection', 'louvain', 'scoring', 'lineage', 'write'] as const;

export interface DetectionJobInput {
  params: Partial<DetectParams>;
  owner: string | null;
  logger?: Logger;
  /**
   * Run in a worker thread on a second connection (default: whenever the
   * store can be reopened), so a server keeps answering during the run.
   */
  inThread?: boolean;
  /** Called once the new run is saved (a server drops its read cache). */
  onSaved?: () => void;
  /** Lease of the store's detection lock (default DEFAULT_LEASE_MS). */
  leaseMs?: number;
  /** Where the lock says the run comes from (default: the owner). */
  lockOwner?: string;
  /** What raises an alert (RINGTRACE_ALERT_MIN_SCORE) and whether a webhook is configured. */
  alerts?: AlertPolicy;
  /** Called with the saved run's alert ids (a server starts delivering them). */
  onAlerts?: (alertIds: string[]) => void;
}

export function startDetectionJob(
  registry: JobRegistry,
  store: DetectionStore & RunLocks & Pick<StoreLifecycle, 'reopenSpec'>,
  input: DetectionJobInput,
): JobRecord {
  // Bad parameters are refused before a job exists, so the caller gets a 400, not a failed job.
  validateParams({ ...DEFAULT_DETECT_PARAMS, ...input.params });
  return registry.start({ kind: 'detect', owner: input.owner, exclusive: true }, async (ctx) => {
    let done = 0;
    ctx.progress({ stage: 'read', done: 0, total: DETECTION_STAGES.length });
    const options = {
      ...(input.logger ? { logger: input.logger } : {}),
      onStage: (stage: string) => ctx.progress({ stage, done: Math.min(++done, DETECTION_STAGES.length), total: DETECTION_STAGES.length }),
      ...(input.alerts ? { alerts: input.alerts } : {}),
    };
    const spec = (input.inThread ?? true) ? store.reopenSpec?.() : undefined;
    const lock = { owner: input.lockOwner ?? input.owner ?? 'api', leaseMs: input.leaseMs ?? DEFAULT_LEASE_MS, ...(input.logger ? { logger: input.logger } : {}) };
    const result = await withDetectionLock(store, lock, ({ runId, lockHolder }) =>
      spec !== undefined
        ? runDetectionInThread(spec, input.params, { ...options, runId, lockHolder })
        : runDetection(store, input.params, { ...options, newRunId: () => runId, save: { lockHolder } }),
    );
    input.onSaved?.();
    input.onAlerts?.(result.alertIds ?? []);
    const { run } = result;
    return { alerts: result.alertIds?.length ?? 0, runId: run.id, ringsFound: run.ringsFound, sellers: run.sellers, links: run.links, timingsMs: run.timingsMs, lineage: run.lineage };
  });
}
