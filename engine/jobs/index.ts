/** Long-running engine work as pollable jobs: the registry, ingest jobs and detection jobs. */
export * from './job-registry.ts';
export { startIngestJob, type IngestJobInput } from './ingest-job.ts';
export { startDetectionJob, DETECTION_STAGES, type DetectionJobInput } from './detection-job.ts';
