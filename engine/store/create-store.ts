/**
 * Picks and builds the configured store adapter. The Neo4j adapter is loaded
 * lazily so embedded users never load the driver.
 */
import type { Config } from '../config.ts';
import type { Logger } from '../model/logger.ts';
import { createEmbeddedStore } from './embedded/index.ts';
import type { FullStore } from './ports.ts';

export async function createStore(config: Config, logger?: Logger): Promise<FullStore> {
  if (config.store === 'neo4j') {
    const { createNeo4jStore } = await import('./neo4j/index.ts');
    return createNeo4jStore({
      uri: config.neo4jUri!,
      user: config.neo4jUser,
      password: config.neo4jPassword,
      ...(config.neo4jDatabase ? { database: config.neo4jDatabase } : {}),
      ...(logger ? { logger } : {}),
    });
  }
  return createEmbeddedStore({ dataDir: config.dataDir, ...(logger ? { logger } : {}) });
}
