/**
 * The public entry to Neo4j bulk loads (engine/store/neo4j/bulk/): loaded
 * lazily, like the Neo4j adapter itself, so embedded users never load the
 * driver or the import writer.
 */
import type { IngestOptions } from '../ingest/ingest-export.ts';
import type { BulkLoadOptions, BulkLoadReport, PreparedBulkLoad } from './neo4j/bulk/bulk-load.ts';

export type { BulkLoadOptions, BulkLoadReport, BulkTimings, PreparedBulkLoad } from './neo4j/bulk/bulk-load.ts';
export type { ImportFile, ImportManifest } from './neo4j/bulk/import-files.ts';
export type { ImportResult } from './neo4j/bulk/import-command.ts';

/** Loads an export into the local Neo4j's (new or empty) database with neo4j-admin import. */
export async function bulkLoadLocal(dir: string, options: BulkLoadOptions): Promise<BulkLoadReport> {
  const bulk = await import('./neo4j/bulk/bulk-load.ts');
  return bulk.bulkLoadLocal(dir, options);
}

/** Writes an export's import files and the exact neo4j-admin command for another server. */
export async function prepareBulkLoad(dir: string, out: string, options: Omit<IngestOptions, 'batchRows'> & { database?: string } = {}): Promise<PreparedBulkLoad> {
  const bulk = await import('./neo4j/bulk/bulk-load.ts');
  return bulk.prepareBulkLoad(dir, out, options);
}
