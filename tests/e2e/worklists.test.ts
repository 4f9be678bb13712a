/**
 * The explorer's worklists in headless Chromium: the Cases and Alerts screens
 * list what the fixture's run raised, highest score first, stay on screen, and
 * a case opens its ring with the case panel; a status change with its reason
 * and a note are kept; a run saved outside the page (new counterfeit verdicts
 * on a dismissed ring) shows up on the open page without a reload.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingestExport, runDetection } from '../../engine/index.ts';
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

  it('when a case is dismissed with a reason and noted, then its history keeps both with the author through a reload; when an outside run adds counterfeit verdicts, the open ring says a newer run changed it and the alert is queued', async () => {
    const { browser, url, tokens, store } = fixture();
    const p = await browser.context.newPage();
    const errors: string[] = [];
    p.on('pageerror', (error) => errors.push(error.message));
    await signIn(p, url, tokens.investigator);
    await p.click('[data-testid=tab-cases]');
    const first = await p.waitForSelector('[data-testid=case-item][data-status=new]', { state: 'visible' });
    const ringId = (await first.getAttribute('data-ring-id'))!;
    await first.click();
    await settled(p);
    await p.waitForSelector('[data-testid=case-history]', { state: 'visible' });

    const reason = 'E2E: the shared payout account is a marketplace escrow';
    await p.selectOption('[data-testid=case-next-status]', 'closed-dismissed');
    await p.fill('[data-testid=case-reason]', reason);
    await p.click('[data-testid=case-change]');
    await p.waitForFunction((text) => document.querySelector('[data-testid=case-history]')?.textContent?.includes(text) ?? false, reason);
    await expect(p.textContent('[data-testid=case-status]')).resolves.toBe('Closed — dismissed');
    const note = 'E2E note: the seller answered our letter';
    await p.fill('[data-testid=case-note]', note);
    await p.click('[data-testid=case-add-note]');
    await p.waitForFunction((text) => document.querySelector('[data-testid=case-history]')?.textContent?.includes(text) ?? false, note);
    await shot(p, 'w8-case-dismissed');

    await p.reload();
    await settled(p);
    await p.waitForSelector('[data-testid=case-history]', { state: 'visible' });
    const history = (await p.textContent('[data-testid=case-history]'))!;
    expect(history).toContain(reason);
    expect(history).toContain(note);
    expect(history).toContain('e2e-investigator');
    await expect(p.textContent('[data-testid=case-status]')).resolves.toBe('Closed — dismissed');

    const alertsOf = async (): Promise<string[]> => (await store.listAlerts({ offset: 0, limit: 1_000 })).alerts.filter((a) => a.ringId === ringId).map((a) => a.id);
    const alertsBefore = await alertsOf();
    // Outside the page: test buys with counterfeit verdicts on the ring's shops, loaded and detected on the server's store.
    const ring = (await store.getRing(ringId))!;
    const dir = mkdtempSync(join(tmpdir(), 'ringtrace-e2e-day2-'));
    try {
      const reports = ring.shops.slice(0, 4).map((shopId, i) =>
        JSON.stringify({ report_id: `RP-E2E-${i}`, shop_id: shopId, brand: ring.brands[0] ?? 'Northpeak', kind: 'test_buy', verdict: 'counterfeit', reported_at: '2026-11-30T10:00:00Z' }),
      );
      writeFileSync(join(dir, 'reports.ndjson'), `${reports.join('\n')}\n`);
      await ingestExport(store, dir);
      await runDetection(store);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const banner = await p.waitForSelector('[data-testid=run-banner]', { state: 'visible', timeout: 20_000 });
    expect(await banner.textContent()).toContain(`counterfeit reports ${ring.evidence.counterfeitReports} → `);
    await shot(p, 'w9-live-banner');
    // The dismissed ring changed materially (new counterfeit verdicts): a new alert, listed in the queue.
    const raised = (await alertsOf()).filter((id) => !alertsBefore.includes(id));
    expect(raised).toHaveLength(1);
    await p.click('[data-testid=tab-alerts]');
    await p.waitForSelector(`[data-testid=alert-item][data-alert-id="${raised[0]}"]`, { state: 'visible', timeout: 20_000 });
    expect(errors).toEqual([]);
    await p.close();
  });
});

