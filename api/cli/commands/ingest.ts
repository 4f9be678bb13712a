/**
 * `ringtrace ingest DIR [--strict] [--bulk [--neo4j-home DIR] | --bulk-prepare OUT [--database NAME]]`: load an
 * export; rejected rows make the exit code 1. `--bulk` loads a new or empty local Neo4j with neo4j-admin import
 * (the server stopped), `--bulk-prepare` writes the import files and the command for another server.
 */
import { InvalidArgumentError } from 'commander';
import {
  DEFAULT_LOCAL_HOME, bulkLoadLocal, ingestExport, prepareBulkLoad, type BulkLoadReport, type IngestReport, type PreparedBulkLoad,
} from '../../../engine/index.ts';
import { ExitCode } from '../main.ts';
import { cliUser, type CliContext } from '../context.ts';
import type { RegisterCommand } from './types.ts';

/** Exit statuses of a process stopped by SIGINT / SIGTERM (128 + the signal's number), as shells report them. */
const SIGNAL_EXIT = { SIGINT: 130, SIGTERM: 143 } as const;

/**
 * What an interrupted load tells its user: batches already committed stay in the store (each is whole), no ingest
 * record is written, and the same command run again completes it (rows already in are matched, not duplicated).
 */
export function interruptedIngestMessage(dir: string, at: { file: string; rows: number } | null): string {
  const where = at === null ? 'before its first rows' : `in ${at.file} after ${at.rows.toLocaleString('en')} rows read`;
  return `ingest interrupted ${where}: the batches committed so far stay in the store and no ingest record was written; run \`ringtrace ingest ${dir}\` again to complete it (rows already loaded are not duplicated)`;
}

export async function ingestWithProgress(ctx: CliContext, dir: string, strict: boolean): Promise<IngestReport> {
  const store = await ctx.store();
  const bar = ctx.progress('ingest');
  let at: { file: string; rows: number } | null = null;
  const interrupted = (signal: keyof typeof SIGNAL_EXIT): void => {
    bar.stop();
    const message = interruptedIngestMessage(dir, at);
    if (ctx.json) console.log(JSON.stringify({ error: { code: 'INTERRUPTED', message } }, null, 2));
    else process.stderr.write(`${message}\n`);
    process.exit(SIGNAL_EXIT[signal]);
  };
  const onSigint = (): void => interrupted('SIGINT');
  const onSigterm = (): void => interrupted('SIGTERM');
  process.once('SIGINT', onSigint);
  process.once('SIGTERM', onSigterm);
  try {
    return await ingestExport(store, dir, {
      strict,
      by: { kind: 'cli', name: cliUser(), tokenId: null },
      logger: ctx.logger,
      onProgress: (p) => {
        at = { file: p.file, rows: p.rows };
        bar.update(p.bytesDone, p.bytesTotal, `${p.file} ${p.rows.toLocaleString('en')} rows`);
      },
    });
  } finally {
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigterm);
    bar.stop();
  }
}

export function describeIngest(report: IngestReport): string {
  const lines = report.files.map((f) => `  ${f.file.padEnd(24)} ${String(f.accepted).padStart(10)} accepted ${String(f.rejected).padStart(8)} rejected`);
  const head = report.written
    ? `ingested ${report.accepted.toLocaleString('en')} rows from ${report.dir} in ${(report.elapsedMs / 1000).toFixed(1)} s${report.accepted > 0 ? ` (${report.rowsPerSecond.toLocaleString('en')} rows/s)` : ''}`
    : `strict load refused: nothing written (${report.rejected} bad row(s))`;
  const out = [head, ...lines, ...report.warnings.map((w) => `warning: ${w}`)];
  if (report.rejected > 0) {
    out.push(`${report.rejected} row(s) rejected:`);
    for (const e of report.errors.slice(0, 50)) out.push(`  ${e.file}:${e.line}: ${e.reason}`);
    if (report.rejected > 50) out.push(`  … and ${report.rejected - 50} more (use --json for up to ${report.errors.length})`);
  }
  return out.join('\n');
}

