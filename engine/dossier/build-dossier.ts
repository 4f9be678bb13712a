/**
 * The dossier use case: reads a ring's data through the store port, masks it
 * for the recipient, and returns the signed ZIP and its manifest. Pure with
 * respect to the store: the same store content, ring, run, recipient,
 * generated-at time, masking and key give a byte-identical ZIP (the audit
 * entry of an export records each of these, so an examiner can rebuild it).
 */
import type { Ring } from '../model/rings.ts';
import { readDossierData, type DossierData, type DossierMasking, type DossierRecipient, type DossierStore } from './dossier-data.ts';
import { renderDossierPdf } from './dossier-pdf.ts';
import { buildEvidenceTables, toCsv, toJson, type Table } from './evidence-tables.ts';
import { ringGexf } from './gexf.ts';
import {
  checksumList,
  EVIDENCE_LIST_FILE,
  FORMAT,
  MANIFEST_FILE,
  manifestEntry,
  PDF_FILE,
  PUBLIC_KEY_FILE,
  sha256,
  SIGNATURE_FILE,
  zipFiles,
  type ManifestFileEntry,
  type PackageFile,
} from './package-files.ts';
import { defaultIterations, layoutRing } from './ring-layout.ts';
import type { SigningKey } from './signing-key.ts';

export interface SoftwareInfo {
  version: string;
  commit: string;
}

export interface DossierOptions {
  ringId: string;
  /** A past run (default: the current run). */
  runId?: string;
  recipient: DossierRecipient;
  /** ISO time printed on the cover and used for every timestamp in the package. */
  generatedAt: string;
  masking: DossierMasking;
  key: SigningKey;
  software: SoftwareInfo;
  /** Node cap of the ring picture: the server's graph limit, so it shows what the explorer shows. */
  pictureLimit: number;
  layout?: { seed?: number; iterations?: number };
}

export interface DossierManifest {
  format: typeof FORMAT;
  ring: { id: string; score: number; size: number; brands: string[]; change: string | null; members: string[]; shops: number };
  run: { id: string; startedAt: string; finishedAt: string; fingerprint: string; params: Record<string, unknown> };
  generatedAt: string;
  recipient: DossierRecipient;
  masking: { masked: boolean; statement: string };
  software: { name: 'ringtrace' } & SoftwareInfo;
  store: { kind: string; version: string };
  provenance: { ingests: Array<{ id: string; finishedAt: string; by: string; files: Array<{ name: string; bytes: number; sha256: string; accepted: number; rejected: number }> }> };
  signing: { algorithm: 'Ed25519'; publicKeyFingerprint: string; publicKeyFile: string; signatureFile: string; signedFile: string };
  evidenceManifest: { file: string; sha256: string };
  files: ManifestFileEntry[];
}

export interface Dossier {
  zip: Buffer;
  fileName: string;
  manifest: DossierManifest;
  /** SHA-256 of manifest.json as signed: the package's identity in the audit trail. */
  manifestSha256: string;
  ring: Ring;
  runId: string;
}

/** Tables for every evidence table (`limit` is the node cap of the subgraph read for tables; the picture takes its first nodes). */
const TABLE_SUBGRAPH_LIMIT = 100_000;

function tableFiles(table: Table): PackageFile[] {
  const what = `${table.title}: ${table.columns.map((c) => c.name).join(', ')}`;
  return [
    { name: `evidence/${table.name}.csv`, bytes: Buffer.from(toCsv(table)), mediaType: 'text/csv', description: what },
    { name: `evidence/${table.name}.json`, bytes: Buffer.from(toJson(table)), mediaType: 'application/json', description: `${table.title}, with column descriptions` },
  ];
}

/** What assembling a dossier from data already read and masked needs (plain values: it crosses to a worker thread). */
export interface AssembleOptions {
  recipient: DossierRecipient;
  generatedAt: string;
  /** Whether the data was masked and the statement saying what was. */
  masking: { masked: boolean; statement: string };
  key: SigningKey;
  software: SoftwareInfo;
  pictureLimit: number;
  layout?: { seed?: number; iterations?: number };
}

/** Reads and masks the data of a dossier: the store half of `buildDossier`. */
export function readDossier(store: DossierStore, options: Pick<DossierOptions, 'ringId' | 'runId' | 'masking' | 'pictureLimit'>): Promise<DossierData> {
  return readDossierData(store, {
    ringId: options.ringId,
    ...(options.runId !== undefined ? { runId: options.runId } : {}),
    subgraphLimit: Math.max(TABLE_SUBGRAPH_LIMIT, options.pictureLimit),
    masking: options.masking,
  });
}

export async function buildDossier(store: DossierStore, options: DossierOptions): Promise<Dossier> {
  const data = await readDossier(store, options);
  return assembleDossier(data, {
    recipient: options.recipient,
    generatedAt: options.generatedAt,
    masking: { masked: options.masking.masked, statement: options.masking.statement },
    key: options.key,
    software: options.software,
    pictureLimit: options.pictureLimit,
    ...(options.layout ? { layout: options.layout } : {}),
  });
}

