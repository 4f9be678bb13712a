/**
 * Child process of the Neo4j fault tests: saves one detection run with many
 * rings (several staged write transactions) into the Neo4j given by
 * FAULT_NEO4J_URI / FAULT_NEO4J_PASSWORD, so the parent can SIGKILL it in the
 * middle of saveRun. Args: RUN_ID RINGS. Prints "saved" if it ever finishes.
 */
import { createNeo4jStore } from '../../engine/store/neo4j/index.ts';
import { ring, run } from '../fixtures/store/builders.ts';

const [runId = 'run-killed', count = '5000'] = process.argv.slice(2);
const store = createNeo4jStore({ uri: process.env['FAULT_NEO4J_URI'] ?? '', user: 'neo4j', password: process.env['FAULT_NEO4J_PASSWORD'] ?? '' });
await store.open();
const sellers = (await store.identifierGroups({ minSellers: 1 })[Symbol.asyncIterator]().next()).value?.sellers ?? [];
const rings = Array.from({ length: Number(count) }, (_, i) => ring(`K${i}`, [sellers[i % Math.max(1, sellers.length)] ?? 'none'], { score: 0.9 }));
console.log('saving');
await store.saveRun(run(runId, new Date().toISOString(), { ringsFound: rings.length }), rings);
console.log('saved');
await store.close();
