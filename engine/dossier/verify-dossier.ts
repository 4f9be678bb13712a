/**
 * Checks a dossier ZIP: the Ed25519 signature of manifest.json (with the
 * recipient's copy of the public key, else the enclosed one), the key
 * fingerprint, every listed file's SHA-256 and size, no file unlisted or
 * duplicated, evidence.sha256 against the manifest, and the PDF's recorded
 * evidence-manifest hash. Every problem names the file and, where one
 * applies, the manifest field.
 */
import { unzipSync } from 'fflate';
import { EVIDENCE_LIST_FILE, MANIFEST_FILE, PDF_FILE, PUBLIC_KEY_FILE, sha256, SIGNATURE_FILE } from './package-files.ts';
import type { DossierManifest } from './build-dossier.ts';
import { fingerprintOf, parsePublicKey, verifySignature } from './signing-key.ts';

export interface VerifyProblem {
  file: string;
  field?: string;
  message: string;
}

export interface VerifyResult {
  ok: boolean;
  problems: VerifyProblem[];
  /** Files whose hash and size matched. */
  checked: string[];
  key: { source: 'given' | 'enclosed'; fingerprint: string } | null;
  manifest: DossierManifest | null;
}

/**
 * Most bytes one entry, and all entries together, may declare uncompressed. A dossier's largest file (the PDF of a
 * ring of hundreds of members) is a few MB; an entry declaring more is not inflated (the unzipper sizes its output
 * by the declared size, so this bounds the memory a hostile package — a ZIP bomb — can take) and is reported.
 */
export const VERIFY_MAX_ENTRY_BYTES = 256 * 2 ** 20;
export const VERIFY_MAX_TOTAL_BYTES = 1024 * 2 ** 20;

/** A package that is not a readable ZIP is a package that does not verify (exit 1), not a usage error. */
function readZip(bytes: Buffer): { files: Map<string, Buffer>; problems: VerifyProblem[]; readable: boolean } {
  const problems: VerifyProblem[] = [];
  const seen = new Map<string, number>();
  let entries: Record<string, Uint8Array>;
  let declared = 0;
  try {
    entries = unzipSync(bytes, {
      filter: (file) => {
        seen.set(file.name, (seen.get(file.name) ?? 0) + 1);
        if (file.originalSize > VERIFY_MAX_ENTRY_BYTES) {
          problems.push({ file: file.name, message: `declares ${file.originalSize.toLocaleString('en')} bytes uncompressed, more than the ${VERIFY_MAX_ENTRY_BYTES.toLocaleString('en')} any dossier file has: not unpacked` });
          return false;
        }
        declared += file.originalSize;
        if (declared > VERIFY_MAX_TOTAL_BYTES) {
          problems.push({ file: file.name, message: `the entries up to this one declare ${declared.toLocaleString('en')} bytes uncompressed, more than the ${VERIFY_MAX_TOTAL_BYTES.toLocaleString('en')} a dossier holds: not unpacked` });
          return false;
        }
        return true;
      },
    });
  } catch (cause) {
    return { files: new Map(), problems: [{ file: '(package)', message: `not a readable ZIP file (truncated or not a ZIP: ${cause instanceof Error ? cause.message : String(cause)})` }], readable: false };
  }
  for (const [name, count] of seen) if (count > 1) problems.push({ file: name, message: `appears ${count} times in the ZIP` });
  const files = new Map<string, Buffer>();
  // No entry is skipped: a package holds no folder entries, and one named `x/` can still carry bytes, so it is
  // reported as unlisted like any other addition. A backslash is a folder separator to Windows unzip tools.
  for (const [name, data] of Object.entries(entries)) {
    if (name.startsWith('/') || name.startsWith('\\') || /^[A-Za-z]:/.test(name) || name.split(/[/\\]/).includes('..')) problems.push({ file: name, message: 'unsafe path in the ZIP' });
    files.set(name, Buffer.from(data));
  }
  return { files, problems, readable: true };
}

/** The evidence-manifest hash in the PDF's info dictionary (written directly or, as pdfkit does, as an indirect string object). */
function recordedEvidenceManifest(pdf: string): string | undefined {
  const direct = /\/RingtraceEvidenceManifest \(([0-9a-f]{64})\)/.exec(pdf)?.[1];
  if (direct !== undefined) return direct;
  const ref = /\/RingtraceEvidenceManifest (\d+) 0 R/.exec(pdf)?.[1];
  if (ref === undefined) return undefined;
  return new RegExp(`(?:^|\\n)${ref} 0 obj\\s*\\(([0-9a-f]{64})\\)`).exec(pdf)?.[1];
}

export interface VerifyOptions {
  /** The recipient's copy of the deployment key (PEM); else the enclosed one. */
  publicKeyPem?: string;
  /** The ring the package is expected to be about: a signed package of another ring (replayed, mixed up) does not verify. */
  ringId?: string;
}

