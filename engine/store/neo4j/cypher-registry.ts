/**
 * The typed registry of the adapter's Cypher: every `cypher/<group>/<name>.cypher`
 * file loaded once, by name, with the `$params` and `{{templates}}` its header
 * declares. TypeScript holds no Cypher; values travel as parameters, and the
 * only text spliced into a query is a template value from the file's own
 * allow-list (labels, relationship types, property and schema names).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EngineError } from '../../model/errors.ts';

export const CYPHER_DIR = fileURLToPath(new URL('../../../cypher/', import.meta.url));

/** Every query the adapter runs; a unit test checks this list against the files. */
export const QUERY_NAMES = [
  'schema/create-uniqueness-constraint',
  'schema/create-range-index',
  'schema/create-address-variant-constraint',
  'schema/create-names-fulltext-index',
  'schema/create-address-fulltext-index',
  'schema/await-indexes',
  'write/upsert-addresses',
  'write/create-sellers',
  'write/create-shops',
  'write/create-shipments',
  'write/create-reports',
  'write/upsert-sellers',
  'write/unlink-seller-identifiers',
  'write/link-seller-identifiers',
  'write/link-seller-addresses',
  'write/upsert-shops',
  'write/unlink-shop-operators',
  'write/link-shop-operators',
  'write/upsert-payment-accounts',
  'write/upsert-shipments',
  'write/unlink-shipments',
  'write/link-shipment-shops',
  'write/link-shipment-addresses',
  'write/upsert-reports',
  'write/unlink-reports',
  'write/link-report-shops',
  'write/link-report-brands',
  'write/create-staged-rings',
  'write/delete-staged-rings',
  'write/delete-replaced-rings',
  'write/upsert-run',
  'write/link-run-rings',
  'write/set-current-run',
  'write/create-token',
  'write/revoke-token',
  'write/touch-token',
  'write/append-audit-entries',
  'write/delete-all-data',
  'write/acquire-run-lock',
  'write/renew-run-lock',
  'write/release-run-lock',
  'write/fence-run-lock',
  'write/create-ingest',
  'write/create-saved-view',
  'write/delete-saved-view',
  'write/create-alerts',
  'write/create-outbox-messages',
  'write/create-cases',
  'write/link-case-rings',
  'write/touch-cases',
  'write/append-case-events',
  'write/acknowledge-alert',
  'write/update-case',
  'write/claim-outbox-messages',
  'write/record-delivery',
  'write/prune-outbox-messages',
  'write/create-evidence-links',
  'write/delete-evidence-links',
  'read/identifier-groups-by-seller-link',
  'read/identifier-groups-shipment-origin',
  'read/get-seller-facts',
  'read/get-address-texts',
  'read/count-sellers',
  'read/count-entities',
  'read/count-all-nodes',
  'read/find-existing-ids',
  'read/get-server-components',
  'read/get-current-run',
  'read/get-run',
  'read/list-runs',
  'read/list-rings',
  'read/get-ring',
  'read/get-ring-history',
  'read/find-tokens-by-hash',
  'read/list-tokens',
  'read/list-brands',
  'read/list-audit-entries',
  'read/get-entity',
  'read/get-current-ring-node',
  'read/get-ring-subgraph',
  'read/find-node-ids',
  'read/expand-nodes',
  'read/await-search-indexes',
  'read/search-nodes',
  'read/search-keys',
  'read/gds-procedures',
  'read/gds-project-evidence-graph',
  'read/gds-stream-communities',
  'read/gds-drop-graph',
  'read/gds-project-evidence-links',
  'read/gds-project-identifier-evidence',
  'read/gds-stream-seller-communities',
  'read/get-run-lock',
  'read/list-ingests',
  'read/get-shop-shipments',
  'read/get-saved-view',
  'read/list-saved-views',
  'read/find-cases-by-ring-ids',
  'read/list-alerts',
  'read/get-alert',
  'read/list-cases',
  'read/get-case',
  'read/list-case-events',
  'read/list-outbox-messages',
  'read/get-casework-marks',
] as const;
export type QueryName = (typeof QUERY_NAMES)[number];

export interface CypherQuery {
  name: QueryName;
  /** The file's text: header comment and statement. */
  text: string;
  /** `$params` the header declares. */
  params: string[];
  /** `{{name}}` → allowed values; an empty list means any value from the adapter's own tables (schema names). */
  templates: Map<string, string[]>;
}

