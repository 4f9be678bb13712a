/**
 * The page furniture of the dossier PDF on top of pdfkit: embedded DejaVu
 * fonts (installed from npm, so a clean clone renders the same), headings,
 * paragraphs, key–value blocks and tables that break across pages with their
 * header repeated. Determinism: pdfkit derives the document ID from the info
 * dictionary, so fixing CreationDate and ModDate fixes every byte.
 *
 * Speed: each font file is parsed once per process (not once per document),
 * and the shaping of a word (fontkit's OpenType layout, most of a dossier's
 * text cost) is kept across documents: the same word always shapes the same,
 * so the bytes do not change, only the time.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { create as parseFont, type Font, type GlyphRun } from 'fontkit';
import PDFDocument from 'pdfkit';

const require = createRequire(import.meta.url);
const FONT_FILES = {
  body: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'),
  bold: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'),
  mono: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSansMono.ttf'),
};
/** Shaped words kept per font; past this many the cache starts over (ids and hashes are words that rarely repeat). */
const SHAPED_WORDS = 50_000;

/**
 * A parsed font whose `layout` of plain text (no explicit features, as pdfkit
 * calls it per word) is memoised. pdfkit scales a run's positions in place,
 * so each call gets fresh position objects; glyphs are read-only and shared.
 */
function sharedFont(file: string): Font {
  const font = parseFont(readFileSync(file));
  const shaped = new Map<string, GlyphRun>();
  const layout = (text: string, features?: unknown): GlyphRun => {
    if (features !== undefined) return font.layout(text, features);
    let run = shaped.get(text);
    if (run === undefined) {
      if (shaped.size >= SHAPED_WORDS) shaped.clear();
      run = font.layout(text);
      shaped.set(text, run);
    }
    const positions = run.positions.map((p) => ({ ...p }));
    return {
      glyphs: run.glyphs,
      positions,
      // fontkit's GlyphRun sums the (by then scaled) positions, and so must the copy.
      get advanceWidth() {
        return positions.reduce((sum, p) => sum + p.xAdvance, 0);
      },
    };
  };
  return new Proxy(font, { get: (target, property) => (property === 'layout' ? layout : Reflect.get(target, property, target)) });
}

let fonts: Record<keyof typeof FONT_FILES, Font> | null = null;
function sharedFonts(): Record<keyof typeof FONT_FILES, Font> {
  fonts ??= { body: sharedFont(FONT_FILES.body), bold: sharedFont(FONT_FILES.bold), mono: sharedFont(FONT_FILES.mono) };
  return fonts;
}

export const PAGE = { width: 595.28, height: 841.89, margin: 48, footer: 40 } as const;
export const INK = { text: '#1d232b', muted: '#5b6673', rule: '#c9d0d8', band: '#14263d', zebra: '#f3f5f8', accent: '#b3261e' } as const;

export type Doc = PDFKit.PDFDocument;

export interface DocumentInfo {
  title: string;
  subject: string;
  keywords: string;
  /** Fixed creation and modification date: with it the file is byte-identical on rebuild. */
  date: Date;
  /** Extra info-dictionary entries (ASCII), e.g. the evidence manifest hash. */
  extra: Record<string, string>;
}

export function createDocument(info: DocumentInfo): Doc {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: PAGE.margin, bottom: PAGE.margin + PAGE.footer - 16, left: PAGE.margin, right: PAGE.margin },
    bufferPages: true,
    autoFirstPage: false,
    compress: true,
    pdfVersion: '1.7',
    lang: 'en',
    displayTitle: true,
    info: {
      Title: info.title,
      Author: 'ringtrace',
      Subject: info.subject,
      Keywords: info.keywords,
      Creator: 'ringtrace dossier',
      Producer: 'ringtrace (pdfkit)',
      CreationDate: info.date,
      ModDate: info.date,
      ...info.extra,
    } as PDFKit.DocumentInfo,
  });
  // pdfkit takes a parsed fontkit font as well as a file (its types list only the latter).
  const shared = sharedFonts();
  for (const name of ['body', 'bold', 'mono'] as const) doc.registerFont(name, shared[name] as unknown as PDFKit.Mixins.PDFFontSource);
  // Every page starts in the body font and ink.
  doc.on('pageAdded', () => doc.font('body').fontSize(9).fillColor(INK.text));
  return doc;
}

export function contentWidth(): number {
  return PAGE.width - 2 * PAGE.margin;
}

export function bottomLimit(doc: Doc): number {
  return doc.page.height - doc.page.margins.bottom;
}

/** Starts a new page unless `needed` points still fit on this one. */
export function ensureSpace(doc: Doc, needed: number): void {
  if (doc.y + needed > bottomLimit(doc)) doc.addPage();
}

export function heading(doc: Doc, text: string, level: 1 | 2 = 1): void {
  ensureSpace(doc, level === 1 ? 60 : 36);
  if (level === 1) {
    doc.moveDown(0.4);
    doc.font('bold').fontSize(14).fillColor(INK.band).text(text, PAGE.margin, doc.y, { width: contentWidth() });
    const y = doc.y + 2;
    doc.moveTo(PAGE.margin, y).lineTo(PAGE.margin + contentWidth(), y).lineWidth(0.8).strokeColor(INK.band).stroke();
    doc.y = y + 8;
  } else {
    doc.moveDown(0.5);
    doc.font('bold').fontSize(10.5).fillColor(INK.text).text(text, PAGE.margin, doc.y, { width: contentWidth() });
    doc.moveDown(0.25);
  }
  doc.font('body').fontSize(9).fillColor(INK.text);
}

