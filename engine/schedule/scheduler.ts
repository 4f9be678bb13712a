/**
 * The in-process schedule of `ringtrace serve`: a cron expression
 * (RINGTRACE_SCHEDULE, croner syntax — five fields, or six with seconds)
 * fires a detection run. A tick while the previous tick's run is still going
 * is skipped here (croner's `protect`), and a run already held by another
 * process is refused by the store's lock, which the tick logs and skips: the
 * schedule never stacks runs. `ringtrace detect` is the entry for an external
 * cron or orchestrator instead.
 */
import { Cron } from 'croner';
import { EngineError, isEngineError } from '../model/errors.ts';
import { silentLogger, type Logger } from '../model/logger.ts';

export interface DetectionSchedule {
  /** When the next tick fires, or null when stopped. */
  nextRun(): Date | null;
  stop(): void;
}

export interface ScheduleOptions {
  cron: string;
  /** Starts one run and resolves when it is done (throws CONFLICT when one is in progress). */
  tick: () => Promise<void>;
  logger?: Logger;
  /** Time zone of the expression (default: the host's). */
  timezone?: string;
}

/** Whether croner parses the expression (the config schema checks RINGTRACE_SCHEDULE with it at start-up). */
export function isCronExpression(cron: string): boolean {
  try {
    new Cron(cron, { paused: true }).stop();
    return true;
  } catch {
    return false;
  }
}

export function startDetectionSchedule(options: ScheduleOptions): DetectionSchedule {
  if (!isCronExpression(options.cron)) throw new EngineError('INVALID_INPUT', `not a cron expression: ${options.cron}`);
  const logger = options.logger ?? silentLogger;
  const job = new Cron(
    options.cron,
    {
      protect: () => logger.info('scheduled detection skipped: the previous scheduled run is still going'),
      ...(options.timezone ? { timezone: options.timezone } : {}),
    },
    async () => {
      try {
        await options.tick();
      } catch (error) {
        if (isEngineError(error) && error.code === 'CONFLICT') logger.info('scheduled detection skipped: a run is in progress', { reason: error.message });
        else logger.error('scheduled detection failed', { error: error instanceof Error ? error.message : String(error) });
      }
    },
  );
  logger.info('detection schedule started', { cron: options.cron, next: job.nextRun()?.toISOString() ?? null });
  return {
    nextRun: () => (job.isStopped() ? null : job.nextRun()),
    stop: () => job.stop(),
  };
}
