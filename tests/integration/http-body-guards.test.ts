/**
 * Bodies that lie about their size or never arrive, spoken over a raw socket
 * as a hostile client would: an oversized `Content-Length` is refused at once
 * (413, before the body is sent), a stalled JSON body or upload gets 408 and
 * the connection closed, a streamed upload in the wrong content type gets 415
 * and loads nothing, an upload larger than the overall cap gets 413. A client
 * rate-limited for bad tokens can still read health, readiness and the
 * OpenAPI document. Transport-level behaviour, so the embedded store suffices.
 */
import { connect } from 'node:net';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HTTP_STORES, useApi } from './http-harness.ts';

interface RawAnswer {
  status: number;
  headers: string;
  body: string;
  /** The server closed the connection after answering. */
  closed: boolean;
}

/** Sends `head` and `chunks`, then waits (without sending more) for the answer and for the socket to close. */
function rawExchange(url: string, head: string, chunks: string[] = []): Promise<RawAnswer> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    let received = '';
    socket.setEncoding('utf8');
    socket.on('data', (data: string) => {
      received += data;
    });
    socket.on('error', reject);
    socket.on('close', () => {
      const [headers = '', body = ''] = received.split('\r\n\r\n');
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(headers)?.[1] ?? 0);
      resolve({ status, headers, body, closed: true });
    });
    socket.write(head);
    for (const chunk of chunks) socket.write(chunk);
  });
}

function requestHead(method: string, path: string, headers: Record<string, string | number>): string {
  const lines = Object.entries({ host: 'localhost', ...headers }).map(([k, v]) => `${k}: ${v}`);
  return `${method} ${path} HTTP/1.1\r\n${lines.join('\r\n')}\r\n\r\n`;
}

const embedded = HTTP_STORES.find((s) => s.name === 'embedded')!;

describe('request bodies that lie or stall', () => {
  const api = useApi(embedded, {
    empty: true,
    config: { bodyTimeoutMs: 300, uploadIdleTimeoutMs: 300, uploadTotalLimitBytes: 64 * 1024, uploadLimitBytes: 48 * 1024, rateLimitPerMinute: 100 },
  });
  const uploads = () => {
    const root = join(api().dataDir, 'uploads');
    return existsSync(root) ? readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory()) : [];
  };

  it('when a JSON body announces a gigabyte and sends 13 bytes, then 413 comes at once and the connection is closed', async () => {
    const head = requestHead('POST', '/api/runs', { authorization: `Bearer ${api().tokens.admin}`, 'content-type': 'application/json', 'content-length': 1024 ** 3 });
    const answer = await rawExchange(api().url, head, ['{"params": {}']);
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toMatchObject({ error: { code: 'PAYLOAD_TOO_LARGE', field: 'body' } });
    expect(answer.headers.toLowerCase()).toContain('connection: close');
  });

  it('when an upload announces more than the overall upload cap, then 413 before any byte is stored', async () => {
    const before = uploads().length;
    const head = requestHead('POST', '/api/ingest?file=sellers.csv', { authorization: `Bearer ${api().tokens.admin}`, 'content-type': 'text/csv', 'content-length': 1024 ** 3 });
    const answer = await rawExchange(api().url, head, ['seller_id,name\n']);
    expect(answer.status).toBe(413);
    expect(uploads().length).toBe(before);
  });

  it('when a JSON body stops half-way, then 408 REQUEST_TIMEOUT and the connection is closed', async () => {
    const head = requestHead('POST', '/api/runs', { authorization: `Bearer ${api().tokens.admin}`, 'content-type': 'application/json', 'content-length': 50 });
    const answer = await rawExchange(api().url, head, ['{"params": {}']);
    expect(answer.status).toBe(408);
    expect(JSON.parse(answer.body)).toMatchObject({ error: { code: 'REQUEST_TIMEOUT', field: 'body' } });
  });

  it('when a streamed upload stalls, then 408 and its folder is removed', async () => {
    const head = requestHead('POST', '/api/ingest?file=sellers.csv', { authorization: `Bearer ${api().tokens.admin}`, 'content-type': 'text/csv', 'content-length': 10_000 });
    const answer = await rawExchange(api().url, head, ['seller_id,name\nS1,One\n']);
    expect(answer.status).toBe(408);
    expect(JSON.parse(answer.body)).toMatchObject({ error: { code: 'REQUEST_TIMEOUT' } });
    expect(uploads()).toEqual([]);
  });

  it('when a streamed upload is sent as application/json, then 415 and no job starts', async () => {
    const answer = await api().request('POST', '/api/ingest?file=sellers.csv', {
      token: api().tokens.admin,
      raw: 'seller_id,name\nS1,One\n',
      headers: { 'content-type': 'application/json' },
    });
    expect(answer.status).toBe(415);
    expect(answer.body).toMatchObject({ error: { code: 'UNSUPPORTED_MEDIA_TYPE', field: 'body' } });
    const jobs = await api().request('GET', '/api/jobs', { token: api().tokens.admin });
    expect((jobs.body as { items: unknown[] }).items).toEqual([]);
  });

  it('when a chunked multipart upload passes the overall cap with files each under the file cap, then 413 and nothing is kept', async () => {
    const boundary = 'ringtrace-test-boundary';
    const rows = (prefix: string) => `seller_id,name\r\n${Array.from({ length: 2_000 }, (_, i) => `${prefix}${i},Name ${i}`).join('\r\n')}\r\n`;
    const part = (field: string, file: string, content: string) =>
      `--${boundary}\r\ncontent-disposition: form-data; name="${field}"; filename="${file}"\r\ncontent-type: text/csv\r\n\r\n${content}\r\n`;
    const parts = [part('sellers', 'sellers.csv', rows('S')), part('shops', 'shops.csv', rows('H')), part('payment_accounts', 'payment_accounts.csv', rows('P')), `--${boundary}--\r\n`];
    expect(parts.every((p) => p.length < 48 * 1024)).toBe(true);
    // Chunked: no Content-Length to refuse up front, so the cap must hold while the parts stream in.
    const chunk = (text: string) => `${Buffer.byteLength(text).toString(16)}\r\n${text}\r\n`;
    const head = requestHead('POST', '/api/ingest', { authorization: `Bearer ${api().tokens.admin}`, 'content-type': `multipart/form-data; boundary=${boundary}`, 'transfer-encoding': 'chunked' });
    const answer = await rawExchange(api().url, head, [...parts.map(chunk), '0\r\n\r\n']);
    expect(answer.status).toBe(413);
    expect(answer.body).toContain('PAYLOAD_TOO_LARGE');
    expect(uploads()).toEqual([]);
  });

  it('when a client is rate-limited for bad tokens, then health, readiness and the OpenAPI document still answer', async () => {
    let limited = false;
    for (let i = 0; i < 40 && !limited; i++) {
      const answer = await api().request('GET', '/api/rings', { token: `guess-${i}` });
      limited = answer.status === 429;
    }
    expect(limited).toBe(true);
    expect((await api().request('GET', '/api/rings', { token: 'guess-again' })).status).toBe(429);
    for (const path of ['/api/health', '/api/ready', '/api/openapi.json']) {
      expect((await api().request('GET', path, { token: 'guess-again' })).status, path).toBe(200);
    }
  });
});
