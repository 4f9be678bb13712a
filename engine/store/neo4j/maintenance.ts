/**
 * Whole-database maintenance outside the port: emptying a database for test
 * setup or an explicit reset. Deletes in server-side batches so a big graph
 * does not need one huge transaction.
 */
import neo4j from 'neo4j-driver';
import { createRunner } from './session.ts';
import { toEngineError } from './errors.ts';

export interface Neo4jConnection {
  uri: string;
  user: string;
  password: string;
  database?: string;
}

export async function deleteAllData(connection: Neo4jConnection, batchSize = 10_000): Promise<void> {
  const driver = neo4j.driver(connection.uri, neo4j.auth.basic(connection.user, connection.password), { disableLosslessIntegers: true });
  try {
    const runner = createRunner(() => driver, connection.database, connection.uri);
    await runner.autoCommit('write/delete-all-data', { batchSize });
  } catch (error) {
    throw toEngineError(error, connection.uri, 'deleteAllData');
  } finally {
    await driver.close();
  }
}
