import { describe, expect, it } from 'vitest';
import { formatLogLine } from '../../api/http/pretty-log.ts';

describe('pretty log lines', () => {
  it('when a request line is formatted, then it reads as method, path, status and time, without pino bookkeeping', () => {
    const line = JSON.stringify({ level: 30, time: Date.UTC(2026, 0, 2, 12, 4, 31), pid: 1, hostname: 'h', service: 'ringtrace', reqId: 'r1', method: 'GET', path: '/api/rings', status: 200, ms: 4, token: 'alice', msg: 'request' });
    expect(formatLogLine(line)).toBe('12:04:31 INFO  GET /api/rings 200 4 ms  token=alice');
  });

  it('when an error line carries an err object, then only its message is shown; a line that is not JSON passes through', () => {
    const line = JSON.stringify({ level: 50, time: 0, msg: 'unhandled error', err: { message: 'boom', stack: 'Error: boom\n at x' } });
    expect(formatLogLine(line)).toBe('00:00:00 ERROR unhandled error  err=boom');
    expect(formatLogLine('plain text')).toBe('plain text');
  });
});
