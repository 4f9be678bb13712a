/**
 * Writes an export, as the ingest use case hands it over batch by batch, as
 * `neo4j-admin database import full` CSV files that give exactly the graph the
 * Bolt path writes (engine/store/neo4j/ingest-plan.ts and cypher/write/): the
 * same labels, keys, properties and relationships, with the same semantics for
 * ids that recur (later rows win, an absent optional value keeps the known one,
 * a single-valued link follows the final value, multi-valued links are only
 * added, an address keeps its first 32 spellings inline and the rest as
 * AddressVariant nodes). The importer never merges, so everything is
 * de-duplicated here: identifier nodes and add-only links by value, entities
 * by id (a recurring id is folded at the end by rewriting its files).
 * Labels, keys and relationship types come from the identifier registry
 * through node-types.ts, never from a list of their own.
 */
import { createReadStream, createWriteStream, mkdirSync, renameSync, type WriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { csvRecords, isCsvProblem } from '../../../ingest/csv-records.ts';
import { EngineError } from '../../../model/errors.ts';
import type { IngestRecord } from '../../../model/provenance.ts';
import type { IngestBatch, ResolvedAddress } from '../../../model/records.ts';
import type { IngestWrites } from '../../ports.ts';
import { INLINE_VARIANTS } from '../ingest-plan.ts';
import { IDENTIFIER_LINKS, NODE_LABELS, ROLE_RELS } from '../node-types.ts';

/** The importer splits array properties on this character (`--array-delimiter=U+001F`); no spelling may hold it. */
export const ARRAY_DELIMITER = '\u001f';

export interface ImportFile {
  /** A label for node files, a relationship type for relationship files. */
  name: string;
  path: string;
  rows: number;
}

/** What the files hold and how the importer must read them. */
export interface ImportManifest {
  dir: string;
  nodes: ImportFile[];
  relationships: ImportFile[];
  /** True when a quoted value holds a line break (`--multiline-fields=true`, which is slower). */
  multiline: boolean;
  /** The loads' provenance records, written into the store once it is imported and open. */
  ingests: IngestRecord[];
}

export interface ImportFileWriter extends IngestWrites {
  /** Folds recurring ids, writes the nodes held in memory, closes every file. */
  finish(): Promise<ImportManifest>;
}

type Value = string | number | null;
type Props = Record<string, Value>;
type ColumnType = 'string' | 'double';

/** One CSV file of the import, written through a buffer with back-pressure. */
class CsvFile {
  private stream: WriteStream;
  private parts: string[] = [];
  private buffered = 0;
  rows = 0;

  constructor(
    readonly name: string,
    readonly path: string,
    readonly header: string,
  ) {
    this.stream = createWriteStream(path);
    this.stream.write(`${header}\n`);
  }

  add(line: string): void {
    this.parts.push(line);
    this.buffered += line.length;
    this.rows++;
  }

  async flush(): Promise<void> {
    if (this.parts.length === 0) return;
    const text = `${this.parts.join('\n')}\n`;
    this.parts = [];
    this.buffered = 0;
    if (!this.stream.write(text)) await new Promise<void>((resolve) => this.stream.once('drain', () => resolve()));
  }

  async maybeFlush(): Promise<void> {
    if (this.buffered > 1 << 20) await this.flush();
  }

  async close(): Promise<void> {
    await this.flush();
    await new Promise<void>((resolve, reject) => this.stream.end((error?: Error | null) => (error ? reject(error) : resolve())));
  }

  /** Starts the file over (the fold of recurring ids rewrites it). */
  reopen(path: string): void {
    this.stream = createWriteStream(path);
    this.stream.write(`${this.header}\n`);
    this.rows = 0;
  }
}

/** Encodes one value: strings always quoted (so an empty string stays apart from an absent value), numbers bare. */
function field(value: Value, state: { multiline: boolean }): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  if (!state.multiline && (value.includes('\n') || value.includes('\r'))) state.multiline = true;
  return value.includes('"') ? `"${value.replaceAll('"', '""')}"` : `"${value}"`;
}

