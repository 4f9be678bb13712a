/**
 * The personal-data contract per role, walked exhaustively on both stores.
 * The viewer's: every
 * GET route of the OpenAPI document (with its path parameters filled from
 * real rings, runs and nodes), every ring of the run, and every node of every
 * ring subgraph (entity and neighbourhood) — no raw personal value from the
 * export (phones as written and normalised, emails, ID hashes, payment
 * account ids, holder names, device ids) may appear in any answer, and every
 * node attribute a viewer receives is on the allow-list, a pseudonym, masked,
 * or empty. The liaison's (default policy `members`): walking its rings,
 * subgraphs and every node in them, the only raw personal values that appear
 * are those of its rings' members — and those do appear; under the `masked`
 * policy none at all.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { normalizeEmail, normalizePhone, NODE_TYPES, type GraphNode, type Ring, type Subgraph } from '../../engine/index.ts';
import { MASKED, VISIBLE_ATTRIBUTES } from '../../api/http/access/mask.ts';
import { ENABLED_STORES, useApi, type Answer, type ApiFixture } from './http-harness.ts';

const enc = encodeURIComponent;

/** Splits one CSV line of the seed's export (quoted fields may hold commas; the seed writes no line breaks in these files' personal columns). */
function csvRows(text: string): Array<Record<string, string>> {
  const lines = text.replace(/^\uFEFF/, '').split('\n').filter((line) => line !== '');
  const split = (line: string): string[] => {
    const out: string[] = [];
    let field = '';
    let quoted = false;
    for (let i = 0; i < line.length; i++) {
      const c = line[i]!;
      if (quoted) {
        if (c === '"' && line[i + 1] === '"') {
          field += '"';
          i++;
        } else if (c === '"') quoted = false;
        else field += c;
      } else if (c === '"') quoted = true;
      else if (c === ',') {
        out.push(field);
        field = '';
      } else field += c;
    }
    out.push(field);
    return out;
  };
  const [header, ...rest] = lines.map(split);
  return rest.map((cells) => Object.fromEntries((header ?? []).map((name, i) => [name, cells[i] ?? ''])));
}

/** Every personal value of the export (or of the sellers `only` names), raw and normalised (short values would match by accident and are left out). */
async function personalValues(exportDir: string, only?: ReadonlySet<string>): Promise<Set<string>> {
  const sellers = csvRows(await readFile(join(exportDir, 'sellers.csv'), 'utf8'));
  const accounts = csvRows(await readFile(join(exportDir, 'payment_accounts.csv'), 'utf8'));
  const names = new Set(sellers.map((s) => s['name'] ?? ''));
  const values = new Set<string>();
  const add = (v: string | undefined): void => {
    if (v !== undefined && v.trim().length >= 6 && v !== '00000000000') values.add(v.trim());
  };
  for (const s of sellers) {
    if (only && !only.has(s['seller_id'] ?? '')) continue;
    add(s['phone']);
    if (s['phone']) add(normalizePhone(s['phone']) ?? undefined);
    add(s['email']);
    if (s['email']) add(normalizeEmail(s['email']) ?? undefined);
    add(s['id_number_hash']);
    add(s['device_id']);
  }
  for (const a of accounts) {
    if (only && !only.has(a['seller_id'] ?? '')) continue;
    add(a['account_id']);
    // An individual's account is held in the seller's own (visible) name; other holder names are personal.
    if (!names.has(a['holder_name'] ?? '')) add(a['holder_name']);
  }
  return values;
}

/** `text` holds `value` not as part of a longer word ("Yang Min" is not in "Yang Ming"). */
function containsWhole(text: string, value: string): boolean {
  const word = /[\p{L}\p{N}]/u;
  for (let at = text.indexOf(value); at >= 0; at = text.indexOf(value, at + 1)) {
    if (!word.test(text[at - 1] ?? ' ') && !word.test(text[at + value.length] ?? ' ')) return true;
  }
  return false;
}

type Check = (answer: Answer, where: string) => void;

/** Reads every ring, its history and subgraph, and every node of it (entity and neighbourhood), checking each answer; returns the node ids visited. */
async function walkRings(get: (path: string) => Promise<Answer>, rings: Ring[], check: Check, checkNode: (node: GraphNode) => void = () => {}): Promise<Set<string>> {
  const seen = new Set<string>();
  for (const ring of rings) {
    for (const path of [`/api/rings/${enc(ring.id)}`, `/api/rings/${enc(ring.id)}/history`]) {
      const answer = await get(path);
      expect(answer.status, path).toBe(200);
      check(answer, path);
    }
    const subgraph = await get(`/api/rings/${enc(ring.id)}/subgraph?limit=2000`);
    check(subgraph, `subgraph ${ring.id}`);
    for (const node of (subgraph.body as Subgraph).nodes) {
      checkNode(node);
      if (seen.has(node.id)) continue;
      seen.add(node.id);
      const entity = await get(`/api/entities/${node.type}/${enc(node.key)}`);
      expect(entity.status, node.id).toBe(200);
      check(entity, `entity ${node.id}`);
      checkNode(entity.body as GraphNode);
      const around = await get(`/api/entities/${node.type}/${enc(node.key)}/neighbourhood?depth=1&limit=200&types=${NODE_TYPES.join(',')}`);
      expect(around.status, node.id).toBe(200);
      check(around, `neighbourhood ${node.id}`);
      for (const n of (around.body as Subgraph).nodes) checkNode(n);
    }
  }
  return seen;
}

