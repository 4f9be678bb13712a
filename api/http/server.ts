/**
 * The one start file: opens the store, builds the app, listens, and owns
 * graceful shutdown — stop accepting, let in-flight requests finish (up to
 * `shutdownGraceMs`), let running jobs settle, then close the store. `serve`
 * and the integration tests both start the API through `startServer`.
 */
import { createServer, type Server } from 'node:http';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { pino, type Logger as PinoLogger } from 'pino';
import { hostname } from 'node:os';
import { alertPolicy, createStore, EngineError, startDetectionJob, startDetectionSchedule, startOutboxDelivery, startOutboxPruning, webhookTarget, type Config, type DetectionSchedule, type FullStore, type OutboxDelivery } from '../../engine/index.ts';
import { loadUpload, resumePendingUploads } from './use-cases/pending-uploads.ts';
import { createApp, type App } from './app.ts';
import { prettyLogStream } from './pretty-log.ts';
import { engineLogger } from './services.ts';

/** The server's logger: pino JSON, or one readable line per entry on a terminal (`logFormat`). */
export function serverLogger(config: Pick<Config, 'logLevel' | 'logFormat'>): PinoLogger {
  const pretty = config.logFormat === 'pretty' || (config.logFormat === 'auto' && process.stdout.isTTY === true);
  const options = { level: config.logLevel, base: { service: 'ringtrace' } };
  return pretty ? pino(options, prettyLogStream()) : pino(options);
}

function portInUse(host: string, port: number, cause?: unknown): EngineError {
  return new EngineError('CONFLICT', `port ${port} on ${host} is already in use (another ringtrace?): stop it, or pass --port (0 picks a free one)`, { cause });
}

/**
 * Fails with CONFLICT when nothing could listen on host:port, before a caller
 * writes anything (a demo load, a login token) for a server that cannot start.
 */
export async function assertPortFree(host: string, port: number): Promise<void> {
  if (port === 0) return;
  await new Promise<void>((resolve, reject) => {
    const probe = createNetServer();
    probe.once('error', (error: NodeJS.ErrnoException) => reject(error.code === 'EADDRINUSE' ? portInUse(host, port, error) : error));
    probe.listen(port, host, () => probe.close(() => resolve()));
  });
}

export interface StartServerOptions {
  config: Config;
  /** A store to serve (opened here if needed); default: the configured one. */
  store?: FullStore;
  /** Close the store on shutdown (default true). */
  closeStore?: boolean;
  logger?: PinoLogger;
}

export interface RunningServer {
  url: string;
  port: number;
  app: App;
  server: Server;
  /** Graceful shutdown; idempotent. Resolves when the store is closed. */
  close(): Promise<void>;
  /** Resolves when the server has shut down, whoever started it. */
  closed: Promise<void>;
  /** The in-process detection schedule (RINGTRACE_SCHEDULE), or null. */
  schedule: DetectionSchedule | null;
}

/** How often `serve` looks for due webhook deliveries (a run's own alerts are kicked at once). */
const DELIVERY_INTERVAL_MS = 2_000;

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms).unref());

