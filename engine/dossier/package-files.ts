/**
 * The dossier package: the manifest (every file with its SHA-256 and size,
 * ring, run, provenance, software, recipient, masking, key), the
 * `sha256sum`-format evidence list whose hash the PDF footer carries, and
 * the ZIP (yazl) with fixed timestamps and a fixed entry order so the same
 * inputs give the same bytes. manifest.json is signed as the exact bytes in
 * the ZIP; manifest.sig holds the raw 64-byte Ed25519 signature, so
 * `openssl pkeyutl -verify -rawin` checks it without ringtrace.
 */
import { createHash } from 'node:crypto';
import yazl from 'yazl';

export const MANIFEST_FILE = 'manifest.json';
export const SIGNATURE_FILE = 'manifest.sig';
export const PUBLIC_KEY_FILE = 'public-key.pem';
export const EVIDENCE_LIST_FILE = 'evidence.sha256';
export const PDF_FILE = 'dossier.pdf';
export const FORMAT = 'ringtrace-dossier/1';

export interface PackageFile {
  name: string;
  bytes: Buffer;
  mediaType: string;
  description: string;
}

export interface ManifestFileEntry {
  name: string;
  sha256: string;
  bytes: number;
  mediaType: string;
  description: string;
}

export function sha256(bytes: Buffer | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** `sha256sum -c` input: `<hex>  <name>` per line (two spaces: text mode), in the given order. */
export function checksumList(files: readonly PackageFile[]): string {
  return files.map((f) => `${sha256(f.bytes)}  ${f.name}\n`).join('');
}

export function manifestEntry(file: PackageFile): ManifestFileEntry {
  return { name: file.name, sha256: sha256(file.bytes), bytes: file.bytes.length, mediaType: file.mediaType, description: file.description };
}

/**
 * The DOS timestamp of every entry: `at` written as its UTC wall-clock time.
 * yazl reads a Date's local-time fields, so the Date is built from the UTC
 * fields to make the bytes independent of the machine's time zone.
 */
function dosTime(at: string): Date {
  const d = new Date(at);
  return new Date(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds());
}

export function zipFiles(files: ReadonlyArray<{ name: string; bytes: Buffer }>, at: string): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  const mtime = dosTime(at);
  for (const f of files) zip.addBuffer(f.bytes, f.name, { mtime, mode: 0o100644, compress: true, forceDosTimestamp: true });
  zip.end();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    zip.outputStream.on('data', (c: Buffer) => chunks.push(c));
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    zip.outputStream.on('error', reject);
  });
}
