/**
 * Applies the schema at open(): a uniqueness constraint on every id/key, range
 * indexes for run and ring lookups, full-text indexes for search. Every
 * statement is `IF NOT EXISTS`, so opening is idempotent (and a statement
 * may be tried again).
 *
 * Creating a uniqueness constraint on existing data populates and checks its
 * index before the statement returns, so on a bulk-imported store (13.8M
 * nodes at 1M sellers) the constraints are most of the schema time. They go
 * in parallel, one chain per label: statements on one label take that
 * label's schema lock and deadlock when run side by side (measured), those
 * on different labels do not. On the 100k store this took the schema from
 * 9.6–12.2 s to 7.1–8.6 s. The full-text indexes span several labels, so
 * they are created after the chains; they populate in the background until
 * the final wait.
 */
import { EngineError } from '../../model/errors.ts';
import { RANGE_INDEXES, UNIQUENESS, schemaName } from './node-types.ts';
import type { Runner } from './session.ts';

type Statement = () => Promise<unknown>;

/** A schema statement, tried again on a transient failure (a lock conflict with a concurrent opener). */
async function withRetry(statement: Statement): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await statement();
      return;
    } catch (error) {
      if (!(error instanceof EngineError && error.retriable) || attempt >= 5) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
    }
  }
}

export async function applySchema(runner: Runner): Promise<void> {
  const byLabel = new Map<string, Statement[]>();
  const add = (label: string, statement: Statement): void => {
    byLabel.set(label, [...(byLabel.get(label) ?? []), statement]);
  };
  for (const { label, property } of UNIQUENESS) {
    add(label, () => runner.autoCommit('schema/create-uniqueness-constraint', {}, { name: schemaName('unique', label, property), label, property }));
  }
  for (const { label, property } of RANGE_INDEXES) {
    add(label, () => runner.autoCommit('schema/create-range-index', {}, { name: schemaName('index', label, property), label, property }));
  }
  add('AddressVariant', () => runner.autoCommit('schema/create-address-variant-constraint'));
  // Every chain runs to its end even when another fails, so no statement is left running behind the error.
  const chains = await Promise.allSettled([...byLabel.values()].map(async (chain) => {
    for (const statement of chain) await withRetry(statement);
  }));
  const failed = chains.find((c): c is PromiseRejectedResult => c.status === 'rejected');
  if (failed !== undefined) throw failed.reason;
  await withRetry(() => runner.autoCommit('schema/create-names-fulltext-index'));
  await withRetry(() => runner.autoCommit('schema/create-address-fulltext-index'));
  await runner.autoCommit('schema/await-indexes', { seconds: 300 });
}