export function verifyDossier(zip: Buffer, options: VerifyOptions = {}): VerifyResult {
  const { files, problems, readable } = readZip(zip);
  const result: VerifyResult = { ok: false, problems, checked: [], key: null, manifest: null };
  if (!readable) return result;
  const manifestBytes = files.get(MANIFEST_FILE);
  const signature = files.get(SIGNATURE_FILE);
  if (!manifestBytes) problems.push({ file: MANIFEST_FILE, message: 'missing from the ZIP' });
  if (!signature) problems.push({ file: SIGNATURE_FILE, message: 'missing from the ZIP' });
  if (!manifestBytes || !signature) return result;

  let manifest: DossierManifest;
  try {
    manifest = JSON.parse(manifestBytes.toString('utf8')) as DossierManifest;
  } catch {
    problems.push({ file: MANIFEST_FILE, message: 'not valid JSON' });
    return result;
  }
  result.manifest = manifest;

  const enclosed = files.get(PUBLIC_KEY_FILE);
  const pem = options.publicKeyPem ?? enclosed?.toString('utf8');
  if (pem === undefined) {
    problems.push({ file: PUBLIC_KEY_FILE, message: 'missing from the ZIP and no public key given' });
    return result;
  }
  let key: ReturnType<typeof parsePublicKey>;
  try {
    key = parsePublicKey(pem, options.publicKeyPem !== undefined ? 'the given public key' : PUBLIC_KEY_FILE);
  } catch (error) {
    // A bad key the user gave is a usage error; a bad key inside the package is a package that does not verify.
    if (options.publicKeyPem !== undefined) throw error;
    problems.push({ file: PUBLIC_KEY_FILE, message: 'not a PEM public key (changed after the package was built?)' });
    return result;
  }
  result.key = { source: options.publicKeyPem !== undefined ? 'given' : 'enclosed', fingerprint: fingerprintOf(key) };
  if (!verifySignature(key, manifestBytes, signature)) {
    problems.push({ file: MANIFEST_FILE, field: 'signature', message: `the Ed25519 signature in ${SIGNATURE_FILE} does not match: ${MANIFEST_FILE} was changed after signing, or signed with another key` });
  }
  if (manifest.signing?.publicKeyFingerprint !== result.key.fingerprint) {
    problems.push({ file: MANIFEST_FILE, field: 'signing.publicKeyFingerprint', message: `names key ${String(manifest.signing?.publicKeyFingerprint)}, the key used is ${result.key.fingerprint}` });
  }

  if (options.ringId !== undefined && manifest.ring?.id !== options.ringId) {
    problems.push({ file: MANIFEST_FILE, field: 'ring.id', message: `the package is about ring ${String(manifest.ring?.id)}, not ${options.ringId}` });
  }

  const listed = new Map<string, { sha256: string; bytes: number; index: number }>();
  (Array.isArray(manifest.files) ? manifest.files : []).forEach((f, index) => listed.set(f.name, { sha256: f.sha256, bytes: f.bytes, index }));
  for (const [name, entry] of listed) {
    const bytes = files.get(name);
    const field = `files[${entry.index}]`;
    if (!bytes) {
      problems.push({ file: name, field, message: 'listed in manifest.json but missing from the ZIP' });
      continue;
    }
    const actual = sha256(bytes);
    if (actual !== entry.sha256) problems.push({ file: name, field: `${field}.sha256`, message: `SHA-256 is ${actual}, manifest.json says ${entry.sha256}` });
    else if (bytes.length !== entry.bytes) problems.push({ file: name, field: `${field}.bytes`, message: `is ${bytes.length} bytes, manifest.json says ${entry.bytes}` });
    else result.checked.push(name);
  }
  for (const name of files.keys()) {
    if (name !== MANIFEST_FILE && name !== SIGNATURE_FILE && !listed.has(name)) problems.push({ file: name, message: 'in the ZIP but not listed in manifest.json' });
  }

  const list = files.get(EVIDENCE_LIST_FILE);
  if (list) {
    if (sha256(list) !== manifest.evidenceManifest?.sha256) {
      problems.push({ file: EVIDENCE_LIST_FILE, field: 'evidenceManifest.sha256', message: `SHA-256 is ${sha256(list)}, manifest.json's evidenceManifest says ${String(manifest.evidenceManifest?.sha256)}` });
    }
    for (const line of list.toString('utf8').split('\n').filter((l) => l !== '')) {
      const match = /^([0-9a-f]{64}) {2}(.+)$/.exec(line);
      const name = match?.[2];
      if (!match || name === undefined) {
        problems.push({ file: EVIDENCE_LIST_FILE, message: `unreadable line: ${line}` });
        continue;
      }
      if (listed.get(name)?.sha256 !== match[1]) problems.push({ file: EVIDENCE_LIST_FILE, message: `${name}: hash differs from manifest.json` });
    }
  }
  const pdf = files.get(PDF_FILE);
  if (pdf) {
    const recorded = recordedEvidenceManifest(pdf.toString('latin1'));
    if (recorded !== manifest.evidenceManifest?.sha256) {
      problems.push({ file: PDF_FILE, field: 'evidenceManifest.sha256', message: `the PDF records evidence manifest ${recorded ?? '(none)'}, manifest.json says ${String(manifest.evidenceManifest?.sha256)}` });
    }
  }
  result.ok = problems.length === 0;
  return result;
}
