/** The one error path: engine codes to statuses, transport errors to clean 4xx, anything else to a bare 500. */
import { describe, expect, it } from 'vitest';
import { EngineError } from '../../engine/index.ts';
import { toErrorResponse } from '../../api/http/http-errors.ts';

describe('toErrorResponse', () => {
  it.each([
    ['INVALID_INPUT', 400],
    ['UNAUTHORIZED', 401],
    ['FORBIDDEN', 403],
    ['NOT_FOUND', 404],
    ['CONFLICT', 409],
    ['INGEST_REJECTED', 422],
    ['STORE_UNAVAILABLE', 503],
    ['BUSY', 503],
  ] as const)('when the engine throws %s, then the status is %i', (code, status) => {
    expect(toErrorResponse(new EngineError(code, 'm'), 'r1').status).toBe(status);
  });

  it('when the input is invalid, then the field path is in the body', () => {
    const { body } = toErrorResponse(new EngineError('INVALID_INPUT', 'query.limit: too big', { details: { field: 'query.limit' } }), 'r1');

    expect(body).toEqual({ error: { code: 'INVALID_INPUT', message: 'query.limit: too big', requestId: 'r1', field: 'query.limit' } });
  });

  it('when the engine is busy with a retry time, then the answer carries it for a Retry-After header', () => {
    const result = toErrorResponse(new EngineError('BUSY', '1 dossier render(s) running', { retriable: true, details: { retryAfterSeconds: 4 } }), 'r1');

    expect(result).toMatchObject({ status: 503, retryAfterSeconds: 4, body: { error: { code: 'BUSY' } } });
  });

  it('when the store is unavailable, then its message (hosts, folders) is not passed on', () => {
    const { body } = toErrorResponse(new EngineError('STORE_UNAVAILABLE', 'Neo4j unreachable at bolt://db.internal:7687'), 'r1');

    expect(JSON.stringify(body)).not.toContain('db.internal');
  });

  it('when an unknown error is thrown, then 500 INTERNAL with the request id and no text of it', () => {
    const result = toErrorResponse(new TypeError('cannot read x of undefined at /srv/app.ts:12'), 'r9');

    expect(result).toEqual({ status: 500, internal: true, body: { error: { code: 'INTERNAL', message: 'internal error', requestId: 'r9' } } });
  });

  it('when the JSON body does not parse or is too large, then 400 or 413 naming the body', () => {
    expect(toErrorResponse(Object.assign(new SyntaxError('x'), { type: 'entity.parse.failed', status: 400 }), 'r').status).toBe(400);
    expect(toErrorResponse(Object.assign(new Error('x'), { type: 'entity.too.large', status: 413 }), 'r').body.error.code).toBe('PAYLOAD_TOO_LARGE');
  });
});
