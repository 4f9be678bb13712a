/**
 * The one error path from a throw to an HTTP answer. Engine codes become
 * statuses here and nowhere else; the body is always
 * `{ "error": { "code", "message", "requestId"?, "field"? } }`. Errors the
 * engine did not mean for people (driver failures, bugs) answer 500 with the
 * request id and a fixed message: their text stays in the log.
 */
import { isEngineError, type ErrorCode } from '../../engine/index.ts';

/** Codes only the HTTP layer produces (the transport's own failures). */
export type HttpOnlyCode = 'RATE_LIMITED' | 'PAYLOAD_TOO_LARGE' | 'TIMEOUT' | 'REQUEST_TIMEOUT' | 'UNSUPPORTED_MEDIA_TYPE' | 'METHOD_NOT_ALLOWED' | 'INSUFFICIENT_STORAGE';
export type ApiErrorCode = ErrorCode | HttpOnlyCode;

export const STATUS_OF: Record<ApiErrorCode, number> = {
  INVALID_INPUT: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  REQUEST_TIMEOUT: 408,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  INGEST_REJECTED: 422,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  STORE_UNAVAILABLE: 503,
  BUSY: 503,
  TIMEOUT: 503,
  INSUFFICIENT_STORAGE: 507,
};

/** An error raised by the HTTP layer itself, with a code from the same table. */
export class HttpError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export interface ErrorBody {
  error: { code: string; message: string; requestId?: string; field?: string };
}

/** body-parser and busboy report their own failures as errors with `type`/`status`. */
interface TransportError {
  type?: string;
  status?: number;
  expose?: boolean;
}

export interface ErrorResponse {
  status: number;
  body: ErrorBody;
  internal: boolean;
  /** Seconds for a Retry-After header (BUSY answers). */
  retryAfterSeconds?: number;
}

export function toErrorResponse(error: unknown, requestId: string): ErrorResponse {
  const answer = (code: ApiErrorCode, message: string, field?: unknown) => ({
    status: STATUS_OF[code],
    body: { error: { code, message, requestId, ...(typeof field === 'string' ? { field } : {}) } },
    internal: false,
  });
  if (error instanceof HttpError) return answer(error.code, error.message, error.field);
  if (isEngineError(error)) {
    // STORE_UNAVAILABLE messages may name hosts or folders; say only what a caller can act on.
    if (error.code === 'STORE_UNAVAILABLE') return answer(error.code, 'the store is unavailable; try again later');
    if (error.code === 'INTERNAL') return { ...answer('INTERNAL', 'internal error'), internal: true };
    const retryAfter = error.details?.['retryAfterSeconds'];
    if (error.code === 'BUSY' && typeof retryAfter === 'number') return { ...answer(error.code, error.message), retryAfterSeconds: retryAfter };
    return answer(error.code, error.message, error.details?.field);
  }
  const transport = error as TransportError | null;
  if (transport && typeof transport === 'object') {
    if (transport.type === 'entity.parse.failed') return answer('INVALID_INPUT', 'the request body is not valid JSON', 'body');
    if (transport.type === 'entity.too.large') return answer('PAYLOAD_TOO_LARGE', 'the request body is too large', 'body');
    if (transport.type === 'encoding.unsupported' || transport.type === 'charset.unsupported') {
      return answer('UNSUPPORTED_MEDIA_TYPE', 'unsupported body encoding', 'body');
    }
    // The router's own refusal of a path segment it cannot URL-decode.
    if (error instanceof URIError && transport.status === 400) return answer('INVALID_INPUT', 'a path segment is not valid URL encoding', 'params');
    if (transport.expose === true && typeof transport.status === 'number' && transport.status >= 400 && transport.status < 500) {
      return answer('INVALID_INPUT', 'the request could not be read', 'body');
    }
  }
  return { ...answer('INTERNAL', 'internal error'), internal: true };
}
