/** `ringtrace ingest DIR [--strict]`: load an export; rejected rows make the exit code 1. */
import { ingestExport, type IngestReport } from '../../../engine/index.ts';
import { ExitCode } from '../main.ts';
import { cliUser, type CliContext } from '../context.ts';
import type { RegisterCommand } from './types.ts';

export async function ingestWithProgress(ctx: CliContext, dir: string, strict: boolean): Promise<IngestReport> {
  const store = await ctx.store();
  const bar = ctx.progress('ingest');
  try {
    return await ingestExport(store, dir, {
      strict,
      by: { kind: 'cli', name: cliUser(), tokenId: null },
      logger: ctx.logger,
      onProgress: (p) => bar.update(p.bytesDone, p.bytesTotal, `${p.file} ${p.rows.toLocaleString('en')} rows`),
    });
  } finally {
    bar.stop();
  }
}

export function describeIngest(report: IngestReport): string {
  const lines = report.files.map((f) => `  ${f.file.padEnd(24)} ${String(f.accepted).padStart(10)} accepted ${String(f.rejected).padStart(8)} rejected`);
  const head = report.written
    ? `ingested ${report.accepted.toLocaleString('en')} rows from ${report.dir} in ${(report.elapsedMs / 1000).toFixed(1)} s (${report.rowsPerSecond.toLocaleString('en')} rows/s)`
    : `strict load refused: nothing written (${report.rejected} bad row(s))`;
  const out = [head, ...lines, ...report.warnings.map((w) => `warning: ${w}`)];
  if (report.rejected > 0) {
    out.push(`${report.rejected} row(s) rejected:`);
    for (const e of report.errors.slice(0, 50)) out.push(`  ${e.file}:${e.line}: ${e.reason}`);
    if (report.rejected > 50) out.push(`  … and ${report.rejected - 50} more (use --json for up to ${report.errors.length})`);
  }
  return out.join('\n');
}

export const registerIngest: RegisterCommand = (program, run) => {
  program
    .command('ingest')
    .description('load a marketplace export folder (docs/export-format.md) into the store; idempotent')
    .argument('<dir>', 'export folder')
    .option('--strict', 'fail the whole load, writing nothing, if any row is bad')
    .action((dir: string, opts: { strict?: boolean }) =>
      run(async (ctx) => {
        const report = await ingestWithProgress(ctx, dir, opts.strict ?? false);
        ctx.print(report, () => describeIngest(report));
        if (report.rejected > 0) {
          if (!ctx.json) console.error(`error: ${report.rejected} row(s) rejected (first: ${report.errors[0]?.file}:${report.errors[0]?.line})`);
          throw new ExitCode(1);
        }
      }),
    );
};
