/** Messages between a detection worker thread and the thread that started it. */
import { EngineError, type ErrorCode } from '../model/errors.ts';
import type { DetectParams } from '../model/rings.ts';
import type { DetectResult } from '../detect/detect-rings.ts';
import type { StoreSpec } from '../store/ports.ts';
import type { AlertPolicy } from '../casework/plan-casework.ts';

export interface DetectionWorkerData {
  spec: StoreSpec;
  params: Partial<DetectParams>;
  runId?: string;
  lockHolder?: string;
  alerts?: AlertPolicy;
}

export interface WireEngineError {
  code: ErrorCode;
  message: string;
  retriable: boolean;
  details?: Record<string, unknown>;
}

export type FromDetectionWorker =
  | { type: 'stage'; stage: string }
  | { type: 'log'; level: 'debug' | 'info' | 'warn' | 'error'; message: string; fields?: Record<string, unknown> }
  | { type: 'done'; result: DetectResult }
  | { type: 'failed'; error: WireEngineError };

export function errorToWire(error: unknown): WireEngineError {
  if (error instanceof EngineError) {
    return { code: error.code, message: error.message, retriable: error.retriable, ...(error.details ? { details: error.details } : {}) };
  }
  // Not meant for people: the text is kept for the log, the code says internal.
  return { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error), retriable: false };
}

export function errorFromWire(wire: WireEngineError): EngineError {
  return new EngineError(wire.code, wire.message, { retriable: wire.retriable, ...(wire.details ? { details: wire.details } : {}) });
}
