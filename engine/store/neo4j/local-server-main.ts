/**
 * `npm run neo4j [-- --port 7687 --home .ringtrace/neo4j --password PW]`:
 * runs the local Neo4j in the foreground until Ctrl-C. A CLI entry, so it
 * talks to the console; `ringtrace neo4j` calls runLocalNeo4jForeground too.
 */
import { parseArgs } from 'node:util';
import { isEngineError } from '../../model/errors.ts';
import type { Logger } from '../../model/logger.ts';
import { DEFAULT_LOCAL_HOME, DEFAULT_LOCAL_PORT, runLocalNeo4jForeground } from './local-server.ts';

const consoleLogger: Logger = {
  debug: () => {},
  info: (message, fields) => console.error(`[neo4j] ${message}${fields === undefined ? '' : ` ${JSON.stringify(fields)}`}`),
  warn: (message, fields) => console.error(`[neo4j] warning: ${message}${fields === undefined ? '' : ` ${JSON.stringify(fields)}`}`),
  error: (message, fields) => console.error(`[neo4j] error: ${message}${fields === undefined ? '' : ` ${JSON.stringify(fields)}`}`),
};

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: String(DEFAULT_LOCAL_PORT) },
      home: { type: 'string', default: DEFAULT_LOCAL_HOME },
      password: { type: 'string' },
      heap: { type: 'string', default: '1g' },
    },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    console.error(`--port must be 1..65535 (Bolt cannot listen on port 0), got ${values.port}`);
    return 2;
  }
  const { uri, done } = await runLocalNeo4jForeground({
    port,
    home: values.home,
    password: values.password,
    heap: values.heap,
    logger: consoleLogger,
  });
  const auth = values.password === undefined ? 'auth off' : 'user neo4j, password as given';
  console.log(`Neo4j is running at ${uri} (${auth}); data in ${values.home}. Ctrl-C stops it.`);
  console.log(`Use it: NEO4J_URI=${uri} NEO4J_USER=neo4j NEO4J_PASSWORD=…`);
  return done;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(isEngineError(error) ? error.message : error);
    process.exit(1);
  },
);
