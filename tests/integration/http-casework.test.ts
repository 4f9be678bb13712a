/**
 * The alert and case routes on both stores: the first run of the fixture
 * raised alerts and opened cases; lists page by cursor, liaisons see only
 * their brands' alerts and cases (others answer 404 exactly like missing
 * ones), notes and status changes append history with author and role,
 * transitions and roles are enforced, and every change is audited.
 */
import { createHash } from 'node:crypto';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { Role } from '../../engine/index.ts';
import { ENABLED_STORES, useApi } from './http-harness.ts';

interface AlertItem { id: string; ringId: string; runId: string; kind: string; score: number; reasons: string[]; caseId: string; brands: string[]; status: string; delivery: { state: string; attempts: number } }
interface CaseItem { id: string; ringId: string; ringIds: string[]; status: string; assignee: string | null; score: number; brands: string[]; alertId: string; createdAt: string; updatedAt: string }
interface CaseEventItem { id: string; kind: string; author: string; role: string; at: string; text?: string; from?: string; to?: string; reason?: string; manifestHash?: string }
interface CaseDetail extends CaseItem { events: CaseEventItem[] }
interface CursorPage<T> { items: T[]; nextCursor: string | null; page: { total: number | null } }
interface ErrorAnswer { error: { code: string; message: string; field?: string } }

const enc = encodeURIComponent;
const HASH = 'a'.repeat(64);

