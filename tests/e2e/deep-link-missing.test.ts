/**
 * A deep link naming nodes the ring no longer holds (an old or hand-edited
 * link, or one shared from a run before): the ring opens and the page says
 * which parts of the link were not found, instead of dropping them silently.
 */
import { describe, expect, it } from 'vitest';
import { settled, signIn, useExplorer } from './explorer-fixture.ts';

describe('explorer deep link with missing nodes', () => {
  const explorer = useExplorer();

  it('when the link selects and expands nodes that do not exist, then the ring opens and a notice names them', async () => {
    const ring = explorer().rings[0]!;
    const page = await explorer().browser.context.newPage();
    try {
      await signIn(page, explorer().url, explorer().tokens.investigator);
      const gone = ['address:1 nowhere road|atlantis', 'seller:S-999999'];
      await page.goto(`${explorer().url}/?ring=${ring.id}&sel=${encodeURIComponent(gone[1]!)}&exp=${encodeURIComponent(gone[0]!)}`);
      await settled(page);

      expect(await page.evaluate(() => window.__ringtrace?.ringId)).toBe(ring.id);
      const notice = page.locator('.toast', { hasText: 'not found around ring' });
      await notice.waitFor({ timeout: 10_000 });
      const text = await notice.innerText();
      for (const id of gone) expect(text).toContain(id);
    } finally {
      await page.close();
    }
  });
});
