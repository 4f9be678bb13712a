/**
 * The one error type of the engine. Programs read `code` and `retriable`,
 * never the message; the HTTP layer alone maps codes to statuses.
 */
export type ErrorCode =
  | 'INVALID_INPUT'
  | 'NOT_FOUND'
  | 'FORBIDDEN'
  | 'UNAUTHORIZED'
  | 'CONFLICT'
  | 'STORE_UNAVAILABLE'
  | 'INGEST_REJECTED'
  /** Too much of one kind of work at once (dossier renders): retry after `details.retryAfterSeconds`. */
  | 'BUSY'
  | 'INTERNAL';

export interface EngineErrorOptions {
  retriable?: boolean;
  cause?: unknown;
  /** Machine-readable details (for INVALID_INPUT: the field path). */
  details?: Record<string, unknown>;
}

export class EngineError extends Error {
  readonly code: ErrorCode;
  readonly retriable: boolean;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, options: EngineErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'EngineError';
    this.code = code;
    this.retriable = options.retriable ?? false;
    this.details = options.details;
  }
}

export function isEngineError(value: unknown): value is EngineError {
  return value instanceof EngineError;
}
