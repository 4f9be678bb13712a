/**
 * The dossier's PDF case file: a cover (ring, score and its breakdown,
 * brands, status, who asked and when), the ring picture with its legend,
 * members and why, shops, likely offline sources, payment accounts, brand
 * evidence, a timeline, method and provenance, the masking statement and how
 * to verify the package. Every page carries the ring id, its page number and
 * the SHA-256 of the evidence manifest (evidence.sha256); see docs/dossier.md
 * for why the footer names that file rather than manifest.json.
 */
import { IDENTIFIERS } from '../model/identifiers.ts';
import type { DossierData, DossierRecipient } from './dossier-data.ts';
import type { Cell, EvidenceTables } from './evidence-tables.ts';
import { contentWidth, createDocument, ellipsize, ensureSpace, finish, FOOTER_SIZE, footers, heading, INK, keyValues, PAGE, paragraph, table, type Doc } from './pdf-kit.ts';
import { drawLegend, drawRingPicture } from './ring-picture.ts';
import type { RingLayout } from './ring-layout.ts';

/** Brands one after another: semicolons, since a brand name may itself hold a comma ("Marquette, Paris" is one brand). */
function brandList(brands: readonly string[]): string {
  return brands.join('; ');
}

export interface PdfMeta {
  generatedAt: string;
  recipient: DossierRecipient;
  maskingStatement: string;
  keyFingerprint: string;
  evidenceManifestSha256: string;
  software: { version: string; commit: string };
  layout: { seed: number; iterations: number; nodes: number; truncated: boolean; limit: number };
}

/** Most rows a PDF table prints; the CSV and JSON files always hold them all. */
const PDF_ROW_CAP = 400;

const day = (value: Cell | undefined): string => (value === null || value === undefined || value === '' ? '—' : String(value).slice(0, 10));
const text = (value: Cell | undefined): string => (value === null || value === undefined || value === '' ? '—' : String(value));

function capped<R>(doc: Doc, rows: readonly R[], file: string): readonly R[] {
  if (rows.length <= PDF_ROW_CAP) return rows;
  paragraph(doc, `The first ${PDF_ROW_CAP} of ${rows.length} rows are printed; all of them are in ${file}.`, { size: 8, color: INK.muted });
  return rows.slice(0, PDF_ROW_CAP);
}

function breakdownRows(breakdown: Record<string, number>): Array<[string, number]> {
  return Object.entries(breakdown).sort((a, b) => Math.abs(b[1]) - Math.abs(a[1]) || (a[0] < b[0] ? -1 : 1));
}

/** `sharedPaymentAccounts` → `Shared payment accounts`. */
function featureName(key: string): string {
  return key.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase().replace(/^./, (c) => c.toUpperCase());
}

