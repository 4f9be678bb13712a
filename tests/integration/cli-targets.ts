/**
 * The stores a test runs `ringtrace` child processes against: the embedded
 * store (a fresh folder under `root` per wipe) and, when Neo4j tests are on,
 * the run's local Neo4j (wiped). Call at module level: it registers the Neo4j
 * hooks of the file.
 */
import path from 'node:path';
import { neo4jTestsEnabled, useNeo4j, wipeNeo4j } from './neo4j-setup.ts';

export interface CliTarget {
  name: string;
  /** Environment of a child process that uses this store. */
  env: () => Record<string, string>;
  /** Starts from an empty store. */
  wipe: () => Promise<void>;
}

export function cliTargets(root: string): CliTarget[] {
  let folders = 0;
  let dir = '';
  const targets: CliTarget[] = [{
    name: 'embedded',
    env: () => ({ RINGTRACE_STORE: 'embedded', RINGTRACE_DATA_DIR: dir, NEO4J_URI: '' }),
    wipe: async () => {
      dir = path.join(root, `store-${++folders}`);
    },
  }];
  const neo4j = neo4jTestsEnabled ? useNeo4j() : null;
  if (neo4j !== null) {
    targets.push({
      name: 'neo4j',
      env: () => ({ RINGTRACE_STORE: 'neo4j', NEO4J_URI: neo4j().uri, NEO4J_USER: neo4j().user, NEO4J_PASSWORD: neo4j().password, RINGTRACE_DATA_DIR: path.join(root, 'neo4j-unused') }),
      wipe: () => wipeNeo4j(neo4j()),
    });
  }
  return targets;
}
