/**
 * The Cypher registry: every file under cypher/ is registered, every
 * registered query has a header, and the `$params` a header declares are
 * exactly the ones its statement uses; templates refuse values off their list.
 */
import { describe, expect, it } from 'vitest';
import { cypher, cypherFilesOnDisk, cypherRegistry, QUERY_NAMES, usedParams, usedTemplates } from '../../engine/store/neo4j/cypher-registry.ts';

describe('cypherRegistry', () => {
  it('when the files on disk are listed, then each is registered and each registered name has a file', () => {
    expect(cypherFilesOnDisk()).toEqual([...QUERY_NAMES].sort());
  });

  it.each([...QUERY_NAMES])('when %s is loaded, then its header opens with a purpose and declares exactly the params it uses', (name) => {
    const query = cypherRegistry().get(name);

    expect(query?.text.startsWith('// Purpose: ')).toBe(true);
    expect(query?.text).toMatch(/\/\/ @returns /);
    expect([...(query?.params ?? [])].sort()).toEqual(usedParams(query!).sort());
    expect([...(query?.templates.keys() ?? [])].sort()).toEqual(usedTemplates(query!).sort());
  });

  it('when a template value is not on the allow-list, then rendering refuses it', () => {
    expect(() => cypher('write/link-seller-addresses', { rel: 'KNOWS' })).toThrow(/not allowed/);
    expect(() => cypher('write/link-seller-addresses', { rel: 'WAREHOUSE_AT]->(x) DETACH DELETE x //' })).toThrow(/not allowed/);
    expect(cypher('write/link-seller-addresses', { rel: 'WAREHOUSE_AT' })).toContain('[:WAREHOUSE_AT]');
  });
});