function cover(doc: Doc, data: DossierData, meta: PdfMeta): { contentsY: number } {
  const { ring, run } = data;
  doc.addPage();
  // Three left-aligned lines in the band: nothing shares a line, so nothing crowds or reaches the page edge.
  doc.rect(0, 0, PAGE.width, 96).fillColor(INK.band).fill();
  doc.font('bold').fontSize(9).fillColor('#aebed2').text('RINGTRACE · REFERRAL DOSSIER', PAGE.margin, 24, { width: contentWidth(), characterSpacing: 1.2, lineBreak: false });
  doc.font('bold').fontSize(22).fillColor('#ffffff').text(ellipsize(doc, `Ring ${ring.id}`, contentWidth()), PAGE.margin, 38, { width: contentWidth(), lineBreak: false });
  doc.font('body').fontSize(8).fillColor('#aebed2').text('Restricted: evidence package for a law-enforcement or regulatory referral', PAGE.margin, 72, { width: contentWidth(), lineBreak: false });
  doc.y = 116;
  paragraph(
    doc,
    `Suspected counterfeit-seller ring of ${ring.size} seller accounts operating ${ring.shops.length} shops, found by detection run ${run.id}. ` +
      `Score ${ring.score.toFixed(2)}; ${ring.evidence.counterfeitReports} counterfeit verdict(s), ${ring.evidence.takedowns} takedown(s)` +
      `${ring.evidence.bannedSellers ? `, ${ring.evidence.bannedSellers} banned seller(s)` : ''}.`,
    { size: 10.5 },
  );
  doc.moveDown(0.3);
  const top = ring.likelySources[0];
  keyValues(
    doc,
    [
      ['Ring', ring.id],
      ['Score', ring.score.toFixed(2)],
      ['Status', `${ring.change ?? 'new'} in run ${run.id}${ring.previousIds && ring.previousIds.length > 0 ? ` (previously ${ring.previousIds.join(', ')})` : ''}`],
      ['Brands', ring.brands.length > 0 ? brandList(ring.brands) : 'none with counterfeit verdicts'],
      ['Top likely source', top ? `${top.address} (${top.shipments} parcels, ${top.sellers} members)` : 'none found'],
      ['Run', `${run.id}, finished ${run.finishedAt}`],
      ['Generated at', meta.generatedAt],
      ['Requested by', `${meta.recipient.name} (role ${meta.recipient.role}${meta.recipient.brands.length > 0 ? `; brands ${brandList(meta.recipient.brands)}` : ''})`],
      ['Masking', meta.maskingStatement],
      ['Signing key', `Ed25519, fingerprint ${meta.keyFingerprint}`],
      ['Evidence manifest', `SHA-256 ${meta.evidenceManifestSha256}`],
    ],
    { mono: new Set(['Signing key', 'Evidence manifest']) },
  );
  heading(doc, 'Score and its breakdown', 2);
  table(
    doc,
    [
      { header: 'Feature', width: 0.7, value: (r: [string, number]) => featureName(r[0]) },
      { header: 'Contribution', width: 0.3, value: (r) => `${r[1] >= 0 ? '+' : ''}${r[1].toFixed(3)}`, align: 'right' },
    ],
    [...breakdownRows(ring.scoreBreakdown), ['Total score', ring.score] as [string, number]],
  );
  heading(doc, 'Contents', 2);
  return { contentsY: doc.y };
}

function picture(doc: Doc, data: DossierData, layout: RingLayout, meta: PdfMeta): void {
  doc.addPage();
  heading(doc, 'Ring graph');
  const ranks = new Map(data.ring.likelySources.map((s, i) => [s.key, i + 1]));
  const rect = { x: PAGE.margin, y: doc.y, width: contentWidth(), height: 470 };
  drawRingPicture(doc, layout, rect, { sourceRanks: ranks });
  const after = drawLegend(doc, layout, PAGE.margin, rect.y + rect.height + 10, contentWidth());
  doc.x = PAGE.margin;
  doc.y = after + 6;
  paragraph(
    doc,
    `The ring's members and everything that ties them, as the explorer shows it (${meta.layout.nodes} nodes, ${layout.edges.length} edges${meta.layout.truncated ? `; cut at the server's limit of ${meta.layout.limit} nodes, the strongest ties kept first` : ''}). ` +
      `Shipments are folded into one edge per shop and origin. Layout: ForceAtlas2, ${meta.layout.iterations} iterations from positions seeded with ${meta.layout.seed}, so a rebuild draws the same picture. ` +
      'The same graph, with these positions, is in ring.gexf (Gephi opens it).',
    { size: 8, color: INK.muted },
  );
}

