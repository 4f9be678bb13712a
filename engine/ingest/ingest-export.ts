/**
 * The ingest use case: stream an export folder through validation and
 * resolution into the store in batches. Every bad row is reported as
 * `file:line: reason` while every valid row is kept; in strict mode a first
 * pass validates everything and nothing is written if any row is bad.
 * References (shop → seller, shipment/report → shop) are checked against the
 * whole export read so far — files are read in dependency order — and then
 * against what the store already holds (an export may extend an earlier one).
 * Every load, written or refused, leaves a provenance record in the store:
 * each file's size and SHA-256 (of the bytes parsed), its row counts, when and
 * for whom.
 */
import { createHash, randomUUID, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { EngineError } from '../model/errors.ts';
import type { IngestActor, IngestRecord } from '../model/provenance.ts';
import { silentLogger, type Logger } from '../model/logger.ts';
import { batchSize, emptyBatch, type IngestBatch } from '../model/records.ts';
import type { IngestWrites } from '../store/ports.ts';
import { KNOWN_COLUMNS, parseRow, type RecordByEntity } from './row-schemas.ts';
import { listExportFiles, readSource, type EntityFile, type SourceFile } from './sources.ts';

export interface RowError {
  file: string;
  line: number;
  reason: string;
}

export interface FileReport {
  file: string;
  bytes: number;
  /** SHA-256 of the file's bytes as read, hex. */
  sha256: string;
  rows: number;
  accepted: number;
  rejected: number;
}

export interface IngestReport {
  /** The provenance record's id (`ringtrace ingests`). */
  ingestId: string;
  dir: string;
  strict: boolean;
  files: FileReport[];
  accepted: number;
  rejected: number;
  /** The first `maxErrorsListed` rejected rows; `rejected` counts them all. */
  errors: RowError[];
  warnings: string[];
  elapsedMs: number;
  rowsPerSecond: number;
  /** False only in strict mode when a bad row stopped the load. */
  written: boolean;
}

export interface IngestProgress {
  file: string;
  bytesDone: number;
  bytesTotal: number;
  rows: number;
}

export interface IngestOptions {
  strict?: boolean;
  /** Rows per store transaction (default: the store's preferred size, else 5,000). */
  batchRows?: number;
  maxErrorsListed?: number;
  logger?: Logger;
  onProgress?: (progress: IngestProgress) => void;
  /** Who the load is for, kept in its provenance record (default: an unnamed CLI user). */
  by?: IngestActor;
}

const UNKNOWN_ACTOR: IngestActor = { kind: 'cli', name: 'unknown', tokenId: null };

type BatchKey = keyof IngestBatch;
const BATCH_KEY: Record<EntityFile, BatchKey> = {
  sellers: 'sellers',
  shops: 'shops',
  payment_accounts: 'paymentAccounts',
  addresses: 'addresses',
  shipments: 'shipments',
  reports: 'reports',
};

/** The reference a row makes, if any: which id space and which id. */
function referenceOf<E extends EntityFile>(entity: E, record: RecordByEntity[E]): { space: 'seller' | 'shop'; id: string } | null {
  switch (entity) {
    case 'shops':
    case 'payment_accounts':
    case 'addresses':
      return { space: 'seller', id: (record as RecordByEntity['shops']).sellerId };
    case 'shipments':
    case 'reports':
      return { space: 'shop', id: (record as RecordByEntity['shipments']).shopId };
    default:
      return null;
  }
}

interface Pending {
  file: SourceFile;
  line: number;
  entity: EntityFile;
  record: RecordByEntity[EntityFile];
  ref: { space: 'seller' | 'shop'; id: string } | null;
}

export async function ingestExport(store: IngestWrites, dir: string, options: IngestOptions = {}): Promise<IngestReport> {
  const strict = options.strict ?? false;
  const logger = options.logger ?? silentLogger;
  const files = await listExportFiles(dir);
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const record = async (report: IngestReport): Promise<IngestReport> => {
    await store.recordIngest(provenanceOf(report, startedAt, options.by ?? UNKNOWN_ACTOR));
    return report;
  };
  if (strict) {
    const check = await runPass(store, files, { ...options, write: false });
    if (check.rejected > 0) {
      return record(finish(dir, true, check, started, false));
    }
  }
  const pass = await runPass(store, files, { ...options, write: true });
  logger.info('ingest finished', { dir, accepted: pass.accepted, rejected: pass.rejected });
  return record(finish(dir, strict, pass, started, true));
}

function provenanceOf(report: IngestReport, startedAt: string, by: IngestActor): IngestRecord {
  return {
    id: report.ingestId,
    startedAt,
    finishedAt: new Date().toISOString(),
    by,
    strict: report.strict,
    written: report.written,
    accepted: report.accepted,
    rejected: report.rejected,
    files: report.files.map((f) => ({ name: f.file, bytes: f.bytes, sha256: f.sha256, rows: f.rows, accepted: f.accepted, rejected: f.rejected })),
  };
}

function finish(dir: string, strict: boolean, pass: PassResult, started: number, written: boolean): IngestReport {
  const elapsedMs = performance.now() - started;
  const rows = pass.accepted + pass.rejected;
  return {
    ingestId: randomUUID(),
    dir,
    strict,
    files: pass.files,
    accepted: written ? pass.accepted : 0,
    rejected: pass.rejected,
    errors: pass.errors,
    warnings: pass.warnings,
    elapsedMs: Math.round(elapsedMs),
    rowsPerSecond: Math.round(rows / Math.max(elapsedMs / 1000, 0.001)),
    written,
  };
}

interface PassResult {
  files: FileReport[];
  accepted: number;
  rejected: number;
  errors: RowError[];
  warnings: string[];
}

async function runPass(
  store: IngestWrites,
  files: SourceFile[],
  options: IngestOptions & { write: boolean },
): Promise<PassResult> {
  const batchRows = options.batchRows ?? store.preferredBatchRows ?? 5_000;
  const maxErrors = options.maxErrorsListed ?? 1_000;
  const bytesTotal = files.reduce((sum, f) => sum + f.bytes, 0);
  let bytesDone = 0;
  const known = { seller: new Set<string>(), shop: new Set<string>() };
  const result: PassResult = { files: [], accepted: 0, rejected: 0, errors: [], warnings: [] };
  const reject = (file: string, line: number, reason: string, report: FileReport): void => {
    result.rejected++;
    report.rejected++;
    if (result.errors.length < maxErrors) result.errors.push({ file, line, reason });
  };

  // One write in flight while the next batch is parsed: a store that works
  // elsewhere (Neo4j's server, a writer thread) overlaps with parsing here.
  // Writes stay in order: a batch starts only after the previous one is durable.
  let inFlight: Promise<void> = Promise.resolve();
  const submit = async (batch: IngestBatch): Promise<void> => {
    await inFlight;
    inFlight = store.writeBatch(batch);
    // Keep a rejection from going unhandled until the next await sees it.
    inFlight.catch(() => {});
  };

  for (const file of files) {
    const report: FileReport = { file: file.name, bytes: 0, sha256: '', rows: 0, accepted: 0, rejected: 0 };
    const hash = createHash('sha256');
    result.files.push(report);
    const knownColumns = KNOWN_COLUMNS[file.entity];
    const unknownColumns = new Set<string>();
    let pending: Pending[] = [];

    const flush = async (): Promise<void> => {
      if (pending.length === 0) return;
      const rows = pending;
      pending = [];
      // References not seen in this export may point at earlier loads.
      const missing = { seller: new Set<string>(), shop: new Set<string>() };
      for (const p of rows) if (p.ref && !known[p.ref.space].has(p.ref.id)) missing[p.ref.space].add(p.ref.id);
      const inStore = {
        seller: missing.seller.size > 0 ? await store.existingSellers([...missing.seller]) : new Set<string>(),
        shop: missing.shop.size > 0 ? await store.existingShops([...missing.shop]) : new Set<string>(),
      };
      const batch = emptyBatch();
      for (const p of rows) {
        if (p.ref && !known[p.ref.space].has(p.ref.id) && !inStore[p.ref.space].has(p.ref.id)) {
          const column = p.ref.space === 'seller' ? 'seller_id' : 'shop_id';
          reject(file.name, p.line, `${column}: unknown ${p.ref.space} '${p.ref.id}'`, report);
          continue;
        }
        (batch[BATCH_KEY[p.entity]] as unknown[]).push(p.record);
        report.accepted++;
        result.accepted++;
        // A shop is only a valid reference target once it is accepted.
        if (p.entity === 'shops') known.shop.add((p.record as RecordByEntity['shops']).shopId);
      }
      if (options.write && batchSize(batch) > 0) await submit(batch);
    };

    for await (const item of readSource(file, (chunk) => {
      bytesDone += chunk.length;
      report.bytes += chunk.length;
      hash.update(chunk);
    })) {
      report.rows++;
      if (item.kind === 'error') {
        reject(file.name, item.line, item.reason, report);
        continue;
      }
      const { fields } = item.row;
      if (report.rows === 1 || file.format === 'ndjson') {
        for (const column of Object.keys(fields)) if (!knownColumns.has(column)) unknownColumns.add(column);
      }
      const parsed = parseRow(file.entity, fields);
      if (!parsed.ok) {
        reject(file.name, item.row.line, parsed.reason, report);
        continue;
      }
      const record = parsed.record;
      if (file.entity === 'sellers') known.seller.add((record as RecordByEntity['sellers']).sellerId);
      pending.push({ file, line: item.row.line, entity: file.entity, record, ref: referenceOf(file.entity, record) });
      if (pending.length >= batchRows) {
        await flush();
        options.onProgress?.({ file: file.name, bytesDone, bytesTotal, rows: report.rows });
      }
    }
    await flush();
    await inFlight;
    // A CSV syntax error stops parsing early; the provenance hash still covers the whole file.
    if (report.bytes < file.bytes) report.bytes += await hashFrom(file.path, report.bytes, hash);
    report.sha256 = hash.digest('hex');
    options.onProgress?.({ file: file.name, bytesDone, bytesTotal, rows: report.rows });
    if (unknownColumns.size > 0) {
      result.warnings.push(`${file.name}: unknown columns ignored: ${[...unknownColumns].sort().join(', ')}`);
    }
  }
  // Reference errors surface when a batch flushes; report in file, then line order.
  const fileOrder = new Map(files.map((f, i) => [f.name, i]));
  result.errors.sort((a, b) => fileOrder.get(a.file)! - fileOrder.get(b.file)! || a.line - b.line);
  return result;
}

/** Feeds the file's bytes from `start` on into `hash`; returns how many there were. */
async function hashFrom(path: string, start: number, hash: Hash): Promise<number> {
  let bytes = 0;
  for await (const chunk of createReadStream(path, { start })) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return bytes;
}

/** Throws INGEST_REJECTED when a report has rejected rows (for callers that want an exception). */
export function assertClean(report: IngestReport): void {
  if (report.rejected > 0) {
    throw new EngineError('INGEST_REJECTED', `${report.rejected} row(s) rejected`, { details: { errors: report.errors.slice(0, 20) } });
  }
}
