/**
 * Which store queries a Neo4j search sends (issue: one store query per
 * search in the usual case). A fake runner records the query names and
 * answers what a store holding one seller, S-000123 "Golden", would.
 */
import neo4j from 'neo4j-driver';
import { describe, expect, it } from 'vitest';
import { createGraphReads } from '../../engine/store/neo4j/graph-reads.ts';
import type { Runner } from '../../engine/store/neo4j/session.ts';

type Query = { i: number; text: string; query?: string };

function fakeRunner(): { runner: Runner; sent: string[] } {
  const sent: string[] = [];
  const seller = (i: number, score: number) => new neo4j.Record(['i', 'labels', 'props', 'variants', 'score'], [neo4j.int(i), ['Seller'], { id: 'S-000123', name: 'Golden' }, null, score]);
  const runner: Runner = {
    async read(name, params) {
      sent.push(name);
      const queries = (params?.['queries'] ?? []) as Query[];
      if (name === 'read/search-keys') return queries.flatMap((q) => ('S-000123'.startsWith(q.text) ? [seller(q.i, q.text === 'S-000123' ? 1000 : 500)] : []));
      if (name === 'read/search-nodes') return queries.flatMap((q) => (q.query === 'golden*' || 'S-000123'.startsWith(q.text) ? [seller(q.i, 3)] : []));
      throw new Error(`unexpected query ${name}`);
    },
    write: () => Promise.reject(new Error('no writes here')),
    autoCommit: () => Promise.reject(new Error('no auto-commits here')),
    stream: () => {
      throw new Error('no streams here');
    },
  };
  return { runner, sent };
}

describe('Neo4j search queries', () => {
  it('when a word of letters is searched, then one full search runs and finds the name', async () => {
    const { runner, sent } = fakeRunner();
    const found = await createGraphReads(runner).search({ text: 'Golden', limit: 20 });
    expect(found.map((n) => n.id)).toEqual(['seller:S-000123']);
    expect(sent).toEqual(['read/search-nodes']);
  });

  it('when several words are searched, then one full search runs', async () => {
    const { runner, sent } = fakeRunner();
    await createGraphReads(runner).search({ text: 'golden dragon', limit: 20 });
    expect(sent).toEqual(['read/search-nodes']);
  });

  it('when a whole id is searched, then the key lookup alone answers', async () => {
    const { runner, sent } = fakeRunner();
    const found = await createGraphReads(runner).search({ text: 'S-000123', limit: 20 });
    expect(found.map((n) => n.id)).toEqual(['seller:S-000123']);
    expect(sent).toEqual(['read/search-keys']);
  });

  it('when the start of an id is searched, then the key lookup finds no whole key and the full search answers', async () => {
    const { runner, sent } = fakeRunner();
    const found = await createGraphReads(runner).search({ text: 'S-0001', limit: 20 });
    expect(found.map((n) => n.id)).toEqual(['seller:S-000123']);
    expect(sent).toEqual(['read/search-keys', 'read/search-nodes']);
  });
});
