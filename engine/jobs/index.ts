/** Long-running engine work: pollable jobs (the registry, ingest and detection jobs) and the dossier render workers. */
export * from './job-registry.ts';
export { startIngestJob, type IngestJobInput } from './ingest-job.ts';
export { startDetectionJob, DETECTION_STAGES, type DetectionJobInput } from './detection-job.ts';
export { createDossierRenderer, type DossierRenderer, type DossierRendererOptions, type RenderOptions } from './dossier-renderer.ts';