describe.each(ENABLED_STORES)('viewer masking contract on $name', (target) => {
  // The walk makes thousands of requests in a minute: rate limiting is tested elsewhere.
  const api = useApi(target, { sellers: 1_500, rings: 12, config: { rateLimitPerMinute: 0 } });
  const get = (path: string): Promise<Answer> => api().request('GET', path, { token: api().tokens.viewer });

  const streamHead = async (path: string): Promise<Answer> => {
    const controller = new AbortController();
    const response = await fetch(`${api().url}${path}`, { headers: { authorization: `Bearer ${api().tokens.viewer}` }, signal: controller.signal });
    let text = '';
    const reader = response.body!.getReader();
    const stop = setTimeout(() => controller.abort(), 1_000);
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        text += new TextDecoder().decode(value);
      }
    } catch {
      // Aborted after a second: the stream is still open, as it should be.
    } finally {
      clearTimeout(stop);
    }
    return { status: response.status, headers: response.headers, body: text, text };
  };

  const expectClean = (answer: Answer, secrets: ReadonlySet<string>, where: string): void => {
    const found = [...secrets].filter((s) => containsWhole(answer.text, s));
    expect(found, `${where} leaks`).toEqual([]);
  };

  const expectAllowed = (node: GraphNode): void => {
    const allowed = new Set(VISIBLE_ATTRIBUTES[node.type]);
    for (const [name, value] of Object.entries(node.attributes)) {
      if (allowed.has(name) || value === null || value === MASKED) continue;
      const values = Array.isArray(value) ? value : [value];
      expect(values.every((v) => typeof v === 'string' && v.startsWith('masked-')), `${node.type}.${name} = ${JSON.stringify(value)}`).toBe(true);
    }
  };

  it('when the export has device ids and personal data, then the walk below has secrets to look for, devices among them', async () => {
    const secrets = await personalValues(api().exportDir);
    const sellers = csvRows(await readFile(join(api().exportDir, 'sellers.csv'), 'utf8'));
    expect(secrets.size).toBeGreaterThan(1_000);
    expect(sellers.some((s) => s['device_id'] && secrets.has(s['device_id']))).toBe(true);
    expect(api().rings.some((r) => r.sharedIdentifiers.some((s) => s.type === 'device'))).toBe(true);
  });

  it('when a viewer walks every ring, its subgraph, and every node in it (entity and neighbourhood), then no personal value appears and every attribute is allowed', async () => {
    const secrets = await personalValues(api().exportDir);
    const seen = await walkRings(get, api().rings, (answer, where) => expectClean(answer, secrets, where), expectAllowed);
    expect([...seen].some((id) => id.startsWith('device:'))).toBe(true);
  });

  it('when a viewer calls every GET route of the OpenAPI document, then no personal value appears in any answer', async () => {
    const secrets = await personalValues(api().exportDir);
    const doc = (await get('/api/openapi.json')).body as { paths: Record<string, Record<string, unknown>> };
    const ring: Ring = api().rings[0]!;
    const run = (await get('/api/runs/current')).body as { id: string };
    const member = ring.members[0]!;
    const params: Record<string, string> = { ringId: ring.id, runId: run.id, type: 'seller', key: member, jobId: 'job-none', tokenId: 'tok-none' };
    let walked = 0;
    for (const [template, methods] of Object.entries(doc.paths)) {
      if (!('get' in methods)) continue;
      const path = template.replace(/\{(\w+)\}/g, (_, name: string) => enc(params[name] ?? name));
      // The live-event stream never ends: what it sends in its first second is its answer.
      const answer = path === '/api/events' ? await streamHead(path) : await get(`${path}${path.endsWith('/search') ? `?q=${enc(member)}` : ''}`);
      expect(answer.status, path).toBeLessThan(500);
      expectClean(answer, secrets, path);
      walked += 1;
    }
    expect(walked).toBeGreaterThanOrEqual(10);
    // Searching for a secret itself finds nothing that gives it back.
    for (const secret of [...secrets].slice(0, 40)) expectClean(await get(`/api/search?q=${enc(secret)}`), secrets, `search ${secret}`);
  });
});

const scoped = (fixture: () => ApiFixture): Ring[] => fixture().rings.filter((r) => r.brands.includes(fixture().liaisonBrand));

// One fixture per describe: a Neo4j fixture empties the shared test database when it starts.
describe.each(ENABLED_STORES)('liaison personal-data policy (default: members) on $name', (target) => {
  const members = useApi(target, { sellers: 1_500, rings: 12, config: { rateLimitPerMinute: 0 } });

  it('when the default policy holds, then a liaison sees its rings’ members’ personal data and no one else’s', async () => {
    const rings = scoped(members);
    expect(rings.length).toBeGreaterThan(0);
    const own = await personalValues(members().exportDir, new Set(rings.flatMap((r) => r.members)));
    const others = new Set([...(await personalValues(members().exportDir))].filter((v) => !own.has(v)));
    const shown = new Set<string>();
    const get = (path: string) => members().request('GET', path, { token: members().tokens.liaison });
    await walkRings(get, rings, (answer, where) => {
      expect([...others].filter((v) => containsWhole(answer.text, v)), `${where} leaks`).toEqual([]);
      for (const v of own) if (containsWhole(answer.text, v)) shown.add(v);
    });
    expect(shown.size).toBeGreaterThan(0);
  });
});

describe.each(ENABLED_STORES)('liaison personal-data policy (masked) on $name', (target) => {
  const masked = useApi(target, { sellers: 1_500, rings: 12, config: { rateLimitPerMinute: 0, liaisonPersonalData: 'masked' } });

  it('when the policy is masked, then a liaison sees no raw personal value at all', async () => {
    const secrets = await personalValues(masked().exportDir);
    const get = (path: string) => masked().request('GET', path, { token: masked().tokens.liaison });
    await walkRings(get, scoped(masked), (answer, where) => expect([...secrets].filter((v) => containsWhole(answer.text, v)), `${where} leaks`).toEqual([]));
  });
});
