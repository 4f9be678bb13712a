/** The dossier PDF's one-line fitting (`ellipsize`) and the picture's iteration budget (`defaultIterations`). */
import { describe, expect, it } from 'vitest';
import { createDocument, ellipsize, FOOTER_SIZE } from '../../engine/dossier/pdf-kit.ts';
import { defaultIterations } from '../../engine/dossier/ring-layout.ts';

describe('ellipsize', () => {
  const doc = createDocument({ title: 't', subject: 's', keywords: 'k', date: new Date('2026-01-01T00:00:00Z'), extra: {} });
  doc.addPage();
  doc.font('body').fontSize(FOOTER_SIZE);

  it('when the text fits, then it comes back unchanged', () => {
    expect(ellipsize(doc, 'investigator-7', 200)).toBe('investigator-7');
  });

  it('when a long token name does not fit, then it is cut with an ellipsis to at most the width, keeping as much as fits', () => {
    const name = 'case-team-northern-district-counterfeit-unit-investigator-7';

    const cut = ellipsize(doc, name, 80);

    expect(cut.endsWith('…')).toBe(true);
    expect(name.startsWith(cut.slice(0, -1))).toBe(true);
    expect(doc.widthOfString(cut)).toBeLessThanOrEqual(80);
    expect(doc.widthOfString(`${name.slice(0, cut.length)}…`)).toBeGreaterThan(80);
  });
});

describe('defaultIterations', () => {
  it('when the picture is small, then 300 iterations; larger ones get fewer in proportion, never under 100', () => {
    expect(defaultIterations(50)).toBe(300);
    expect(defaultIterations(200)).toBe(300);
    expect(defaultIterations(500)).toBe(120);
    expect(defaultIterations(2_000)).toBe(100);
  });
});
