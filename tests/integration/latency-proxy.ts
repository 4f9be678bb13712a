/**
 * A loopback TCP proxy for fault tests: forwards every connection to a target
 * port and holds each chunk the target sends back for `delayMs` before passing
 * it on (order kept), so a client sees a slow server. The delay can change
 * while connections are open; `close()` drops every connection.
 */
import { createServer, connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface LatencyProxy {
  port: number;
  setDelay(ms: number): void;
  close(): Promise<void>;
}

export async function startLatencyProxy(targetPort: number, delayMs: number): Promise<LatencyProxy> {
  let delay = delayMs;
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(targetPort, '127.0.0.1');
    sockets.add(client).add(upstream);
    // Each chunk is due `delay` after it arrived, and never before the one ahead of it.
    let lastDue = 0;
    upstream.on('data', (chunk: Buffer) => {
      const due = Math.max(Date.now() + delay, lastDue);
      lastDue = due;
      setTimeout(() => {
        if (!client.destroyed) client.write(chunk);
      }, due - Date.now());
    });
    client.on('data', (chunk: Buffer) => upstream.write(chunk));
    const drop = (): void => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    for (const s of [client, upstream]) {
      s.on('error', drop);
      s.on('close', drop);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    setDelay: (ms) => {
      delay = ms;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
