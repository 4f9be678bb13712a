/**
 * Every registered Cypher file compiles on a real Neo4j: `EXPLAIN` plans each
 * statement (templates rendered with every allowed value) without running it.
 */
import neo4j from 'neo4j-driver';
import { describe, expect, it } from 'vitest';
import { cypher, cypherRegistry, QUERY_NAMES, type QueryName } from '../../engine/store/neo4j/cypher-registry.ts';
import { createNeo4jStore } from '../../engine/store/neo4j/index.ts';
import { neo4jTestsEnabled, useNeo4j } from './neo4j-setup.ts';

/** One rendering per allowed value of each template (others take their first value). */
function renderings(name: QueryName): string[] {
  const templates = cypherRegistry().get(name)?.templates ?? new Map<string, string[]>();
  if (templates.size === 0) return [cypher(name)];
  const out = new Set<string>();
  for (const [varying, values] of templates) {
    for (const value of values.length > 0 ? values : ['ringtrace_explain_probe']) {
      const chosen: Record<string, string> = {};
      for (const [t, allowed] of templates) chosen[t] = t === varying ? value : (allowed[0] ?? 'ringtrace_explain_probe');
      // Label/property pairs off the node table still plan: EXPLAIN checks syntax and semantics, not data.
      out.add(cypher(name, chosen));
    }
  }
  return [...out];
}

describe.skipIf(!neo4jTestsEnabled)('cypher files under EXPLAIN', () => {
  const connection = useNeo4j();

  it.each([...QUERY_NAMES].filter((n) => !n.startsWith('schema/')))('when %s is explained, then Neo4j plans it', async (name) => {
    // The schema must exist for the full-text procedure calls to plan.
    const store = createNeo4jStore(connection());
    await store.open();
    await store.close();
    const driver = neo4j.driver(connection().uri, neo4j.auth.basic(connection().user, connection().password));
    try {
      for (const statement of renderings(name)) {
        const session = driver.session();
        try {
          const result = await session.run(`EXPLAIN ${statement}`, {});
          expect(result.summary.plan).not.toBe(false);
        } finally {
          await session.close();
        }
      }
    } finally {
      await driver.close();
    }
  });
});
