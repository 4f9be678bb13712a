/** `ringtrace ingests [--limit N]`: the provenance of every load — files with sizes and SHA-256, rows, when, by whom. */
import type { IngestRecord } from '../../../engine/index.ts';
import { MAX_LISTED, wholeNumber } from '../options.ts';
import type { RegisterCommand } from './types.ts';

export function describeIngests(ingests: IngestRecord[], total: number): string {
  if (ingests.length === 0) return 'no ingests recorded (load an export with `ringtrace ingest DIR`)';
  const out = [`${total} ingest(s), newest first`];
  for (const i of ingests) {
    const by = i.by.kind === 'token' ? `token ${i.by.name} (${i.by.tokenId ?? '?'})` : `cli ${i.by.name}`;
    const state = i.written ? `${i.accepted} accepted, ${i.rejected} rejected` : `refused (strict, ${i.rejected} bad row(s)), nothing written`;
    out.push(`${i.id}  ${i.finishedAt}  by ${by}  ${state}`);
    for (const f of i.files) {
      out.push(`    ${f.name.padEnd(22)} ${String(f.bytes).padStart(12)} B  sha256 ${f.sha256}  ${f.accepted}/${f.rows} rows accepted`);
    }
  }
  return out.join('\n');
}

export const registerIngests: RegisterCommand = (program, run) => {
  program
    .command('ingests')
    .description('list recorded ingests (provenance: each file’s size and SHA-256, rows accepted and rejected, when, by whom)')
    .option('--limit <n>', 'how many', wholeNumber('--limit', 1, MAX_LISTED), 20)
    .option('--offset <n>', 'skip this many newest', wholeNumber('--offset', 0, Number.MAX_SAFE_INTEGER), 0)
    .action((opts: { limit: number; offset: number }) =>
      run(async (ctx) => {
        const store = await ctx.existingStore();
        const { ingests, total } = await store.listIngests({ offset: opts.offset, limit: opts.limit });
        ctx.print({ total, ingests }, () => describeIngests(ingests, total));
      }),
    );
};
