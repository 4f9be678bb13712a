/**
 * The explorer's worklists in headless Chromium: the Cases and Alerts screens
 * list what the fixture's run raised, highest score first, stay on screen, and
 * a case opens its ring with the case panel.
 */
import { describe, expect, it } from 'vitest';
import { settled, shot, signIn, useExplorer } from './explorer-fixture.ts';

describe('explorer worklists: alerts and cases', () => {
  const fixture = useExplorer();

  it('when the Cases and Alerts tabs are clicked, then their lists stay on screen, highest score first, and a case opens its ring with the case panel', async () => {
    const { browser, url, tokens, store } = fixture();
    const p = await browser.context.newPage();
    await signIn(p, url, tokens.investigator);
    await p.click('[data-testid=tab-cases]');
    await p.waitForSelector('[data-testid=case-item]', { state: 'visible' });
    // The worklist must still be the screen once the page has settled (it once fell back to the ring list).
    await p.waitForTimeout(500);
    expect(await p.isVisible('[data-testid=cases-list]')).toBe(true);
    const shownScores = await p.$$eval('[data-testid=case-item] .work-score', (els) => els.map((e) => Number(e.textContent)));
    const { cases } = await store.listCases({ sort: 'updated', offset: 0, limit: 50 });
    expect(shownScores.length).toBe(Math.min(cases.length, shownScores.length));
    expect(shownScores[0]).toBeCloseTo(Math.max(...cases.map((c) => c.score)), 2);
    await shot(p, 'w7-cases');
    await p.click('[data-testid=tab-alerts]');
    await p.waitForSelector('[data-testid=alert-item]', { state: 'visible' });
    expect(await p.isVisible('[data-testid=alerts-queue]')).toBe(true);
    await p.click('[data-testid=tab-cases]');
    const first = await p.waitForSelector('[data-testid=case-item]', { state: 'visible' });
    const ringId = await first.getAttribute('data-ring-id');
    await first.click();
    await settled(p);
    await p.waitForSelector('[data-testid=case-history]', { state: 'visible' });
    expect(await p.evaluate(() => window.__ringtrace!.screen)).toBe('ring');
    expect(ringId).not.toBeNull();
    await p.close();
  });
});
