/**
 * verifyDossier on hand-made packages: a minimal signed package verifies; an
 * entry added to it is reported whatever its name — a folder-style name that
 * carries bytes included — and names a Windows unzip tool would write outside
 * the target folder are flagged as unsafe.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadOrCreateSigningKey, verifyDossier, type SigningKey } from '../../engine/index.ts';
import { sha256 } from '../../engine/dossier/package-files.ts';

let dir: string;
let key: SigningKey;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ringtrace-verify-'));
  key = await loadOrCreateSigningKey(dir);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The entries of a signed package: one evidence file, its list, a PDF recording the list's hash, the key. */
function signedPackage(): Record<string, Uint8Array> {
  const evidence = Buffer.from('seller_id\r\nS-1\r\n');
  const list = Buffer.from(`${sha256(evidence)}  evidence/members.csv\n`);
  const pdf = Buffer.from(`%PDF-1.3\n<< /RingtraceEvidenceManifest (${sha256(list)}) >>\n%%EOF\n`);
  const publicKey = Buffer.from(key.publicKeyPem);
  const entry = (name: string, bytes: Buffer) => ({ name, sha256: sha256(bytes), bytes: bytes.length, mediaType: 'application/octet-stream', description: name });
  const manifest = Buffer.from(JSON.stringify({
    format: 'ringtrace-dossier/1',
    ring: { id: 'R-1', score: 0.9, size: 1, brands: [], change: 'new', members: ['S-1'], shops: 0 },
    signing: { algorithm: 'Ed25519', publicKeyFingerprint: key.fingerprint, publicKeyFile: 'public-key.pem', signatureFile: 'manifest.sig', signedFile: 'manifest.json' },
    evidenceManifest: { file: 'evidence.sha256', sha256: sha256(list) },
    files: [entry('dossier.pdf', pdf), entry('public-key.pem', publicKey), entry('evidence.sha256', list), entry('evidence/members.csv', evidence)],
  }));
  return {
    'dossier.pdf': pdf,
    'manifest.json': manifest,
    'manifest.sig': key.sign(manifest),
    'public-key.pem': publicKey,
    'evidence.sha256': list,
    'evidence/members.csv': evidence,
  };
}

describe('verifyDossier', () => {
  it('when the package is as signed, then it verifies', () => {
    expect(verifyDossier(Buffer.from(zipSync(signedPackage())))).toMatchObject({ ok: true, problems: [] });
  });

  it('when an entry with a folder-style name is added (carrying bytes or empty), then it is reported as not listed', () => {
    for (const [name, bytes] of [['extra/', Buffer.from('hidden payload')], ['evidence/', Buffer.alloc(0)]] as const) {
      const result = verifyDossier(Buffer.from(zipSync({ ...signedPackage(), [name]: bytes })));

      expect(result.ok).toBe(false);
      expect(result.problems).toContainEqual({ file: name, message: 'in the ZIP but not listed in manifest.json' });
    }
  });

  it('when an added entry climbs out with backslashes or a drive letter, then it is flagged as an unsafe path', () => {
    for (const name of ['..\\evil.txt', 'evidence\\..\\..\\evil.txt', 'C:/evil.txt', '\\evil.txt']) {
      const result = verifyDossier(Buffer.from(zipSync({ ...signedPackage(), [name]: Buffer.from('x') })));

      expect(result.problems).toContainEqual({ file: name, message: 'unsafe path in the ZIP' });
    }
  });

  it('when an entry declares a huge uncompressed size (a ZIP bomb), then it is reported and not unpacked, and the rest is still checked', () => {
    // Deflated (a stored entry is copied by its compressed size, never by the declared one).
    const zip = Buffer.from(zipSync({ ...signedPackage(), 'evidence/bomb.csv': [Buffer.alloc(4_096), { level: 9 }] }));
    // The central directory's uncompressed size of the added entry, set to ~4 GiB: what the unzipper would allocate.
    const name = Buffer.from('evidence/bomb.csv');
    for (let at = zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])); at >= 0; at = zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]), at + 4)) {
      const nameLength = zip.readUInt16LE(at + 28);
      if (zip.subarray(at + 46, at + 46 + nameLength).equals(name)) zip.writeUInt32LE(0xfffffff0, at + 24);
    }

    const result = verifyDossier(zip);

    expect(result.ok).toBe(false);
    expect(result.problems).toContainEqual({ file: 'evidence/bomb.csv', message: expect.stringMatching(/^declares 4,294,967,280 bytes uncompressed, more than the 268,435,456 any dossier file has: not unpacked$/) });
    expect(result.checked).toContain('dossier.pdf');
  });
});
