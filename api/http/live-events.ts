/**
 * GET /api/events: server-sent events for the explorer — `run-finished`
 * (`{runId}`), `alert` (`{alertId, ringId}`) and `case-changed` (`{caseId,
 * ringId}`), with a heartbeat comment every 15 s. The hub polls the store's
 * casework marks (current run, newest alert, newest case change: three cheap
 * reads) every `pollMs` while at least one client listens, so runs saved by
 * another process (`ringtrace detect`) and case changes made through another
 * server reach every client. A liaison receives alerts and case changes of
 * its brands only. EventSource cannot send headers, so besides the bearer
 * header a client may present a one-time ticket (`?ticket=`) from
 * POST /api/events/ticket, valid 60 s. Each poll also checks the listeners'
 * tokens: a stream whose token was revoked or expired since it connected gets
 * a `revoked` event and is closed (within one poll, 2 s by default).
 */
import { randomBytes } from 'node:crypto';
import type { Response } from 'express';
import { caseVisibleTo, silentLogger, type CaseworkMarks, type FullStore, type Logger } from '../../engine/index.ts';
import { isLiveToken } from './access/authenticate.ts';
import type { Principal } from './access/principal.ts';

export interface LiveEvents {
  /** Streams to `res` until the client goes away or the hub closes. */
  attach(res: Response, principal: Principal): Promise<void>;
  issueTicket(principal: Principal): { ticket: string; expiresAt: string };
  /** The principal of a live ticket (then spent), or null. */
  redeemTicket(ticket: string): Principal | null;
  /** Clients listening now. */
  clients(): number;
  close(): Promise<void>;
}

export interface LiveEventsOptions {
  logger?: Logger;
  pollMs?: number;
  heartbeatMs?: number;
  ticketMs?: number;
  now?: () => number;
}

interface Client {
  res: Response;
  principal: Principal;
  done: () => void;
}

const MAX_TICKETS = 10_000;
const SCAN = 200;

export function createLiveEvents(store: FullStore, options: LiveEventsOptions = {}): LiveEvents {
  const logger = options.logger ?? silentLogger;
  const pollMs = options.pollMs ?? 2_000;
  const heartbeatMs = options.heartbeatMs ?? 15_000;
  const ticketMs = options.ticketMs ?? 60_000;
  const now = options.now ?? Date.now;
  const clients = new Set<Client>();
  const tickets = new Map<string, { principal: Principal; expires: number }>();
  let marks: CaseworkMarks | null = null;
  let poller: NodeJS.Timeout | null = null;
  let heartbeat: NodeJS.Timeout | null = null;
  let polling = false;
  let closed = false;

  const send = (client: Client, event: string, data: unknown): void => {
    client.res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  };
  const broadcast = (event: string, data: unknown, visible: (p: Principal) => boolean = () => true): void => {
    for (const client of clients) if (visible(client.principal)) send(client, event, data);
  };

  /** Ends the streams of tokens revoked or expired since they connected: they must not hear another event. */
  const dropRevoked = async (): Promise<void> => {
    if (clients.size === 0) return;
    const tokens = await store.listTokens();
    const at = now();
    const live = new Set(tokens.filter((t) => isLiveToken(t, at)).map((t) => t.id));
    for (const client of [...clients]) {
      if (live.has(client.principal.tokenId)) continue;
      send(client, 'revoked', { reason: 'the token of this stream was revoked or expired' });
      client.res.end();
      client.done();
    }
  };

  const poll = async (): Promise<void> => {
    if (polling) return;
    polling = true;
    try {
      await dropRevoked();
      const next = await store.caseworkMarks();
      const before = marks;
      marks = next;
      if (before === null) return;
      if (next.currentRunId !== null && next.currentRunId !== before.currentRunId) broadcast('run-finished', { runId: next.currentRunId });
      if (next.lastAlertAt !== null && next.lastAlertAt !== before.lastAlertAt) {
        const { alerts } = await store.listAlerts({ offset: 0, limit: SCAN });
        for (const a of alerts.filter((x) => before.lastAlertAt === null || x.createdAt > before.lastAlertAt).reverse()) {
          broadcast('alert', { alertId: a.id, ringId: a.ringId }, (p) => caseVisibleTo(a, p));
        }
      }
      if (next.lastCaseUpdateAt !== null && next.lastCaseUpdateAt !== before.lastCaseUpdateAt) {
        const { cases } = await store.listCases({ sort: 'updated', offset: 0, limit: SCAN });
        for (const c of cases.filter((x) => before.lastCaseUpdateAt === null || x.updatedAt > before.lastCaseUpdateAt).reverse()) {
          broadcast('case-changed', { caseId: c.id, ringId: c.ringId }, (p) => caseVisibleTo(c, p));
        }
      }
    } catch (error) {
      // A store hiccup skips one poll; the next compares against the last marks it saw.
      logger.warn('live events poll failed', { error: String(error) });
    } finally {
      polling = false;
    }
  };

  const start = (): void => {
    if (poller !== null) return;
    poller = setInterval(() => void poll(), pollMs);
    heartbeat = setInterval(() => {
      for (const client of clients) client.res.write(': heartbeat\n\n');
    }, heartbeatMs);
  };
  const stopIfIdle = (): void => {
    if (clients.size > 0 || poller === null) return;
    clearInterval(poller);
    if (heartbeat !== null) clearInterval(heartbeat);
    poller = null;
    heartbeat = null;
    marks = null;
  };

  return {
    async attach(res, principal) {
      if (closed) {
        res.status(503).end();
        return;
      }
      res.status(200);
      res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
      res.setHeader('Cache-Control', 'no-cache, no-transform');
      res.setHeader('Connection', 'keep-alive');
      res.setHeader('X-Accel-Buffering', 'no');
      res.flushHeaders();
      res.write('retry: 3000\n\n');
      // The marks as of connecting: only changes after this are sent.
      if (marks === null) marks = await store.caseworkMarks().catch(() => null);
      await new Promise<void>((resolve) => {
        const client: Client = {
          res,
          principal,
          done: () => {
            if (!clients.delete(client)) return;
            stopIfIdle();
            resolve();
          },
        };
        clients.add(client);
        res.on('close', client.done);
        res.on('error', client.done);
        send(client, 'ready', { at: new Date(now()).toISOString() });
        start();
      });
    },

    issueTicket(principal) {
      const t = now();
      for (const [key, entry] of tickets) if (entry.expires <= t) tickets.delete(key);
      if (tickets.size >= MAX_TICKETS) tickets.delete(tickets.keys().next().value as string);
      const ticket = randomBytes(24).toString('base64url');
      tickets.set(ticket, { principal, expires: t + ticketMs });
      return { ticket, expiresAt: new Date(t + ticketMs).toISOString() };
    },

    redeemTicket(ticket) {
      const entry = tickets.get(ticket);
      tickets.delete(ticket);
      return entry !== undefined && entry.expires > now() ? entry.principal : null;
    },

    clients: () => clients.size,

    async close() {
      closed = true;
      for (const client of [...clients]) {
        client.res.end();
        client.done();
      }
      stopIfIdle();
    },
  };
}
