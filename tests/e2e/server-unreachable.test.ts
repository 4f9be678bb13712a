/**
 * The server going away under an open page (stopped, restarting, network
 * gone): opening another ring says the server could not be reached — not the
 * browser's bare "Failed to fetch" — and leaves no toolbar or legend of the
 * ring before standing over an empty stage as if it were the one asked for.
 */
import { describe, expect, it } from 'vitest';
import { settled, shot, signIn, useExplorer } from './explorer-fixture.ts';

describe('explorer when the server cannot be reached', () => {
  const explorer = useExplorer();

  it('when a ring is opened while its requests are refused, then the page says the server could not be reached and shows no stale ring chrome', async () => {
    const [first, second] = explorer().rings;
    const page = await explorer().browser.context.newPage();
    try {
      await signIn(page, explorer().url, explorer().tokens.investigator);
      await page.locator('.ring-item', { hasText: first!.id }).click();
      await settled(page);
      expect(await page.locator('[data-testid=stage-status]').isVisible()).toBe(true);

      await page.route(`**/api/rings/${second!.id}**`, (route) => route.abort('connectionrefused'));
      await page.locator('.ring-item', { hasText: second!.id }).click();
      const details = page.locator('[data-testid=details]');
      await details.getByText(`Ring ${second!.id} could not be loaded`).waitFor();
      await shot(page, 'server-unreachable');

      expect(await details.innerText()).toContain('The server could not be reached');
      expect(await page.locator('.toast').allInnerTexts()).not.toContain('Failed to fetch');
      expect(await page.locator('[data-testid=stage-status]').isVisible()).toBe(false);
      expect(await page.locator('[data-testid=legend]').isVisible()).toBe(false);

      await page.unroute(`**/api/rings/${second!.id}**`);
      await page.locator('.ring-item', { hasText: second!.id }).click();
      await settled(page, 2);
      expect(await page.evaluate(() => window.__ringtrace?.ringId)).toBe(second!.id);
    } finally {
      await page.close();
    }
  });
});
