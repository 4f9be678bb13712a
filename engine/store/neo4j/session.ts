/**
 * The adapter's only contact with the driver's sessions: single-query reads,
 * managed write transactions (the driver retries transient failures),
 * auto-commit runs for schema and batched deletes, and streaming reads. Every
 * failure leaves as an EngineError through toEngineError.
 *
 * A read is one query, so it runs as an auto-commit transaction: RUN and PULL
 * go out in one write and come back in one round trip, where a managed
 * transaction adds BEGIN and COMMIT (two more socket writes, one more round
 * trip and two more server messages per read — measured as ~0.6 ms of server
 * and client CPU each on two cores, which is what bounds search at 50 clients).
 * Transient failures are retried here instead of in the driver, with backoff,
 * inside the same deadline.
 *
 * A read has a deadline (`readTimeoutMs`): a slow network or a server that is
 * restarting would otherwise hold the caller for the driver's whole retry time
 * (30 s) or longer, past the HTTP request timeout. At the deadline the read
 * fails STORE_UNAVAILABLE (retriable), the transaction carries the same
 * timeout so the server stops it too, and the session is closed behind it.
 * Writes have none: a write cut short at an unknown point is worse than a slow
 * one (their batches are idempotent and retried as a whole).
 */
import type { Driver, ManagedTransaction, Record as DriverRecord } from 'neo4j-driver';
import neo4j from 'neo4j-driver';
import { cypher, type QueryName } from './cypher-registry.ts';
import { EngineError } from '../../model/errors.ts';
import { toEngineError } from './errors.ts';

export const DEFAULT_READ_TIMEOUT_MS = 20_000;

export type Params = Record<string, unknown>;
export type Templates = Record<string, string>;

export interface Runner {
  /** Rows of one query, read in one auto-commit transaction (retried on transient errors within the read deadline). */
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

/**
 * Starts a query without the call-site stack the driver captures for every result (it reads `new Error().stack`,
 * which under source maps costs more than a small indexed read: ~5 % of the server's CPU under search load). The
 * driver only uses that stack to rewrite its own errors' stacks; every error here becomes an EngineError with a
 * stack of its own. The result is created synchronously inside `start`, so the limit is back before anything else runs.
 */
function startQuiet<T>(start: () => T): T {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return start();
  } finally {
    Error.stackTraceLimit = limit;
  }
}

export function createRunner(getDriver: () => Driver, database: string | undefined, uri: string, options: { readTimeoutMs?: number } = {}): Runner {
  const readTimeoutMs = options.readTimeoutMs ?? DEFAULT_READ_TIMEOUT_MS;
  const session = (mode: 'READ' | 'WRITE') =>
    getDriver().session({ database, defaultAccessMode: mode === 'READ' ? neo4j.session.READ : neo4j.session.WRITE });

  const txRunner = (tx: ManagedTransaction): TxRunner => ({
    async run(name, params = {}, templates = {}) {
      const result = await startQuiet(() => tx.run(cypher(name, templates), bolt(params)));
      return result.records;
    },
  });

  return {
    async read(name, params = {}, templates = {}) {
      const query = cypher(name, templates);
      const boltParams = bolt(params);
      const started = Date.now();
      let open: ReturnType<typeof session> | null = null;
      let timer: NodeJS.Timeout | undefined;
      let timedOut = false;
      const late = () => new EngineError('STORE_UNAVAILABLE', `Neo4j at ${uri} did not answer ${name} within ${readTimeoutMs} ms`, { retriable: true });
      const deadline = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          timedOut = true;
          reject(late());
        }, readTimeoutMs);
      });
      const attempt = async (): Promise<DriverRecord[]> => {
        for (let tries = 0; ; tries++) {
          // Past the deadline the caller has its answer already; no new try is started.
          if (timedOut) throw late();
          const s = session('READ');
          open = s;
          let wait: number;
          try {
            return (await startQuiet(() => s.run(query, boltParams, { timeout: readTimeoutMs }))).records;
          } catch (error) {
            // A transient failure (a restarting server, a lock timeout) is tried again while the deadline allows.
            wait = Math.min(1_000, 50 * 2 ** tries) * (0.5 + Math.random() / 2);
            if (timedOut || !neo4j.isRetryableError(error) || Date.now() - started + wait >= readTimeoutMs) throw error;
          } finally {
            // After a timeout the session was closed behind the caller already (closing twice is harmless).
            await s.close().catch(() => undefined);
          }
          await new Promise((resolve) => setTimeout(resolve, wait));
        }
      };
      const reading = attempt();
      try {
        return await Promise.race([reading, deadline]);
      } catch (error) {
        throw toEngineError(error, uri, name);
      } finally {
        clearTimeout(timer);
        if (timedOut) {
          // The abandoned read settles later; its outcome is of no use now.
          reading.catch(() => undefined);
          const s = open as ReturnType<typeof session> | null;
          if (s !== null) void s.close().catch(() => undefined);
        }
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
        return (await startQuiet(() => s.run(cypher(name, templates), bolt(params)))).records;
      } catch (error) {
        throw toEngineError(error, uri, name);
      } finally {
        await s.close();
      }
    },

    async *stream(name, params = {}, templates = {}) {
      const s = session('READ');
      try {
        const result = startQuiet(() => s.run(cypher(name, templates), bolt(params)));
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
