/**
 * Applies the schema at open(): a uniqueness constraint on every id/key, range
 * indexes for run and ring lookups, full-text indexes for search. Every
 * statement is `IF NOT EXISTS`, so opening is idempotent.
 */
import { RANGE_INDEXES, UNIQUENESS, schemaName } from './node-types.ts';
import type { Runner } from './session.ts';

export async function applySchema(runner: Runner): Promise<void> {
  for (const { label, property } of UNIQUENESS) {
    await runner.autoCommit('schema/create-uniqueness-constraint', {}, { name: schemaName('unique', label, property), label, property });
  }
  for (const { label, property } of RANGE_INDEXES) {
    await runner.autoCommit('schema/create-range-index', {}, { name: schemaName('index', label, property), label, property });
  }
  await runner.autoCommit('schema/create-address-variant-constraint');
  await runner.autoCommit('schema/create-names-fulltext-index');
  await runner.autoCommit('schema/create-address-fulltext-index');
  await runner.autoCommit('schema/await-indexes', { seconds: 300 });
}
