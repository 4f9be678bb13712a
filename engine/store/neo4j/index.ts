/**
 * The Neo4j adapter of the storage port: `createNeo4jStore({ uri, user,
 * password })` gives the whole FullStore over Bolt. This folder is the only
 * code that imports neo4j-driver or reads `cypher/`. This file composes the
 * concern modules and owns the driver's life; failures leave as EngineError
 * (unreachable → STORE_UNAVAILABLE, retriable) without driver text or secrets.
 */
import neo4j, { type Driver } from 'neo4j-driver';
import { EngineError } from '../../model/errors.ts';
import { silentLogger, type Logger } from '../../model/logger.ts';
import type { FullStore } from '../ports.ts';
import { createAccess } from './access.ts';
import { createCasework } from './casework.ts';
import { createDetectionReads } from './detection-reads.ts';
import { toEngineError } from './errors.ts';
import { createGraphReads } from './graph-reads.ts';
import { createIngestWrites } from './ingest-writes.ts';
import { createProvenance } from './provenance.ts';
import { createSavedViews } from './saved-views.ts';
import { createRings } from './rings.ts';
import { createRunLocks } from './run-locks.ts';
import { applySchema } from './schema.ts';
import { createRunner, DEFAULT_READ_TIMEOUT_MS } from './session.ts';
import { asNumber, asString, asStringList } from './values.ts';

export interface Neo4jStoreOptions {
  uri: string;
  user: string;
  password: string;
  /** Database name; the server's default database when absent. */
  database?: string;
  /** A read (one query, the driver's retries included) not answered after this long fails STORE_UNAVAILABLE (default 20 s). */
  readTimeoutMs?: number;
  logger?: Logger;
}

/** The URI without user info, for messages and info(). */
export function safeUri(uri: string): string {
  try {
    const parsed = new URL(uri);
    parsed.username = '';
    parsed.password = '';
    return parsed.toString().replace(/\/$/, '');
  } catch {
    return uri.replace(/\/\/[^@/]*@/, '//');
  }
}

export function createNeo4jStore(options: Neo4jStoreOptions): FullStore {
  const uri = safeUri(options.uri);
  const logger = options.logger ?? silentLogger;
  let driver: Driver | null = null;

  const getDriver = (): Driver => {
    if (driver === null) throw new EngineError('STORE_UNAVAILABLE', `Neo4j store at ${uri} is not open`);
    return driver;
  };
  const runner = createRunner(getDriver, options.database, uri, { readTimeoutMs: options.readTimeoutMs ?? DEFAULT_READ_TIMEOUT_MS });
  const ingest = createIngestWrites(runner);
  const detection = createDetectionReads(runner);
  const rings = createRings(runner);
  const graph = createGraphReads(runner);
  const access = createAccess(runner);
  const locks = createRunLocks(runner);
  const provenance = createProvenance(runner);
  const savedViews = createSavedViews(runner);
  const casework = createCasework(runner);

  return {
    kind: 'neo4j',
    reopenSpec: () => ({
      kind: 'neo4j',
      uri: options.uri,
      user: options.user,
      password: options.password,
      ...(options.database !== undefined ? { database: options.database } : {}),
      ...(options.readTimeoutMs !== undefined ? { readTimeoutMs: options.readTimeoutMs } : {}),
    }),

    async open() {
      if (driver !== null) return;
      const created = neo4j.driver(options.uri, neo4j.auth.basic(options.user, options.password), {
        // Every integer here is a count, size, score or sequence far below 2^53.
        disableLosslessIntegers: true,
        connectionAcquisitionTimeout: 30_000,
        connectionTimeout: 10_000,
        maxTransactionRetryTime: 30_000,
      });
      try {
        await created.verifyConnectivity(options.database === undefined ? {} : { database: options.database });
      } catch (error) {
        await created.close().catch(() => undefined);
        throw toEngineError(error, uri, 'connect');
      }
      driver = created;
      try {
        await applySchema(runner);
      } catch (error) {
        driver = null;
        await created.close().catch(() => undefined);
        throw error;
      }
      logger.info('neo4j store open', { uri, database: options.database ?? '(default)' });
    },

    async close() {
      if (driver === null) return;
      const closing = driver;
      driver = null;
      await closing.close();
    },

    async info() {
      const [record] = await runner.read('read/get-server-components');
      const version = record === undefined ? 'unknown' : `${asString(record.get('name'))} ${asStringList(record.get('versions')).join(', ')} ${asString(record.get('edition'))}`;
      return { kind: 'neo4j' as const, location: uri, version };
    },

    async counts() {
      const [record] = await runner.read('read/count-entities');
      const n = (name: string): number => (record === undefined ? 0 : asNumber(record.get(name)));
      return {
        sellers: n('sellers'), shops: n('shops'), addresses: n('addresses'),
        paymentAccounts: n('paymentAccounts'), shipments: n('shipments'), reports: n('reports'),
      };
    },

    ...ingest,
    ...detection,
    ...rings,
    ...graph,
    ...access,
    ...locks,
    ...provenance,
    ...savedViews,
    ...casework,
  };
}

export { deleteAllData } from './maintenance.ts';