interface IngestFlags {
  strict?: boolean;
  bulk?: boolean;
  bulkPrepare?: string;
  neo4jHome: string;
  database: string;
  keepFiles?: boolean;
  heap?: string;
  pagecache?: string;
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

function describeBulk(report: BulkLoadReport): string {
  const { timings, import: imported, home, fileBytes } = report.bulk;
  if (imported === null) return describeIngest(report);
  return [
    describeIngest(report),
    `bulk load into ${home}: files ${seconds(timings.filesMs)} (${(fileBytes / 2 ** 20).toFixed(0)} MiB), neo4j-admin import ${seconds(timings.importMs)} ` +
      `(${imported.nodes.toLocaleString('en')} nodes, ${imported.relationships.toLocaleString('en')} relationships), constraints and indexes ${seconds(timings.schemaMs)}`,
    `start the server on it: ringtrace neo4j --home ${home}`,
  ].join('\n');
}

function describePrepared(report: PreparedBulkLoad): string {
  return [
    describeIngest(report).replace(/^ingested/, 'prepared'),
    `import files in ${report.prepared.dir} (${(report.prepared.fileBytes / 2 ** 20).toFixed(0)} MiB); with the target database stopped, run ${report.prepared.dir}/import.sh:`,
    `  ${report.prepared.command}`,
    'then start the database and run any ringtrace command against it (ringtrace doctor): opening the store creates the constraints and indexes.',
  ].join('\n');
}

async function loadExport(ctx: CliContext, dir: string, opts: IngestFlags): Promise<IngestReport> {
  const strict = opts.strict ?? false;
  if (opts.bulk === true && opts.bulkPrepare !== undefined) throw new InvalidArgumentError('--bulk and --bulk-prepare exclude each other');
  if (opts.bulk !== true && opts.bulkPrepare === undefined) return ingestWithProgress(ctx, dir, strict);
  const bar = ctx.progress('bulk');
  const onProgress = (p: { file: string; bytesDone: number; bytesTotal: number; rows: number }): void =>
    bar.update(p.bytesDone, p.bytesTotal, `${p.file} ${p.rows.toLocaleString('en')} rows`);
  try {
    if (opts.bulkPrepare !== undefined) {
      const prepared = await prepareBulkLoad(dir, opts.bulkPrepare, { strict, logger: ctx.logger, onProgress, database: opts.database });
      bar.stop();
      ctx.print(prepared, () => describePrepared(prepared));
      return prepared;
    }
    const logger = { ...ctx.logger, info: (message: string) => ctx.info(`[bulk] ${message}`) };
    const report = await bulkLoadLocal(dir, {
      home: opts.neo4jHome, strict, logger, onProgress, keepFiles: opts.keepFiles, heap: opts.heap, pagecache: opts.pagecache,
    });
    bar.stop();
    ctx.print(report, () => describeBulk(report));
    return report;
  } finally {
    bar.stop();
  }
}

export const registerIngest: RegisterCommand = (program, run) => {
  program
    .command('ingest')
    .description('load a marketplace export folder (docs/export-format.md) into the store; idempotent')
    .argument('<dir>', 'export folder')
    .option('--strict', 'fail the whole load, writing nothing, if any row is bad')
    .option('--bulk', 'first load into a new or empty local Neo4j (--neo4j-home, server stopped) with neo4j-admin import; needs Java 17 and Maven')
    .option('--bulk-prepare <out>', 'write neo4j-admin import files and the exact command (out/import.sh) for your own Neo4j server')
    .option('--neo4j-home <dir>', 'home of the local Neo4j that --bulk loads (as for ringtrace neo4j --home)', DEFAULT_LOCAL_HOME)
    .option('--database <name>', 'database name in the --bulk-prepare command', 'neo4j')
    .option('--keep-files', 'keep the import files of --bulk (in <home>/bulk-import)')
    .option('--heap <size>', 'JVM heap of the Neo4j started after --bulk to create the constraints and indexes')
    .option('--pagecache <size>', 'page cache of that Neo4j')
    .action((dir: string, opts: IngestFlags) =>
      run(async (ctx) => {
        const bulk = opts.bulk === true || opts.bulkPrepare !== undefined;
        const report = await loadExport(ctx, dir, opts);
        if (!bulk) ctx.print(report, () => describeIngest(report));
        if (report.rejected > 0) {
          if (!ctx.json) console.error(`error: ${report.rejected} row(s) rejected (first: ${report.errors[0]?.file}:${report.errors[0]?.line})`);
          throw new ExitCode(1);
        }
      }),
    );
};