function members(doc: Doc, data: DossierData, tables: EvidenceTables): void {
  heading(doc, `Members and why they are in the ring (${tables.members.rows.length})`);
  paragraph(doc, 'Each member with the identifiers that tie it to other members, strongest first: the identifier, its evidence weight (base weight of the kind × rarity) and the members sharing it. Full lists: evidence/member_ties.csv.', { size: 8.5, color: INK.muted });
  const why = data.ring.why ?? {};
  table(doc, [
    { header: 'Member', width: 0.27, value: (r) => `${r['seller_id']}\n${text(r['name'])}\n${text(r['status'])}${r['registered_at'] ? `, since ${String(r['registered_at']).slice(0, 10)}` : ''}` },
    {
      header: 'Ties (identifier · weight · shared with)',
      width: 0.73,
      value: (r) =>
        (why[String(r['seller_id'])] ?? [])
          .map((w) => {
            const others = w.sharedWith.length <= 6 ? w.sharedWith.join(', ') : `${w.sharedWith.slice(0, 5).join(', ')} and ${w.sharedWith.length - 5} more`;
            return `${IDENTIFIERS[w.type].display}: ${w.label ?? w.value} · ${w.weight.toFixed(2)} · ${others}`;
          })
          .join('\n') || '—',
    },
  ], capped(doc, tables.members.rows, 'evidence/members.csv'), { size: 7.2 });
}

function shops(doc: Doc, tables: EvidenceTables): void {
  heading(doc, `Shops (${tables.shops.rows.length})`);
  const takenDown = tables.shops.rows.filter((r) => r['status'] === 'taken_down').length;
  paragraph(doc, `${takenDown} of ${tables.shops.rows.length} shops were taken down. Shop URLs are in evidence/shops.csv.`, { size: 8.5, color: INK.muted });
  table(doc, [
    { header: 'Shop', width: 0.32, value: (r) => `${r['shop_id']}\n${text(r['name'])}` },
    { header: 'Seller', width: 0.14, value: (r) => text(r['seller_id']) },
    { header: 'Status', width: 0.12, value: (r) => text(r['status']) },
    { header: 'Opened', width: 0.12, value: (r) => day(r['opened_at']) },
    { header: 'Closed', width: 0.12, value: (r) => day(r['closed_at']) },
    { header: 'Parcels', width: 0.09, value: (r) => text(r['shipments']), align: 'right' },
    { header: 'Reports', width: 0.09, value: (r) => text(r['reports']), align: 'right' },
  ], capped(doc, tables.shops.rows, 'evidence/shops.csv'));
}

function sources(doc: Doc, tables: EvidenceTables): void {
  heading(doc, 'Likely offline sources, ranked');
  paragraph(doc, "Origins of the ring's parcels. Detection's likely sources come first (ranked by parcels and members tied to them): the places a search would target. Carriers and declared contents with parcel counts.", { size: 8.5, color: INK.muted });
  table(doc, [
    { header: '#', width: 0.05, value: (r) => `${r['rank']}${r['likely_source'] ? '' : '*'}`, align: 'right' },
    { header: 'Origin address', width: 0.22, value: (r) => text(r['origin_address']) },
    { header: 'Parcels', width: 0.08, value: (r) => text(r['parcels']), align: 'right' },
    { header: 'Members / shops', width: 0.09, value: (r) => `${r['members']} / ${r['shops']}`, align: 'right' },
    { header: 'Shipped', width: 0.13, value: (r) => (r['first_shipped'] ? `${String(r['first_shipped']).slice(0, 10)}\nto ${String(r['last_shipped']).slice(0, 10)}` : '—') },
    { header: 'Carriers', width: 0.22, value: (r) => text(r['carriers']) },
    { header: 'Declared items', width: 0.21, value: (r) => text(r['declared_items']) },
  ], capped(doc, tables.sources.rows, 'evidence/shipments_by_source.csv'));
  paragraph(doc, '* an origin of the ring\'s parcels that detection did not rank as a likely source.', { size: 7.5, color: INK.muted });
}

