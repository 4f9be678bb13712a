/**
 * Log lines for a person at a terminal: `12:04:31 INFO  GET /api/rings 200 4 ms`
 * instead of pino's JSON (which stays the format everywhere else: files,
 * pipes, log shippers). A line that is not pino JSON passes through as is.
 */
import { Writable } from 'node:stream';

const LEVELS: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO ', 40: 'WARN ', 50: 'ERROR', 60: 'FATAL' };
/** Fields every line has, or that the line's own layout already shows. */
const OMIT = new Set(['level', 'time', 'pid', 'hostname', 'msg', 'service', 'reqId', 'method', 'path', 'status', 'ms']);

export function formatLogLine(line: string): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line;
  }
  const time = typeof entry.time === 'number' ? new Date(entry.time).toISOString().slice(11, 19) : '--:--:--';
  const level = LEVELS[entry.level as number] ?? 'LOG  ';
  const head =
    entry.msg === 'request' && typeof entry.method === 'string'
      ? `${entry.method} ${String(entry.path)} ${String(entry.status)} ${String(entry.ms)} ms`
      : String(entry.msg ?? '');
  const rest = Object.entries(entry)
    .filter(([k, v]) => !OMIT.has(k) && v !== null && v !== undefined)
    .map(([k, v]) => {
      if (k === 'err' && typeof v === 'object') return `err=${String((v as { message?: unknown }).message ?? '')}`;
      return `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`;
    });
  return `${time} ${level} ${head}${rest.length > 0 ? `  ${rest.join(' ')}` : ''}`;
}

export function prettyLogStream(out: NodeJS.WritableStream = process.stdout): Writable {
  let carry = '';
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      const text = carry + chunk.toString('utf8');
      const lines = text.split('\n');
      carry = lines.pop() ?? '';
      for (const line of lines) if (line !== '') out.write(`${formatLogLine(line)}\n`);
      done();
    },
    final(done) {
      if (carry !== '') out.write(`${formatLogLine(carry)}\n`);
      done();
    },
  });
}