describe.each(ENABLED_STORES)('alert and case routes on $name', (target) => {
  const api = useApi(target);
  const as = <T>(method: string, path: string, role: Role | 'outsider' = 'admin', body?: unknown) =>
    api().request(method, path, { token: api().tokens[role], ...(body !== undefined ? { body } : {}) }) as Promise<{ status: number; body: T }>;
  const allCases = async (role: Role | 'outsider' = 'admin'): Promise<CaseItem[]> => (await as<CursorPage<CaseItem>>('GET', '/api/cases?sort=created&limit=500', role)).body.items;
  /** A case of a ring carrying the liaison's brand, and one that does not. */
  const scopedCase = async (n = 0): Promise<CaseItem> => (await allCases()).filter((c) => c.brands.includes(api().liaisonBrand))[n]!;
  const otherCase = async (): Promise<CaseItem | undefined> => (await allCases()).find((c) => !c.brands.includes(api().liaisonBrand));

  describe('GET /api/alerts', () => {
    it('when the first run raised alerts, then every new ring at or above the minimum score has one, with its case and delivery state', async () => {
      const { status, body } = await as<CursorPage<AlertItem>>('GET', '/api/alerts?limit=500');
      const expected = api().rings.filter((r) => (r.tier ?? 'ring') === 'ring' && r.score >= 0.5).map((r) => r.id).sort();

      expect(status).toBe(200);
      expect(expected.length).toBeGreaterThan(0);
      expect(body.items.map((a) => a.ringId).sort()).toEqual(expected);
      expect(body.items[0]).toMatchObject({ kind: 'new', status: 'open', delivery: { state: 'disabled', attempts: 0 } });
      expect(body.items[0]!.reasons[0]).toMatch(/^score .* ≥ 0\.5$/);
      expect(body.nextCursor).toBeNull();
    });

    it('when paged by cursor, then the pages cover every alert once and a bad cursor is a 400 naming it', async () => {
      const seen: string[] = [];
      for (let cursor: string | null = ''; cursor !== null; ) {
        const page: CursorPage<AlertItem> = (await as<CursorPage<AlertItem>>('GET', `/api/alerts?limit=2${cursor ? `&cursor=${cursor}` : ''}`)).body;
        seen.push(...page.items.map((a) => a.id));
        cursor = page.nextCursor;
      }
      const all = (await as<CursorPage<AlertItem>>('GET', '/api/alerts?limit=500')).body.items.map((a) => a.id);
      const bad = await as<ErrorAnswer>('GET', '/api/alerts?cursor=nope');
      // Other spellings of a number are not cursors this server gave out either.
      const odd = await Promise.all(['0x2', '2e0', '%202', '2.0', '-0', '02'].map((c) => as<ErrorAnswer>('GET', `/api/alerts?limit=2&cursor=${c}`)));

      expect(seen).toEqual(all);
      expect(bad.status).toBe(400);
      expect(bad.body.error).toMatchObject({ code: 'INVALID_INPUT', field: 'query.cursor' });
      expect(odd.map((a) => [a.status, a.body.error.field])).toEqual(odd.map(() => [400, 'query.cursor']));
    });

    it('when a liaison lists alerts and cases, then only its brands\' come back, and an outsider sees none', async () => {
      const alerts = (await as<CursorPage<AlertItem>>('GET', '/api/alerts?limit=500', 'liaison')).body.items;
      const cases = await allCases('liaison');

      expect(alerts.length).toBeGreaterThan(0);
      for (const a of alerts) expect(a.brands).toContain(api().liaisonBrand);
      for (const c of cases) expect(c.brands).toContain(api().liaisonBrand);
      expect((await as<CursorPage<AlertItem>>('GET', '/api/alerts', 'outsider')).body.items).toEqual([]);
      expect(await allCases('outsider')).toEqual([]);
    });
  });

  describe('GET /api/cases, /api/cases/:caseId, /api/rings/:ringId/case', () => {
    it('when a case is read by id and by its ring, then both give it with its opened event', async () => {
      const c = await scopedCase();
      const byId = await as<CaseDetail>('GET', `/api/cases/${enc(c.id)}`, 'viewer');
      const byRing = await as<CaseDetail>('GET', `/api/rings/${enc(c.ringId)}/case`, 'liaison');

      expect(byId.status).toBe(200);
      expect(byId.body).toMatchObject({ id: c.id, ringId: c.ringId, ringIds: [c.ringId], status: 'new' });
      expect(byId.body.events[0]).toMatchObject({ kind: 'opened', author: 'ringtrace', role: 'system' });
      expect(byRing.body.id).toBe(c.id);
    });

    it('when filtered by status, brand and min score and sorted by score, then only matching cases come back', async () => {
      const all = await allCases();
      const top = (await as<CursorPage<CaseItem>>('GET', '/api/cases?sort=score&limit=500&minScore=0.6')).body.items;
      const branded = (await as<CursorPage<CaseItem>>('GET', `/api/cases?brand=${enc(api().liaisonBrand)}&limit=500`)).body.items;

      expect(top.map((c) => c.score)).toEqual([...top.map((c) => c.score)].sort((a, b) => b - a));
      expect(top.every((c) => c.score >= 0.6)).toBe(true);
      expect(branded.length).toBe(all.filter((c) => c.brands.includes(api().liaisonBrand)).length);
      expect((await as<CursorPage<CaseItem>>('GET', '/api/cases?status=closed-confirmed')).body.items).toEqual([]);
      expect((await as<ErrorAnswer>('GET', '/api/cases?status=open')).status).toBe(400);
    });

    it('when a liaison asks for a case or ring case outside its brands, then 404 exactly as for a case that does not exist', async () => {
      const other = await otherCase();
      if (!other) return;
      const hidden = await as<ErrorAnswer>('GET', `/api/cases/${enc(other.id)}`, 'liaison');
      const missing = await as<ErrorAnswer>('GET', '/api/cases/CASE-none', 'liaison');
      const hiddenRing = await as<ErrorAnswer>('GET', `/api/rings/${enc(other.ringId)}/case`, 'liaison');
      const hiddenNote = await as<ErrorAnswer>('POST', `/api/cases/${enc(other.id)}/notes`, 'liaison', { text: 'hello' });

      expect(hidden.status).toBe(404);
      expect(missing.status).toBe(404);
      expect(hiddenRing.status).toBe(404);
      expect(hiddenNote.status).toBe(404);
      expect(hidden.body.error.code).toBe(missing.body.error.code);
      expect(hidden.body.error.message.replace(other.id, 'X')).toBe(missing.body.error.message.replace('CASE-none', 'X'));
    });

    it('when a ring has no case, then its case route is 404', async () => {
      const low = api().rings.find((r) => r.score < 0.5);
      if (!low) return;
      expect((await as<ErrorAnswer>('GET', `/api/rings/${enc(low.id)}/case`)).status).toBe(404);
    });
  });

  describe('POST /api/cases/:caseId/notes, /status, /assignee', () => {
    it('when an investigator and a liaison add notes, then the thread grows with author and role, and a viewer is refused', async () => {
      const c = await scopedCase(0);
      const first = await as<CaseDetail>('POST', `/api/cases/${enc(c.id)}/notes`, 'investigator', { text: 'same payout account as last month' });
      const second = await as<CaseDetail>('POST', `/api/cases/${enc(c.id)}/notes`, 'liaison', { text: 'brand confirms test buys' });
      const viewer = await as<ErrorAnswer>('POST', `/api/cases/${enc(c.id)}/notes`, 'viewer', { text: 'x' });
      const empty = await as<ErrorAnswer>('POST', `/api/cases/${enc(c.id)}/notes`, 'investigator', { text: '   ' });
      const nul = await as<ErrorAnswer>('POST', `/api/cases/${enc(c.id)}/notes`, 'investigator', { text: 'seen\u0000hidden' });
      const escape = await as<ErrorAnswer>('POST', `/api/cases/${enc(c.id)}/status`, 'investigator', { status: 'triage', reason: 'ok\u001b[2J' });
      expect([nul.status, nul.body.error.code, escape.status, escape.body.error.code]).toEqual([400, 'INVALID_INPUT', 400, 'INVALID_INPUT']);
      expect(nul.body.error.message).toContain('control characters (found U+0000');

      expect(first.status).toBe(201);
      const notes = second.body.events.filter((e) => e.kind === 'note');
      expect(notes.map((e) => [e.author, e.role, e.text])).toEqual([
        ['test-investigator', 'investigator', 'same payout account as last month'],
        ['test-liaison', 'liaison', 'brand confirms test buys'],
      ]);
      expect(viewer.body.error.code).toBe('FORBIDDEN');
      expect(empty.status).toBe(400);
    });

    it('when the status changes, then a reason is required, transitions are enforced, and each change is in the history', async () => {
      const c = await scopedCase(1) ?? await scopedCase(0);
      const path = `/api/cases/${enc(c.id)}/status`;
      const noReason = await as<ErrorAnswer>('POST', path, 'investigator', { status: 'triage' });
      const triage = await as<CaseDetail>('POST', path, 'investigator', { status: 'triage', reason: 'shared ID document' });
      const backToNew = await as<ErrorAnswer>('POST', path, 'investigator', { status: 'new', reason: 'oops' });
      const liaisonClose = await as<ErrorAnswer>('POST', path, 'liaison', { status: 'closed-confirmed', reason: 'x' });
      // The hash a recipient computes with `sha256sum manifest.json`, and the one the export's audit entry holds.
      const dossier = await fetch(`${api().url}/api/rings/${enc(c.ringId)}/dossier`, { headers: { authorization: `Bearer ${api().tokens.liaison}` } });
      const exported = createHash('sha256').update(unzipSync(Buffer.from(await dossier.arrayBuffer()))['manifest.json']!).digest('hex');
      const notExported = await as<ErrorAnswer>('POST', path, 'liaison', { status: 'referred', reason: 'sent to brand counsel', manifestHash: HASH });
      const referred = await as<CaseDetail>('POST', path, 'liaison', { status: 'referred', reason: 'sent to brand counsel', manifestHash: exported });
      const badHash = await as<ErrorAnswer>('POST', path, 'investigator', { status: 'investigating', reason: 'x', manifestHash: 'abc' });

      expect(noReason.status).toBe(400);
      expect(triage.status).toBe(200);
      expect(triage.body.status).toBe('triage');
      expect(backToNew.status).toBe(409);
      expect(backToNew.body.error.code).toBe('CONFLICT');
      expect(liaisonClose.body.error.code).toBe('FORBIDDEN');
      expect(notExported.status).toBe(400);
      expect(notExported.body.error).toMatchObject({ code: 'INVALID_INPUT', field: 'manifestHash' });
      expect(notExported.body.error.message).toContain(`no dossier exported for ring ${c.ringId}`);
      expect(referred.body.status).toBe('referred');
      expect(badHash.status).toBe(400);
      const changes = referred.body.events.filter((e) => e.kind === 'status');
      expect(changes.map((e) => [e.from, e.to, e.reason, e.role])).toEqual([
        ['new', 'triage', 'shared ID document', 'investigator'],
        ['triage', 'referred', 'sent to brand counsel', 'liaison'],
      ]);
      expect(changes[1]!.manifestHash).toBe(exported);
    });

    it('when the assignee is set, then investigators may and liaisons may not, and the audit trail has every change', async () => {
      const c = await scopedCase(0);
      const set = await as<CaseDetail>('POST', `/api/cases/${enc(c.id)}/assignee`, 'investigator', { assignee: 'ana' });
      const liaison = await as<ErrorAnswer>('POST', `/api/cases/${enc(c.id)}/assignee`, 'liaison', { assignee: 'bo' });
      const twoLines = await as<ErrorAnswer>('POST', `/api/cases/${enc(c.id)}/assignee`, 'investigator', { assignee: 'ana\nbo' });
      expect([twoLines.status, twoLines.body.error.code]).toEqual([400, 'INVALID_INPUT']);
      const cleared = await as<CaseDetail>('POST', `/api/cases/${enc(c.id)}/assignee`, 'admin', { assignee: null });

      expect(set.body.assignee).toBe('ana');
      expect(liaison.body.error.code).toBe('FORBIDDEN');
      expect(cleared.body.assignee).toBeNull();
      expect(cleared.body.events.filter((e) => e.kind === 'assignee').map((e) => [e.from ?? null, e.to ?? null])).toEqual([[null, 'ana'], ['ana', null]]);
      const audit = (await as<{ items: Array<{ action: string; outcome: string; route: string | null; details?: { caseId?: string } }> }>('GET', '/api/audit?limit=500')).body.items;
      const actions = audit.filter((e) => e.details?.caseId === c.id || e.route?.includes(c.id)).map((e) => `${e.action}:${e.outcome}`);
      expect(actions).toEqual(expect.arrayContaining(['case.assignee:ok', 'case.assignee:denied', 'case.note:ok', 'case.read:ok']));
      expect((await as<CursorPage<CaseItem>>('GET', '/api/cases?assignee=ana')).body.items).toEqual([]);
    });
  });

  describe('POST /api/alerts/:alertId/acknowledge', () => {
    it('when acknowledged, then it leaves the open list; a viewer may not; a liaison cannot reach another brand\'s alert', async () => {
      const alerts = (await as<CursorPage<AlertItem>>('GET', '/api/alerts?status=open&limit=500')).body.items;
      const mine = alerts.find((a) => a.brands.includes(api().liaisonBrand))!;
      const theirs = alerts.find((a) => !a.brands.includes(api().liaisonBrand));

      const viewer = await as<ErrorAnswer>('POST', `/api/alerts/${enc(mine.id)}/acknowledge`, 'viewer');
      const ack = await as<AlertItem & { acknowledgedBy: string }>('POST', `/api/alerts/${enc(mine.id)}/acknowledge`, 'liaison');

      expect(viewer.body.error.code).toBe('FORBIDDEN');
      expect(ack.body).toMatchObject({ id: mine.id, status: 'acknowledged', acknowledgedBy: 'test-liaison' });
      const open = (await as<CursorPage<AlertItem>>('GET', '/api/alerts?status=open&limit=500')).body.items.map((a) => a.id);
      expect(open).not.toContain(mine.id);
      if (theirs) expect((await as<ErrorAnswer>('POST', `/api/alerts/${enc(theirs.id)}/acknowledge`, 'liaison')).status).toBe(404);
      expect((await as<ErrorAnswer>('POST', '/api/alerts/AL-none/acknowledge', 'admin')).status).toBe(404);
    });
  });
});
