/**
 * The dossier PDF's cover lists brands so that one whose name holds a comma
 * ("Marquette, Paris") reads as one brand, not two: brands are separated by
 * semicolons. Read back with pdftotext, as a recipient's tools would.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { assembleDossier, loadOrCreateSigningKey, softwareInfo, unmasked, type GraphNode } from '../../engine/index.ts';
import { dossierData } from '../fixtures/dossier-data.ts';
import { ring } from '../fixtures/store/builders.ts';

const dir = mkdtempSync(join(tmpdir(), 'ringtrace-pdf-brands-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const seller = (key: string): GraphNode => ({ id: `seller:${key}`, type: 'seller', key, label: key, attributes: {} });

describe('dossier PDF cover', () => {
  it('when a brand name holds a comma, then the brands are listed with semicolons, for the ring and for a liaison recipient', async () => {
    const graph = { nodes: ['S1', 'S2', 'S3'].map(seller), edges: [], truncated: false };
    const data = dossierData(ring('R-1', ['S1', 'S2', 'S3'], { brands: ['Kestrel Audio', 'Marquette, Paris', 'Tavira'] }), graph);

    const dossier = await assembleDossier(data, {
      recipient: { name: 'Officer K', role: 'liaison', brands: ['Marquette, Paris', 'Tavira'] },
      generatedAt: '2026-04-02T00:00:00.000Z',
      masking: unmasked('liaison'),
      key: await loadOrCreateSigningKey(dir),
      software: softwareInfo(),
      pictureLimit: 100,
    });
    const pdf = join(dir, 'dossier.pdf');
    writeFileSync(pdf, unzipSync(dossier.zip)['dossier.pdf']!);
    const text = execFileSync('pdftotext', [pdf, '-']).toString('utf8').replace(/\s+/g, ' ');

    expect(text).toContain('Kestrel Audio; Marquette, Paris; Tavira');
    expect(text).toContain('brands Marquette, Paris; Tavira');
  });
});
