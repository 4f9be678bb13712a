/**
 * Shared Neo4j setup for integration tests. With TEST_NEO4J_URI set (plus
 * TEST_NEO4J_USER / TEST_NEO4J_PASSWORD) the tests use that server; otherwise
 * the one local Neo4j that neo4j-global-setup.ts started for the run, or,
 * when a file runs without that setup, a local Neo4j of its own on a free port
 * with a fresh home, stopped afterwards. Data is wiped per file (and per test
 * where a suite asks). Under CI=true Neo4j tests never skip: a Neo4j that
 * cannot start fails the suite loudly.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, inject } from 'vitest';
import { deleteAllData } from '../../engine/store/neo4j/index.ts';
import { freePort, startLocalNeo4j, type LocalNeo4j } from '../../engine/store/neo4j/local-server.ts';

export interface Neo4jTestConnection {
  uri: string;
  user: string;
  password: string;
}

export const LOCAL_PASSWORD = 'ringtrace-test';

function commandWorks(command: string, args: string[]): boolean {
  const result = spawnSync(command, args, { stdio: 'ignore' });
  return result.error === undefined && result.status === 0;
}

/**
 * Whether Neo4j tests run here: always under CI (where a failure to start must
 * fail), with an external server, or when java and mvn are installed.
 */
export const neo4jTestsEnabled: boolean =
  process.env['CI'] === 'true' ||
  (process.env['TEST_NEO4J_URI'] ?? '') !== '' ||
  (commandWorks('java', ['-version']) && commandWorks('mvn', ['-v']));

/**
 * Registers file-level hooks that provide a wiped Neo4j and returns an
 * accessor for its connection (valid inside tests and later hooks).
 */
export function useNeo4j(): () => Neo4jTestConnection {
  let connection: Neo4jTestConnection | null = null;
  let server: LocalNeo4j | null = null;
  let home: string | null = null;

  beforeAll(async () => {
    const external = process.env['TEST_NEO4J_URI'] ?? '';
    const shared = inject('neo4j') ?? null;
    if (shared !== null) {
      connection = shared;
    } else if (external !== '') {
      connection = { uri: external, user: process.env['TEST_NEO4J_USER'] ?? 'neo4j', password: process.env['TEST_NEO4J_PASSWORD'] ?? '' };
    } else {
      home = mkdtempSync(join(tmpdir(), 'ringtrace-neo4j-test-'));
      try {
        server = await startLocalNeo4j({ port: await freePort(), home, password: LOCAL_PASSWORD, heap: '1g' });
      } catch (error) {
        throw new Error(`Neo4j integration tests need Neo4j: the local server did not start (set TEST_NEO4J_URI to use another): ${String(error)}`, { cause: error });
      }
      connection = { uri: server.uri, user: 'neo4j', password: LOCAL_PASSWORD };
    }
    await deleteAllData(connection);
  });

  afterAll(async () => {
    await server?.stop();
    if (home !== null) rmSync(home, { recursive: true, force: true });
  });

  return () => {
    if (connection === null) throw new Error('Neo4j is not up: call useNeo4j() at file level and use the accessor inside tests');
    return connection;
  };
}

/** Empties the database between tests. */
export async function wipeNeo4j(connection: Neo4jTestConnection): Promise<void> {
  await deleteAllData(connection);
}