export function paragraph(doc: Doc, text: string, options: { size?: number; color?: string; font?: 'body' | 'bold' | 'mono' } = {}): void {
  doc
    .font(options.font ?? 'body')
    .fontSize(options.size ?? 9)
    .fillColor(options.color ?? INK.text)
    .text(text, PAGE.margin, doc.y, { width: contentWidth(), lineGap: 1.5 });
  doc.moveDown(0.35);
  doc.font('body').fontSize(9).fillColor(INK.text);
}

/** Label–value rows, labels in a fixed left column. */
export function keyValues(doc: Doc, rows: Array<[string, string]>, options: { labelWidth?: number; mono?: ReadonlySet<string> } = {}): void {
  const labelWidth = options.labelWidth ?? 130;
  const valueWidth = contentWidth() - labelWidth;
  for (const [label, value] of rows) {
    const font = options.mono?.has(label) ? 'mono' : 'body';
    doc.font(font).fontSize(font === 'mono' ? 7.6 : 9);
    const height = Math.max(doc.heightOfString(value, { width: valueWidth }), 11);
    ensureSpace(doc, height + 4);
    const y = doc.y;
    doc.font('bold').fontSize(8.5).fillColor(INK.muted).text(label, PAGE.margin, y, { width: labelWidth - 8 });
    doc.font(font).fontSize(font === 'mono' ? 7.6 : 9).fillColor(INK.text).text(value, PAGE.margin + labelWidth, y, { width: valueWidth });
    doc.y = y + height + 4;
  }
  doc.font('body').fontSize(9).fillColor(INK.text);
}

export interface TableColumn<R> {
  header: string;
  /** Share of the content width (the shares of a table add up to 1). */
  width: number;
  value(row: R): string;
  align?: 'left' | 'right';
  mono?: boolean;
}

const CELL_PAD = 3;

/** A table that breaks across pages, repeating its header; rows never split. */
export function table<R>(doc: Doc, columns: Array<TableColumn<R>>, rows: readonly R[], options: { size?: number } = {}): void {
  const size = options.size ?? 7.6;
  const widths = columns.map((c) => c.width * contentWidth());
  const fontOf = (c: TableColumn<R>): string => (c.mono ? 'mono' : 'body');
  const header = (): void => {
    doc.font('bold').fontSize(size);
    const height = Math.max(...columns.map((c, i) => doc.heightOfString(c.header, { width: widths[i]! - 2 * CELL_PAD }))) + 2 * CELL_PAD;
    ensureSpace(doc, height + 14);
    const y = doc.y;
    doc.rect(PAGE.margin, y, contentWidth(), height).fillColor(INK.band).fill();
    let x = PAGE.margin;
    columns.forEach((c, i) => {
      doc.fillColor('#ffffff').text(c.header, x + CELL_PAD, y + CELL_PAD, { width: widths[i]! - 2 * CELL_PAD, align: c.align ?? 'left' });
      x += widths[i]!;
    });
    doc.y = y + height;
  };
  header();
  rows.forEach((row, index) => {
    const values = columns.map((c) => c.value(row));
    const height =
      Math.max(
        ...columns.map((c, i) => {
          doc.font(fontOf(c)).fontSize(size);
          return doc.heightOfString(values[i] || ' ', { width: widths[i]! - 2 * CELL_PAD });
        }),
      ) +
      2 * CELL_PAD;
    if (doc.y + height > bottomLimit(doc)) {
      doc.addPage();
      header();
    }
    const y = doc.y;
    if (index % 2 === 1) doc.rect(PAGE.margin, y, contentWidth(), height).fillColor(INK.zebra).fill();
    let x = PAGE.margin;
    columns.forEach((c, i) => {
      doc.font(fontOf(c)).fontSize(size).fillColor(INK.text).text(values[i]!, x + CELL_PAD, y + CELL_PAD, { width: widths[i]! - 2 * CELL_PAD, align: c.align ?? 'left' });
      x += widths[i]!;
    });
    doc.moveTo(PAGE.margin, y + height).lineTo(PAGE.margin + contentWidth(), y + height).lineWidth(0.3).strokeColor(INK.rule).stroke();
    doc.y = y + height;
  });
  doc.moveDown(0.6);
  doc.x = PAGE.margin;
  doc.font('body').fontSize(9).fillColor(INK.text);
}

/** Font size of the footer's first line. */
export const FOOTER_SIZE = 7;

/** `text` in the current font and size, cut with an ellipsis so it is at most `width` wide. */
export function ellipsize(doc: Doc, text: string, width: number): string {
  if (doc.widthOfString(text) <= width) return text;
  const chars = [...text];
  let low = 0;
  let high = chars.length;
  // The longest prefix that fits with the ellipsis (binary search: width grows with the prefix).
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (doc.widthOfString(`${chars.slice(0, mid).join('')}…`) <= width) low = mid;
    else high = mid - 1;
  }
  return `${chars.slice(0, low).join('').trimEnd()}…`;
}

/** Writes the footer of every buffered page: its two lines sit below the bottom margin. */
export function footers(doc: Doc, lines: (page: number, pages: number) => [string, string]): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i += 1) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    const [first, second] = lines(i + 1, range.count);
    const y = doc.page.height - PAGE.margin + 6;
    doc.moveTo(PAGE.margin, y - 6).lineTo(PAGE.margin + contentWidth(), y - 6).lineWidth(0.4).strokeColor(INK.rule).stroke();
    doc.font('body').fontSize(FOOTER_SIZE).fillColor(INK.muted).text(first, PAGE.margin, y, { width: contentWidth(), lineBreak: false });
    doc.font('mono').fontSize(6.4).fillColor(INK.muted).text(second, PAGE.margin, y + 10, { width: contentWidth(), lineBreak: false });
    doc.page.margins.bottom = bottom;
  }
}

/** The finished PDF's bytes. */
export function finish(doc: Doc): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}
