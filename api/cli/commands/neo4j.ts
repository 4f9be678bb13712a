/**
 * `ringtrace neo4j [--port P] [--home DIR] [--password PW]`: runs the local
 * Neo4j Community server of tools/neo4j-local in the foreground (built with
 * Maven on first use) until Ctrl-C, then stops it cleanly. It needs no store,
 * so it does not go through the context's store.
 */
import { InvalidArgumentError } from 'commander';
import { DEFAULT_HEAP, DEFAULT_LOCAL_HOME, DEFAULT_LOCAL_PORT, DEFAULT_PAGECACHE, runLocalNeo4jForeground, type Logger } from '../../../engine/index.ts';
import { ExitCode } from '../main.ts';
import type { RegisterCommand } from './types.ts';

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new InvalidArgumentError('must be 1..65535 (Bolt cannot listen on port 0)');
  return port;
}

export const registerNeo4j: RegisterCommand = (program, run) => {
  program
    .command('neo4j')
    .description('run a local Neo4j Community server (Bolt on 127.0.0.1) in the foreground; needs Java 17 and Maven')
    .option('--port <port>', 'Bolt port', parsePort, DEFAULT_LOCAL_PORT)
    .option('--home <dir>', 'data folder, kept between starts', DEFAULT_LOCAL_HOME)
    .option('--password <pw>', 'turn auth on: user neo4j with this password (at least 8 characters)')
    .option('--heap <size>', 'JVM heap', DEFAULT_HEAP)
    .option('--pagecache <size>', 'Neo4j page cache', DEFAULT_PAGECACHE)
    .action((opts: { port: number; home: string; password?: string; heap: string; pagecache: string }) =>
      run(async (ctx) => {
        const logger: Logger = { ...ctx.logger, info: (message) => ctx.info(`[neo4j] ${message}`) };
        const { uri, done } = await runLocalNeo4jForeground({ ...opts, logger });
        const auth = opts.password === undefined ? 'auth off' : 'user neo4j, password as given';
        ctx.print({ uri, home: opts.home, auth: opts.password !== undefined }, () =>
          [`Neo4j is running at ${uri} (${auth}); data in ${opts.home}. Ctrl-C stops it.`, `Use it: NEO4J_URI=${uri} NEO4J_USER=neo4j NEO4J_PASSWORD=…`].join('\n'));
        const code = await done;
        if (code !== 0) throw new ExitCode(code);
      }),
    );
};
