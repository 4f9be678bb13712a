/**
 * The store contract: every adapter of the storage port must pass these
 * cases. They use the port only, so the same cases run against the embedded
 * store and Neo4j.
 */
import { describe } from 'vitest';
import { defineAccessCases } from './access-cases.ts';
import { defineCaseworkCases } from './casework-cases.ts';
import { defineDetectionCases } from './detection-cases.ts';
import { defineDeviceCases } from './device-cases.ts';
import type { StoreFactory } from './factory.ts';
import { defineGraphCases } from './graph-cases.ts';
import { defineIngestCases } from './ingest-cases.ts';
import { defineLockCases } from './lock-cases.ts';
import { defineOutboxRetentionCases } from './outbox-retention-cases.ts';
import { defineProvenanceCases } from './provenance-cases.ts';
import { defineRingCases } from './ring-cases.ts';
import { defineSavedViewCases } from './saved-view-cases.ts';

export type { StoreFactory } from './factory.ts';

export function defineStoreContract(name: string, factory: StoreFactory): void {
  describe(`store contract: ${name}`, () => {
    defineIngestCases(factory);
    defineDetectionCases(factory);
    defineRingCases(factory);
    defineGraphCases(factory);
    defineDeviceCases(factory);
    defineAccessCases(factory);
    defineLockCases(factory);
    defineProvenanceCases(factory);
    defineSavedViewCases(factory);
    defineCaseworkCases(factory);
    defineOutboxRetentionCases(factory);
  });
}
