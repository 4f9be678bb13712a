/** `ringtrace keys show`: the dossier signing key's public half and fingerprint (the pair is created on first use). */
import { assertStoreExists, loadOrCreateSigningKey } from '../../../engine/index.ts';
import type { RegisterCommand } from './types.ts';

export const registerKeys: RegisterCommand = (program, run) => {
  const keys = program.command('keys').description('the Ed25519 key that signs dossiers (kept in the data folder, created on first use)');
  keys
    .command('show')
    .description('print the public key (PEM) and its fingerprint, SHA-256 of the key\'s DER encoding')
    .action(() =>
      run(async (ctx) => {
        // The key lives beside the store: a folder with no store is a mistyped --data-dir, not a place for a new key.
        assertStoreExists(ctx.config);
        const key = await loadOrCreateSigningKey(ctx.config.dataDir);
        ctx.print(
          { algorithm: 'Ed25519', fingerprint: key.fingerprint, publicKeyPem: key.publicKeyPem, privateKeyPath: key.privateKeyPath },
          () => `Ed25519 dossier signing key (private key: ${key.privateKeyPath})\nfingerprint (SHA-256 of the DER public key): ${key.fingerprint}\n${key.publicKeyPem.trimEnd()}`,
        );
      }),
    );
};
