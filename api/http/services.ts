/**
 * What routes and use cases share: the store, the config, the job registry,
 * the dossier renderer, the viewer masker and the liaison scopes. Built once by `createApp` from its
 * dependencies; tests can pass their own parts.
 */
import type { Logger as PinoLogger } from 'pino';
import type { Config, DossierRenderer, FullStore, JobRegistry, Logger } from '../../engine/index.ts';
import type { Masker } from './access/mask.ts';
import type { ReadCache } from './read-cache.ts';
import type { Scopes } from './access/scope.ts';
import type { LiveEvents } from './live-events.ts';

export interface Services {
  store: FullStore;
  config: Config;
  jobs: JobRegistry;
  /** Dossier render worker threads with their bounded queue. */
  dossiers: DossierRenderer;
  masker: Masker;
  scopes: Scopes;
  /** Ring lists, details and subgraphs per run (read-cache.ts). */
  readCache: ReadCache;
  /** Where uploads are saved before a load (under the data folder). */
  uploadRoot: string;
  /** True once shutdown began: readiness fails so balancers stop sending. */
  draining(): boolean;
  /** Drops cached token lookups (after a revocation). */
  forgetTokens(): void;
  /** Starts a webhook delivery pass now (after a run raised alerts); a no-op without a webhook. */
  kickDelivery(): void;
  /** The live-events stream's hub (GET /api/events). */
  events: LiveEvents;
}

/** The engine's small Logger over a pino logger (the request's child, with its id). */
export function engineLogger(log: PinoLogger): Logger {
  return {
    debug: (message, fields) => log.debug(fields ?? {}, message),
    info: (message, fields) => log.info(fields ?? {}, message),
    warn: (message, fields) => log.warn(fields ?? {}, message),
    error: (message, fields) => log.error(fields ?? {}, message),
  };
}
