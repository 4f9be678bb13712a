/**
 * Live updates from GET /api/events (server-sent events): `run-finished`,
 * `alert` and `case-changed`. EventSource cannot send the Authorization
 * header, so each connection first takes a one-time ticket; a dropped
 * connection reconnects with a fresh ticket after a growing pause (1 s to
 * 30 s). `close()` ends it for good. A token revoked or expired while the
 * page is open ends it too: the server's `revoked` event, or a ticket refused
 * with 401, calls `onRevoked` instead of retrying (the page must not go on
 * showing what the token may no longer read, waiting for the next click).
 */
import { ApiError, type ApiClient } from './client.ts';

export interface LiveHandlers {
  onRunFinished(event: { runId: string }): void;
  onAlert(event: { alertId: string; ringId: string }): void;
  onCaseChanged(event: { caseId: string; ringId: string }): void;
  /** Connected (true) or waiting to reconnect (false). */
  onStatus?(connected: boolean): void;
  /** The token was revoked or has expired; the stream is closed for good. */
  onRevoked?(): void;
}

export interface LiveEvents {
  connected(): boolean;
  close(): void;
}

export function connectLiveEvents(api: ApiClient, handlers: LiveHandlers, base = '/api'): LiveEvents {
  let source: EventSource | null = null;
  let closed = false;
  let open = false;
  let pause = 1_000;
  let timer: ReturnType<typeof setTimeout> | null = null;

  const parse = <T>(event: Event): T | null => {
    try {
      return JSON.parse((event as MessageEvent<string>).data) as T;
    } catch {
      return null;
    }
  };
  const revoked = (): void => {
    if (closed) return;
    closed = true;
    open = false;
    source?.close();
    source = null;
    handlers.onStatus?.(false);
    handlers.onRevoked?.();
  };
  const retry = (): void => {
    if (closed || timer !== null) return;
    timer = setTimeout(() => {
      timer = null;
      void connect();
    }, pause);
    pause = Math.min(30_000, pause * 2);
  };
  const connect = async (): Promise<void> => {
    if (closed) return;
    let ticket: string;
    try {
      ticket = await api.eventTicket();
    } catch (error) {
      return error instanceof ApiError && error.status === 401 ? revoked() : retry();
    }
    if (closed) return;
    const es = new EventSource(`${base}/events?ticket=${encodeURIComponent(ticket)}`);
    source = es;
    es.addEventListener('open', () => {
      open = true;
      pause = 1_000;
      handlers.onStatus?.(true);
    });
    es.addEventListener('run-finished', (e) => void ((d) => d && handlers.onRunFinished(d))(parse<{ runId: string }>(e)));
    es.addEventListener('alert', (e) => void ((d) => d && handlers.onAlert(d))(parse<{ alertId: string; ringId: string }>(e)));
    es.addEventListener('case-changed', (e) => void ((d) => d && handlers.onCaseChanged(d))(parse<{ caseId: string; ringId: string }>(e)));
    es.addEventListener('revoked', () => revoked());
    es.addEventListener('error', () => {
      // The ticket is spent: EventSource's own retry would be refused, so reconnect with a new one.
      es.close();
      if (source === es) source = null;
      open = false;
      handlers.onStatus?.(false);
      retry();
    });
  };
  void connect();
  return {
    connected: () => open,
    close() {
      closed = true;
      if (timer !== null) clearTimeout(timer);
      source?.close();
      source = null;
    },
  };
}