function accounts(doc: Doc, tables: EvidenceTables): void {
  heading(doc, `Payment accounts (${tables.paymentAccounts.rows.length})`);
  if (tables.paymentAccounts.rows.length === 0) {
    paragraph(doc, 'No payout accounts of the members are in the ring graph.');
    return;
  }
  table(doc, [
    { header: 'Account', width: 0.26, value: (r) => text(r['account_id']), mono: true },
    { header: 'Kind', width: 0.1, value: (r) => text(r['kind']) },
    { header: 'Holder', width: 0.2, value: (r) => text(r['holder_name']) },
    { header: 'Members paid into it', width: 0.44, value: (r) => `${r['members']}: ${r['member_ids']}${r['counted_as_evidence'] === true || Number(r['members']) < 2 ? '' : ' — not counted as evidence'}` },
  ], capped(doc, tables.paymentAccounts.rows, 'evidence/payment_accounts.csv'));
  paragraph(doc, 'Accounts counted as ties between members come first. One marked "not counted as evidence" is one detection gave no weight, typically because so many sellers across the marketplace use it (an escrow, a payment provider) that it is a hub.', { size: 7.5, color: INK.muted });
}

function reports(doc: Doc, tables: EvidenceTables): void {
  heading(doc, `Brand evidence (${tables.reports.rows.length} reports)`);
  const verdicts = new Map<string, number>();
  for (const r of tables.reports.rows) verdicts.set(`${text(r['brand'])} · ${text(r['verdict'])}`, (verdicts.get(`${text(r['brand'])} · ${text(r['verdict'])}`) ?? 0) + 1);
  if (verdicts.size > 0) paragraph(doc, [...verdicts.entries()].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k}: ${n}`).join('; '), { size: 8.5, color: INK.muted });
  table(doc, [
    { header: 'Date', width: 0.13, value: (r) => day(r['reported_at']) },
    { header: 'Report', width: 0.17, value: (r) => text(r['report_id']) },
    { header: 'Shop / seller', width: 0.24, value: (r) => `${text(r['shop_id'])} / ${text(r['seller_id'])}` },
    { header: 'Brand', width: 0.16, value: (r) => text(r['brand']) },
    { header: 'Kind', width: 0.15, value: (r) => text(r['kind']) },
    { header: 'Verdict', width: 0.15, value: (r) => text(r['verdict']) },
  ], capped(doc, tables.reports.rows, 'evidence/reports.csv'));
}

function timeline(doc: Doc, tables: EvidenceTables): void {
  heading(doc, 'Timeline');
  paragraph(doc, 'Shop openings, reports, takedowns and closings by day; parcels by month and origin.', { size: 8.5, color: INK.muted });
  const names: Record<string, string> = { shop_opened: 'Shop opened', shop_closed: 'Shop closed', shop_taken_down: 'Taken down', report: 'Report', shipments: 'Shipments' };
  table(doc, [
    { header: 'Date', width: 0.13, value: (r) => text(r['date']) },
    { header: 'Event', width: 0.14, value: (r) => names[String(r['event'])] ?? String(r['event']) },
    { header: 'Subject', width: 0.38, value: (r) => text(r['subject']) },
    { header: 'Detail', width: 0.35, value: (r) => text(r['detail']) },
  ], capped(doc, tables.timeline.rows, 'evidence/timeline.csv'));
}

/** How the run found its communities, in the words of the method section. */
function communityMethod(engine: string | undefined): string {
  const name = engine ?? 'in-process';
  // `gds-<algorithm>` projects the evidence graph over Bolt; `-written` / `-cypher` name the other projections.
  const [, algorithm, projection] = /^(gds-leiden|gds-louvain)(?:-(written|cypher))?$/.exec(name) ?? [];
  const graph =
    projection === 'cypher'
      ? 'an evidence graph whose typed, rarity-scaled weights Neo4j computed from the shared identifiers (co-occurring identifiers not bundled)'
      : projection === 'written'
        ? 'the same evidence graph, written as relationships for a native projection and deleted once projected'
        : 'the same evidence graph';
  switch (algorithm ?? name) {
    case 'in-process':
      return 'Communities are found by Louvain modularity optimisation (Blondel et al., 2008; graphology-communities-louvain) per connected component with a seeded random order';
    case 'gds-leiden':
      return `Communities are found inside Neo4j by Leiden (Traag et al., 2019; Neo4j Graph Data Science gds.leiden) over ${graph} with a fixed random seed`;
    case 'gds-louvain':
      return `Communities are found inside Neo4j by Louvain modularity optimisation (Blondel et al., 2008; Neo4j Graph Data Science gds.louvain) over ${graph}`;
    default:
      return `Communities are found by ${name}`;
  }
}

function method(doc: Doc, data: DossierData, meta: PdfMeta): void {
  const { run } = data;
  heading(doc, 'Method and provenance');
  paragraph(
    doc,
    'Sellers are linked by the identifiers they share (ID documents, payout accounts, devices, warehouses, shipment origins, emails, return, registered and pickup addresses, phones), each with a documented base weight scaled down by rarity; identifiers shared by more sellers than a data-derived threshold are hubs and carry no evidence. ' +
      `${communityMethod(run.communityEngine)}, pieces under common control (shared ID documents or payout accounts) are merged, weak members pruned, and each ring is scored as a sum of named feature contributions. The same data and parameters give the same rings.`,
    { size: 8.5 },
  );
  keyValues(
    doc,
    [
      ['Run', run.id],
      ['Started / finished', `${run.startedAt} / ${run.finishedAt}`],
      ['Previous run', run.previousRunId ?? 'none'],
      ['Communities', run.communityEngine ?? 'in-process'],
      ['Parameters', Object.entries(run.params).map(([k, v]) => `${k} ${String(v)}`).join(', ')],
      ['Hub threshold used', `${run.hubThresholdUsed} sellers (${run.hubs.length} hubs found)`],
      ['Sellers / links', `${run.sellers.toLocaleString('en')} sellers, ${run.links.toLocaleString('en')} evidence links, modularity ${run.modularity}`],
      ['Data fingerprint', run.fingerprint],
      ['Software', `ringtrace ${meta.software.version}, commit ${meta.software.commit}`],
      ['Store', `${data.store.kind} (${data.store.version})`],
    ],
    { mono: new Set(['Data fingerprint', 'Software']) },
  );
  heading(doc, `Ingests that fed this run (${data.ingests.length})`, 2);
  if (data.ingests.length === 0) {
    paragraph(doc, 'No ingest provenance is recorded for the data of this run (it was loaded before ringtrace recorded ingests, or by other means).', { size: 8.5 });
    return;
  }
  paragraph(doc, 'Every load written before the run started: each file read, its size and the SHA-256 of its bytes, as recorded at ingest time.', { size: 8.5, color: INK.muted });
  const rows = data.ingests.flatMap((i) =>
    i.files.map((f, index) => ({
      ingest: index === 0 ? `${i.id}\n${i.finishedAt}\n${i.by.kind === 'token' ? `token ${i.by.name}` : `cli ${i.by.name}`}` : '',
      file: f.name,
      size: f.bytes.toLocaleString('en'),
      rows: `${f.accepted} / ${f.rejected}`,
      sha256: f.sha256,
    })),
  );
  table(doc, [
    { header: 'Ingest (finished, by)', width: 0.25, value: (r) => r.ingest },
    { header: 'File', width: 0.14, value: (r) => r.file },
    { header: 'Bytes', width: 0.1, value: (r) => r.size, align: 'right' },
    { header: 'Accepted / rejected', width: 0.11, value: (r) => r.rows, align: 'right' },
    { header: 'SHA-256', width: 0.4, value: (r) => r.sha256, mono: true },
  ], capped(doc, rows, 'manifest.json'), { size: 7 });
}

function maskingAndVerification(doc: Doc, meta: PdfMeta): void {
  heading(doc, 'Masking for this recipient');
  paragraph(doc, `Prepared for ${meta.recipient.name}, role ${meta.recipient.role}${meta.recipient.brands.length > 0 ? `, scoped to the brands ${brandList(meta.recipient.brands)}` : ''}. ${meta.maskingStatement}`);
  heading(doc, 'Verifying this package');
  paragraph(
    doc,
    'The ZIP holds this PDF, the evidence as CSV and JSON (evidence/), ring.gexf, evidence.sha256, manifest.json, manifest.sig and public-key.pem. manifest.json lists every file with its SHA-256 and size, the ring, run and data provenance; manifest.sig is its Ed25519 signature under the deployment key. ' +
      "The footer of every page carries the SHA-256 of evidence.sha256, which lists the hashes of every evidence file other than this PDF (the PDF cannot hold its own hash). Check with ringtrace (`ringtrace dossier verify FILE.zip --public-key KEY`) or with standard tools only:",
    { size: 8.5 },
  );
  ensureSpace(doc, 90);
  paragraph(
    doc,
    [
      'openssl pkey -pubin -in public-key.pem -outform DER | sha256sum    # = the fingerprint below, obtained out of band',
      'openssl pkeyutl -verify -pubin -inkey public-key.pem -rawin -in manifest.json -sigfile manifest.sig',
      'sha256sum -c evidence.sha256                                        # every evidence file OK',
      'sha256sum dossier.pdf evidence.sha256                               # both hashes appear in manifest.json',
    ].join('\n'),
    { font: 'mono', size: 6.8 },
  );
  keyValues(doc, [['Key fingerprint', meta.keyFingerprint], ['Evidence manifest', meta.evidenceManifestSha256]], { mono: new Set(['Key fingerprint', 'Evidence manifest']) });
}

export async function renderDossierPdf(data: DossierData, tables: EvidenceTables, layout: RingLayout, meta: PdfMeta): Promise<Buffer> {
  const { ring } = data;
  const doc = createDocument({
    title: `Referral dossier: ring ${ring.id}`,
    subject: `Ring ${ring.id} of run ${data.run.id}: ${ring.size} sellers, score ${ring.score.toFixed(2)}`,
    keywords: ['ringtrace', 'dossier', ring.id, data.run.id, ...ring.brands].join(', '),
    date: new Date(meta.generatedAt),
    extra: { RingtraceRing: ring.id, RingtraceRun: data.run.id, RingtraceEvidenceManifest: meta.evidenceManifestSha256 },
  });
  const sections: Array<{ title: string; page: number }> = [];
  const section = (title: string, draw: () => void): void => {
    sections.push({ title, page: doc.bufferedPageRange().count + (doc.y > PAGE.height - 200 ? 1 : 0) });
    draw();
  };
  const { contentsY } = cover(doc, data, meta);
  sections.push({ title: 'Ring graph', page: 2 });
  picture(doc, data, layout, meta);
  doc.addPage();
  section('Members and why', () => members(doc, data, tables));
  section('Shops', () => shops(doc, tables));
  section('Likely offline sources', () => sources(doc, tables));
  section('Payment accounts', () => accounts(doc, tables));
  section('Brand evidence', () => reports(doc, tables));
  section('Timeline', () => timeline(doc, tables));
  section('Method and provenance', () => method(doc, data, meta));
  section('Masking and verification', () => maskingAndVerification(doc, meta));

  doc.switchToPage(0);
  let y = contentsY;
  for (const s of sections) {
    doc.font('body').fontSize(9).fillColor(INK.text).text(s.title, PAGE.margin, y, { width: contentWidth() - 40, lineBreak: false });
    doc.text(String(s.page), PAGE.margin, y, { width: contentWidth(), align: 'right', lineBreak: false });
    y += 13;
  }
  // The footer's first line keeps to one line with its page number: a long recipient (token) name is shortened.
  const pageCount = doc.bufferedPageRange().count;
  const footerLine = (name: string, page: number): string =>
    `Ring ${ring.id} · run ${data.run.id} · referral dossier for ${name} (${meta.recipient.role}) · page ${page} of ${pageCount}`;
  doc.font('body').fontSize(FOOTER_SIZE);
  const recipientName = ellipsize(doc, meta.recipient.name, contentWidth() - doc.widthOfString(footerLine('', pageCount)));
  footers(doc, (page) => [footerLine(recipientName, page), `Evidence manifest (evidence.sha256) SHA-256 ${meta.evidenceManifestSha256}`]);
  return finish(doc);
}