/** A link an entity owns: one per entity, following the entity's final value of `target`. */
interface OwnedLink {
  type: string;
  /** The entity is the relationship's start (`Seller-[:USES_PHONE]->Phone`) or its end (`Seller-[:OPERATES]->Shop`). */
  entityIs: 'start' | 'end';
  otherLabel: string;
  target: string;
  /** The link's end nodes, when they exist only while linked (identifier nodes, brands). */
  nodes?: LinkedNodes;
}

interface EntitySpec {
  label: string;
  columns: Array<[name: string, type: ColumnType]>;
  links: OwnedLink[];
}

/**
 * An entity label with an id: the node file and the files of the links it
 * owns, all with the entity's id in the first column so a recurring id can
 * be found and replaced by its folded row.
 */
class EntityFiles {
  readonly node: CsvFile;
  readonly links: CsvFile[];
  private readonly seen = new Set<string>();
  /** Later rows of ids seen more than once, in order. */
  private readonly again = new Map<string, Props[]>();

  constructor(
    readonly spec: EntitySpec,
    private readonly dir: string,
    private readonly state: { multiline: boolean },
  ) {
    const base = spec.label.toLowerCase();
    const header = spec.columns.map(([name, type], i) => (i === 0 ? `${name}:ID(${spec.label})` : type === 'double' ? `${name}:double` : name));
    this.node = new CsvFile(spec.label, join(dir, `nodes-${base}.csv`), header.join(','));
    this.links = spec.links.map((link) => {
      const own = link.entityIs === 'start' ? `:START_ID(${spec.label})` : `:END_ID(${spec.label})`;
      const other = link.entityIs === 'start' ? `:END_ID(${link.otherLabel})` : `:START_ID(${link.otherLabel})`;
      return new CsvFile(link.type, join(dir, `rels-${base}-${link.type.toLowerCase()}.csv`), `${own},${other}`);
    });
  }

  add(props: Props): void {
    const id = props[this.spec.columns[0]![0]] as string;
    if (this.seen.has(id)) {
      const rows = this.again.get(id) ?? [];
      rows.push(props);
      this.again.set(id, rows);
      return;
    }
    this.seen.add(id);
    this.write(props);
  }

  private write(props: Props): void {
    this.node.add(this.spec.columns.map(([name]) => field(props[name] ?? null, this.state)).join(','));
    this.spec.links.forEach((link, i) => {
      const target = props[link.target];
      if (target === null || target === undefined) return;
      this.links[i]!.add(`${field(props[this.spec.columns[0]![0]]!, this.state)},${field(target, this.state)}`);
      link.nodes?.link(String(target));
    });
  }

  async flush(): Promise<void> {
    for (const file of [this.node, ...this.links]) await file.maybeFlush();
  }

  /**
   * Replaces every recurring id's rows by one folded row: its first row read
   * back from the node file, then each later row over it (null keeps the
   * earlier value), as the Bolt path's upserts do.
   */
  async close(): Promise<void> {
    const files = [this.node, ...this.links];
    for (const file of files) await file.close();
    if (this.again.size === 0) return;
    const folded = new Map<string, Props>();
    for (const [index, file] of files.entries()) {
      const link = index === 0 ? undefined : this.spec.links[index - 1];
      const kept = `${file.path}.kept`;
      renameSync(file.path, kept);
      file.reopen(file.path);
      let header = true;
      // Rows this writer wrote itself: the ingest already bounded every value, so no record is near the limit.
      for await (const item of csvRecords(createReadStream(kept, { encoding: 'utf8' }), { maxRecordChars: 1 << 28 })) {
        if (isCsvProblem(item)) throw new EngineError('INTERNAL', `import file ${file.path} cannot be read back at line ${item.line}: ${item.error}`);
        const record = item;
        if (header) {
          header = false;
          continue;
        }
        const id = record.fields[0]!;
        if (!this.again.has(id)) {
          file.add(record.fields.map((v, i) => field(v === '' ? null : file === this.node && this.spec.columns[i]![1] === 'double' ? Number(v) : v, this.state)).join(','));
          await file.maybeFlush();
        } else if (link !== undefined) {
          // A replaced row's link is dropped; its end node goes too unless another row links it.
          link.nodes?.unlink(record.fields[1]!);
        } else {
          folded.set(id, Object.fromEntries(this.spec.columns.map(([name, type], i) => {
            const v = record.fields[i] ?? '';
            return [name, v === '' ? null : type === 'double' ? Number(v) : v];
          })));
        }
      }
      if (file !== this.node) continue;
      for (const [id, later] of this.again) {
        const row = folded.get(id)!;
        for (const props of later) for (const [name, value] of Object.entries(props)) row[name] = value ?? row[name] ?? null;
      }
    }
    // The node file was rewritten first, so `folded` is complete before any link file is written.
    for (const row of folded.values()) this.write(row);
    for (const file of files) await file.close();
    await Promise.all(files.map((file) => rm(`${file.path}.kept`)));
  }
}

