/**
 * Ingest provenance: what each load read (every file's name, size and
 * SHA-256, rows accepted and rejected), when, and on whose behalf. Both
 * stores keep these records append-only; a dossier lists the ingests that
 * fed its run, so a recipient can tie the evidence to the files it came from.
 */

/** Who asked for a load: a CLI user (the operating-system account) or an API token. */
export interface IngestActor {
  kind: 'cli' | 'token';
  /** The OS user name, or the token's name. */
  name: string;
  /** The token id (API loads only). */
  tokenId: string | null;
}

export interface IngestFileRecord {
  /** File name inside the export folder, e.g. `sellers.csv`. */
  name: string;
  bytes: number;
  /** SHA-256 of the bytes read, hex. */
  sha256: string;
  rows: number;
  accepted: number;
  rejected: number;
}

export interface IngestRecord {
  id: string;
  startedAt: string;
  finishedAt: string;
  by: IngestActor;
  strict: boolean;
  /** False when a strict load refused the export (nothing written). */
  written: boolean;
  accepted: number;
  rejected: number;
  files: IngestFileRecord[];
}

/** The ingests that fed a run: written loads finished before the run started. */
export function ingestsBefore(ingests: readonly IngestRecord[], startedAt: string): IngestRecord[] {
  return ingests.filter((i) => i.written && i.finishedAt <= startedAt);
}