const PARAM_LINE = /^\/\/\s*@param\s+\$([A-Za-z_][A-Za-z0-9_]*)\b/;
const TEMPLATE_LINE = /^\/\/\s*@template\s+\{\{([A-Za-z_]+)\}\}\s+(.*)$/;
const SAFE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function parseQueryFile(name: QueryName, text: string): CypherQuery {
  const params: string[] = [];
  const templates = new Map<string, string[]>();
  for (const line of text.split('\n')) {
    const param = PARAM_LINE.exec(line.trim());
    if (param?.[1] !== undefined) params.push(param[1]);
    const template = TEMPLATE_LINE.exec(line.trim());
    if (template?.[1] !== undefined) {
      const values = (template[2] ?? '').trim();
      // "A|B|C" is an allow-list; free words describe a name the adapter derives itself.
      templates.set(template[1], /^[A-Za-z_][A-Za-z0-9_]*(\|[A-Za-z_][A-Za-z0-9_]*)+$/.test(values) ? values.split('|') : []);
    }
  }
  return { name, text, params, templates };
}

/** The statement without comment lines (what is sent), before template substitution. */
export function statementOf(query: CypherQuery): string {
  return query.text
    .split('\n')
    .filter((line) => !line.trim().startsWith('//'))
    .join('\n')
    .trim();
}

/** `$name` tokens used in the statement. */
export function usedParams(query: CypherQuery): string[] {
  const used = new Set<string>();
  for (const match of statementOf(query).matchAll(/\$([A-Za-z_][A-Za-z0-9_]*)/g)) {
    if (match[1] !== undefined) used.add(match[1]);
  }
  return [...used];
}

/** `{{name}}` placeholders used in the statement. */
export function usedTemplates(query: CypherQuery): string[] {
  const used = new Set<string>();
  for (const match of statementOf(query).matchAll(/\{\{([A-Za-z_]+)\}\}/g)) {
    if (match[1] !== undefined) used.add(match[1]);
  }
  return [...used];
}

let registry: Map<QueryName, CypherQuery> | null = null;

/** Loads every registered file once; a missing file is a packaging error. */
export function cypherRegistry(): Map<QueryName, CypherQuery> {
  if (registry !== null) return registry;
  const loaded = new Map<QueryName, CypherQuery>();
  for (const name of QUERY_NAMES) {
    const text = readFileSync(join(CYPHER_DIR, `${name}.cypher`), 'utf8');
    loaded.set(name, parseQueryFile(name, text));
  }
  registry = loaded;
  return loaded;
}

/** Every `.cypher` file on disk, as `group/name`. */
export function cypherFilesOnDisk(): string[] {
  const files: string[] = [];
  for (const group of readdirSync(CYPHER_DIR)) {
    for (const file of readdirSync(join(CYPHER_DIR, group))) {
      if (file.endsWith('.cypher')) files.push(`${group}/${file.slice(0, -'.cypher'.length)}`);
    }
  }
  return files.sort();
}

/** Each query's statement and placeholders, worked out once (every Bolt query asks for its text). */
const prepared = new Map<QueryName, { query: CypherQuery; statement: string; templates: string[] }>();

function preparedOf(name: QueryName): { query: CypherQuery; statement: string; templates: string[] } {
  const known = prepared.get(name);
  if (known !== undefined) return known;
  const query = cypherRegistry().get(name);
  if (query === undefined) throw new EngineError('INTERNAL', `unknown Cypher query ${name}`);
  const entry = { query, statement: statementOf(query), templates: usedTemplates(query) };
  prepared.set(name, entry);
  return entry;
}

/**
 * The statement of a registered query, with its templates filled from their
 * allow-lists. Anything not allowed is a programming error, never user input.
 */
export function cypher(name: QueryName, templates: Record<string, string> = {}): string {
  const { query, statement: bare, templates: placeholders } = preparedOf(name);
  let statement = bare;
  for (const placeholder of placeholders) {
    const value = templates[placeholder];
    const allowed = query.templates.get(placeholder);
    if (value === undefined || allowed === undefined || !SAFE_NAME.test(value) || (allowed.length > 0 && !allowed.includes(value))) {
      throw new EngineError('INTERNAL', `Cypher ${name}: template {{${placeholder}}} value is not allowed`);
    }
    statement = statement.split(`{{${placeholder}}}`).join(value);
  }
  return statement;
}
