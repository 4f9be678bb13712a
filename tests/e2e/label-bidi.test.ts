/**
 * A folded label ("name · 4 shops") after a right-to-left name: the browser's
 * own bidi algorithm (the one canvas text goes through) must draw the count
 * after the name, beside its noun — not pulled to the name's far side, which
 * read "4 · شركة الأمل للتجارة العامة · shops".
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { foldedLabel } from '../../viz/render/reducers.ts';
import { launchChromium, type LaunchedBrowser } from './chromium.ts';

describe('folded node labels', () => {
  let browser: LaunchedBrowser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it.each([
    ['شركة الأمل للتجارة العامة'],
    ['חברת המסחר'],
    ['Guangzhou Haoyun E-commerce Co., Ltd.'],
  ])('when the name is %j, then the count is drawn right of the whole name, next to "shops"', async (name) => {
    const label = foldedLabel(name, '4 shops');
    const page = await browser.context.newPage();
    try {
      await page.setContent('<!doctype html><body dir="ltr"><span id="label" style="font: 14px sans-serif; white-space: pre"></span></body>');
      const at = await page.evaluate(({ text, name }) => {
        const span = document.getElementById('label')!;
        span.textContent = text;
        const node = span.firstChild!;
        const box = (from: number, to: number) => {
          const range = document.createRange();
          range.setStart(node, from);
          range.setEnd(node, to);
          const rects = [...range.getClientRects()];
          return { left: Math.min(...rects.map((r) => r.left)), right: Math.max(...rects.map((r) => r.right)) };
        };
        const start = text.indexOf(name);
        const digit = text.indexOf('4');
        return { name: box(start, start + name.length), digit: box(digit, digit + 1), noun: box(text.indexOf('shops'), text.indexOf('shops') + 5) };
      }, { text: label, name });

      expect(at.digit.left).toBeGreaterThanOrEqual(at.name.right);
      expect(at.digit.right).toBeLessThanOrEqual(at.noun.left);
    } finally {
      await page.close();
    }
  });
});
