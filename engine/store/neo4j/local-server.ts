/**
 * Starts and stops the local Neo4j of `tools/neo4j-local/` (Neo4j Community
 * embedded, Bolt only, on 127.0.0.1) for development and the integration
 * tests: builds the Maven project when its target is stale, spawns java, waits
 * for the one ready line, and stops it with SIGTERM so the store closes cleanly.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EngineError } from '../../model/errors.ts';
import { silentLogger, type Logger } from '../../model/logger.ts';

export const TOOL_DIR = fileURLToPath(new URL('../../../tools/neo4j-local/', import.meta.url));
const MAIN_CLASS = 'dev.ringtrace.neo4jlocal.Neo4jLocal';
const READY_PREFIX = 'neo4j-local ready ';
/** Written after a successful build; newer sources than this mean rebuild. */
const BUILD_STAMP = join(TOOL_DIR, 'target', '.ringtrace-built');
/** Exit codes of Neo4jLocal.java. */
const EXIT_PORT_TAKEN = 3;
const EXIT_STORE_LOCKED = 4;

export const DEFAULT_LOCAL_HOME = '.ringtrace/neo4j';
export const DEFAULT_LOCAL_PORT = 7687;
export const DEFAULT_HEAP = '1g';
export const DEFAULT_PAGECACHE = '512m';

export interface LocalNeo4jOptions {
  /** Bolt port; Bolt cannot bind port 0, so the default is a free port picked here. */
  port?: number;
  /** Data folder; kept between starts. */
  home: string;
  /** Turns auth on with user `neo4j` and this password (at least 8 characters); absent means auth off. */
  password?: string;
  logger?: Logger;
  /** JVM max heap, e.g. `1g` (the default). */
  heap?: string;
  /**
   * Neo4j page cache, e.g. `512m` (the default). It is off-heap and filled
   * lazily, so a large value costs nothing on a small store; at 64m a bulk
   * load evicts the index pages it is about to read again and slows ~3x.
   */
  pagecache?: string;
  /** How long to wait for the ready line (default 180 s). */
  startTimeoutMs?: number;
}

export interface LocalNeo4j {
  uri: string;
  /** OpenGDS procedures are registered (the ready line says so). */
  gds: boolean;
  pid: number;
  /** SIGTERM, then waits for the JVM to exit (SIGKILL after 30 s). Idempotent. */
  stop(): Promise<void>;
  /** Resolves with the exit code when the process ends, for whatever reason. */
  exited: Promise<number | null>;
}

/** A TCP port free on 127.0.0.1 right now (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => (port > 0 ? resolvePort(port) : reject(new Error('no port assigned'))));
    });
  });
}

function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

function isBuilt(): boolean {
  if (!existsSync(BUILD_STAMP) || !existsSync(join(TOOL_DIR, 'target', 'lib'))) return false;
  const built = statSync(BUILD_STAMP).mtimeMs;
  return newestMtime(join(TOOL_DIR, 'pom.xml')) <= built && newestMtime(join(TOOL_DIR, 'src')) <= built;
}

/**
 * Builds `tools/neo4j-local` with Maven unless the build stamp is newer than
 * the pom and the sources. The first build downloads Neo4j from Maven Central.
 */
export function ensureLocalNeo4jBuilt(logger: Logger = silentLogger): void {
  if (isBuilt()) return;
  logger.info('building tools/neo4j-local with Maven (first use downloads Neo4j)', { dir: TOOL_DIR });
  const started = Date.now();
  const result = spawnSync(
    'mvn',
    ['-q', '-B', '-f', join(TOOL_DIR, 'pom.xml'), 'package', 'dependency:copy-dependencies',
      '-DoutputDirectory=target/lib', '-DincludeScope=runtime'],
    { cwd: TOOL_DIR, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 },
  );
  if (result.error !== undefined || result.status !== 0) {
    const output = `${result.stdout ?? ''}\n${result.stderr ?? ''}`.trim().split('\n').slice(-20).join('\n');
    const reason = result.error !== undefined ? `could not run mvn (${result.error.message})` : `mvn exited ${String(result.status)}`;
    throw new EngineError('STORE_UNAVAILABLE', `building tools/neo4j-local failed: ${reason}\n${output}`, { cause: result.error });
  }
  writeFileSync(BUILD_STAMP, new Date().toISOString());
  logger.info('built tools/neo4j-local', { ms: Date.now() - started });
}

/** `$JAVA_HOME/bin/java` when JAVA_HOME names a JDK, else `java` from the PATH. */
export function javaBinary(): string {
  const home = process.env['JAVA_HOME'];
  return home !== undefined && home !== '' && existsSync(join(home, 'bin', 'java')) ? join(home, 'bin', 'java') : 'java';
}

/** Keeps the last lines of a stream for error messages. */
export function tailKeeper(max: number): { push(chunk: string): void; text(): string } {
  const lines: string[] = [];
  let partial = '';
  return {
    push(chunk) {
      const parts = (partial + chunk).split('\n');
      partial = parts.pop() ?? '';
      lines.push(...parts.filter((l) => l.trim() !== ''));
      if (lines.length > max) lines.splice(0, lines.length - max);
    },
    text() {
      return [...lines, partial].filter((l) => l.trim() !== '').join('\n');
    },
  };
}

