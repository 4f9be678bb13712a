/**
 * How an error crosses a thread boundary (the embedded store's writer thread,
 * the bulk load's import-file writer): only plain data can, so an
 * EngineError travels as its message, code, retriable flag and details and is
 * rebuilt as the same EngineError on the other side. Store-specific fields
 * (the SQLite code) are added by the store's own protocol.
 */
import { EngineError, type ErrorCode } from '../model/errors.ts';

export interface WireError {
  message: string;
  engineCode?: ErrorCode;
  retriable?: boolean;
  details?: Record<string, unknown>;
}

/** The EngineError's fields, or just the message of any other error. */
export function toWire(error: unknown): WireError {
  if (error instanceof EngineError) {
    return { message: error.message, engineCode: error.code, retriable: error.retriable, ...(error.details ? { details: error.details } : {}) };
  }
  return { message: error instanceof Error ? error.message : String(error) };
}

/** The EngineError a wire error came from, or null when it was another kind of error. */
export function engineErrorFromWire(wire: WireError): EngineError | null {
  if (wire.engineCode === undefined) return null;
  return new EngineError(wire.engineCode, wire.message, { retriable: wire.retriable ?? false, ...(wire.details ? { details: wire.details } : {}) });
}

/**
 * Posts a thread message; when the error it carries has details that cannot be cloned (postMessage throws), posts it
 * again without them, so the error's message and code still arrive and the waiting call is answered.
 */
export function postWithError(port: { postMessage(message: unknown): void }, message: object): void {
  try {
    port.postMessage(message);
  } catch (error) {
    const wire = 'error' in message ? (message.error as WireError) : undefined;
    if (wire?.details === undefined) throw error;
    const { details: _details, ...rest } = wire;
    port.postMessage({ ...message, error: rest });
  }
}
