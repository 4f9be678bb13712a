/**
 * Referral dossiers end to end on each store: the API streams a ZIP that
 * verifies with ringtrace and with openssl and sha256sum alone; a flipped PDF
 * byte and a changed manifest field are caught and named; pdftotext finds every
 * member and the top likely source; the audit entry's inputs rebuild the
 * identical ZIP; liaison scope and viewer refusal hold.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildDossier, createDossierRenderer, loadOrCreateSigningKey, readDossier, softwareInfo, unmasked, verifyDossier, type AuditEntry, type EngineError } from '../../engine/index.ts';
import { sha256, zipFiles } from '../../engine/dossier/package-files.ts';
import { ENABLED_STORES, useApi } from './http-harness.ts';

const CLI = join(import.meta.dirname, '../../api/cli/ringtrace.mjs');
const scratch = mkdtempSync(join(tmpdir(), 'ringtrace-dossier-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
let unpacked = 0;

/** Unzips with the system's unzip into a fresh folder; returns the folder. */
function unzip(zip: Buffer): string {
  unpacked += 1;
  const dir = join(scratch, `unpacked-${unpacked}`);
  const file = `${dir}.zip`;
  writeFileSync(file, zip);
  execFileSync('unzip', ['-q', file, '-d', dir]);
  return dir;
}

function filesUnder(dir: string): Array<{ name: string; bytes: Buffer }> {
  const out: Array<{ name: string; bytes: Buffer }> = [];
  const walk = (at: string): void => {
    for (const entry of readdirSync(at).sort()) {
      const full = join(at, entry);
      if (statSync(full).isDirectory()) walk(full);
      else out.push({ name: relative(dir, full), bytes: readFileSync(full) });
    }
  };
  walk(dir);
  return out;
}

