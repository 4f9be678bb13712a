/**
 * V8 resource limits for the engine's worker threads (the embedded store's
 * writer, detection). Their work allocates many short-lived rows and keys; a
 * young generation the size of the CLI's `--max-semi-space-size=64` (three
 * semi-spaces) keeps the scavenger from taking a third of their CPU, as it did
 * on the main thread of an ingest with V8's default.
 */
import type { ResourceLimits } from 'node:worker_threads';

export const WORKER_RESOURCE_LIMITS: ResourceLimits = { maxYoungGenerationSizeMb: 192 };
