/**
 * toEngineError: driver failures become EngineErrors whose `retriable` is the
 * driver's own verdict (isRetryableError). Built from real Neo4jError
 * instances, with the codes Neo4j 5 sends: a terminated transaction and a
 * stopped lock client are client errors and must not be retried — retrying
 * an operator's kill or a timed-out transaction would just run it again.
 */
import { describe, expect, it } from 'vitest';
import { Neo4jError } from 'neo4j-driver';
import { EngineError } from '../../engine/index.ts';
import { toEngineError } from '../../engine/store/neo4j/errors.ts';

const URI = 'bolt://127.0.0.1:7687';
const driverError = (code: string): Neo4jError => new Neo4jError(`driver text for ${code}`, code, '50N42', 'error: general processing exception');
const map = (code: string): EngineError => toEngineError(driverError(code), URI, 'write sellers');

describe('toEngineError', () => {
  it('when a transaction was terminated or its lock client stopped, then it is not retriable', () => {
    for (const code of ['Neo.ClientError.Transaction.Terminated', 'Neo.ClientError.Transaction.LockClientStopped']) {
      const error = map(code);
      expect(error.retriable, code).toBe(false);
      expect(error.code, code).toBe('INTERNAL');
    }
  });

  it('when the error is transient (deadlock, lock timeout, memory), then it is STORE_UNAVAILABLE and retriable', () => {
    for (const code of ['Neo.TransientError.Transaction.DeadlockDetected', 'Neo.TransientError.Transaction.LockAcquisitionTimeout', 'Neo.TransientError.General.MemoryPoolOutOfMemoryError']) {
      const error = map(code);
      expect(error.code, code).toBe('STORE_UNAVAILABLE');
      expect(error.retriable, code).toBe(true);
    }
  });

  it('when the server is unreachable or the session expired, then it is STORE_UNAVAILABLE and retriable', () => {
    for (const code of ['ServiceUnavailable', 'SessionExpired']) {
      const error = map(code);
      expect([error.code, error.retriable, error.message], code).toEqual(['STORE_UNAVAILABLE', true, `Neo4j unreachable at ${URI}`]);
    }
  });

  it('when the credentials are refused, then it is STORE_UNAVAILABLE, not retriable, and no driver text leaks', () => {
    const error = map('Neo.ClientError.Security.Unauthorized');
    expect([error.code, error.retriable]).toEqual(['STORE_UNAVAILABLE', false]);
    expect(error.message).not.toContain('driver text');
    expect(error.cause).toBeInstanceOf(Neo4jError);
  });

  it('when an authorization expired, then it is retriable, as the driver re-authenticates', () => {
    expect(map('Neo.ClientError.Security.AuthorizationExpired').retriable).toBe(true);
  });

  it('when a key is taken or values are rejected, then CONFLICT or INVALID_INPUT, not retriable', () => {
    expect([map('Neo.ClientError.Schema.ConstraintValidationFailed').code, map('Neo.ClientError.Schema.ConstraintValidationFailed').retriable]).toEqual(['CONFLICT', false]);
    expect(map('Neo.ClientError.Statement.TypeError').code).toBe('INVALID_INPUT');
  });

  it('when something that is not a driver error carries a transient-looking code, then it is not retried', () => {
    const error = toEngineError({ code: 'Neo.TransientError.Transaction.DeadlockDetected' }, URI, 'read rings');
    expect([error.code, error.retriable]).toEqual(['INTERNAL', false]);
  });

  it('when an EngineError passes through, then it is returned unchanged', () => {
    const original = new EngineError('NOT_FOUND', 'no ring R-1');
    expect(toEngineError(original, URI, 'read ring')).toBe(original);
  });
});
