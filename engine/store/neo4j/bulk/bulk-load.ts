/**
 * Bulk loads: the first load of a big export into a new or empty Neo4j
 * database through `neo4j-admin database import full` instead of Bolt. The
 * export goes through the same ingest use case as every load (parse,
 * validation, resolution, reference checks, the per-row error report, strict
 * mode); only the writer differs: it writes import files (import-files.ts),
 * on a thread of its own (import-files-thread.ts) so the files of one batch
 * are written while the next is parsed.
 * `bulkLoadLocal` then imports them into the local server's home and opens the
 * store once, which creates the constraints and indexes and waits for them to
 * come online, so the result is the store a Bolt load would have left.
 * `prepareBulkLoad` stops after the files and hands back the exact command for
 * a user's own server. Incremental loads stay on Bolt.
 */
import { existsSync } from 'node:fs';
import { rm, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ingestExport, type IngestOptions, type IngestReport } from '../../../ingest/ingest-export.ts';
import { EngineError } from '../../../model/errors.ts';
import { silentLogger } from '../../../model/logger.ts';
import { createNeo4jStore } from '../index.ts';
import { freePort, startLocalNeo4j } from '../local-server.ts';
import { createRunner } from '../session.ts';
import { asNumber } from '../values.ts';
import { importCommandLine, runLocalImport, type ImportResult } from './import-command.ts';
import type { IngestRecord } from '../../../model/provenance.ts';
import type { ImportManifest } from './import-files.ts';
import { createThreadedImportFileWriter } from './import-files-thread.ts';
import neo4j from 'neo4j-driver';

export interface BulkTimings {
  /** Parse, validate, resolve and write the import files. */
  filesMs: number;
  importMs: number;
  /** Start the server on the imported store, create constraints and indexes, wait for them online. */
  schemaMs: number;
}

export interface BulkLoadReport extends IngestReport {
  bulk: {
    home: string;
    timings: BulkTimings;
    import: ImportResult | null;
    fileBytes: number;
  };
}

export interface BulkLoadOptions extends Omit<IngestOptions, 'batchRows'> {
  /** The local server's home (`ringtrace neo4j --home`, default `.ringtrace/neo4j`); the server must be stopped. */
  home: string;
  /** Where the import files go (default `<home>/bulk-import`, removed after the import unless `keepFiles`). */
  filesDir?: string;
  keepFiles?: boolean;
  /** Heap and page cache of the server started once for the schema. */
  heap?: string;
  pagecache?: string;
  /** neo4j-admin's off-heap budget (default 2G). */
  maxOffHeapMemory?: string;
}

const DATABASE = 'neo4j';

async function totalBytes(manifest: ImportManifest): Promise<number> {
  let sum = 0;
  for (const f of [...manifest.nodes, ...manifest.relationships]) sum += (await stat(f.path)).size;
  return sum;
}

/** Runs the ingest use case into import files in `folder`; the writer thread is ended whatever happens. */
async function writeImportFiles(dir: string, folder: string, options: Omit<IngestOptions, 'batchRows'>): Promise<{ report: IngestReport; manifest: ImportManifest }> {
  const writer = createThreadedImportFileWriter(folder);
  try {
    const report = await ingestExport(writer, dir, options);
    return { report, manifest: await writer.finish() };
  } finally {
    await writer.stop();
  }
}

/** Nodes in the local database at `home`, counted on a server started for the purpose (CONFLICT when it is running elsewhere). */
async function localNodeCount(home: string, options: BulkLoadOptions): Promise<number> {
  const server = await startLocalNeo4j({ home, port: await freePort(), heap: options.heap, pagecache: options.pagecache, logger: options.logger });
  const driver = neo4j.driver(server.uri, neo4j.auth.basic('neo4j', ''), { disableLosslessIntegers: true });
  try {
    const [record] = await createRunner(() => driver, undefined, server.uri).read('read/count-all-nodes');
    return record === undefined ? 0 : asNumber(record.get('nodes'));
  } finally {
    await driver.close();
    await server.stop();
  }
}

/**
 * Opens the imported store once: open() applies the schema and waits for every
 * index to be online; then the load's provenance is recorded, as a Bolt load records it.
 */
