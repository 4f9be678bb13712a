/** `ringtrace seed`: write a synthetic marketplace export with ground truth (seed/). */
import { evolveMarketplace, generateMarketplace, type SeedSummary } from '../../../seed/index.ts';
import type { CliContext } from '../context.ts';
import { assertFolderOrAbsent } from '../options.ts';
import { number } from './detect.ts';
import type { RegisterCommand } from './types.ts';

export async function seedWithProgress(ctx: CliContext, options: { sellers: number; rings: number; seed: number; outDir: string }): Promise<SeedSummary> {
  const bar = ctx.progress('seed');
  try {
    return await generateMarketplace({ ...options, onProgress: (done, total) => bar.update(done, total, 'sellers') });
  } finally {
    bar.stop();
  }
}

export const registerSeed: RegisterCommand = (program, run) => {
  program
    .command('seed')
    .description('generate a synthetic marketplace export (docs/export-format.md) plus ground_truth.json')
    .option('--sellers <n>', 'number of sellers', number('sellers', true), 20_000)
    .option('--rings <n>', 'number of planted rings', number('rings', true), 100)
    .option('--seed <s>', 'random seed', number('seed', true), 1)
    .option('--evolve <previous-dir>', 'instead: write the next export of the marketplace in this folder (rings grow, change, merge, split, dissolve, appear; honest churn) with evolution.json, the events\' ground truth')
    .requiredOption('--out <dir>', 'output folder')
    .action((opts: { sellers: number; rings: number; seed: number; out: string; evolve?: string }) =>
      run(async (ctx) => {
        assertFolderOrAbsent('--out', opts.out);
        if (opts.evolve !== undefined) {
          const evolution = await evolveMarketplace({ previousDir: opts.evolve, outDir: opts.out, seed: opts.seed });
          const byType = new Map<string, number>();
          for (const e of evolution.events) byType.set(e.type, (byType.get(e.type) ?? 0) + 1);
          ctx.print(evolution, () => `wrote ${opts.out} (next export of ${opts.evolve}): ${[...byType].map(([t, n]) => `${n} ${t}`).join(', ')}; ${evolution.untouched.length} rings untouched; ${evolution.churn.newHonestSellers} new honest sellers; events in evolution.json`);
          return;
        }
        const summary = await seedWithProgress(ctx, { sellers: opts.sellers, rings: opts.rings, seed: opts.seed, outDir: opts.out });
        ctx.print(summary, () =>
          [
            `wrote ${opts.out} in ${(summary.elapsedMs / 1000).toFixed(1)} s: ${summary.rings} rings, ${summary.benignGroups} benign groups, ${summary.hubs} hubs`,
            ...Object.entries(summary.files).map(([f, n]) => `  ${f.padEnd(24)} ${n.toLocaleString('en')} rows`),
          ].join('\n'),
        );
      }),
    );
};
