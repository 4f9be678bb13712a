/**
 * The explorer in a 1024×700 window (a small laptop, or a browser beside a
 * case file): the page is no wider than the window — the top bar's search box
 * keeps room to type in, "Sign out" stays on screen, and the details panel is
 * not cut at the right edge — on the ring view and on the cases worklist.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { issueToken } from '../../api/http/access/tokens.ts';
import { settled, shot, signIn, useExplorer } from './explorer-fixture.ts';

const WIDTH = 1024;

async function layout(page: Page): Promise<{ scrollWidth: number; searchWidth: number; signOutRight: number; detailsRight: number }> {
  return page.evaluate(() => {
    const box = (selector: string): DOMRect => document.querySelector(selector)!.getBoundingClientRect();
    const signOut = [...document.querySelectorAll('button')].find((b) => b.textContent === 'Sign out')!;
    return {
      scrollWidth: document.documentElement.scrollWidth,
      searchWidth: box('.search-box input').width,
      signOutRight: signOut.getBoundingClientRect().right,
      detailsRight: box('[data-testid="details"]').right,
    };
  });
}

describe('explorer in a narrow window', () => {
  const explorer = useExplorer();

  it('when the window is 1024 px wide, then nothing runs past its right edge and the search box keeps its room', async () => {
    const page = await explorer().browser.context.newPage();
    try {
      await page.setViewportSize({ width: WIDTH, height: 700 });
      // A long token name (a browser login's is ~40 characters) is the widest the top bar gets.
      const { secret } = await issueToken(explorer().store, { role: 'admin', name: `browser login (start-2026-12-08T04:25:18.505Z) ${Date.now()}` });
      await signIn(page, explorer().url, secret);
      await page.goto(`${explorer().url}/?ring=${explorer().rings[0]!.id}`);
      await settled(page);
      await shot(page, 'narrow-window-ring');
      const ring = await layout(page);
      await page.getByRole('button', { name: 'Cases', exact: true }).click();
      await page.locator('.worklist').waitFor();
      const cases = await layout(page);

      for (const [view, l] of [['ring', ring], ['cases', cases]] as const) {
        expect(l.scrollWidth, view).toBeLessThanOrEqual(WIDTH);
        expect(l.signOutRight, view).toBeLessThanOrEqual(WIDTH);
        expect(l.detailsRight, view).toBeLessThanOrEqual(WIDTH);
        expect(l.searchWidth, view).toBeGreaterThanOrEqual(150);
      }
    } finally {
      await page.close();
    }
  });
});
