/**
 * Dossier export through the API: the caller's ring visibility decides (a
 * liaison only for its brands' rings, NOT_FOUND otherwise, like every ring
 * read), masking follows the caller's role, and the audit entry records the
 * manifest's hash with every input needed to rebuild the package byte for
 * byte (ring, run, recipient, generated-at): the chain of custody.
 */
import { loadOrCreateSigningKey, readDossier, softwareInfo, unmasked, type Dossier, type DossierMasking, type DossierRenderer, type SigningKey } from '../../../engine/index.ts';
import { MASKED, type Masker } from '../access/mask.ts';
import type { Principal } from '../access/principal.ts';
import { memberNodes } from '../access/scope.ts';
import { visibleRing, type RingAccess } from './ring-detail.ts';

const keys = new Map<string, Promise<SigningKey>>();

/** The deployment key of a data folder, created on first use and then kept for the process. */
export function signingKeyOf(dataDir: string): Promise<SigningKey> {
  let key = keys.get(dataDir);
  if (!key) {
    key = loadOrCreateSigningKey(dataDir);
    key.catch(() => keys.delete(dataDir));
    keys.set(dataDir, key);
  }
  return key;
}

/**
 * Masking for a dossier recipient, from the same policy as every other read.
 * A liaison under the `members` policy sees a ring in its scope as `all` does
 * (as in the ring view): its members and the identifiers tied to them, which
 * is what the ring subgraph holds; anything else in it would be masked.
 */
export function dossierMasking(principal: Pick<Principal, 'role' | 'personalData'>, masker: Masker, members: readonly string[]): DossierMasking {
  if (principal.personalData === 'all') return unmasked(principal.role);
  if (principal.personalData === 'members') {
    return {
      ...unmasked(principal.role),
      subgraph: (graph) => {
        const shown = memberNodes(graph, members);
        return masker.subgraph(graph, (id) => shown.has(id));
      },
    };
  }
  return {
    masked: true,
    statement: `Personal data is masked for the recipient's role (${principal.role}): phones, emails, ID document hashes, payment account ids and device ids are replaced by pseudonyms (equal pseudonym, same identifier), holder names and other personal attributes by "${MASKED}".`,
    ring: (ring) => masker.ring(ring),
    subgraph: (graph) => masker.subgraph(graph),
    holderName: (value) => (value === null ? null : MASKED),
  };
}

/**
 * Reads and masks the ring's data here (store reads are the store's work, not
 * this thread's), then hands the CPU-bound rendering to the render workers,
 * so other requests keep being answered; BUSY when their queue is full.
 */
export async function exportDossier(
  access: RingAccess,
  renderer: DossierRenderer,
  options: { ringId: string; runId?: string; dataDir: string; pictureLimit: number },
): Promise<Dossier> {
  const ring = await visibleRing(access, options.ringId, options.runId);
  const recipient = { name: access.principal.name, role: access.principal.role, brands: access.principal.role === 'liaison' ? [...access.principal.brands].sort() : [] };
  const generatedAt = new Date().toISOString();
  const masking = dossierMasking(access.principal, access.masker, ring.members);
  // Created (or checked) here once, so a key problem answers before any work and the workers only read it.
  await signingKeyOf(options.dataDir);
  const data = await readDossier(access.store, {
    ringId: ring.id,
    ...(ring.runId !== undefined ? { runId: ring.runId } : options.runId !== undefined ? { runId: options.runId } : {}),
    masking,
    pictureLimit: options.pictureLimit,
  });
  const dossier = await renderer.render(data, {
    recipient,
    generatedAt,
    masking: { masked: masking.masked, statement: masking.statement },
    software: softwareInfo(),
    pictureLimit: options.pictureLimit,
    dataDir: options.dataDir,
  });
  access.audit.ringIds = [dossier.ring.id];
  access.audit.entityIds = dossier.ring.members.map((m) => `seller:${m}`);
  access.audit.details = { manifestSha256: dossier.manifestSha256, runId: dossier.runId, recipient, generatedAt, bytes: dossier.zip.length, keyFingerprint: dossier.manifest.signing.publicKeyFingerprint };
  return dossier;
}
