/**
 * What every command gets: the parsed config (flags over env over defaults),
 * a lazily opened store that is closed once at exit, and output helpers that
 * honour `--json` and show progress bars only on a TTY.
 */
import cliProgress from 'cli-progress';
import { assertStoreExists, createStore, loadConfig, type Config, type FullStore, type Logger } from '../../engine/index.ts';

export interface GlobalOptions {
  store?: 'embedded' | 'neo4j';
  dataDir?: string;
  json?: boolean;
  quiet?: boolean;
}

export interface Progress {
  update(done: number, total: number, label?: string): void;
  stop(): void;
}

export interface CliContext {
  config: Config;
  json: boolean;
  logger: Logger;
  store(): Promise<FullStore>;
  /** The store, for commands that only read: NOT_FOUND rather than a new empty store when there is none. */
  existingStore(): Promise<FullStore>;
  /** Prints a result: JSON under --json, else the human text. */
  print(value: unknown, human: () => string): void;
  info(message: string): void;
  progress(label: string): Progress;
  close(): Promise<void>;
}

const noProgress: Progress = { update: () => {}, stop: () => {} };

export function createCliContext(options: GlobalOptions, env: Record<string, string | undefined> = process.env): CliContext {
  const config = loadConfig(env, { store: options.store, dataDir: options.dataDir });
  const json = options.json ?? false;
  const quiet = (options.quiet ?? false) || json;
  let opened: FullStore | null = null;
  const logger: Logger = {
    debug: () => {},
    info: () => {},
    warn: (message) => {
      if (!quiet) console.error(`warning: ${message}`);
    },
    error: (message) => console.error(`error: ${message}`),
  };
  return {
    config,
    json,
    logger,
    async store() {
      if (!opened) {
        const store = await createStore(config, logger);
        await store.open();
        opened = store;
      }
      return opened;
    },
    async existingStore() {
      if (!opened) assertStoreExists(config);
      return this.store();
    },
    print(value, human) {
      if (json) console.log(JSON.stringify(value, null, 2));
      else console.log(human());
    },
    info(message) {
      if (!quiet) console.error(message);
    },
    progress(label) {
      if (quiet || !process.stderr.isTTY) return noProgress;
      const bar = new cliProgress.SingleBar(
        { format: `${label} [{bar}] {percentage}% {label}`, hideCursor: true, clearOnComplete: true, stream: process.stderr },
        cliProgress.Presets.shades_classic,
      );
      let started = false;
      return {
        update(done, total, text = '') {
          if (!started) {
            bar.start(Math.max(total, 1), 0, { label: text });
            started = true;
          }
          bar.setTotal(Math.max(total, 1));
          bar.update(done, { label: text });
        },
        stop() {
          if (started) bar.stop();
        },
      };
    },
    async close() {
      if (opened) {
        const store = opened;
        opened = null;
        await store.close();
      }
    },
  };
}
