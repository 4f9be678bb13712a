/**
 * Bulk loads against a real Neo4j: an export loaded with neo4j-admin import
 * (`bulkLoadLocal`) must give the very graph a Bolt load of the same export
 * gives — every node with its labels and properties, every relationship, the
 * same constraints and indexes — and the same ingest report. The export is a
 * seeded marketplace plus rows that exercise what an importer does not do by
 * itself: ids that recur with changed values, a shared account repeated, a
 * hub address with more spellings than an Address keeps inline, quotes and
 * line breaks inside values, and bad rows.
 */
import { appendFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import neo4j from 'neo4j-driver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestExport, isEngineError, type IngestReport } from '../../engine/index.ts';
import { bulkLoadLocal, prepareBulkLoad, type BulkLoadReport } from '../../engine/store/neo4j/bulk/bulk-load.ts';
import { createNeo4jStore } from '../../engine/store/neo4j/index.ts';
import { freePort, startLocalNeo4j } from '../../engine/store/neo4j/local-server.ts';
import { NODE_LABELS } from '../../engine/store/neo4j/node-types.ts';
import { generateMarketplace } from '../../seed/index.ts';
import { useNeo4j, type Neo4jTestConnection } from './neo4j-setup.ts';

const neo4jConnection = useNeo4j();

/** Appended to the seeded export: recurring ids, a hub with 40 spellings, quotes and line breaks, bad rows. */
async function addTrickyRows(dir: string): Promise<void> {
  const hub = Array.from({ length: 40 }, (_, i) => `"Unit ${i % 2 === 0 ? 'No.' : '#'}9, 1 Depot Rd${' '.repeat(i % 3)}${i >= 20 ? ', Yiwu' : ''}${i % 5 === 0 ? '' : `, lane ${i}`}"`);
  await appendFile(join(dir, 'sellers.csv'), [
    'T-1,"Tricky ""one""",2020-01-01,+86 100 0000 0001,t1@example.com,TH-1,active,"1 Tricky Road, Yiwu",TD-1',
    'T-2,"two\nlines",2020-01-02,+86 100 0000 0002,,TH-2,active,"2 Tricky Road, Yiwu",',
    // T-1 again: a new phone and device (single-valued: the links move), no name (kept), another registered address (added).
    'T-1,,,+86 100 0000 0009,,,banned,"9 Other Road, Yiwu",TD-9',
    'T-3,bad date,yesterday,,,,active,,',
    '',
  ].join('\n'));
  await appendFile(join(dir, 'shops.csv'), ['TS-1,T-1,Tricky shop,,2020-02-01,,open', 'TS-1,T-2,,,,2020-03-01,closed', 'TS-2,T-404,Orphan,,,,open', ''].join('\n'));
  await appendFile(join(dir, 'payment_accounts.csv'), ['TA-1,T-1,bank,Tri Ck', 'TA-1,T-2,,', 'TA-1,T-1,,New Holder', ''].join('\n'));
  await appendFile(join(dir, 'addresses.csv'), [...hub.map((h, i) => `${i % 2 === 0 ? 'T-1' : 'T-2'},${h},warehouse`), 'T-1,"1 Tricky Road, Yiwu",return', ''].join('\n'));
  await appendFile(join(dir, 'shipments.csv'), [
    `TX-1,TS-1,${hub[0]},"5 Buyer St, Hangzhou",ZTO,Z1,2020-04-01,1.5,watch`,
    'TX-1,TS-1,"3 Other Origin, Yiwu",,,,,,',
    'TX-2,TS-1,,,,,,-2,bag',
    '',
  ].join('\n'));
  await appendFile(join(dir, 'reports.ndjson'), [
    { report_id: 'TR-1', shop_id: 'TS-1', brand: 'Aurelle', kind: 'test_buy', verdict: 'counterfeit', reported_at: '2020-05-01' },
    { report_id: 'TR-1', shop_id: 'TS-1', brand: 'Maison Verin' },
  ].map((r) => `${JSON.stringify(r)}\n`).join(''));
}

const KEYS = new Map<string, string>(Object.values(NODE_LABELS).map(({ label, key }) => [label, key]));

interface GraphDump {
  nodes: string[];
  relationships: string[];
  schema: string[];
  /** The load's provenance (Ingest and IngestFile nodes) without its ids and times, which differ between any two loads. */
  provenance: string[];
}

const PROVENANCE = new Set(['Ingest', 'IngestFile']);
const TIMING = new Set(['id', 'ingestId', 'startedAt', 'finishedAt']);

function identity(labels: string[], props: Record<string, unknown>): string {
  const label = labels[0] ?? '';
  if (label === 'AddressVariant') return `AddressVariant(${String(props['key'])}|${String(props['raw'])})`;
  return `${label}(${String(props[KEYS.get(label) ?? 'id'])})`;
}

/** Every node, relationship and schema entry of the database, canonical and sorted (the run's data only: no Ring/Run/Token nodes exist). */
async function dumpGraph(connection: Neo4jTestConnection): Promise<GraphDump> {
  const driver = neo4j.driver(connection.uri, neo4j.auth.basic(connection.user, connection.password), { disableLosslessIntegers: true });
  const session = driver.session();
  try {
    const all = (await session.run('MATCH (n) RETURN labels(n) AS labels, properties(n) AS props')).records.map((r) => ({
      labels: (r.get('labels') as string[]).sort(),
      props: r.get('props') as Record<string, unknown>,
    }));
    const line = (labels: string[], props: Record<string, unknown>): string =>
      `${labels.join(':')} ${JSON.stringify(Object.fromEntries(Object.entries(props).sort(([a], [b]) => (a < b ? -1 : 1))))}`;
    const isProvenance = (labels: string[]): boolean => labels.some((l) => PROVENANCE.has(l));
    const nodes = all.filter((n) => !isProvenance(n.labels)).map((n) => line(n.labels, n.props));
    const provenance = all
      .filter((n) => isProvenance(n.labels))
      .map((n) => line(n.labels, Object.fromEntries(Object.entries(n.props).filter(([k]) => !TIMING.has(k)))));
    const relationships = (await session.run('MATCH (a)-[r]->(b) WHERE NONE(l IN labels(a) WHERE l IN $provenance) RETURN labels(a) AS al, properties(a) AS ap, type(r) AS type, properties(r) AS rp, labels(b) AS bl, properties(b) AS bp', { provenance: [...PROVENANCE] })).records.map((r) =>
      `${identity(r.get('al') as string[], r.get('ap') as Record<string, unknown>)}-[${r.get('type') as string} ${JSON.stringify(r.get('rp'))}]->${identity(r.get('bl') as string[], r.get('bp') as Record<string, unknown>)}`);
    const schema = (await session.run('SHOW INDEXES YIELD name, type, labelsOrTypes, properties, state RETURN name, type, labelsOrTypes, properties, state')).records
      .map((r) => `${r.get('name') as string} ${r.get('type') as string} ${JSON.stringify(r.get('labelsOrTypes'))} ${JSON.stringify(r.get('properties'))} ${r.get('state') as string}`);
    return { nodes: nodes.sort(), relationships: relationships.sort(), schema: schema.sort(), provenance: provenance.sort() };
  } finally {
    await session.close();
    await driver.close();
  }
}

/** The parts of an ingest report that do not depend on timing. */
function outcome(report: IngestReport): unknown {
  return { files: report.files, accepted: report.accepted, rejected: report.rejected, errors: report.errors, warnings: report.warnings, written: report.written };
}

describe('bulkLoadLocal', () => {
  let root: string;
  let exportDir: string;
  let home: string;
  let boltReport: IngestReport;
  let boltGraph: GraphDump;
  let bulkReport: BulkLoadReport;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'ringtrace-bulk-'));
    exportDir = join(root, 'export');
    home = join(root, 'home');
    await generateMarketplace({ sellers: 600, rings: 6, seed: 11, outDir: exportDir });
    await addTrickyRows(exportDir);

    const store = createNeo4jStore(neo4jConnection());
    await store.open();
    try {
      // Small batches, so recurring ids also meet across Bolt batches.
      boltReport = await ingestExport(store, exportDir, { batchRows: 700 });
    } finally {
      await store.close();
    }
    boltGraph = await dumpGraph(neo4jConnection());
    bulkReport = await bulkLoadLocal(exportDir, { home, heap: '512m', pagecache: '64m', maxOffHeapMemory: '512M' });
  }, 420_000);

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('when an export is bulk loaded, then the ingest report is the one a Bolt load gives', () => {
    expect(boltReport.rejected).toBe(3);
    expect(outcome(bulkReport)).toEqual(outcome(boltReport));
    expect(bulkReport.bulk.import?.nodes).toBe(boltGraph.nodes.length);
    expect(bulkReport.bulk.import?.relationships).toBe(boltGraph.relationships.length);
  });

  it('when an export is bulk loaded, then the graph, constraints and indexes are exactly those of a Bolt load', async () => {
    const server = await startLocalNeo4j({ home, port: await freePort(), heap: '512m', pagecache: '64m' });
    try {
      const bulkGraph = await dumpGraph({ uri: server.uri, user: 'neo4j', password: '' });
      expect(bulkGraph.nodes.length).toBeGreaterThan(3_000);
      expect(bulkGraph.schema).toEqual(boltGraph.schema);
      expect(bulkGraph.nodes).toEqual(boltGraph.nodes);
      expect(bulkGraph.relationships).toEqual(boltGraph.relationships);
      // The bulk load records its provenance like a Bolt load: the same files, hashes and row counts.
      expect(bulkGraph.provenance.length).toBeGreaterThan(1);
      expect(bulkGraph.provenance).toEqual(boltGraph.provenance);
      // The recurring seller kept its name, took its new phone and gained the second registered address.
      expect(bulkGraph.relationships.filter((r) => r.startsWith('Seller(T-1)-[USES_PHONE') || r.startsWith('Seller(T-1)-[REGISTERED_AT'))).toHaveLength(3);
      expect(bulkGraph.nodes.some((n) => n.startsWith('AddressVariant '))).toBe(true);
    } finally {
      await server.stop();
    }
  }, 300_000);

  it('when the database already holds data, then a bulk load is refused with INVALID_INPUT and nothing changes', async () => {
    const error = await bulkLoadLocal(exportDir, { home, heap: '512m', pagecache: '64m' }).catch((e: unknown) => e);
    expect(isEngineError(error) && error.code).toBe('INVALID_INPUT');
    // The imported nodes plus the load's provenance (one Ingest and one IngestFile per file read).
    expect(isEngineError(error) && error.details?.['nodes']).toBe((bulkReport.bulk.import?.nodes ?? 0) + 1 + bulkReport.files.length);
  }, 300_000);

  it('when the import-file writer (on its own thread) refuses a value, then the load fails with its EngineError and details, and no thread is left', async () => {
    const dir = join(root, 'unit-separator');
    await mkdir(dir, { recursive: true });
    const header = { sellers: 'seller_id,name,registered_at,phone,email,id_number_hash,status,registered_address,device_id', shops: 'shop_id,seller_id,name,url,opened_at,closed_at,status' };
    await writeFile(join(dir, 'sellers.csv'), `${header.sellers}\nU-1,Hub Trading,2020-01-01,,,,active,"1 Depot\u001fRoad, Yiwu",\n`);
    await writeFile(join(dir, 'shops.csv'), `${header.shops}\n`);
    const error = await prepareBulkLoad(dir, join(root, 'unit-separator-out')).catch((e: unknown) => e);
    expect(isEngineError(error) && error.code).toBe('INVALID_INPUT');
    expect(isEngineError(error) && error.message).toContain('U+001F');
    expect(isEngineError(error) && error.details).toEqual({ field: 'address', key: '1 depot road|yiwu' });
  }, 60_000);

  it('when files are prepared for another server, then import.sh holds the exact neo4j-admin command for them', async () => {
    const out = join(root, 'prepared');
    const prepared = await prepareBulkLoad(exportDir, out, { database: 'market' });
    expect(outcome(prepared)).toEqual(outcome(boltReport));
    const script = await readFile(join(out, 'import.sh'), 'utf8');
    expect(script).toContain(prepared.prepared.command);
    expect(prepared.prepared.command).toMatch(/^neo4j-admin database import full market --nodes=Seller=/);
    expect(prepared.prepared.command).toContain(`--relationships=USES_DEVICE=${join(out, 'rels-seller-uses_device.csv')}`);
  }, 60_000);
});
