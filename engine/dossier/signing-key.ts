/**
 * The deployment's dossier signing key: an Ed25519 pair created on first use
 * in the store's data folder (`keys/dossier-ed25519.pem`, readable by the
 * owner only, and its public half beside it). Recipients verify a dossier
 * with the public key alone; the fingerprint — SHA-256 of the public key's
 * DER (SubjectPublicKeyInfo) encoding, what `openssl pkey -pubin -outform DER
 * | sha256sum` prints — is what they compare out of band.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, sign, verify, type KeyObject } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { EngineError } from '../model/errors.ts';

export interface SigningKey {
  /** The public key as PEM (SPKI). */
  publicKeyPem: string;
  /** SHA-256 of the public key's DER encoding, lower-case hex. */
  fingerprint: string;
  /** Where the private key lives. */
  privateKeyPath: string;
  /** Ed25519 signature of `data` (64 bytes). */
  sign(data: Buffer): Buffer;
}

export const PRIVATE_KEY_FILE = 'dossier-ed25519.pem';
export const PUBLIC_KEY_FILE = 'dossier-ed25519.pub.pem';

export function keyFolder(dataDir: string): string {
  return join(dataDir, 'keys');
}

export function fingerprintOf(publicKey: KeyObject): string {
  return createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex');
}

/** A public key from PEM text; INVALID_INPUT naming `source` when it is not an Ed25519 public key. */
export function parsePublicKey(pem: string, source: string): KeyObject {
  return ed25519Key(() => createPublicKey(pem), source, 'public', 'an Ed25519 public key is needed');
}

/** Parses a PEM key; INVALID_INPUT naming `source` when it is not PEM or not Ed25519. */
function ed25519Key(parse: () => KeyObject, source: string, kind: 'public' | 'private', notEd25519: string): KeyObject {
  let key: KeyObject;
  try {
    key = parse();
  } catch (cause) {
    throw new EngineError('INVALID_INPUT', `${source}: not a PEM ${kind} key`, { cause });
  }
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new EngineError('INVALID_INPUT', `${source}: ${notEd25519}, found ${key.asymmetricKeyType ?? 'unknown'}`);
  }
  return key;
}

export function verifySignature(publicKey: KeyObject, data: Buffer, signature: Buffer): boolean {
  try {
    return verify(null, data, publicKey, signature);
  } catch {
    return false;
  }
}

function fromPrivatePem(pem: string, path: string): SigningKey {
  const privateKey = ed25519Key(() => createPrivateKey(pem), path, 'private', 'the dossier key must be Ed25519');
  const publicKey = createPublicKey(privateKey);
  return {
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    fingerprint: fingerprintOf(publicKey),
    privateKeyPath: path,
    sign: (data) => sign(null, data, privateKey),
  };
}

async function readKey(path: string): Promise<SigningKey> {
  const stat = await fs.stat(path);
  if (process.platform !== 'win32' && (stat.mode & 0o077) !== 0) {
    throw new EngineError(
      'FORBIDDEN',
      `${path} is readable by others (mode ${(stat.mode & 0o777).toString(8)}); the dossier signing key must be private: chmod 600 ${path}`,
    );
  }
  return fromPrivatePem(await fs.readFile(path, 'utf8'), path);
}

/**
 * The deployment's key, created on first use. Two processes creating it at
 * once agree: the private key file is created exclusively, and the loser reads
 * the winner's key.
 */
export async function loadOrCreateSigningKey(dataDir: string): Promise<SigningKey> {
  const folder = keyFolder(dataDir);
  const path = join(folder, PRIVATE_KEY_FILE);
  try {
    return await readKey(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await fs.mkdir(folder, { recursive: true, mode: 0o700 });
  const { privateKey } = generateKeyPairSync('ed25519');
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  // Written whole under a temporary name, then linked into place: link() fails if the key exists, so a
  // racing process never reads a half-written key and both end up with the same one.
  const temporary = `${path}.${process.pid}.${randomBytes(6).toString('hex')}`;
  await fs.writeFile(temporary, pem, { mode: 0o600, flag: 'wx' });
  try {
    await fs.link(temporary, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return readKey(path);
    throw error;
  } finally {
    await fs.rm(temporary, { force: true });
  }
  const key = fromPrivatePem(pem, path);
  await fs.writeFile(join(folder, PUBLIC_KEY_FILE), key.publicKeyPem, { mode: 0o644 });
  return key;
}
