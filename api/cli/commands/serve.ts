/** `ringtrace serve [--host H] [--port P]`: the HTTP API until SIGINT/SIGTERM, then a graceful stop. */
import { startServer } from '../../http/server.ts';
import { number } from './detect.ts';
import type { RegisterCommand } from './types.ts';

export const registerServe: RegisterCommand = (program, run) => {
  program
    .command('serve')
    .description('serve the HTTP API (JSON under /api, OpenAPI at /api/openapi.json)')
    .option('--host <host>', 'bind address (env RINGTRACE_HOST, default 127.0.0.1)')
    .option('--port <port>', 'port (env RINGTRACE_PORT, default 8080; 0 picks a free one)', number('port', true))
    .action((opts: { host?: string; port?: number }) =>
      run(async (ctx) => {
        const config = { ...ctx.config, ...(opts.host ? { host: opts.host } : {}), ...(opts.port !== undefined ? { port: opts.port } : {}) };
        const server = await startServer({ config, store: await ctx.store() });
        ctx.info(`ringtrace API on ${server.url}/api (store: ${ctx.config.store}); Ctrl-C stops`);
        const stop = (): void => {
          void server.close();
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
        await server.closed;
      }),
    );
};
