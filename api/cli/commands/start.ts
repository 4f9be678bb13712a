/**
 * `ringtrace start` (what `npm start` runs): the newcomer's path to the
 * explorer. Seeds and detects a demo marketplace into an empty store, starts
 * the server, issues a one-time admin login code (valid 30 minutes, shown once, stored hashed) and
 * prints the explorer URL with the login in its fragment (never sent to the
 * server, never logged).
 */
import { BROWSER_LOGIN_LIFETIME, issueToken } from '../../http/access/tokens.ts';
import { ensureDemoData } from './demo.ts';
import { number } from './detect.ts';
import { checkListenPort, serveUntilStopped } from './serve.ts';
import type { RegisterCommand } from './types.ts';

/** The link `start` prints carries a one-time login code, exchanged by the explorer for a browser token. */
const START_LOGIN_LIFETIME = '30m';

export const registerStart: RegisterCommand = (program, run) => {
  program
    .command('start')
    .description('seed a demo marketplace on first start, detect rings, serve the explorer and print a one-time admin login link')
    .option('--sellers <n>', 'demo sellers on first start', number('sellers', true), 20_000)
    .option('--rings <n>', 'demo rings on first start', number('rings', true), 120)
    .option('--seed <s>', 'demo seed', number('seed', true), 7)
    .option('--host <host>', 'bind address (env RINGTRACE_HOST, default 127.0.0.1)')
    .option('--port <port>', 'port (env RINGTRACE_PORT, default 8080)', number('port', true))
    .action((opts: { sellers: number; rings: number; seed: number; host?: string; port?: number }) =>
      run(async (ctx) => {
        // A busy port is refused before the demo load or a login is written.
        await checkListenPort(ctx, opts);
        await ensureDemoData(ctx, { sellers: opts.sellers, rings: opts.rings, seed: opts.seed });
        const store = await ctx.store();
        await serveUntilStopped(
          ctx,
          opts,
          async (url) => {
            // Minted only once the server listens, so a start that fails leaves no stray login.
            const { token, secret } = await issueToken(store, { role: 'admin', name: `start-${new Date().toISOString().slice(0, 19)}`, expiresIn: START_LOGIN_LIFETIME, purpose: 'login' });
            console.log(
              [
                '',
                `ringtrace explorer: ${url}/#login=${secret}`,
                `  one-time admin login link: signs in one browser (for ${BROWSER_LOGIN_LIFETIME}), then stops working; unused, it expires at ${token.expiresAt ?? ''}`,
                `  API: ${url}/api  ·  OpenAPI: ${url}/api/openapi.json  ·  store: ${ctx.config.store}  ·  Ctrl-C stops`,
                '',
              ].join('\n'),
            );
          },
          // The CLI context closes the store it opened.
          { closeStore: false },
        );
      }),
    );
};
