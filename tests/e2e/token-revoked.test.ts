/**
 * A token revoked while its page is open: the page leaves the ring it shows
 * and returns to the sign-in screen with a note, by itself, without waiting
 * for the user's next click (the server ends the token's live-event stream
 * with a `revoked` event).
 */
import { describe, expect, it } from 'vitest';
import { issueToken, revokeTokenById } from '../../api/http/access/tokens.ts';
import { settled, shot, signIn, useExplorer } from './explorer-fixture.ts';

describe('explorer with a token revoked mid-session', () => {
  const explorer = useExplorer();

  it('when the token is revoked while a ring is open, then the page signs out by itself and says why', async () => {
    const { token, secret } = await issueToken(explorer().store, { role: 'investigator', name: 'e2e-revoked-mid-session' });
    const page = await explorer().browser.context.newPage();
    try {
      await signIn(page, explorer().url, secret);
      await page.locator('.ring-item').first().click();
      await settled(page);
      await page.waitForFunction(() => window.__ringtrace?.liveConnected === true, undefined, { timeout: 30_000 });

      await revokeTokenById(explorer().store, token.id);

      await page.waitForSelector('input[name=token]', { timeout: 30_000 });
      await shot(page, 'token-revoked-signed-out');
      expect(await page.evaluate(() => window.__ringtrace?.screen)).toBe('login');
      expect(await page.textContent('body')).toContain('Your token is no longer accepted');
      expect(await page.locator('.ring-item').count()).toBe(0);
    } finally {
      await page.close();
    }
  });
});
