/**
 * How errors cross a thread: an EngineError arrives as the same EngineError
 * (code, retriable, details), and a message whose error details cannot be
 * cloned still arrives, without them.
 */
import { MessageChannel, receiveMessageOnPort } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { EngineError } from '../../engine/model/errors.ts';
import { engineErrorFromWire, postWithError, toWire, type WireError } from '../../engine/store/wire-error.ts';

describe('wire errors', () => {
  it('when an EngineError crosses, then it is rebuilt with its code, retriable flag and details', () => {
    const wire = toWire(new EngineError('CONFLICT', 'taken', { retriable: true, details: { id: 'S1' } }));
    const back = engineErrorFromWire(structuredClone(wire));

    expect(back).toBeInstanceOf(EngineError);
    expect(back).toMatchObject({ code: 'CONFLICT', message: 'taken', retriable: true, details: { id: 'S1' } });
    expect(engineErrorFromWire(toWire(new Error('plain')))).toBeNull();
  });

  it('when the details cannot be cloned, then the error still arrives with its message and code', () => {
    const { port1, port2 } = new MessageChannel();
    try {
      const error: WireError = { message: 'bad row', engineCode: 'INVALID_INPUT', details: { check: () => true } };

      postWithError(port1, { type: 'failed', id: 7, error });

      expect(receiveMessageOnPort(port2)?.message).toEqual({ type: 'failed', id: 7, error: { message: 'bad row', engineCode: 'INVALID_INPUT' } });
    } finally {
      port1.close();
    }
  });

  it('when a message without error details cannot be cloned, then the failure is not hidden', () => {
    const { port1 } = new MessageChannel();
    try {
      expect(() => postWithError(port1, { type: 'done', fn: () => 1 })).toThrow();
    } finally {
      port1.close();
    }
  });
});