/**
 * The CPU half of `buildDossier`: layout, PDF, evidence files, manifest,
 * signature and ZIP from data already read and masked. Pure: the same data
 * and options give the same bytes, in whichever thread it runs.
 */
export async function assembleDossier(data: DossierData, options: AssembleOptions): Promise<Dossier> {
  const { ring, run } = data;
  const tables = buildEvidenceTables(data);

  // The explorer's view: the subgraph's first `pictureLimit` nodes (the store orders them strongest ties first).
  const shown = data.graph.nodes.slice(0, options.pictureLimit);
  const shownIds = new Set(shown.map((n) => n.id));
  const pictureGraph = {
    nodes: shown,
    edges: data.graph.edges.filter((e) => shownIds.has(e.source) && shownIds.has(e.target)),
    truncated: data.graph.truncated || data.graph.nodes.length > options.pictureLimit,
  };
  const seed = options.layout?.seed ?? 1;
  const iterations = options.layout?.iterations ?? defaultIterations(pictureGraph.nodes.length);
  const layout = layoutRing(pictureGraph, { seed, iterations });

  const evidence: PackageFile[] = [
    ...Object.values(tables).flatMap(tableFiles),
    { name: 'ring.gexf', bytes: Buffer.from(ringGexf(pictureGraph, layout, { ringId: ring.id, runId: run.id, date: run.finishedAt })), mediaType: 'application/gexf+xml', description: 'The ring graph with the layout of the PDF picture (GEXF 1.3, opens in Gephi)' },
  ];
  const evidenceList: PackageFile = { name: EVIDENCE_LIST_FILE, bytes: Buffer.from(checksumList(evidence)), mediaType: 'text/plain', description: 'SHA-256 of every evidence file but the PDF, in sha256sum format; its own hash is in every PDF footer' };
  const evidenceManifestSha256 = sha256(evidenceList.bytes);

  const pdf: PackageFile = {
    name: PDF_FILE,
    bytes: await renderDossierPdf(data, tables, layout, {
      generatedAt: options.generatedAt,
      recipient: options.recipient,
      maskingStatement: options.masking.statement,
      keyFingerprint: options.key.fingerprint,
      evidenceManifestSha256,
      software: options.software,
      layout: { seed, iterations, nodes: layout.nodes.length, truncated: pictureGraph.truncated, limit: options.pictureLimit },
    }),
    mediaType: 'application/pdf',
    description: 'The case file: cover, ring picture, members and why, shops, sources, accounts, brand evidence, timeline, method and provenance, masking',
  };
  const publicKey: PackageFile = { name: PUBLIC_KEY_FILE, bytes: Buffer.from(options.key.publicKeyPem), mediaType: 'application/x-pem-file', description: 'The Ed25519 public key manifest.sig verifies against' };

  const manifest: DossierManifest = {
    format: FORMAT,
    ring: { id: ring.id, score: ring.score, size: ring.size, brands: ring.brands, change: ring.change ?? null, members: [...ring.members], shops: ring.shops.length },
    run: { id: run.id, startedAt: run.startedAt, finishedAt: run.finishedAt, fingerprint: run.fingerprint, params: { ...run.params } },
    generatedAt: options.generatedAt,
    recipient: options.recipient,
    masking: { masked: options.masking.masked, statement: options.masking.statement },
    software: { name: 'ringtrace', ...options.software },
    store: { kind: data.store.kind, version: data.store.version },
    provenance: {
      ingests: data.ingests.map((i) => ({
        id: i.id,
        finishedAt: i.finishedAt,
        by: `${i.by.kind} ${i.by.name}${i.by.tokenId ? ` (${i.by.tokenId})` : ''}`,
        files: i.files.map((f) => ({ name: f.name, bytes: f.bytes, sha256: f.sha256, accepted: f.accepted, rejected: f.rejected })),
      })),
    },
    signing: { algorithm: 'Ed25519', publicKeyFingerprint: options.key.fingerprint, publicKeyFile: PUBLIC_KEY_FILE, signatureFile: SIGNATURE_FILE, signedFile: MANIFEST_FILE },
    evidenceManifest: { file: EVIDENCE_LIST_FILE, sha256: evidenceManifestSha256 },
    files: [pdf, evidenceList, publicKey, ...evidence].map(manifestEntry),
  };
  const manifestBytes = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`);
  const signature = options.key.sign(manifestBytes);
  const zip = await zipFiles(
    [
      pdf,
      { name: MANIFEST_FILE, bytes: manifestBytes },
      { name: SIGNATURE_FILE, bytes: signature },
      publicKey,
      evidenceList,
      ...evidence,
    ],
    options.generatedAt,
  );
  return { zip, fileName: `dossier-${ring.id}-${run.id}.zip`.replace(/[^A-Za-z0-9._-]/g, '_'), manifest, manifestSha256: sha256(manifestBytes), ring, runId: run.id };
}
