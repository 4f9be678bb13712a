/**
 * Maps neo4j-driver failures to EngineError codes. Messages name the store
 * URI and the query, never credentials or driver text; the driver error stays
 * as `cause` for logs. Whether a failure is worth retrying is the driver's
 * call (`isRetryableError`, the non-deprecated name of `isRetriableError` in
 * driver 6): transient errors, an unreachable server, an expired session or
 * authorization — but not a transaction that was terminated (killed by an
 * operator or a timeout) or whose lock client was stopped, which Neo4j 5
 * reports as client errors and the driver does not retry.
 */
import { isRetryableError } from 'neo4j-driver';
import { EngineError } from '../../model/errors.ts';

interface DriverErrorLike {
  code?: unknown;
}

function driverCode(error: unknown): string {
  if (typeof error === 'object' && error !== null) {
    const code = (error as DriverErrorLike).code;
    if (typeof code === 'string') return code;
  }
  return '';
}

const UNREACHABLE = new Set(['ServiceUnavailable', 'SessionExpired']);

export function toEngineError(error: unknown, uri: string, what: string): EngineError {
  if (error instanceof EngineError) return error;
  const code = driverCode(error);
  const retriable = isRetryableError(error);
  if (UNREACHABLE.has(code)) {
    return new EngineError('STORE_UNAVAILABLE', `Neo4j unreachable at ${uri}`, { retriable: true, cause: error });
  }
  if (retriable) {
    return new EngineError('STORE_UNAVAILABLE', `Neo4j at ${uri} is busy (${what}); try again`, { retriable, cause: error });
  }
  if (code.startsWith('Neo.ClientError.Security.')) {
    return new EngineError('STORE_UNAVAILABLE', `Neo4j at ${uri} refused the credentials or the access`, { retriable: false, cause: error });
  }
  if (code === 'Neo.ClientError.Database.DatabaseNotFound') {
    return new EngineError('STORE_UNAVAILABLE', `Neo4j at ${uri} has no such database`, { retriable: false, cause: error });
  }
  if (code === 'Neo.ClientError.Schema.ConstraintValidationFailed') {
    return new EngineError('CONFLICT', `${what}: an entity with this key already exists`, { cause: error });
  }
  if (code === 'Neo.ClientError.Statement.TypeError' || code === 'Neo.ClientError.Statement.ArgumentError') {
    return new EngineError('INVALID_INPUT', `${what}: Neo4j rejected the values`, { cause: error });
  }
  return new EngineError('INTERNAL', `${what} failed in Neo4j at ${uri}`, { cause: error });
}