/**
 * Nodes keyed by one property that exist while something links them: the Bolt
 * path merges a phone, email, ID document, device or brand node only for a
 * row's final value. Counted, so a value whose only link was folded away
 * leaves no node; written once, at the end.
 */
class LinkedNodes {
  private readonly links = new Map<string, number>();

  constructor(
    readonly label: string,
    readonly key: string,
  ) {}

  link(value: string): void {
    this.links.set(value, (this.links.get(value) ?? 0) + 1);
  }

  unlink(value: string): void {
    const n = (this.links.get(value) ?? 0) - 1;
    if (n > 0) this.links.set(value, n);
    else this.links.delete(value);
  }

  async write(dir: string, state: { multiline: boolean }): Promise<CsvFile> {
    const file = new CsvFile(this.label, join(dir, `nodes-${this.label.toLowerCase()}.csv`), `${this.key}:ID(${this.label})`);
    for (const value of this.links.keys()) {
      file.add(field(value, state));
      await file.maybeFlush();
    }
    await file.close();
    return file;
  }
}

/** An add-only relationship type, each (start, end) pair written once. */
class PairLinks {
  private readonly seen = new Set<string>();
  readonly file: CsvFile;

  constructor(
    type: string,
    startLabel: string,
    endLabel: string,
    dir: string,
    private readonly state: { multiline: boolean },
  ) {
    this.file = new CsvFile(type, join(dir, `rels-${startLabel.toLowerCase()}-${type.toLowerCase()}.csv`), `:START_ID(${startLabel}),:END_ID(${endLabel})`);
  }

  add(start: string, end: string): void {
    const pair = `${start}\u0000${end}`;
    if (this.seen.has(pair)) return;
    this.seen.add(pair);
    this.file.add(`${field(start, this.state)},${field(end, this.state)}`);
  }
}

interface AddressEntry {
  text: string;
  /** Distinct spellings in first-seen order. */
  raws: string[];
  rawSet: Set<string> | null;
}

const SELLER = NODE_LABELS.seller.label;
const SHOP = NODE_LABELS.shop.label;
const SHIPMENT = NODE_LABELS.shipment.label;
const REPORT = NODE_LABELS.report.label;
const ADDRESS = NODE_LABELS.address.label;
const BRAND = NODE_LABELS.brand.label;
const ACCOUNT = NODE_LABELS.payment_account.label;
const SELLER_IDENTIFIERS = IDENTIFIER_LINKS.filter((l) => l.sellerField !== null);
const PAID_INTO = IDENTIFIER_LINKS.find((l) => l.type === 'payment_account')!.rel;

/**
 * What an import-file writer answers besides writing batches, on either
 * thread: the database is new or empty (no entity exists yet), and the load's
 * provenance records are kept in `ingests` for after the import.
 */
export function importWriterBasics(ingests: IngestRecord[]): Omit<IngestWrites, 'writeBatch'> {
  return {
    preferredBatchRows: 50_000,
    recordIngest: (record) => {
      ingests.push(record);
      return Promise.resolve();
    },
    existingSellers: () => Promise.resolve(new Set()),
    existingShops: () => Promise.resolve(new Set()),
  };
}

