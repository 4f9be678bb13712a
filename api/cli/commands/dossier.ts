/**
 * `ringtrace dossier RING_ID [--run RUN_ID] [--out FILE.zip]` builds the signed
 * referral package (docs/dossier.md); `ringtrace dossier verify FILE.zip
 * [--public-key KEY]` checks it and names every file or field that does not
 * match (exit 1), or says all match (exit 0). Every export is audited with
 * the manifest's hash and everything needed to rebuild it byte for byte.
 */
import { promises as fs } from 'node:fs';
import { Option } from 'commander';
import { buildDossier, EngineError, loadOrCreateSigningKey, ROLES, softwareInfo, verifyDossier, type DossierRecipient, type Role, type VerifyResult } from '../../../engine/index.ts';
import { createMasker } from '../../http/access/mask.ts';
import { personalDataRule } from '../../http/access/principal.ts';
import { dossierMasking } from '../../http/use-cases/dossier.ts';
import { cliUser } from '../context.ts';
import { assertWritableFile, writeOutFile } from '../options.ts';
import { ExitCode } from '../main.ts';
import type { RegisterCommand } from './types.ts';

/** What the signed manifest says the package is (ring, run, when, for whom), so a package of another ring is not taken for this one. */
export function packageIdentity(result: VerifyResult): { ringId: string; runId: string; generatedAt: string; recipient: DossierRecipient | undefined } | null {
  const m = result.manifest;
  if (m === null || typeof m.ring?.id !== 'string') return null;
  return { ringId: m.ring.id, runId: String(m.run?.id), generatedAt: String(m.generatedAt), recipient: m.recipient };
}

export function describeVerification(file: string, result: VerifyResult): string {
  const key = result.key ? `key ${result.key.fingerprint} (${result.key.source === 'given' ? 'the key you gave' : 'enclosed in the package: compare this fingerprint with one you obtained separately'})` : 'no key';
  const identity = packageIdentity(result);
  const about = identity === null ? [] : [`  ${result.ok ? '' : 'claims to be '}the dossier of ring ${identity.ringId}, run ${identity.runId}, generated ${identity.generatedAt} for ${String(identity.recipient?.name)} (${String(identity.recipient?.role)})`];
  if (result.ok) return [`${file}: all ${result.checked.length} files match manifest.json; signature valid, ${key}`, ...about].join('\n');
  return [`${file}: ${result.problems.length} problem(s); ${key}`, ...about, ...result.problems.map((p) => `  ${p.file}${p.field ? ` [${p.field}]` : ''}: ${p.message}`)].join('\n');
}

/** ZIP entries cannot carry a time before this (DOS date), so neither can the manifest. */
const ZIP_EPOCH = Date.UTC(1980, 0, 1);

/**
 * `--generated-at` as the manifest's ISO time: a real calendar date and time
 * (Date.parse turns 2026-02-30 into 2026-03-02), not before 1980.
 */
export function generationTime(value: string | undefined, now = new Date()): string {
  if (value === undefined) return now.toISOString();
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?(?:Z|[+-]\d{2}:?\d{2})?$/i.exec(value);
  const time = Date.parse(value);
  if (m === null || Number.isNaN(time)) throw new EngineError('INVALID_INPUT', `--generated-at ${value}: not an ISO 8601 date-time such as 2026-03-01T09:00:00Z`, { details: { field: 'generatedAt' } });
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map((p) => Number(p ?? 0)) as [number, number, number, number, number, number];
  const daysInMonth = month >= 1 && month <= 12 ? new Date(Date.UTC(year, month, 0)).getUTCDate() : 0;
  if (day < 1 || day > daysInMonth || hour > 23 || minute > 59 || second > 59) {
    throw new EngineError('INVALID_INPUT', `--generated-at ${value}: no such date or time`, { details: { field: 'generatedAt' } });
  }
  if (time < ZIP_EPOCH) throw new EngineError('INVALID_INPUT', `--generated-at ${value}: before 1980-01-01, the earliest time a ZIP entry can carry`, { details: { field: 'generatedAt' } });
  return new Date(time).toISOString();
}

