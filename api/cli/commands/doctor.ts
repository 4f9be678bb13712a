/** `ringtrace doctor`: which store is used, its version, whether it is reachable. */
import { isEngineError } from '../../../engine/index.ts';
import { ExitCode } from '../main.ts';
import type { RegisterCommand } from './types.ts';

export const registerDoctor: RegisterCommand = (program, run) => {
  program
    .command('doctor')
    .description('check the configured store: kind, location, version, reachability, counts')
    .action(() =>
      run(async (ctx) => {
        try {
          const store = await ctx.existingStore();
          const [info, counts, current] = await Promise.all([store.info(), store.counts(), store.currentRun()]);
          ctx.print({ ok: true, store: info, counts, currentRun: current?.id ?? null, node: process.version }, () =>
            [
              `store: ${info.kind} at ${info.location} (version ${info.version}) — reachable`,
              `data: ${Object.entries(counts).map(([k, v]) => `${v.toLocaleString('en')} ${k}`).join(', ')}`,
              `current run: ${current?.id ?? 'none'}`,
              `node: ${process.version}`,
            ].join('\n'),
          );
        } catch (error) {
          if (!isEngineError(error)) throw error;
          ctx.print({ ok: false, store: ctx.config.store, error: { code: error.code, message: error.message } }, () => `store: ${ctx.config.store} — NOT reachable: [${error.code}] ${error.message}`);
          throw new ExitCode(1);
        }
      }),
    );
};
