/**
 * The ingest use case as a job: loads an export folder (typically an upload
 * saved under the data folder) with live progress, then records the load's
 * report and its rejected rows on the job. A strict load that refused the
 * export fails the job with INGEST_REJECTED; a lenient load with rejected rows
 * succeeds, listing them.
 */
import { EngineError } from '../model/errors.ts';
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
}

export function startIngestJob(registry: JobRegistry, store: IngestWrites & Pick<StoreLifecycle, 'prepareSearch'>, input: IngestJobInput): JobRecord {
  return registry.start({ kind: 'ingest', owner: input.owner, ...(input.cleanup ? { cleanup: input.cleanup } : {}), ...(input.id !== undefined ? { id: input.id } : {}) }, async (ctx) => {
    const report = await ingestExport(store, input.dir, {
      strict: input.strict,
      ...(input.by ? { by: input.by } : {}),
      ...(input.logger ? { logger: input.logger } : {}),
      onProgress: (p) => ctx.progress({ stage: p.file, done: p.bytesDone, total: p.bytesTotal, rows: p.rows }),
    });
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
