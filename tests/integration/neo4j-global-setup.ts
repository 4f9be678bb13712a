/**
 * Vitest globalSetup of the integration project: one local Neo4j for the whole
 * run instead of one per test file (each cold start costs ~20 s and a cold
 * JVM), handed to the files through `provide('neo4j', …)`; files still wipe
 * it in their own beforeAll. Nothing starts when TEST_NEO4J_URI names a server
 * or when Neo4j tests are disabled (no java/mvn outside CI). Under CI=true a
 * Neo4j that cannot start fails the run here, loudly.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { freePort, startLocalNeo4j, type LocalNeo4j } from '../../engine/store/neo4j/local-server.ts';
import { LOCAL_PASSWORD, neo4jTestsEnabled, type Neo4jTestConnection } from './neo4j-setup.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The run's shared local Neo4j, or null when the files should decide (external server, disabled). */
    neo4j: Neo4jTestConnection | null;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if ((process.env['TEST_NEO4J_URI'] ?? '') !== '' || !neo4jTestsEnabled) {
    project.provide('neo4j', null);
    return async () => {};
  }
  const home = mkdtempSync(join(tmpdir(), 'ringtrace-neo4j-run-'));
  let server: LocalNeo4j;
  try {
    server = await startLocalNeo4j({ port: await freePort(), home, password: LOCAL_PASSWORD });
  } catch (error) {
    rmSync(home, { recursive: true, force: true });
    throw new Error(`Neo4j integration tests need Neo4j: the local server did not start (set TEST_NEO4J_URI to use another): ${String(error)}`, { cause: error });
  }
  project.provide('neo4j', { uri: server.uri, user: 'neo4j', password: LOCAL_PASSWORD });
  return async () => {
    await server.stop();
    rmSync(home, { recursive: true, force: true });
  };
}