export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const { config } = options;
  const logger = options.logger ?? serverLogger(config);
  const store = options.store ?? (await createStore(config, engineLogger(logger)));
  await store.open();
  await store.prepareSearch?.();
  let draining = false;
  // Webhook deliveries left by earlier runs or other processes are retried from the start (docs/scheduling.md, "The outbox").
  const target = webhookTarget(config);
  const webhookLog = engineLogger(logger.child({ component: 'webhook' }));
  const delivery: OutboxDelivery | null = target === null ? null : startOutboxDelivery(store, target, { intervalMs: DELIVERY_INTERVAL_MS, logger: webhookLog });
  // Retention runs with or without a webhook: with none, every alert leaves a `disabled` message.
  const pruning = startOutboxPruning(store, config.outboxRetentionDays, { logger: webhookLog });
  const app = createApp({ store, config, logger, draining: () => draining, ...(delivery ? { kickDelivery: () => delivery.kick() } : {}) });
  const server = createServer(app.handler);
  // Uploads may stream for long; other routes have their own shorter handler timeout.
  server.requestTimeout = config.uploadTimeoutMs;
  server.headersTimeout = 30_000;
  server.keepAliveTimeout = 5_000;

  // Uploads acknowledged (202) by an earlier server whose load did not finish are loaded now, under their job ids —
  // registered before the port opens, so a client asking for its job after the restart finds it (never a 404).
  // (Should the port then be busy, the load stops with the process and the upload waits for the next start.)
  const uploadLog = engineLogger(logger.child({ component: 'uploads' }));
  await resumePendingUploads(app.services.uploadRoot, {
    staleMs: 2 * config.uploadIdleTimeoutMs,
    log: uploadLog,
    resume: (dir, manifest) => loadUpload(app.services, dir, manifest, uploadLog),
  }).catch((error: unknown) => logger.error({ err: error }, 'could not look for uploads left to load'));
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => reject(error.code === 'EADDRINUSE' ? portInUse(config.host, config.port, error) : error));
    server.listen(config.port, config.host, () => {
      server.removeAllListeners('error');
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  const url = `http://${host}:${port}`;
  logger.info({ url, store: store.kind }, 'listening');
  const schedule = config.schedule === undefined ? null : scheduleDetection(app, config.schedule, logger);

  let resolveClosed!: () => void;
  const closed = new Promise<void>((resolve) => (resolveClosed = resolve));
  let closing: Promise<void> | null = null;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      draining = true;
      schedule?.stop();
      // Event streams never finish on their own: end them first so the server can close.
      await app.services.events.close();
      logger.info('shutting down: finishing in-flight requests');
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const grace = delay(config.shutdownGraceMs).then(() => 'timeout' as const);
      if ((await Promise.race([stopped.then(() => 'done' as const), grace])) === 'timeout') {
        logger.warn('shutdown grace period over: closing open connections');
        server.closeAllConnections();
      }
      if ((await Promise.race([app.services.jobs.idle().then(() => 'done' as const), delay(config.shutdownGraceMs).then(() => 'timeout' as const)])) === 'timeout') {
        logger.warn('jobs still running at shutdown; their results may be lost');
      }
      await app.services.dossiers.close();
      await delivery?.stop();
      await pruning.stop();
      if (options.closeStore ?? true) await store.close();
      logger.info('stopped');
      resolveClosed();
    })();
    return closing;
  };
  return { url, port, app, server, close, closed, schedule };
}

/**
 * RINGTRACE_SCHEDULE: each tick starts a detection job like POST /runs does
 * (so it shows in /api/jobs and shutdown waits for it), owned by `schedule`.
 */
function scheduleDetection(app: App, cron: string, logger: PinoLogger): DetectionSchedule {
  const { services } = app;
  const log = engineLogger(logger.child({ component: 'schedule' }));
  return startDetectionSchedule({
    cron,
    logger: log,
    tick: async () => {
      if (services.draining()) return;
      const held = await services.store.runLock();
      if (held !== null) throw new EngineError('CONFLICT', `run ${held.runId} (${held.owner}) holds the detection lock`);
      const job = startDetectionJob(services.jobs, services.store, {
        params: {},
        owner: 'schedule',
        lockOwner: `schedule pid ${process.pid} on ${hostname()}`,
        leaseMs: services.config.lockLeaseMs,
        logger: log,
        alerts: alertPolicy(services.config),
        onSaved: () => services.readCache.clear(),
        onAlerts: () => services.kickDelivery(),
      });
      const done = await services.jobs.settled(job.id);
      log.info('scheduled detection finished', { jobId: job.id, state: done?.state ?? 'unknown', result: done?.result ?? null, failure: done?.failure ?? null });
    },
  });
}
