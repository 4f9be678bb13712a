/**
 * The link `ringtrace start` prints: opening `/#login=CODE` signs the browser
 * in (the code is exchanged for a browser token and leaves the address bar);
 * opening the same link again lands on the sign-in screen with a clear note.
 */
import { describe, expect, it } from 'vitest';
import { issueToken } from '../../api/http/access/tokens.ts';
import { useExplorer } from './explorer-fixture.ts';

describe('one-time login link', () => {
  const explorer = useExplorer();

  it('when the link is opened, then the explorer signs in and the code leaves the address bar; a second opening is refused', async () => {
    const { secret: code } = await issueToken(explorer().store, { role: 'admin', name: 'start-e2e', expiresIn: '30m', purpose: 'login' });
    const page = await explorer().browser.context.newPage();
    try {
      await page.goto(`${explorer().url}/#login=${code}`);
      await page.waitForFunction(() => window.__ringtrace !== undefined && window.__ringtrace.screen !== 'login', undefined, { timeout: 60_000 });
      expect(page.url()).not.toContain(code);
      const second = await explorer().browser.context.newPage();
      await second.goto(`${explorer().url}/#login=${code}`);
      await second.waitForSelector('input[name=token]');
      expect(await second.textContent('body')).toContain('already used or has expired');
      await second.close();
    } finally {
      await page.close();
    }
  });
});
