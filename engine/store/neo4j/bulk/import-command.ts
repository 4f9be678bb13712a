/**
 * The `neo4j-admin database import full` command for a set of import files:
 * its arguments (the same for the local server and a user's own), the shell
 * line a user runs on their server, and running it for the local server from
 * the Maven artifacts of tools/neo4j-local (`org.neo4j.cli.AdminTool`, with
 * NEO4J_HOME set to the local server's home).
 */
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { EngineError } from '../../../model/errors.ts';
import { silentLogger, type Logger } from '../../../model/logger.ts';
import { TOOL_DIR, ensureLocalNeo4jBuilt, javaBinary, tailKeeper } from '../local-server.ts';
import type { ImportManifest } from './import-files.ts';

export interface ImportArgumentOptions {
  database: string;
  /** Replace an existing (empty) database's files. */
  overwrite: boolean;
  /** The importer's off-heap budget, e.g. `2G` (its default is 90 % of free memory, too greedy on a shared machine). */
  maxOffHeapMemory?: string;
  /** Where the importer writes its report of bad entries (there should be none: the files are validated). */
  reportFile?: string;
}

/** Arguments after `neo4j-admin`: the database name first, then the file options. */
export function importArguments(manifest: ImportManifest, options: ImportArgumentOptions): string[] {
  const args = ['database', 'import', 'full', options.database];
  for (const f of manifest.nodes) if (f.rows > 0) args.push(`--nodes=${f.name}=${f.path}`);
  for (const f of manifest.relationships) if (f.rows > 0) args.push(`--relationships=${f.name}=${f.path}`);
  args.push(
    '--array-delimiter=U+001F',
    `--multiline-fields=${String(manifest.multiline)}`,
    // Every row was validated and de-duplicated: anything the importer rejects is a bug, so it must fail the load.
    '--bad-tolerance=0',
    '--skip-bad-relationships=false',
    '--skip-duplicate-nodes=false',
    `--overwrite-destination=${String(options.overwrite)}`,
  );
  if (options.maxOffHeapMemory !== undefined) args.push(`--max-off-heap-memory=${options.maxOffHeapMemory}`);
  if (options.reportFile !== undefined) args.push(`--report-file=${options.reportFile}`);
  return args;
}

const SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;
function shellQuote(arg: string): string {
  return SAFE.test(arg) ? arg : `'${arg.replaceAll("'", "'\\''")}'`;
}

/** The exact line to run on the user's server (as the user that owns its files, with the database stopped). */
export function importCommandLine(manifest: ImportManifest, database: string): string {
  return ['neo4j-admin', ...importArguments(manifest, { database, overwrite: false })].map(shellQuote).join(' ');
}

export interface ImportResult {
  nodes: number;
  relationships: number;
  properties: number;
  /** What the importer reports as its peak memory, in bytes, when it says. */
  peakMemoryBytes: number | null;
  elapsedMs: number;
}

const UNITS: Record<string, number> = { B: 1, KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3, TiB: 1024 ** 4 };

/** Reads the importer's closing summary ("Imported: N nodes, M relationships, P properties", "Peak memory usage: 1.004GiB"). */
export function parseImportSummary(output: string): Omit<ImportResult, 'elapsedMs'> | null {
  const count = (what: string): number | null => {
    const match = new RegExp(`^\\s*(\\d+) ${what}\\s*$`, 'm').exec(output);
    return match === null ? null : Number(match[1]);
  };
  const nodes = count('nodes');
  const relationships = count('relationships');
  const properties = count('properties');
  if (!/IMPORT DONE/.test(output) || nodes === null || relationships === null || properties === null) return null;
  const peak = /Peak memory usage: ([\d.]+)\s*([KMGT]?i?B)/.exec(output);
  const peakMemoryBytes = peak === null ? null : Math.round(Number(peak[1]) * (UNITS[peak[2]!] ?? 1));
  return { nodes, relationships, properties, peakMemoryBytes };
}

export interface LocalImportOptions {
  /** The local server's home (its database lands in `home/data/databases/<database>`). */
  home: string;
  database?: string;
  overwrite: boolean;
  /** JVM heap of the importer (default 1g; its caches are off-heap). */
  heap?: string;
  maxOffHeapMemory?: string;
  logger?: Logger;
}

/** Runs neo4j-admin import for the local server; the server must not be running on `home`. */
export async function runLocalImport(manifest: ImportManifest, options: LocalImportOptions): Promise<ImportResult> {
  const logger = options.logger ?? silentLogger;
  ensureLocalNeo4jBuilt(logger);
  const home = resolve(options.home);
  const args = importArguments(manifest, {
    database: options.database ?? 'neo4j',
    overwrite: options.overwrite,
    maxOffHeapMemory: options.maxOffHeapMemory,
    reportFile: join(manifest.dir, 'import.report'),
  });
  const started = performance.now();
  const child = spawn(javaBinary(), [`-Xmx${options.heap ?? '1g'}`, '-cp', join(TOOL_DIR, 'target', 'lib', '*'), 'org.neo4j.cli.AdminTool', ...args], {
    env: { ...process.env, NEO4J_HOME: home, NEO4J_CONF: join(home, 'conf') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  const tail = tailKeeper(25);
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    // The progress dots are long; the summary is at the end, so only a bounded tail is kept.
    stdout = (stdout + chunk).slice(-20_000);
    tail.push(chunk);
  });
  child.stderr.on('data', (chunk: string) => tail.push(chunk));
  const code = await new Promise<number | null>((resolveExit, reject) => {
    child.once('error', (error) => reject(new EngineError('STORE_UNAVAILABLE', `could not run java for neo4j-admin import: ${error.message}`, { cause: error })));
    child.once('exit', (exitCode) => resolveExit(exitCode));
  });
  const elapsedMs = Math.round(performance.now() - started);
  const summary = parseImportSummary(stdout);
  if (code !== 0 || summary === null) {
    const text = tail.text();
    const locked = /already in use|FileLockException|database is in use|is locked/i.test(text);
    throw new EngineError(locked ? 'CONFLICT' : 'STORE_UNAVAILABLE', `neo4j-admin import into ${home} failed (exit ${String(code)})${locked ? ': the local Neo4j on this home is running; stop it first' : ''}; last lines:\n${text}`, {
      details: { home, reason: locked ? 'store_locked' : 'import_failed' },
    });
  }
  logger.info('neo4j-admin import done', { ...summary, ms: elapsedMs });
  return { ...summary, elapsedMs };
}