/** Writes import files into `dir` (created if absent; files of an earlier run there are overwritten). */
export function createImportFileWriter(folder: string): ImportFileWriter {
  const dir = resolve(folder);
  mkdirSync(dir, { recursive: true });
  const state = { multiline: false };
  const str = (name: string): [string, ColumnType] => [name, 'string'];
  const identifiers = SELLER_IDENTIFIERS.map((l) => new LinkedNodes(l.label, l.property));
  const brands = new LinkedNodes(BRAND, NODE_LABELS.brand.key);
  const sellers = new EntityFiles({
    label: SELLER,
    columns: ['id', 'name', 'registeredAt', 'phone', 'phoneRaw', 'email', 'idNumberHash', 'deviceId', 'status', 'registeredAddressKey'].map(str),
    links: SELLER_IDENTIFIERS.map((l, i) => ({ type: l.rel, entityIs: 'start' as const, otherLabel: l.label, target: l.sellerField!, nodes: identifiers[i] })),
  }, dir, state);
  const shops = new EntityFiles({
    label: SHOP,
    columns: ['id', 'sellerId', 'name', 'url', 'openedAt', 'closedAt', 'status'].map(str),
    links: [{ type: 'OPERATES', entityIs: 'end', otherLabel: SELLER, target: 'sellerId' }],
  }, dir, state);
  const shipments = new EntityFiles({
    label: SHIPMENT,
    columns: [...['id', 'shopId', 'originKey', 'destinationKey', 'carrier', 'trackingNo', 'shippedAt'].map(str), ['weightKg', 'double'], str('declaredItem')],
    links: [
      { type: 'SHIPPED', entityIs: 'end', otherLabel: SHOP, target: 'shopId' },
      { type: 'FROM', entityIs: 'start', otherLabel: ADDRESS, target: 'originKey' },
      { type: 'TO', entityIs: 'start', otherLabel: ADDRESS, target: 'destinationKey' },
    ],
  }, dir, state);
  const reports = new EntityFiles({
    label: REPORT,
    columns: ['id', 'shopId', 'brand', 'kind', 'verdict', 'reportedAt'].map(str),
    links: [
      { type: 'ABOUT', entityIs: 'start', otherLabel: SHOP, target: 'shopId' },
      { type: 'FOR_BRAND', entityIs: 'start', otherLabel: BRAND, target: 'brand', nodes: brands },
    ],
  }, dir, state);
  const entities = [sellers, shops, shipments, reports];
  const roleLinks = new Map(Object.entries(ROLE_RELS).map(([role, rel]) => [role, new PairLinks(rel, SELLER, ADDRESS, dir, state)]));
  const paidInto = new PairLinks(PAID_INTO, SELLER, ACCOUNT, dir, state);
  const accounts = new Map<string, { kind: string | null; holderName: string | null }>();
  const addresses = new Map<string, AddressEntry>();

  const address = (a: ResolvedAddress | null): void => {
    if (a === null) return;
    const entry = addresses.get(a.key);
    if (entry === undefined) {
      addresses.set(a.key, { text: a.text, raws: [a.raw], rawSet: null });
      return;
    }
    entry.text = a.text;
    // Most places have a handful of spellings; a hub gets a set once its list grows.
    if (entry.rawSet === null) {
      if (entry.raws.includes(a.raw)) return;
      entry.raws.push(a.raw);
      if (entry.raws.length > 16) entry.rawSet = new Set(entry.raws);
    } else if (!entry.rawSet.has(a.raw)) {
      entry.rawSet.add(a.raw);
      entry.raws.push(a.raw);
    }
  };
  const registered = roleLinks.get('registered')!;

  const ingests: IngestRecord[] = [];

  return {
    ...importWriterBasics(ingests),

    async writeBatch(batch: IngestBatch) {
      for (const s of batch.sellers) {
        address(s.registeredAddress);
        sellers.add({
          id: s.sellerId, name: s.name, registeredAt: s.registeredAt, phone: s.phone, phoneRaw: s.phoneRaw, email: s.email,
          idNumberHash: s.idNumberHash, deviceId: s.deviceId, status: s.status, registeredAddressKey: s.registeredAddress?.key ?? null,
        });
        if (s.registeredAddress !== null) registered.add(s.sellerId, s.registeredAddress.key);
      }
      for (const s of batch.shops) {
        shops.add({ id: s.shopId, sellerId: s.sellerId, name: s.name, url: s.url, openedAt: s.openedAt, closedAt: s.closedAt, status: s.status });
      }
      for (const p of batch.paymentAccounts) {
        const known = accounts.get(p.accountId);
        accounts.set(p.accountId, { kind: p.kind ?? known?.kind ?? null, holderName: p.holderName ?? known?.holderName ?? null });
        paidInto.add(p.sellerId, p.accountId);
      }
      for (const a of batch.addresses) {
        address(a.address);
        roleLinks.get(a.role)!.add(a.sellerId, a.address.key);
      }
      for (const s of batch.shipments) {
        address(s.origin);
        address(s.destination);
        shipments.add({
          id: s.shipmentId, shopId: s.shopId, originKey: s.origin?.key ?? null, destinationKey: s.destination?.key ?? null, carrier: s.carrier,
          trackingNo: s.trackingNo, shippedAt: s.shippedAt, weightKg: s.weightKg, declaredItem: s.declaredItem,
        });
      }
      for (const r of batch.reports) {
        reports.add({ id: r.reportId, shopId: r.shopId, brand: r.brand, kind: r.kind, verdict: r.verdict, reportedAt: r.reportedAt });
      }
      for (const e of entities) await e.flush();
      for (const f of [...roleLinks.values(), paidInto].map((l) => l.file)) await f.maybeFlush();
    },

    async finish() {
      const accountFile = new CsvFile(ACCOUNT, join(dir, `nodes-${ACCOUNT.toLowerCase()}.csv`), `${NODE_LABELS.payment_account.key}:ID(${ACCOUNT}),kind,holderName`);
      for (const [id, a] of accounts) {
        accountFile.add(`${field(id, state)},${field(a.kind, state)},${field(a.holderName, state)}`);
        await accountFile.maybeFlush();
      }
      const addressFile = new CsvFile(ADDRESS, join(dir, `nodes-${ADDRESS.toLowerCase()}.csv`), `${NODE_LABELS.address.key}:ID(${ADDRESS}),text,variants:string[]`);
      const variantFile = new CsvFile('AddressVariant', join(dir, 'nodes-addressvariant.csv'), 'key,raw');
      for (const [key, a] of addresses) {
        const inline = a.raws.slice(0, INLINE_VARIANTS);
        const clash = inline.find((raw) => raw.includes(ARRAY_DELIMITER));
        if (clash !== undefined) {
          throw new EngineError('INVALID_INPUT', `address ${JSON.stringify(clash)} holds the character U+001F, which the bulk importer reserves as its list separator; load this export over Bolt (without --bulk)`, { details: { field: 'address', key } });
        }
        addressFile.add(`${field(key, state)},${field(a.text, state)},${field(inline.join(ARRAY_DELIMITER), state)}`);
        for (const raw of a.raws.slice(INLINE_VARIANTS)) variantFile.add(`${field(key, state)},${field(raw, state)}`);
        await addressFile.maybeFlush();
        await variantFile.maybeFlush();
      }
      for (const e of entities) await e.close();
      const keyed: CsvFile[] = [];
      for (const nodes of [...identifiers, brands]) keyed.push(await nodes.write(dir, state));
      const pairs = [...roleLinks.values(), paidInto].map((l) => l.file);
      for (const f of [accountFile, addressFile, variantFile, ...pairs]) await f.close();
      const nodeFiles = [...entities.map((e) => e.node), accountFile, addressFile, variantFile, ...keyed];
      const relFiles = [...entities.flatMap((e) => e.links), ...pairs];
      const describe = (f: CsvFile): ImportFile => ({ name: f.name, path: f.path, rows: f.rows });
      return { dir, nodes: nodeFiles.map(describe), relationships: relFiles.map(describe), multiline: state.multiline, ingests };
    },
  };
}
