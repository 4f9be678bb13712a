/** `ringtrace serve [--host H] [--port P]`: the HTTP API until SIGINT/SIGTERM, then a graceful stop. */
import { assertPortFree, startServer } from '../../http/server.ts';
import type { CliContext } from '../context.ts';
import { number } from './detect.ts';
import type { RegisterCommand } from './types.ts';

export interface ListenOptions {
  host?: string;
  port?: number;
}

function listenConfig(ctx: CliContext, opts: ListenOptions) {
  return { ...ctx.config, ...(opts.host ? { host: opts.host } : {}), ...(opts.port !== undefined ? { port: opts.port } : {}) };
}

/** CONFLICT before anything is written when the port is taken. */
export async function checkListenPort(ctx: CliContext, opts: ListenOptions): Promise<void> {
  const { host, port } = listenConfig(ctx, opts);
  await assertPortFree(host, port);
}

/**
 * Starts the server on the context's store (flags over config), announces its
 * URL, and resolves once SIGINT or SIGTERM has stopped it gracefully.
 */
export async function serveUntilStopped(
  ctx: CliContext,
  opts: ListenOptions,
  announce: (url: string) => void | Promise<void>,
  lifecycle: { closeStore?: boolean } = {},
): Promise<void> {
  const config = listenConfig(ctx, opts);
  const server = await startServer({ config, store: await ctx.store(), closeStore: lifecycle.closeStore ?? true });
  try {
    await announce(server.url);
  } catch (error) {
    await server.close();
    throw error;
  }
  const stop = (): void => {
    void server.close();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  await server.closed;
}

export const registerServe: RegisterCommand = (program, run) => {
  program
    .command('serve')
    .description('serve the HTTP API (JSON under /api, OpenAPI at /api/openapi.json)')
    .option('--host <host>', 'bind address (env RINGTRACE_HOST, default 127.0.0.1)')
    .option('--port <port>', 'port (env RINGTRACE_PORT, default 8080; 0 picks a free one)', number('port', true))
    .action((opts: ListenOptions) =>
      run((ctx) => serveUntilStopped(ctx, opts, (url) => ctx.info(`ringtrace API on ${url}/api (store: ${ctx.config.store}); Ctrl-C stops`))),
    );
};