function failureFor(code: number | null, signal: NodeJS.Signals | null, stderr: string, port: number, home: string): EngineError {
  const tail = stderr === '' ? '(no output on stderr)' : stderr;
  if (code === EXIT_PORT_TAKEN) {
    return new EngineError('CONFLICT', `local Neo4j: port ${port} on 127.0.0.1 is already in use\n${tail}`, { details: { reason: 'port_taken', port } });
  }
  if (code === EXIT_STORE_LOCKED) {
    return new EngineError('CONFLICT', `local Neo4j: the store at ${home} is locked by another Neo4j process\n${tail}`, { details: { reason: 'store_locked', home } });
  }
  const how = signal !== null ? `was killed by ${signal}` : `exited with code ${String(code)}`;
  return new EngineError('STORE_UNAVAILABLE', `local Neo4j ${how} before it was ready; last stderr lines:\n${tail}`, { retriable: false });
}

/** Starts the local Neo4j and resolves once it accepts Bolt connections. */
export async function startLocalNeo4j(options: LocalNeo4jOptions): Promise<LocalNeo4j> {
  const logger = options.logger ?? silentLogger;
  const port = options.port ?? (await freePort());
  const home = resolve(options.home);
  const timeoutMs = options.startTimeoutMs ?? 180_000;
  ensureLocalNeo4jBuilt(logger);
  mkdirSync(home, { recursive: true });

  const args = [
    // A fixed heap with a large young generation: a 5,000-row write transaction
    // makes short-lived garbage, and the default small, growing young
    // generation spent ~20% of a bulk load in stop-the-world copies.
    `-Xms${options.heap ?? DEFAULT_HEAP}`,
    `-Xmx${options.heap ?? DEFAULT_HEAP}`,
    '-XX:NewRatio=1',
    '-XX:+UseParallelGC',
    '-cp', `${join(TOOL_DIR, 'target', 'classes')}:${join(TOOL_DIR, 'target', 'lib', '*')}`,
    MAIN_CLASS, '--home', home, '--port', String(port), '--pagecache', options.pagecache ?? DEFAULT_PAGECACHE,
  ];
  // The password goes on the command line of a local child process only; it is
  // never logged here.
  if (options.password !== undefined && options.password !== '') args.push('--password', options.password);

  const started = Date.now();
  const child: ChildProcess = spawn(javaBinary(), args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const stderr = tailKeeper(30);
  const killOnExit = (): void => {
    child.kill('SIGKILL');
  };
  process.once('exit', killOnExit);

  const exited = new Promise<number | null>((resolveExit) => {
    child.once('exit', (code) => {
      process.removeListener('exit', killOnExit);
      resolveExit(code);
    });
  });

  const ready = await new Promise<string>((resolveReady, reject) => {
    let stdoutBuffer = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new EngineError('STORE_UNAVAILABLE', `local Neo4j did not print its ready line within ${timeoutMs} ms; last stderr lines:\n${stderr.text() || '(none)'}`, { retriable: true }));
    }, timeoutMs);
    const onExit = (code: number | null, signal: NodeJS.Signals | null): void => {
      clearTimeout(timer);
      reject(failureFor(code, signal, stderr.text(), port, home));
    };
    child.once('exit', onExit);
    child.once('error', (error) => {
      clearTimeout(timer);
      child.removeListener('exit', onExit);
      reject(new EngineError('STORE_UNAVAILABLE', `could not start java for the local Neo4j: ${error.message}`, { cause: error }));
    });
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => stderr.push(chunk));
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (chunk: string) => {
      stdoutBuffer += chunk;
      const line = stdoutBuffer.split('\n').find((l) => l.startsWith(READY_PREFIX));
      if (line !== undefined) {
        clearTimeout(timer);
        child.removeListener('exit', onExit);
        resolveReady(line.slice(READY_PREFIX.length).trim());
      }
    });
  });
  // "bolt://127.0.0.1:PORT" plus " gds" when OpenGDS is registered.
  const [uri = ready, ...flags] = ready.split(' ');
  const gds = flags.includes('gds');
  logger.info('local Neo4j ready', { uri, gds, pid: child.pid, ms: Date.now() - started });

  let stopping: Promise<void> | null = null;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(killer);
      logger.info('local Neo4j stopped', { uri });
    })();
    return stopping;
  };
  return { uri, gds, pid: child.pid ?? -1, stop, exited };
}

export interface ForegroundOptions {
  port?: number;
  home?: string;
  password?: string;
  logger?: Logger;
  heap?: string;
  pagecache?: string;
}

/**
 * Runs the local Neo4j until SIGINT or SIGTERM (the `ringtrace neo4j` command
 * and `npm run neo4j`). Resolves with the process exit code to use.
 */
export async function runLocalNeo4jForeground(options: ForegroundOptions): Promise<{ uri: string; done: Promise<number> }> {
  const server = await startLocalNeo4j({
    port: options.port ?? DEFAULT_LOCAL_PORT,
    home: options.home ?? DEFAULT_LOCAL_HOME,
    password: options.password,
    logger: options.logger,
    heap: options.heap,
    pagecache: options.pagecache,
  });
  const done = new Promise<number>((resolveDone) => {
    let signalled = false;
    const onSignal = (): void => {
      if (signalled) return;
      signalled = true;
      void server.stop().then(() => resolveDone(0));
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    void server.exited.then((code) => {
      process.removeListener('SIGINT', onSignal);
      process.removeListener('SIGTERM', onSignal);
      if (!signalled) resolveDone(code === 0 || code === null ? 1 : code);
    });
  });
  return { uri: server.uri, done };
}