async function applySchemaLocally(home: string, options: BulkLoadOptions, ingests: readonly IngestRecord[]): Promise<void> {
  const server = await startLocalNeo4j({ home, port: await freePort(), heap: options.heap, pagecache: options.pagecache, logger: options.logger });
  const store = createNeo4jStore({ uri: server.uri, user: 'neo4j', password: '', logger: options.logger });
  try {
    await store.open();
    for (const record of ingests) await store.recordIngest(record);
  } finally {
    await store.close();
    await server.stop();
  }
}

/**
 * Loads an export into the local Neo4j at `options.home` with neo4j-admin
 * import. The database must be new or empty (INVALID_INPUT otherwise, naming
 * it); the server must not be running there (CONFLICT). Rows rejected by
 * validation are reported as in every load and the rest are imported; in
 * strict mode a bad row stops the load before any file is written.
 */
export async function bulkLoadLocal(dir: string, options: BulkLoadOptions): Promise<BulkLoadReport> {
  const logger = options.logger ?? silentLogger;
  const home = resolve(options.home);
  const started = performance.now();
  const existing = existsSync(join(home, 'data', 'databases', DATABASE));
  if (existing) {
    const nodes = await localNodeCount(home, options);
    if (nodes > 0) {
      throw new EngineError('INVALID_INPUT', `bulk load refused: the local Neo4j database at ${home} already holds ${nodes.toLocaleString('en')} nodes; a bulk load replaces a database whole, so it runs only into a new or empty one (load into it without --bulk, or use another --neo4j-home)`, {
        details: { field: 'home', home, nodes },
      });
    }
  }
  const filesDir = resolve(options.filesDir ?? join(home, 'bulk-import'));
  const { report, manifest } = await writeImportFiles(dir, filesDir, options);
  const filesMs = Math.round(performance.now() - started);
  const fileBytes = await totalBytes(manifest);
  if (!report.written) {
    if (options.keepFiles !== true) await rm(filesDir, { recursive: true, force: true });
    return { ...report, bulk: { home, timings: { filesMs, importMs: 0, schemaMs: 0 }, import: null, fileBytes } };
  }
  logger.info('import files written', { dir: filesDir, bytes: fileBytes, ms: filesMs });
  const imported = await runLocalImport(manifest, { home, overwrite: existing, maxOffHeapMemory: options.maxOffHeapMemory ?? '2G', logger });
  const schemaStarted = performance.now();
  await applySchemaLocally(home, options, manifest.ingests);
  const schemaMs = Math.round(performance.now() - schemaStarted);
  if (options.keepFiles !== true) await rm(filesDir, { recursive: true, force: true });
  const elapsedMs = Math.round(performance.now() - started);
  const rows = report.accepted + report.rejected;
  return {
    ...report,
    elapsedMs,
    rowsPerSecond: Math.round(rows / Math.max(elapsedMs / 1000, 0.001)),
    bulk: { home, timings: { filesMs, importMs: imported.elapsedMs, schemaMs }, import: imported, fileBytes },
  };
}

export interface PreparedBulkLoad extends IngestReport {
  prepared: {
    dir: string;
    /** The exact line to run on the user's server, also written to `<dir>/import.sh`. */
    command: string;
    manifest: ImportManifest;
    fileBytes: number;
  };
}

/**
 * Writes the import files of an export into `out` together with `import.sh`,
 * the exact neo4j-admin command for a user's own server (run with that
 * server's database stopped; then any ringtrace command that opens the store
 * creates the constraints and indexes).
 */
export async function prepareBulkLoad(dir: string, out: string, options: Omit<IngestOptions, 'batchRows'> & { database?: string } = {}): Promise<PreparedBulkLoad> {
  const { report, manifest } = await writeImportFiles(dir, out, options);
  const command = importCommandLine(manifest, options.database ?? DATABASE);
  const script = [
    '#!/bin/sh',
    '# Written by `ringtrace ingest --bulk-prepare`. Run as the user owning the Neo4j server\'s files, with the target',
    '# database stopped (a new or empty one: the import replaces it). Afterwards start the database and run any',
    '# ringtrace command against it (e.g. `ringtrace doctor --store neo4j`): opening the store creates the constraints',
    '# and indexes and waits until they are online.',
    'set -e',
    command,
    '',
  ].join('\n');
  await writeFile(join(manifest.dir, 'import.sh'), script, { mode: 0o755 });
  return { ...report, prepared: { dir: manifest.dir, command, manifest, fileBytes: await totalBytes(manifest) } };
}
