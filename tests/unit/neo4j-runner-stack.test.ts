/**
 * The runner starts every query without the call-site stack the driver
 * captures per result (costly under source maps), puts the limit back at
 * once, and still turns driver errors into EngineErrors with a stack. A fake
 * driver records `Error.stackTraceLimit` at the moment each query starts.
 */
import type { Driver } from 'neo4j-driver';
import { describe, expect, it } from 'vitest';
import { createRunner } from '../../engine/store/neo4j/session.ts';
import { EngineError } from '../../engine/model/errors.ts';

interface Fake {
  driver: Driver;
  limits: number[];
}

function fakeDriver(outcome: 'ok' | 'throws' | 'rejects'): Fake {
  const limits: number[] = [];
  const start = (): unknown => {
    limits.push(Error.stackTraceLimit);
    if (outcome === 'throws') throw new Error('invalid query');
    const result = outcome === 'ok' ? Promise.resolve({ records: [] }) : Promise.reject(Object.assign(new Error('syntax error'), { code: 'Neo.ClientError.Statement.SyntaxError' }));
    result.catch(() => undefined);
    return result;
  };
  const session = {
    run: start,
    executeWrite: async (work: (tx: { run: () => unknown }) => Promise<unknown>) => work({ run: start }),
    close: async () => undefined,
  };
  return { driver: { session: () => session } as unknown as Driver, limits };
}

describe('Neo4j runner: call-site stacks', () => {
  it('when reads, auto-commits and transaction queries start, then no stack is captured and the limit is restored', async () => {
    const before = Error.stackTraceLimit;
    const fake = fakeDriver('ok');
    const runner = createRunner(() => fake.driver, undefined, 'bolt://fake', { readTimeoutMs: 1_000 });
    await runner.read('read/count-sellers');
    await runner.autoCommit('read/count-sellers');
    await runner.write('a write', (tx) => tx.run('read/count-sellers'));
    expect(fake.limits).toEqual([0, 0, 0]);
    expect(Error.stackTraceLimit).toBe(before);
  });

  it('when the driver throws while starting a query, then the limit is restored and the caller gets an EngineError with a stack', async () => {
    const before = Error.stackTraceLimit;
    const fake = fakeDriver('throws');
    const runner = createRunner(() => fake.driver, undefined, 'bolt://fake', { readTimeoutMs: 1_000 });
    const error = await runner.autoCommit('read/count-sellers').catch((e: unknown) => e);
    expect(Error.stackTraceLimit).toBe(before);
    expect(error).toBeInstanceOf(EngineError);
    expect((error as Error).stack ?? '').toMatch(/\n\s+at /);
  });

  it('when a query fails, then the caller gets an EngineError with a stack', async () => {
    const fake = fakeDriver('rejects');
    const runner = createRunner(() => fake.driver, undefined, 'bolt://fake', { readTimeoutMs: 1_000 });
    const error = await runner.read('read/count-sellers').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EngineError);
    expect((error as Error).stack ?? '').toMatch(/\n\s+at /);
  });
});
