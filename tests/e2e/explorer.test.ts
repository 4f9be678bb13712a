/**
 * The explorer in a real browser against the real server: sign in, open the
 * top ring, read a member's "why", expand a node, search, restore a deep
 * link, and a liaison's narrowed view. Assertions read the DOM and the state
 * the page exposes on `window.__ringtrace`; every test leaves a screenshot in
 * tests/e2e/screenshots/ to look at (not a pixel oracle).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { verifyDossier } from '../../engine/index.ts';
import type { Page } from 'playwright-core';
import { clickNode, settled, shot, signIn, useExplorer } from './explorer-fixture.ts';

const state = (page: Page) =>
  page.evaluate(() => {
    const s = window.__ringtrace!;
    return { screen: s.screen, ringId: s.ringId, nodeIds: s.nodeIds, visibleNodeIds: s.visibleNodeIds, selected: s.selected, expanded: s.expanded, revision: s.revision, layoutStatus: s.layoutStatus };
  });

describe('explorer', () => {
  const fixture = useExplorer();
  let page: Page;

  it('when an investigator signs in and opens the top ring, then the graph holds its members and the layout stops by itself', async () => {
    const { browser, url, tokens, rings } = fixture();
    page = await browser.context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await signIn(page, url, tokens.investigator);
    const top = rings.find((r) => (r.tier ?? 'ring') === 'ring')!;

    const listed = await page.$$eval('.ring-item', (items) => items.map((i) => (i as HTMLElement).dataset.ringId));
    expect(listed[0]).toBe(top.id);
    await page.click(`.ring-item[data-ring-id="${top.id}"]`);
    await settled(page);

    const s = await state(page);
    expect(s.ringId).toBe(top.id);
    expect(s.layoutStatus).toBe('settled');
    for (const member of top.members) expect(s.nodeIds).toContain(`seller:${member}`);
    await expect(page.textContent('[data-testid=ring-summary] h2')).resolves.toBe(top.id);
    await expect(page.textContent('[data-testid=legend]')).resolves.toContain(`Ring members${top.members.length}`);
    expect(new URL(page.url()).searchParams.get('ring')).toBe(top.id);
    expect(errors).toEqual([]);
    await shot(page, '1-top-ring');
  });

  it('when "Download dossier" is clicked on the ring view, then the browser saves a ZIP that verifies', async () => {
    const top = fixture().rings[0]!;
    await page.waitForSelector('[data-testid=ring-summary] [data-testid=dossier]:not([hidden])');

    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 120_000 }), page.click('[data-testid=ring-summary] [data-testid=dossier]')]);
    const file = await download.path();
    const result = verifyDossier(readFileSync(file));

    expect(download.suggestedFilename()).toBe(`dossier-${top.id}.zip`);
    expect(result.problems).toEqual([]);
    expect(result.manifest?.ring.id).toBe(top.id);
    expect(result.manifest?.recipient.role).toBe('investigator');
  });

  it('when a member seller is clicked, then the details list why it is in the ring: identifiers, weights, co-members', async () => {
    const top = fixture().rings.find((r) => (r.tier ?? 'ring') === 'ring')!;
    const member = top.members.find((m) => (top.why?.[m]?.length ?? 0) > 0)!;
    const why = top.why![member]!;

    await clickNode(page, `seller:${member}`);
    await page.waitForSelector(`[data-testid=node-details][data-node-id="seller:${member}"] [data-testid=why-list]`);

    const items = await page.$$eval('[data-testid=why-list] .why-item', (els) => els.map((e) => e.textContent ?? ''));
    expect(items).toHaveLength(why.length);
    expect(items[0]).toContain(`weight ${why[0]!.weight.toFixed(2)}`);
    expect(items[0]).toContain(`shared with ${why[0]!.sharedWith.length} other member`);
    // Co-members by name, each a link to its node; past five, "show all" lists the rest.
    const first = page.locator('[data-testid=why-list] .why-item').first();
    if (await first.locator('[data-testid=shared-all]').count()) await first.locator('[data-testid=shared-all]').click();
    const linked = await first.locator('[data-testid=shared-with] [data-node-id]').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.nodeId));
    expect(linked.sort()).toEqual(why[0]!.sharedWith.map((s) => `seller:${s}`).sort());
    await expect(page.textContent('[data-testid=own-evidence]')).resolves.toContain('Counterfeit verdicts');
    await expect(page.textContent('[data-testid=node-details]')).resolves.toContain('Tie strength 0–1');
    expect((await state(page)).selected).toBe(`seller:${member}`);
    await shot(page, '2-seller-why');
  });

  it('when a node is double-clicked, then its neighbourhood is merged in place, and undo takes it out again', async () => {
    const { url, tokens } = fixture();
    const before = await state(page);
    // The identifier whose neighbourhood reaches furthest outside the ring: an honest seller or another ring.
    const candidates = before.visibleNodeIds.filter((id) => /^(address|phone|payment_account|email):/.test(id));
    let target = '';
    let fresh: string[] = [];
    for (const id of candidates) {
      const colon = id.indexOf(':');
      const answer = await fetch(`${url}/api/entities/${id.slice(0, colon)}/${encodeURIComponent(id.slice(colon + 1))}/neighbourhood?limit=150`, { headers: { authorization: `Bearer ${tokens.investigator}` } });
      const graph = (await answer.json()) as { nodes: Array<{ id: string }> };
      const outside = graph.nodes.map((n) => n.id).filter((n) => !before.nodeIds.includes(n));
      if (outside.length > fresh.length) [target, fresh] = [id, outside];
      if (fresh.length >= 3) break;
    }
    expect(fresh.length).toBeGreaterThan(0);

    await clickNode(page, target, true);
    await settled(page, before.revision + 1);
    const after = await state(page);
    expect(after.expanded).toEqual([target]);
    for (const id of fresh) expect(after.nodeIds).toContain(id);
    expect(new URL(page.url()).searchParams.get('exp')).toBe(target);
    await shot(page, '3-expanded');

    await page.click('[data-testid=undo]');
    await settled(page, after.revision + 1);
    const undone = await state(page);
    expect(undone.expanded).toEqual([]);
    expect(undone.nodeIds.sort()).toEqual([...before.nodeIds].sort());

    // On a busy page the two presses of a double-click can be handled more
    // than sigma's 300 ms click timer apart; the browser still reads them as
    // one double-click (clickCount 2), and so must the explorer.
    await clickNode(page, target);
    await page.evaluate(() => {
      const until = performance.now() + 450;
      while (performance.now() < until);
    });
    await page.mouse.down({ clickCount: 2 });
    await page.mouse.up({ clickCount: 2 });
    await settled(page, undone.revision + 1);
    expect((await state(page)).expanded).toEqual([target]);
  });

  it('when the URL of a view is reloaded, then the same ring, selection and expansions come back', async () => {
    const before = await state(page);
    await clickNode(page, before.expanded[0]!);
    const link = page.url();
    const expected = await state(page);

    await page.reload();
    await settled(page);
    const restored = await state(page);
    expect(page.url()).toBe(link);
    expect(restored.ringId).toBe(expected.ringId);
    expect(restored.selected).toBe(expected.selected);
    expect(restored.expanded).toEqual(expected.expanded);
    expect(restored.nodeIds.sort()).toEqual(expected.nodeIds.sort());
    await expect(page.getAttribute('[data-testid=node-details]', 'data-node-id')).resolves.toBe(expected.selected);
    await shot(page, '4-deep-link-restored');
  });

  it('when an entity is searched, then picking it jumps to its ring and selects it', async () => {
    const before = await state(page);
    // A member of another ring that is not already on screen (an expansion may have brought some in).
    const second = fixture().rings.slice(1).find((r) => r.members.some((m) => !before.nodeIds.includes(`seller:${m}`)))!;
    const sellerId = second.members.find((m) => !before.nodeIds.includes(`seller:${m}`))!;
    const revision = before.revision;

    await page.fill('[data-testid=entity-search]', sellerId);
    await page.click(`[data-testid=search-results] [data-node-id="seller:${sellerId}"]`);
    await settled(page, revision + 1);
    await page.waitForFunction((id) => window.__ringtrace?.selected === id, `seller:${sellerId}`);

    const s = await state(page);
    expect(s.ringId).toBe(second.id);
    expect(s.selected).toBe(`seller:${sellerId}`);
    await page.waitForSelector(`[data-testid=node-details][data-node-id="seller:${sellerId}"]`);
    await shot(page, '5-search-jump');
  });

  it('when a name is searched, then each seller result names its id and its ring; when the search fails, then the box says so instead of "No match"', async () => {
    const ring = fixture().rings[0]!;
    const sellerId = ring.members[0]!;
    const { url, tokens } = fixture();
    const entity = (await (await fetch(`${url}/api/entities/seller/${encodeURIComponent(sellerId)}`, { headers: { authorization: `Bearer ${tokens.investigator}` } })).json()) as { label: string };

    await page.fill('[data-testid=entity-search]', entity.label);
    const row = page.locator(`[data-testid=search-results] [data-node-id="seller:${sellerId}"]`);
    await row.waitFor();
    expect(await row.locator('.result-label').textContent()).toBe(entity.label);
    expect(await row.locator('.result-detail').textContent()).toBe(`${sellerId} · ring ${ring.id}`);
    await shot(page, '5b-search-details');

    await page.route('**/api/search?**', (route) => route.fulfill({ status: 503, contentType: 'application/json', body: JSON.stringify({ error: { code: 'STORE_UNAVAILABLE', message: 'the store is not reachable' } }) }));
    try {
      await page.fill('[data-testid=entity-search]', `${entity.label} x`);
      const failed = page.locator('[data-testid=search-results] [data-testid=search-failed]');
      await failed.waitFor();
      expect(await failed.textContent()).toBe('Search failed: the store is not reachable');
      expect(await page.locator('[data-testid=search-results] .search-result').count()).toBe(0);
    } finally {
      await page.unroute('**/api/search?**');
    }
    await page.fill('[data-testid=entity-search]', '');
  });

  it('when a liaison signs in, then only rings with evidence for its brand are listed, and the overview holds only those', async () => {
    const { browser, url, tokens, rings, liaisonBrand } = fixture();
    const liaison = await browser.context.newPage();
    await signIn(liaison, url, tokens.liaison);
    // Pairs and zero-score groups are hidden by default; the liaison's whole scope is one click away.
    if (await liaison.isVisible('[data-testid=show-minor]')) await liaison.click('[data-testid=show-minor]');

    const listed = await liaison.$$eval('.ring-item', (items) => items.map((i) => (i as HTMLElement).dataset.ringId));
    const expected = rings.filter((r) => r.brands.includes(liaisonBrand)).map((r) => r.id);
    expect(expected.length).toBeLessThan(rings.length);
    // The list shows the ring tier by default; linked pairs and groups are one select away.
    const expectedListed = rings.filter((r) => r.brands.includes(liaisonBrand) && (r.tier ?? 'ring') === 'ring').map((r) => r.id);
    expect(listed.sort()).toEqual([...expectedListed].sort());
    await expect(liaison.textContent('[data-testid=role]')).resolves.toBe('liaison');
    await shot(liaison, '6-liaison-list');

    await liaison.click('[data-testid=tab-overview]');
    await settled(liaison);
    // The overview hides pairs and zero-score groups by default too; one click shows the liaison's whole scope.
    if (await liaison.isVisible('[data-testid=overview-minor]')) {
      const revision = await liaison.evaluate(() => window.__ringtrace!.revision);
      await liaison.click('[data-testid=overview-minor]');
      await settled(liaison, revision + 1);
    }
    const overview = await state(liaison);
    expect(overview.screen).toBe('overview');
    expect(overview.nodeIds.sort()).toEqual(expected.map((id) => `ring:${id}`).sort());
    await shot(liaison, '7-liaison-overview');
    await liaison.close();
  });
});
