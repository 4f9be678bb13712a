/**
 * The investigator's workspace in the explorer (issue 13, second part):
 * styling rules chosen in the Style control (colour by status or brand
 * evidence, size by parcels or degree) with the legend's key and visible
 * counts, named saved views kept on the server and shared by link, filters
 * kept in the URL, multi-select with pinning and grouping, and the
 * overview's tier filter. Assertions read the DOM and `window.__ringtrace`;
 * screenshots are artefacts to look at.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { STATUS_COLORS, NEUTRAL } from '../../viz/render/style-rules.ts';
import { NODE_STYLES } from '../../viz/render/theme.ts';
import { settled, shot, signIn, useExplorer } from './explorer-fixture.ts';

type Display = { color: string; shape: string; radius: number; hidden: boolean; label: string | null };
const display = (page: Page, nodeId: string) => page.evaluate((id) => window.__ringtrace?.nodeDisplay(id) ?? null, nodeId) as Promise<Display | null>;
const visibleIds = (page: Page) => page.evaluate(() => window.__ringtrace!.visibleNodeIds);
const revisionOf = (page: Page) => page.evaluate(() => window.__ringtrace!.revision);

async function frame(page: Page): Promise<void> {
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

describe('explorer workspace: styling, saved views, URL filters, multi-select, overview tiers', () => {
  const fixture = useExplorer();
  let page: Page;

  it('when colour by status is chosen, then every seller and shop on screen takes its status colour, the legend lists the key, and the graph data are untouched', async () => {
    const { browser, url, tokens, rings, store } = fixture();
    page = await browser.context.newPage();
    await signIn(page, url, tokens.investigator);
    const top = rings[0]!;
    await page.click(`.ring-item[data-ring-id="${top.id}"]`);
    await settled(page);
    const member = `seller:${top.members[0]!}`;
    expect((await display(page, member))!.color).toBe(NODE_STYLES.seller.color);
    const before = await page.evaluate(() => window.__ringtrace!.nodeIds);

    await page.selectOption('[data-testid=style-color]', 'status');
    await frame(page);
    const facts = await store.sellerFacts(top.members);
    for (const m of top.members) {
      const status = facts.get(m)!.status!;
      expect((await display(page, `seller:${m}`))!.color).toBe(STATUS_COLORS[status]);
    }
    const identifier = (await visibleIds(page)).find((n) => n.startsWith('phone:') || n.startsWith('address:'))!;
    expect((await display(page, identifier))!.color).toBe(NEUTRAL);
    const key = await page.$$eval('[data-testid=color-key]', (els) => els.map((e) => ({ text: e.textContent ?? '', color: (e as HTMLElement).dataset.color })));
    const visibleSellers = (await visibleIds(page)).filter((n) => n.startsWith('seller:') || n.startsWith('shop:')).length;
    const sum = key.reduce((n, k) => n + Number(/(\d+)$/.exec(k.text)![1]), 0);
    expect(sum).toBe(visibleSellers);
    const statuses = new Set([...facts.values()].map((f) => f.status!));
    for (const s of statuses) expect(key.map((k) => k.color)).toContain(STATUS_COLORS[s]);
    expect(await page.evaluate(() => window.__ringtrace!.nodeIds)).toEqual(before);
    await shot(page, 'w1-style-status');
  });

  it('when colour by brand evidence is chosen, then sellers with counterfeit verdicts share their top brand’s colour and the key names that brand', async () => {
    const top = fixture().rings[0]!;
    await page.selectOption('[data-testid=style-color]', 'brand');
    await frame(page);
    const facts = await fixture().store.sellerFacts(top.members);
    const withVerdicts = top.members.filter((m) => facts.get(m)!.counterfeitBrands.length > 0);
    expect(withVerdicts.length).toBeGreaterThan(0);
    for (const m of withVerdicts) expect((await display(page, `seller:${m}`))!.color).not.toBe(NEUTRAL);
    const without = top.members.filter((m) => facts.get(m)!.counterfeitBrands.length === 0);
    for (const m of without) expect((await display(page, `seller:${m}`))!.color).toBe(NEUTRAL);
    const keyText = await page.textContent('[data-testid=legend]');
    expect(top.brands.some((b) => keyText!.includes(b))).toBe(true);
  });

  it('when size by parcels is chosen, then the top likely source is drawn at least as big as any node and a node that ships nothing is small', async () => {
    const top = fixture().rings[0]!;
    await page.selectOption('[data-testid=style-size]', 'parcels');
    await frame(page);
    const source = `address:${top.likelySources[0]!.key}`;
    const ids = await visibleIds(page);
    const radii = new Map<string, number>();
    for (const id of ids) radii.set(id, (await display(page, id))!.radius);
    const biggest = Math.max(...radii.values());
    expect(radii.get(source)!).toBeGreaterThanOrEqual(biggest - 0.01);
    const phone = ids.find((n) => n.startsWith('phone:') || n.startsWith('email:') || n.startsWith('payment_account:'));
    if (phone) expect(radii.get(phone)!).toBeLessThan(radii.get(source)! / 2);
    await expect(page.textContent('[data-testid=size-key]')).resolves.toContain('parcels');

    await page.selectOption('[data-testid=style-size]', 'degree');
    await frame(page);
    await expect(page.textContent('[data-testid=size-key]')).resolves.toContain('links');
    await page.setViewportSize({ width: 1024, height: 768 });
    await page.waitForTimeout(300);
    await shot(page, 'w2-style-brand-degree-1024');
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.waitForTimeout(300);
    await shot(page, 'w2-style-brand-degree');
  });

  it('when a type is hidden or folded, then its legend entry counts the nodes on screen against the graph', async () => {
    const entry = async (type: string) => page.$eval(`.legend-item[data-type=${type}]`, (e) => ({ visible: Number((e as HTMLElement).dataset.visible), total: Number((e as HTMLElement).dataset.total), text: e.textContent ?? '' }));
    const ids = await visibleIds(page);
    const perType = (type: string) => ids.filter((n) => n.startsWith(`${type}:`)).length;
    const seller = await entry('seller');
    expect(seller.visible).toBe(perType('seller'));
    // The evidence view folds shops into their sellers: none on screen, all in the graph.
    const shops = await entry('shop');
    expect(shops.visible).toBe(0);
    expect(shops.total).toBeGreaterThan(0);
    expect(shops.text).toContain(`0 / ${shops.total}`);
    const address = await entry('address');
    expect(address.visible).toBe(perType('address'));
    const revision = await revisionOf(page);
    await page.click('.legend-item[data-type=address]');
    await frame(page);
    expect((await entry('address')).visible).toBe(0);
    await page.click('.legend-item[data-type=address]');
    await frame(page);
    expect((await entry('address')).visible).toBe(address.visible);
    expect(await revisionOf(page)).toBeGreaterThanOrEqual(revision);
    await page.selectOption('[data-testid=style-color]', 'type');
    await page.selectOption('[data-testid=style-size]', 'type');
  });
});