export const registerDossier: RegisterCommand = (program, run) => {
  const dossier = program
    .command('dossier')
    .description('build a signed referral dossier (ZIP: PDF case file, CSV/JSON evidence, GEXF, manifest) for one ring; see docs/dossier.md')
    .argument('<ringId>', 'ring id')
    .option('--run <runId>', 'a past run instead of the current one')
    .option('--out <file>', 'where to write the ZIP (default: dossier-RING-RUN.zip in the current folder)')
    .option('--recipient <name>', 'who the package is for (default: the OS user)')
    .addOption(new Option('--role <role>', 'the recipient\'s role (masking follows it)').choices(ROLES.filter((r) => r !== 'viewer')).default('admin'))
    .option('--brand <brand...>', 'a liaison recipient\'s brands')
    .option('--generated-at <iso>', 'the generation time to print (default: now); with the other inputs of an audit entry it rebuilds that package byte for byte')
    .action((ringId: string, opts: { run?: string; out?: string; recipient?: string; role: Role; brand?: string[]; generatedAt?: string }) =>
      run(async (ctx) => {
        const generatedAt = generationTime(opts.generatedAt);
        if (opts.recipient !== undefined && opts.recipient.trim() === '') throw new EngineError('INVALID_INPUT', '--recipient: give the name of who the package is for', { details: { field: 'recipient' } });
        if (opts.out !== undefined) assertWritableFile('--out', opts.out);
        const store = await ctx.existingStore();
        if (opts.generatedAt !== undefined) {
          const ringRun = opts.run !== undefined ? await store.getRun(opts.run) : await store.currentRun();
          if (ringRun !== null && Date.parse(generatedAt) < Date.parse(ringRun.finishedAt)) {
            throw new EngineError('INVALID_INPUT', `--generated-at ${opts.generatedAt}: before run ${ringRun.id} finished (${ringRun.finishedAt})`, { details: { field: 'generatedAt' } });
          }
        }
        // Only a liaison is scoped to brands (as through the API); brands on another role would print a scope it does not have.
        if (opts.brand !== undefined && opts.role !== 'liaison') throw new EngineError('INVALID_INPUT', `--brand: only a liaison recipient has brands (--role liaison), not ${opts.role}`, { details: { field: 'brand' } });
        const recipient = { name: opts.recipient ?? cliUser(), role: opts.role, brands: opts.brand ?? [] };
        let members: string[] = [];
        if (recipient.role === 'liaison') {
          const ring = await store.getRing(ringId, opts.run);
          if (ring !== null && !ring.brands.some((b) => recipient.brands.includes(b))) {
            throw new EngineError('FORBIDDEN', `ring ${ringId} has no counterfeit evidence for the liaison's brands (${recipient.brands.join(', ') || 'none given'})`);
          }
          members = ring?.members ?? [];
        }
        // The recipient's role decides masking through the same policy as the API's (RINGTRACE_LIAISON_PERSONAL_DATA for a
        // liaison), so the CLI neither hands a liaison more than the server would nor builds a package the audit cannot match.
        const personalData = personalDataRule(recipient.role, ctx.config.liaisonPersonalData);
        const masking = dossierMasking({ role: recipient.role, personalData }, createMasker(ctx.config.maskSecret), members);
        const built = await buildDossier(store, {
          ringId,
          ...(opts.run !== undefined ? { runId: opts.run } : {}),
          recipient,
          generatedAt,
          masking,
          key: await loadOrCreateSigningKey(ctx.config.dataDir),
          software: softwareInfo(),
          pictureLimit: ctx.config.graphNodeLimit,
        });
        const out = opts.out ?? built.fileName;
        await writeOutFile('--out', out, built.zip);
        await store.appendAudit({
          id: crypto.randomUUID(),
          at: new Date().toISOString(),
          tokenName: null,
          role: null,
          action: 'dossier.export',
          route: 'cli',
          ringIds: [built.ring.id],
          entityIds: built.ring.members.map((m) => `seller:${m}`),
          remote: 'cli',
          outcome: 'ok',
          details: { manifestSha256: built.manifestSha256, runId: built.runId, recipient, generatedAt: built.manifest.generatedAt, bytes: built.zip.length, file: out, by: cliUser() },
        });
        ctx.print(
          { file: out, bytes: built.zip.length, manifestSha256: built.manifestSha256, ringId: built.ring.id, runId: built.runId, keyFingerprint: built.manifest.signing.publicKeyFingerprint },
          () => `wrote ${out} (${built.zip.length.toLocaleString('en')} bytes): ring ${built.ring.id}, run ${built.runId}\nmanifest.json SHA-256 ${built.manifestSha256}\nsigned by key ${built.manifest.signing.publicKeyFingerprint}`,
        );
      }),
    );
  dossier
    .command('verify')
    .description('check a dossier ZIP: every hash, the signature and the key fingerprint; exit 1 naming what does not match')
    .argument('<file>', 'the dossier ZIP')
    .option('--public-key <file>', 'the deployment\'s public key (PEM), obtained separately (default: the key enclosed in the package)')
    .option('--ring <ringId>', 'the ring the package should be about: a package of another ring does not verify')
    .action((file: string, opts: { publicKey?: string; ring?: string }) =>
      run(async (ctx) => {
        const zip = await fs.readFile(file).catch((cause: unknown) => {
          throw new EngineError('INVALID_INPUT', `cannot read ${file}`, { cause });
        });
        const pem = opts.publicKey === undefined ? undefined : await fs.readFile(opts.publicKey, 'utf8').catch((cause: unknown) => {
          throw new EngineError('INVALID_INPUT', `cannot read the public key ${opts.publicKey}`, { cause });
        });
        const result = verifyDossier(zip, { ...(pem !== undefined ? { publicKeyPem: pem } : {}), ...(opts.ring !== undefined ? { ringId: opts.ring } : {}) });
        ctx.print({ ok: result.ok, problems: result.problems, checked: result.checked, key: result.key, package: packageIdentity(result) }, () => describeVerification(file, result));
        if (!result.ok) throw new ExitCode(1);
      }),
    );
};
