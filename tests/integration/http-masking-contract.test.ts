/**
 * The viewer's masking contract, walked exhaustively on both stores: every
 * GET route of the OpenAPI document (with its path parameters filled from
 * real rings, runs and nodes), every ring of the run, and every node of every
 * ring subgraph (entity and neighbourhood) — no raw personal value from the
 * export (phones as written and normalised, emails, ID hashes, payment
 * account ids, holder names, device ids) may appear in any answer, and every
 * node attribute a viewer receives is on the allow-list, a pseudonym, masked,
 * or empty.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { normalizeEmail, normalizePhone, NODE_TYPES, type GraphNode, type Ring, type Subgraph } from '../../engine/index.ts';
import { MASKED, VISIBLE_ATTRIBUTES } from '../../api/http/access/mask.ts';
import { ENABLED_STORES, useApi, type Answer } from './http-harness.ts';

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

/** Every personal value of the export, raw and normalised (short values would match by accident and are left out). */
async function personalValues(exportDir: string): Promise<Set<string>> {
  const sellers = csvRows(await readFile(join(exportDir, 'sellers.csv'), 'utf8'));
  const accounts = csvRows(await readFile(join(exportDir, 'payment_accounts.csv'), 'utf8'));
  const names = new Set(sellers.map((s) => s['name'] ?? ''));
  const values = new Set<string>();
  const add = (v: string | undefined): void => {
    if (v !== undefined && v.trim().length >= 6 && v !== '00000000000') values.add(v.trim());
  };
  for (const s of sellers) {
    add(s['phone']);
    if (s['phone']) add(normalizePhone(s['phone']) ?? undefined);
    add(s['email']);
    if (s['email']) add(normalizeEmail(s['email']) ?? undefined);
    add(s['id_number_hash']);
    add(s['device_id']);
  }
  for (const a of accounts) {
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

describe.each(ENABLED_STORES)('viewer masking contract on $name', (target) => {
  // The walk makes thousands of requests in a minute: rate limiting is tested elsewhere.
  const api = useApi(target, { sellers: 1_500, rings: 12, config: { rateLimitPerMinute: 0 } });
  const get = (path: string): Promise<Answer> => api().request('GET', path, { token: api().tokens.viewer });

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
    const seen = new Set<string>();
    for (const ring of api().rings) {
      for (const path of [`/api/rings/${enc(ring.id)}`, `/api/rings/${enc(ring.id)}/history`]) {
        const answer = await get(path);
        expect(answer.status, path).toBe(200);
        expectClean(answer, secrets, path);
      }
      const subgraph = await get(`/api/rings/${enc(ring.id)}/subgraph?limit=2000`);
      expectClean(subgraph, secrets, `subgraph ${ring.id}`);
      for (const node of (subgraph.body as Subgraph).nodes) {
        expectAllowed(node);
        if (seen.has(node.id)) continue;
        seen.add(node.id);
        const entity = await get(`/api/entities/${node.type}/${enc(node.key)}`);
        expect(entity.status, node.id).toBe(200);
        expectClean(entity, secrets, `entity ${node.id}`);
        expectAllowed(entity.body as GraphNode);
        const around = await get(`/api/entities/${node.type}/${enc(node.key)}/neighbourhood?depth=1&limit=200&types=${NODE_TYPES.join(',')}`);
        expect(around.status, node.id).toBe(200);
        expectClean(around, secrets, `neighbourhood ${node.id}`);
        for (const n of (around.body as Subgraph).nodes) expectAllowed(n);
      }
    }
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
      const answer = await get(`${path}${path.endsWith('/search') ? `?q=${enc(member)}` : ''}`);
      expect(answer.status, path).toBeLessThan(500);
      expectClean(answer, secrets, path);
      walked += 1;
    }
    expect(walked).toBeGreaterThanOrEqual(10);
    // Searching for a secret itself finds nothing that gives it back.
    for (const secret of [...secrets].slice(0, 40)) expectClean(await get(`/api/search?q=${enc(secret)}`), secrets, `search ${secret}`);
  });
});
