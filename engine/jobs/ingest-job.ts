/**
 * The ingest use case as a job: loads an export folder (typically an upload
 * saved under the data folder) with live progress, then records the load's
 * report and its rejected rows on the job. A strict load that refused the
 * export fails the job with INGEST_REJECTED; a lenient load with rejected rows
 * succeeds, listing them. With `retry`, a load that failed on a retriable
 * error (the store unreachable or busy) is run again from the start after a
 * pause, so an outage shorter than the retry window costs a wait, not the load.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { EngineError, isEngineError } from '../model/errors.ts';
import type { Logger } from '../model/logger.ts';
import type { IngestActor } from '../model/provenance.ts';
import { ingestExport } from '../ingest/ingest-export.ts';
import type { IngestWrites, StoreLifecycle } from '../store/ports.ts';
import type { JobOutcome, JobRecord, JobRegistry } from './job-registry.ts';

export interface IngestJobInput {
  dir: string;
  strict: boolean;
  owner: string | null;
  /** Who the load is for (its provenance record). */
  by?: IngestActor;
  logger?: Logger;
  /** Runs when the job settles (removes the uploaded files, or keeps them to be loaded again). */
  cleanup?: (outcome: JobOutcome) => Promise<void>;
  /** The job's id (default: a new one). */
  id?: string;
  /**
   * Loads again, from the start, after a retriable failure (the store unreachable or busy), with backoff, while
   * `keepTrying()` holds and for at most `forMs` in all (a load is idempotent). Default: fail at the first error.
   */
  retry?: { forMs: number; firstDelayMs?: number; maxDelayMs?: number; keepTrying?: () => boolean };
}


export function startIngestJob(registry: JobRegistry, store: IngestWrites & Pick<StoreLifecycle, 'prepareSearch'>, input: IngestJobInput): JobRecord {
  return registry.start({ kind: 'ingest', owner: input.owner, ...(input.cleanup ? { cleanup: input.cleanup } : {}), ...(input.id !== undefined ? { id: input.id } : {}) }, async (ctx) => {
    const load = () => ingestExport(store, input.dir, {
      strict: input.strict,
      ...(input.by ? { by: input.by } : {}),
      ...(input.logger ? { logger: input.logger } : {}),
      onProgress: (p) => ctx.progress({ stage: p.file, done: p.bytesDone, total: p.bytesTotal, rows: p.rows }),
    });
    const started = Date.now();
    let wait = input.retry?.firstDelayMs ?? 1_000;
    let report: Awaited<ReturnType<typeof load>>;
    for (let attempt = 1; ; attempt++) {
      try {
        report = await load();
        break;
      } catch (error) {
        const retry = input.retry;
        const again = retry !== undefined && isEngineError(error) && error.retriable && (retry.keepTrying?.() ?? true) && Date.now() - started + wait <= retry.forMs;
        if (!again) throw error;
        input.logger?.warn('ingest failed on a retriable error; loading again after a pause', { jobId: ctx.id, attempt, waitMs: wait, code: error.code });
        ctx.progress({ stage: `waiting for the store after try ${attempt} (${error.code}); loading again`, done: 0, total: 0 });
        // Unreferenced: a pause must not keep a stopping process alive.
        await sleep(wait, undefined, { ref: false });
        wait = Math.min(wait * 2, retry.maxDelayMs ?? 60_000);
      }
    }
    ctx.rowErrors(report.errors, report.rejected);
    // The server's searches should find the new rows without a first-search wait.
    if (report.written) await store.prepareSearch?.();
    const summary = {
      ingestId: report.ingestId,
      files: report.files,
      accepted: report.accepted,
      rejected: report.rejected,
      warnings: report.warnings,
      written: report.written,
      elapsedMs: report.elapsedMs,
      rowsPerSecond: report.rowsPerSecond,
    };
    if (!report.written) {
      throw new EngineError('INGEST_REJECTED', `strict load refused: nothing written (${report.rejected} bad row(s))`, { details: summary });
    }
    return summary;
  });
}