describe.each(ENABLED_STORES)('dossiers on $name', (target) => {
  const api = useApi(target, { sellers: 1_500, rings: 10 });
  const scopedRing = () => api().rings.find((r) => r.brands.includes(api().liaisonBrand))!;
  const download = async (ringId: string, token: string): Promise<{ status: number; type: string | null; zip: Buffer }> => {
    const url = `${api().url}/api/rings/${encodeURIComponent(ringId)}/dossier`;
    const headers = { authorization: `Bearer ${token}` };
    // A kept-alive socket the server closed after its 5 s idle timeout can reset under the next request: retry that once (a GET).
    const response = await fetch(url, { headers }).catch(() => fetch(url, { headers }));
    return { status: response.status, type: response.headers.get('content-type'), zip: Buffer.from(await response.arrayBuffer()) };
  };

  describe('GET /api/rings/:ringId/dossier', () => {
    it('when an investigator downloads a dossier, then it verifies with ringtrace, openssl and sha256sum, and the PDF names every member and the top source', async () => {
      const ring = api().rings[0]!;
      const { status, type, zip } = await download(ring.id, api().tokens.investigator);

      expect(status).toBe(200);
      expect(type).toBe('application/zip');
      const result = verifyDossier(zip);
      expect(result.problems).toEqual([]);
      expect(result.ok).toBe(true);
      const dir = unzip(zip);
      const openssl = spawnSync('openssl', ['pkeyutl', '-verify', '-pubin', '-inkey', 'public-key.pem', '-rawin', '-in', 'manifest.json', '-sigfile', 'manifest.sig'], { cwd: dir });
      expect(openssl.stdout.toString()).toContain('Signature Verified Successfully');
      expect(spawnSync('sha256sum', ['-c', 'evidence.sha256'], { cwd: dir }).status).toBe(0);
      const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { files: Array<{ name: string; sha256: string }>; evidenceManifest: { sha256: string } };
      expect(manifest.files.find((f) => f.name === 'dossier.pdf')?.sha256).toBe(sha256(readFileSync(join(dir, 'dossier.pdf'))));
      const text = execFileSync('pdftotext', ['-layout', join(dir, 'dossier.pdf'), '-']).toString();
      for (const member of ring.members) expect(text, member).toContain(member);
      const top = ring.likelySources[0];
      if (top) expect(text.replace(/\s+/g, ' ')).toContain(top.address);
      expect(text).toContain(manifest.evidenceManifest.sha256);
    });

    it('when one byte of the PDF is flipped, then verification fails naming dossier.pdf, and the CLI exits 1', async () => {
      const { zip } = await download(api().rings[0]!.id, api().tokens.admin);
      const files = filesUnder(unzip(zip));
      const pdf = files.find((f) => f.name === 'dossier.pdf')!;
      pdf.bytes[Math.floor(pdf.bytes.length / 2)]! ^= 0x01;
      const tampered = await zipFiles(files, '2026-01-01T00:00:00Z');

      const result = verifyDossier(tampered);

      expect(result.ok).toBe(false);
      expect(result.problems.map((p) => p.file)).toEqual(['dossier.pdf']);
      const file = join(scratch, 'tampered-pdf.zip');
      writeFileSync(file, tampered);
      const cli = spawnSync(process.execPath, [CLI, 'dossier', 'verify', file]);
      expect(cli.status).toBe(1);
      expect(cli.stdout.toString()).toContain('dossier.pdf');
    });

    it('when a manifest field is changed, then the signature fails (ringtrace and openssl alike)', async () => {
      const { zip } = await download(api().rings[0]!.id, api().tokens.admin);
      const dir = unzip(zip);
      const manifestPath = join(dir, 'manifest.json');
      const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { ring: { score: number } };
      manifest.ring.score = 0.01;
      writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);

      const result = verifyDossier(await zipFiles(filesUnder(dir), '2026-01-01T00:00:00Z'));

      expect(result.ok).toBe(false);
      expect(result.problems).toEqual([expect.objectContaining({ file: 'manifest.json', field: 'signature' })]);
      const openssl = spawnSync('openssl', ['pkeyutl', '-verify', '-pubin', '-inkey', 'public-key.pem', '-rawin', '-in', 'manifest.json', '-sigfile', 'manifest.sig'], { cwd: dir });
      expect(openssl.status).not.toBe(0);
    });

    it('when a package is checked against another deployment key, then the fingerprint and signature fail', async () => {
      const { zip } = await download(api().rings[0]!.id, api().tokens.admin);
      const other = await loadOrCreateSigningKey(join(scratch, 'other-deployment'));

      const result = verifyDossier(zip, { publicKeyPem: other.publicKeyPem });

      expect(result.problems.map((p) => p.field)).toEqual(['signature', 'signing.publicKeyFingerprint']);
    });

    it('when an export is audited, then its entry holds the manifest hash and the inputs rebuild a byte-identical ZIP', async () => {
      const ring = api().rings[0]!;
      const { zip } = await download(ring.id, api().tokens.investigator);
      const manifestBytes = readFileSync(join(unzip(zip), 'manifest.json'));

      const audit = await api().request('GET', '/api/audit?action=dossier.export&limit=50', { token: api().tokens.admin });
      const entries = (audit.body as { items: AuditEntry[] }).items;
      const entry = entries.find((e) => e.details?.['manifestSha256'] === sha256(manifestBytes));
      expect(entry).toMatchObject({ action: 'dossier.export', outcome: 'ok', tokenName: 'test-investigator', role: 'investigator', ringIds: [ring.id] });
      const details = entry!.details as { runId: string; generatedAt: string; recipient: { name: string; role: 'investigator'; brands: string[] } };
      const rebuilt = await buildDossier(api().store, {
        ringId: ring.id,
        runId: details.runId,
        recipient: details.recipient,
        generatedAt: details.generatedAt,
        masking: unmasked(details.recipient.role),
        key: await loadOrCreateSigningKey(api().dataDir),
        software: softwareInfo(),
        pictureLimit: 2_000,
      });
      expect(rebuilt.zip.equals(zip)).toBe(true);
    });

    it('when a liaison asks for a ring outside its brands, then 404; its own ring downloads; a viewer is refused', async () => {
      expect((await download(scopedRing().id, api().tokens.outsider)).status).toBe(404);
      expect((await download('R-no-such-ring', api().tokens.liaison)).status).toBe(404);
      const own = await download(scopedRing().id, api().tokens.liaison);
      expect(own.status).toBe(200);
      expect(verifyDossier(own.zip).manifest?.recipient).toEqual({ name: 'test-liaison', role: 'liaison', brands: [api().liaisonBrand] });
      expect((await download(scopedRing().id, api().tokens.viewer)).status).toBe(403);
    });

    it('when more dossiers are asked for than the render worker and its queue hold, then the extra one gets 503 BUSY with Retry-After and the others verify', async () => {
      const services = api().server.app.services;
      const usual = services.dossiers;
      services.dossiers = createDossierRenderer({ concurrency: 1, queue: 1 });
      try {
        const ring = api().rings[0]!;
        const url = `${api().url}/api/rings/${encodeURIComponent(ring.id)}/dossier`;
        const answers = await Promise.all([1, 2, 3].map(() => fetch(url, { headers: { authorization: `Bearer ${api().tokens.investigator}` } })));

        const statuses = answers.map((a) => a.status).sort();
        expect(statuses).toEqual([200, 200, 503]);
        const busy = answers.find((a) => a.status === 503)!;
        expect(((await busy.json()) as { error: { code: string } }).error.code).toBe('BUSY');
        expect(Number(busy.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
        for (const answer of answers.filter((a) => a.status === 200)) expect(verifyDossier(Buffer.from(await answer.arrayBuffer())).ok).toBe(true);
      } finally {
        await services.dossiers.close();
        services.dossiers = usual;
      }
    });
  });

  describe('the dossier render workers', () => {
    const options = () => ({
      recipient: { name: 'test', role: 'investigator' as const, brands: [] },
      generatedAt: '2026-12-01T00:00:00.000Z',
      masking: { masked: false, statement: unmasked('investigator').statement },
      software: softwareInfo(),
      pictureLimit: 2_000,
      dataDir: api().dataDir,
    });

    it('when a render fails in the worker, then its caller gets the error and the same worker renders the next one byte-identical to an in-process build', async () => {
      const renderer = createDossierRenderer({ concurrency: 1, queue: 2 });
      try {
        const ring = api().rings[1] ?? api().rings[0]!;
        const data = await readDossier(api().store, { ringId: ring.id, masking: unmasked('investigator'), pictureLimit: 2_000 });
        const broken = { ...data, run: undefined as unknown as typeof data.run };

        const failure = await renderer.render(broken, options()).then(() => null, (error: EngineError) => error);
        const rendered = await renderer.render(data, options());

        expect(failure?.code).toBe('INTERNAL');
        const inProcess = await buildDossier(api().store, { ringId: ring.id, ...options(), masking: unmasked('investigator'), key: await loadOrCreateSigningKey(api().dataDir) });
        expect(rendered.zip.equals(inProcess.zip)).toBe(true);
        expect(rendered.manifestSha256).toBe(inProcess.manifestSha256);
      } finally {
        await renderer.close();
      }
    });

    it('when the renderer is closed, then waiting renders fail BUSY and new ones are refused', async () => {
      const renderer = createDossierRenderer({ concurrency: 1, queue: 2 });
      const data = await readDossier(api().store, { ringId: api().rings[0]!.id, masking: unmasked('investigator'), pictureLimit: 2_000 });
      const running = renderer.render(data, options()).catch((error: EngineError) => error.code);
      const waiting = renderer.render(data, options()).catch((error: EngineError) => error.code);

      await renderer.close();

      expect(await waiting).toBe('BUSY');
      expect(await running).toBe('INTERNAL');
      expect(await renderer.render(data, options()).catch((error: EngineError) => error.code)).toBe('BUSY');
    });
  });
});
