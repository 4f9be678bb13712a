/**
 * `ringtrace demo`: the newcomer's one command. On an empty store it generates
 * a demo marketplace, ingests it and detects rings; then it prints the top
 * rings with their score breakdown and likely warehouses.
 */
import path from 'node:path';
import type { CliContext } from '../context.ts';
import { MAX_LISTED, wholeNumber } from '../options.ts';
import { describeRun, detectWithProgress, number } from './detect.ts';
import { describeIngest, ingestWithProgress } from './ingest.ts';
import { describeRings } from './rings.ts';
import { seedWithProgress } from './seed.ts';
import type { RegisterCommand } from './types.ts';

export interface DemoOptions {
  sellers: number;
  rings: number;
  seed: number;
  top: number;
}

/** Seeds, ingests and detects when the store is empty; returns whether it did. */
export async function ensureDemoData(ctx: CliContext, opts: Omit<DemoOptions, 'top'>): Promise<boolean> {
  const store = await ctx.store();
  const counts = await store.counts();
  if (counts.sellers > 0) {
    if (!(await store.currentRun())) {
      const result = await detectWithProgress(ctx, {});
      ctx.info(describeRun(result, 0));
    }
    return false;
  }
  const outDir = path.join(ctx.config.dataDir, 'demo-export');
  ctx.info(`empty store: generating a demo marketplace (${opts.sellers.toLocaleString('en')} sellers, ${opts.rings} rings) in ${outDir}`);
  await seedWithProgress(ctx, { ...opts, outDir });
  const report = await ingestWithProgress(ctx, outDir, false);
  ctx.info(describeIngest(report));
  const result = await detectWithProgress(ctx, {});
  ctx.info(describeRun(result, 0));
  return true;
}

export const registerDemo: RegisterCommand = (program, run) => {
  program
    .command('demo')
    .description('seed a demo marketplace into an empty store, detect rings, print the top rings')
    .option('--sellers <n>', 'demo sellers', number('sellers', true), 20_000)
    .option('--rings <n>', 'demo rings', number('rings', true), 120)
    .option('--seed <s>', 'demo seed', number('seed', true), 7)
    .option('--top <n>', 'rings to print', wholeNumber('--top', 0, MAX_LISTED), 5)
    .action((opts: DemoOptions) =>
      run(async (ctx) => {
        await ensureDemoData(ctx, opts);
        const store = await ctx.store();
        const { rings, total } = await store.listRings({ sort: 'score', offset: 0, limit: opts.top });
        ctx.print({ total, rings }, () => `top ${rings.length} of ${total} rings:\n${describeRings(rings)}`);
      }),
    );
};
