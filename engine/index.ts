/**
 * The engine's public surface. `api/` and `seed/` import only this file.
 */
export * from './model/errors.ts';
export * from './model/logger.ts';
export * from './model/records.ts';
export * from './model/rings.ts';
export * from './model/provenance.ts';
export type * from './model/saved-views.ts';
export type * from './store/ports.ts';
export * from './model/graph.ts';
export * from './model/identifiers.ts';
export * from './model/access.ts';
export * from './config.ts';
export { assertStoreExists, createStore } from './store/create-store.ts';
export * from './store/bulk-load.ts';
export { ingestExport, assertClean, type IngestReport, type IngestOptions, type IngestProgress, type RowError, type FileReport } from './ingest/ingest-export.ts';
export { detectRings, DEFAULT_DETECT_PARAMS, validateParams, type DetectResult, type DetectOptions } from './detect/detect-rings.ts';
export { runDetection, previousRings, chooseCommunityDetector, DETECTION_ENGINES, GDS_AUTO_MIN_SELLERS, type DetectionEngine, type RunDetectionOptions } from './detect/run-detection.ts';
export type { CommunityDetector, CommunityContext } from './detect/community-detector.ts';
export * from './model/run-lock.ts';
export { runExclusiveDetection, DEFAULT_LEASE_MS, type ExclusiveDetectionOptions, type ExclusiveDetectionStore } from './schedule/exclusive-detection.ts';
export { startDetectionSchedule, isCronExpression, type DetectionSchedule, type ScheduleOptions } from './schedule/scheduler.ts';
export { acquireLease, runInProgress, type HeldLease, type LeaseOptions } from './schedule/lease.ts';
export { TYPE_WEIGHTS } from './detect/weights.ts';
export { resolveAddress, addressKey, normalizePhone, normalizeEmail } from './resolve/index.ts';
export * from './jobs/index.ts';
export { ENTITY_FILES, type EntityFile } from './ingest/sources.ts';
export { csvRecords, isCsvProblem, type CsvItem, type CsvRecord } from './ingest/csv-records.ts';
export { runLocalNeo4jForeground, DEFAULT_LOCAL_HOME, DEFAULT_LOCAL_PORT, DEFAULT_HEAP, DEFAULT_PAGECACHE, type ForegroundOptions } from './store/neo4j/local-server.ts';
export { loadOrCreateSigningKey, parsePublicKey, fingerprintOf, type SigningKey } from './dossier/signing-key.ts';
export { buildDossier, type Dossier, type DossierManifest, type DossierOptions, type SoftwareInfo } from './dossier/build-dossier.ts';
export { unmasked, type DossierMasking, type DossierRecipient } from './dossier/dossier-data.ts';
export { verifyDossier, type VerifyProblem, type VerifyResult } from './dossier/verify-dossier.ts';
export { softwareInfo } from './dossier/software.ts';
