/**
 * The adapter's only contact with the driver's sessions: managed read and
 * write transactions (the driver retries transient failures), auto-commit runs
 * for schema and batched deletes, and streaming reads. Every failure leaves as
 * an EngineError through toEngineError.
 */
import type { Driver, ManagedTransaction, Record as DriverRecord } from 'neo4j-driver';
import neo4j from 'neo4j-driver';
import { cypher, type QueryName } from './cypher-registry.ts';
import { toEngineError } from './errors.ts';

export type Params = Record<string, unknown>;
export type Templates = Record<string, string>;

export interface Runner {
  /** Rows of one query in a managed read transaction. */
  read(name: QueryName, params?: Params, templates?: Templates): Promise<DriverRecord[]>;
  /** One managed write transaction running `work`; retried as a whole on transient errors. */
  write<T>(what: string, work: (tx: TxRunner) => Promise<T>): Promise<T>;
  /** An auto-commit query (schema, CALL … IN TRANSACTIONS). */
  autoCommit(name: QueryName, params?: Params, templates?: Templates): Promise<DriverRecord[]>;
  /** Streams rows; the session closes when the consumer stops early. */
  stream(name: QueryName, params?: Params, templates?: Templates): AsyncGenerator<DriverRecord>;
}

export interface TxRunner {
  run(name: QueryName, params?: Params, templates?: Templates): Promise<DriverRecord[]>;
}

/**
 * JavaScript numbers go to Bolt as floats; integral ones are sent as Cypher
 * integers so SKIP / LIMIT / list slices accept them and sizes stay integers.
 */
export function toBoltParams(value: unknown): unknown {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? neo4j.int(value) : value;
  if (Array.isArray(value)) return value.map(toBoltParams);
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = toBoltParams(v);
    return out;
  }
  return value;
}

const bolt = (params: Params): Params => toBoltParams(params) as Params;

export function createRunner(getDriver: () => Driver, database: string | undefined, uri: string): Runner {
  const session = (mode: 'READ' | 'WRITE') =>
    getDriver().session({ database, defaultAccessMode: mode === 'READ' ? neo4j.session.READ : neo4j.session.WRITE });

  const txRunner = (tx: ManagedTransaction): TxRunner => ({
    async run(name, params = {}, templates = {}) {
      const result = await tx.run(cypher(name, templates), bolt(params));
      return result.records;
    },
  });

  return {
    async read(name, params = {}, templates = {}) {
      const s = session('READ');
      try {
        return await s.executeRead(async (tx) => (await tx.run(cypher(name, templates), bolt(params))).records);
      } catch (error) {
        throw toEngineError(error, uri, name);
      } finally {
        await s.close();
      }
    },

    async write(what, work) {
      const s = session('WRITE');
      try {
        return await s.executeWrite((tx) => work(txRunner(tx)));
      } catch (error) {
        throw toEngineError(error, uri, what);
      } finally {
        await s.close();
      }
    },

    async autoCommit(name, params = {}, templates = {}) {
      const s = session('WRITE');
      try {
        return (await s.run(cypher(name, templates), bolt(params))).records;
      } catch (error) {
        throw toEngineError(error, uri, name);
      } finally {
        await s.close();
      }
    },

    async *stream(name, params = {}, templates = {}) {
      const s = session('READ');
      try {
        const result = s.run(cypher(name, templates), bolt(params));
        // The driver pulls in batches (fetchSize) and pauses when the consumer is slow.
        for await (const record of result) yield record;
      } catch (error) {
        throw toEngineError(error, uri, name);
      } finally {
        await s.close();
      }
    },
  };
}
