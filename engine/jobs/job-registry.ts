/**
 * An in-process registry of long-running work (ingest loads, detection runs)
 * so a caller that cannot wait — an HTTP request — can start it, then poll its
 * progress, per-row errors and outcome. Jobs live in memory: they describe work
 * this process is doing, while the durable results (rows, runs, rings) are in
 * the store. Finished jobs are kept up to `keep`, oldest dropped first.
 */
import { EngineError, isEngineError } from '../model/errors.ts';
import { silentLogger, type Logger } from '../model/logger.ts';

export const JOB_KINDS = ['ingest', 'detect'] as const;
export type JobKind = (typeof JOB_KINDS)[number];
export const JOB_STATES = ['running', 'succeeded', 'failed'] as const;
export type JobState = (typeof JOB_STATES)[number];

export interface JobProgress {
  /** What the job is doing now (a file name, a detection stage). */
  stage: string;
  done: number;
  total: number;
  /** Rows read so far (ingest). */
  rows?: number;
}

export interface JobRowError {
  file: string;
  line: number;
  reason: string;
}

export interface JobRecord {
  id: string;
  kind: JobKind;
  state: JobState;
  /** Who started it (a token name), for the audit trail and the job list. */
  owner: string | null;
  createdAt: string;
  finishedAt: string | null;
  progress: JobProgress;
  /** The first rejected rows (ingest); `errorCount` counts them all. */
  errors: JobRowError[];
  errorCount: number;
  result: Record<string, unknown> | null;
  failure: { code: string; message: string } | null;
}

/** What a job's work function may report while it runs. */
export interface JobContext {
  readonly id: string;
  progress(progress: JobProgress): void;
  rowErrors(errors: JobRowError[], total: number): void;
}

/** A job's work: resolves with its result, or throws to fail it. */
export type JobWork = (ctx: JobContext) => Promise<Record<string, unknown>>;

export interface StartJobOptions {
  kind: JobKind;
  owner: string | null;
  /** When true, refuses with CONFLICT while another job of the same kind runs. */
  exclusive?: boolean;
  /** Runs after the job settles, whatever its outcome (e.g. removing an upload folder); `error` is what failed it. */
  cleanup?: (outcome: JobOutcome) => Promise<void>;
  /** The job's id, when the caller chose it (an upload resumed after a restart keeps the id its client was given). */
  id?: string;
}

export interface JobOutcome {
  state: 'succeeded' | 'failed';
  error: unknown;
}

export const newJobId = (): string => `job-${crypto.randomUUID()}`;

export interface JobRegistry {
  start(options: StartJobOptions, work: JobWork): JobRecord;
  get(id: string): JobRecord | null;
  /** Newest first. */
  list(query: { kind?: JobKind; offset: number; limit: number }): { jobs: JobRecord[]; total: number };
  running(kind?: JobKind): JobRecord[];
  /** Resolves when every running job has settled (graceful shutdown). */
  idle(): Promise<void>;
  /** Resolves with the job once it has settled (null for an unknown id). */
  settled(id: string): Promise<JobRecord | null>;
}

export interface JobRegistryOptions {
  logger?: Logger;
  /** Finished jobs kept for polling (default 200). */
  keep?: number;
  /** Rejected rows kept per job (default 1,000). */
  maxErrors?: number;
  now?: () => Date;
  newId?: () => string;
}

export function createJobRegistry(options: JobRegistryOptions = {}): JobRegistry {
  const logger = options.logger ?? silentLogger;
  const keep = options.keep ?? 200;
  const maxErrors = options.maxErrors ?? 1_000;
  const now = options.now ?? (() => new Date());
  const newId = options.newId ?? newJobId;
  const jobs = new Map<string, JobRecord>();
  const pending = new Set<Promise<void>>();
  const runningById = new Map<string, Promise<void>>();

  const prune = (): void => {
    const finished = [...jobs.values()].filter((j) => j.state !== 'running');
    for (const job of finished.slice(0, Math.max(0, finished.length - keep))) jobs.delete(job.id);
  };

  const snapshot = (job: JobRecord): JobRecord => structuredClone(job);

  return {
    start({ kind, owner, exclusive = false, cleanup, id }, work) {
      if (id !== undefined && jobs.has(id)) throw new EngineError('CONFLICT', `job ${id} exists already`, { details: { jobId: id } });
      // The check and the registration happen in one synchronous step, so two
      // triggers arriving together cannot both pass it.
      if (exclusive) {
        const busy = [...jobs.values()].find((j) => j.kind === kind && j.state === 'running');
        if (busy) throw new EngineError('CONFLICT', `a ${kind} job is already running (${busy.id})`, { details: { jobId: busy.id } });
      }
      const job: JobRecord = {
        id: id ?? newId(),
        kind,
        state: 'running',
        owner,
        createdAt: now().toISOString(),
        finishedAt: null,
        progress: { stage: 'starting', done: 0, total: 0 },
        errors: [],
        errorCount: 0,
        result: null,
        failure: null,
      };
      jobs.set(job.id, job);
      const ctx: JobContext = {
        id: job.id,
        progress(progress) {
          job.progress = { ...progress };
        },
        rowErrors(errors, total) {
          job.errors = errors.slice(0, maxErrors).map((e) => ({ file: e.file, line: e.line, reason: e.reason }));
          job.errorCount = total;
        },
      };
      const settle = async (): Promise<void> => {
        let outcome: Pick<JobRecord, 'state' | 'result' | 'failure'>;
        let failedWith: unknown = null;
        try {
          outcome = { state: 'succeeded', result: await work(ctx), failure: null };
        } catch (error) {
          failedWith = error;
          // Only engine errors carry a message meant for people; anything else stays in the log.
          const failure = isEngineError(error)
            ? { code: error.code, message: error.message }
            : { code: 'INTERNAL', message: 'the job failed; see the server log' };
          outcome = { state: 'failed', result: null, failure };
          logger.error('job failed', { jobId: job.id, kind, error: error instanceof Error ? error.message : String(error) });
        }
        // Cleanup comes before the final state, so a poller that sees the job done sees its files gone too.
        try {
          await cleanup?.({ state: outcome.state === 'succeeded' ? 'succeeded' : 'failed', error: failedWith });
        } catch (error) {
          logger.warn('job cleanup failed', { jobId: job.id, error: String(error) });
        }
        Object.assign(job, outcome, { finishedAt: now().toISOString() });
        prune();
      };
      // Started from the event loop's check phase: the caller's answer goes out first, and requests
      // already received are handled (and see this job running) before its first synchronous stretch.
      const running = new Promise<void>((resolve) => setImmediate(resolve)).then(settle);
      pending.add(running);
      runningById.set(job.id, running);
      void running.finally(() => {
        pending.delete(running);
        runningById.delete(job.id);
      });
      logger.info('job started', { jobId: job.id, kind, owner });
      return snapshot(job);
    },

    get(id) {
      const job = jobs.get(id);
      return job ? snapshot(job) : null;
    },

    list({ kind, offset, limit }) {
      const all = [...jobs.values()].filter((j) => kind === undefined || j.kind === kind).reverse();
      return { jobs: all.slice(offset, offset + limit).map(snapshot), total: all.length };
    },

    running(kind) {
      return [...jobs.values()].filter((j) => j.state === 'running' && (kind === undefined || j.kind === kind)).map(snapshot);
    },

    async idle() {
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },

    async settled(id) {
      await runningById.get(id);
      const job = jobs.get(id);
      return job ? snapshot(job) : null;
    },
  };
}
