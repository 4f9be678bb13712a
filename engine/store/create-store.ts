/**
 * Picks and builds the configured store adapter. The Neo4j adapter is loaded
 * lazily so embedded users never load the driver.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Config } from '../config.ts';
import { EngineError } from '../model/errors.ts';
import { DB_FILE } from './embedded/connection.ts';
import type { Logger } from '../model/logger.ts';
import { createEmbeddedStore } from './embedded/index.ts';
import type { FullStore, StoreSpec } from './ports.ts';

export async function createStore(config: Config, logger?: Logger): Promise<FullStore> {
  if (config.store === 'neo4j') {
    return storeFromSpec(
      {
        kind: 'neo4j',
        uri: config.neo4jUri!,
        user: config.neo4jUser,
        password: config.neo4jPassword,
        readTimeoutMs: config.neo4jReadTimeoutMs,
        ...(config.neo4jDatabase ? { database: config.neo4jDatabase } : {}),
      },
      logger,
    );
  }
  return storeFromSpec({ kind: 'embedded', dataDir: config.dataDir }, logger);
}

/** Builds (without opening) the store a spec names. */
export async function storeFromSpec(spec: StoreSpec, logger?: Logger): Promise<FullStore> {
  if (spec.kind === 'neo4j') {
    const { createNeo4jStore } = await import('./neo4j/index.ts');
    const { kind: _kind, ...options } = spec;
    return createNeo4jStore({ ...options, ...(logger ? { logger } : {}) });
  }
  return createEmbeddedStore({ dataDir: spec.dataDir, ...(logger ? { logger } : {}) });
}

/**
 * For commands that only read: refuses, before anything is created, an
 * embedded store folder that holds no store (a mistyped `--data-dir` must not
 * quietly become a new, empty store that answers "0 rings"). A Neo4j server
 * is checked by connecting instead.
 */
export function assertStoreExists(config: Config): void {
  if (config.store !== 'embedded') return;
  const folder = resolve(config.dataDir);
  if (!existsSync(join(folder, DB_FILE))) {
    throw new EngineError('NOT_FOUND', `no embedded store in ${folder}: nothing was ingested there (check --data-dir or RINGTRACE_DATA_DIR)`);
  }
}
