/**
 * Detection as a job: one run at a time per registry (a second trigger while
 * one runs is a CONFLICT), and across processes through the store's detection
 * lock (a run another process holds fails the job with CONFLICT naming it);
 * stage progress while it runs, and the run's id, ring count, timings and
 * lineage counts as its result.
 */
import type { Logger } from '../model/logger.ts';
import type { DetectParams } from '../model/rings.ts';
import { DEFAULT_DETECT_PARAMS, validateParams, type DetectResult } from '../detect/detect-rings.ts';
import { DEFAULT_LEASE_MS, runExclusiveDetection, type ExclusiveDetectionStore } from '../schedule/exclusive-detection.ts';
import type { JobRecord, JobRegistry } from './job-registry.ts';

/** The stages `runDetection` reports, in order (progress is stage n of this many). */
export const DETECTION_STAGES = ['read', 'projection', 'louvain', 'scoring', 'lineage', 'write'] as const;

export interface DetectionJobInput {
  params: Partial<DetectParams>;
  owner: string | null;
  logger?: Logger;
  /** Lease of the store's detection lock (default DEFAULT_LEASE_MS). */
  leaseMs?: number;
  /** Where the lock says the run comes from (default: the owner). */
  lockOwner?: string;
  /** Runs after the run is saved, inside the job (alert delivery, notifications). */
  afterRun?: (result: DetectResult) => Promise<Record<string, unknown> | void>;
}

export function startDetectionJob(
  registry: JobRegistry,
  store: ExclusiveDetectionStore,
  input: DetectionJobInput,
): JobRecord {
  // Bad parameters are refused before a job exists, so the caller gets a 400, not a failed job.
  validateParams({ ...DEFAULT_DETECT_PARAMS, ...input.params });
  return registry.start({ kind: 'detect', owner: input.owner, exclusive: true }, async (ctx) => {
    let done = 0;
    ctx.progress({ stage: 'read', done: 0, total: DETECTION_STAGES.length });
    const result = await runExclusiveDetection(store, input.params, {
      owner: input.lockOwner ?? input.owner ?? 'api',
      leaseMs: input.leaseMs ?? DEFAULT_LEASE_MS,
      ...(input.logger ? { logger: input.logger } : {}),
      onStage: (stage) => ctx.progress({ stage, done: Math.min(++done, DETECTION_STAGES.length), total: DETECTION_STAGES.length }),
    });
    const { run } = result;
    const extra = (await input.afterRun?.(result)) ?? {};
    return { runId: run.id, ringsFound: run.ringsFound, sellers: run.sellers, links: run.links, timingsMs: run.timingsMs, lineage: run.lineage, ...extra };
  });
}
