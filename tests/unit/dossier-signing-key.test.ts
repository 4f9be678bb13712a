import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadOrCreateSigningKey, parsePublicKey } from '../../engine/index.ts';
import { PRIVATE_KEY_FILE, PUBLIC_KEY_FILE, verifySignature } from '../../engine/dossier/signing-key.ts';

describe('loadOrCreateSigningKey', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ringtrace-keys-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('when no key exists, then an Ed25519 pair is created with the private key readable by the owner only', async () => {
    const key = await loadOrCreateSigningKey(dir);

    expect(statSync(join(dir, 'keys', PRIVATE_KEY_FILE)).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dir, 'keys', PUBLIC_KEY_FILE), 'utf8')).toBe(key.publicKeyPem);
    expect(parsePublicKey(key.publicKeyPem, 'test').asymmetricKeyType).toBe('ed25519');
    const data = Buffer.from('manifest');
    expect(verifySignature(parsePublicKey(key.publicKeyPem, 'test'), data, key.sign(data))).toBe(true);
    expect(verifySignature(parsePublicKey(key.publicKeyPem, 'test'), Buffer.from('other'), key.sign(data))).toBe(false);
  });

  it('when loaded again, or by several callers at once, then every caller gets the same key', async () => {
    const keys = await Promise.all([loadOrCreateSigningKey(dir), loadOrCreateSigningKey(dir), loadOrCreateSigningKey(dir)]);
    const again = await loadOrCreateSigningKey(dir);

    expect(new Set([...keys, again].map((k) => k.fingerprint)).size).toBe(1);
  });

  it('when openssl fingerprints the public key, then it prints the same fingerprint', async () => {
    const key = await loadOrCreateSigningKey(dir);
    const der = execFileSync('openssl', ['pkey', '-pubin', '-in', join(dir, 'keys', PUBLIC_KEY_FILE), '-outform', 'DER']);
    const digest = execFileSync('sha256sum', { input: der }).toString().split(' ')[0];

    expect(digest).toBe(key.fingerprint);
  });

  it('when the private key is readable by others, then loading refuses with FORBIDDEN naming the file', async () => {
    await loadOrCreateSigningKey(dir);
    chmodSync(join(dir, 'keys', PRIVATE_KEY_FILE), 0o644);

    await expect(loadOrCreateSigningKey(dir)).rejects.toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining(PRIVATE_KEY_FILE) });
  });
});
