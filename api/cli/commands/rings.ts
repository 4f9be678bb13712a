/** `ringtrace rings [--top N]` and `ringtrace runs`: read what detection saved. */
import { EngineError, type Ring, type RunRecord } from '../../../engine/index.ts';
import { MAX_LISTED, wholeNumber } from '../options.ts';
import type { RegisterCommand } from './types.ts';

function breakdownText(b: Record<string, number>): string {
  return Object.entries(b)
    .sort((x, y) => Math.abs(y[1]) - Math.abs(x[1]))
    .map(([k, v]) => `${k} ${v >= 0 ? '+' : ''}${v.toFixed(2)}`)
    .join(', ');
}

export function describeRings(rings: Ring[]): string {
  if (rings.length === 0) return 'no rings';
  return rings
    .map((r, i) => {
      const src = r.likelySources
        .slice(0, 2)
        .map((s) => `${s.address} (${s.shipments} parcels, ${s.sellers} sellers)`)
        .join('; ');
      return [
        `#${i + 1} ${r.id}  score ${r.score.toFixed(2)}  ${r.size} sellers, ${r.shops.length} shops${r.change ? `  [${r.change}]` : ''}`,
        `    why: ${breakdownText(r.scoreBreakdown)}`,
        `    evidence: ${r.evidence.counterfeitReports} counterfeit verdicts, ${r.evidence.takedowns} takedowns${r.brands.length ? ` — ${r.brands.join(', ')}` : ''}`,
        `    shared: ${r.sharedIdentifiers.slice(0, 4).map((s) => `${s.type} ${s.label ?? s.value} ×${s.sellers}`).join('; ')}`,
        `    likely sources: ${src || 'none'}`,
      ].join('\n');
    })
    .join('\n');
}

function describeRuns(runs: RunRecord[], currentId: string | null): string {
  if (runs.length === 0) return 'no runs yet (run `ringtrace detect`)';
  return runs
    .map((r) => `${r.id === currentId ? '*' : ' '} ${r.id}  ${r.finishedAt}  ${r.ringsFound.toLocaleString('en')} rings  ${r.sellers.toLocaleString('en')} sellers  modularity ${r.modularity}  ${r.communityEngine ?? 'in-process'}  ${Object.entries(r.lineage).map(([k, v]) => `${k} ${v}`).join(' ')}`)
    .join('\n');
}

export const registerRings: RegisterCommand = (program, run) => {
  program
    .command('rings')
    .description('list the current run’s rings, highest score first')
    .option('--top <n>', 'how many', wholeNumber('--top', 1, MAX_LISTED), 10)
    .option('--run <id>', 'a past run instead of the current one')
    .action((opts: { top: number; run?: string }) =>
      run(async (ctx) => {
        const store = await ctx.existingStore();
        if (opts.run !== undefined && (await store.getRun(opts.run)) === null) {
          throw new EngineError('NOT_FOUND', `no run ${opts.run} (\`ringtrace runs\` lists them)`);
        }
        const { rings, total } = await store.listRings({ ...(opts.run ? { runId: opts.run } : {}), sort: 'score', offset: 0, limit: opts.top });
        ctx.print({ total, rings }, () => `${total.toLocaleString('en')} rings${total > rings.length ? ` (top ${rings.length} shown)` : ''}\n${describeRings(rings)}`);
      }),
    );
  program
    .command('runs')
    .description('list detection runs, newest first')
    .option('--limit <n>', 'how many', wholeNumber('--limit', 1, MAX_LISTED), 20)
    .action((opts: { limit: number }) =>
      run(async (ctx) => {
        const store = await ctx.existingStore();
        const [runs, current] = await Promise.all([store.listRuns(0, opts.limit), store.currentRun()]);
        ctx.print({ current: current?.id ?? null, runs }, () => describeRuns(runs, current?.id ?? null));
      }),
    );
};
