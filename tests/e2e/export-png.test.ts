/**
 * Export PNG: the saved picture carries the node labels the view draws (who
 * and where, not just dots). Read from the file's pixels in the page: label
 * text is filled in the theme's label colour, which no node, edge, caption or
 * legend colour uses.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { THEME } from '../../viz/render/theme.ts';
import { settled, signIn, useExplorer } from './explorer-fixture.ts';

describe('explorer Export PNG', () => {
  const explorer = useExplorer();

  it('when a ring is exported, then the picture has the labels drawn on screen', async () => {
    const ring = explorer().rings[0]!;
    const page = await explorer().browser.context.newPage();
    try {
      await signIn(page, explorer().url, explorer().tokens.investigator);
      await page.goto(`${explorer().url}/?ring=${ring.id}`);
      await settled(page);
      expect((await page.evaluate(() => window.__ringtrace?.drawnLabels.length ?? 0))).toBeGreaterThan(0);

      const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.click('[data-testid=export-png]')]);
      expect(download.suggestedFilename()).toBe(`ringtrace-${ring.id}.png`);
      const png = readFileSync((await download.path())!).toString('base64');

      const labelPixels = await page.evaluate(
        async ({ data, colour }) => {
          const image = new Image();
          image.src = `data:image/png;base64,${data}`;
          await image.decode();
          const canvas = document.createElement('canvas');
          canvas.width = image.width;
          canvas.height = image.height;
          const context = canvas.getContext('2d')!;
          context.drawImage(image, 0, 0);
          const pixels = context.getImageData(0, 0, image.width, image.height).data;
          const [r, g, b] = [1, 3, 5].map((i) => parseInt(colour.slice(i, i + 2), 16));
          let n = 0;
          for (let i = 0; i < pixels.length; i += 4) if (pixels[i] === r && pixels[i + 1] === g && pixels[i + 2] === b) n++;
          return n;
        },
        { data: png, colour: THEME.label },
      );
      expect(labelPixels).toBeGreaterThan(100);
    } finally {
      await page.close();
    }
  });
});
