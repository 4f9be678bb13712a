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
import { isMinorGroup } from '../../viz/ui/ring-list.ts';
import { issueToken } from '../../api/http/access/tokens.ts';
import { clickNode, settled, shot, signIn, useExplorer } from './explorer-fixture.ts';

type Display = { color: string; shape: string; radius: number; hidden: boolean; label: string | null };
const display = (page: Page, nodeId: string) => page.evaluate((id) => window.__ringtrace?.nodeDisplay(id) ?? null, nodeId) as Promise<Display | null>;
const visibleIds = (page: Page) => page.evaluate(() => window.__ringtrace!.visibleNodeIds);
const revisionOf = (page: Page) => page.evaluate(() => window.__ringtrace!.revision);

const graphPosition = (page: Page, nodeId: string) => page.evaluate((id) => window.__ringtrace!.graphPosition(id), nodeId);
const testState = (page: Page) =>
  page.evaluate(() => {
    const s = window.__ringtrace!;
    return { multi: s.multi, pinned: s.pinned, hiddenByHand: s.hiddenByHand, groups: s.groups, style: s.style, expanded: s.expanded, visibleNodeIds: s.visibleNodeIds, ringId: s.ringId, layoutStatus: s.layoutStatus, screen: s.screen, nodeIds: s.nodeIds };
  });

async function shiftClick(page: Page, nodeId: string): Promise<void> {
  const at = await page.evaluate((id) => window.__ringtrace?.nodePosition(id) ?? null, nodeId);
  if (!at) throw new Error(`node ${nodeId} is not on screen`);
  await page.keyboard.down('Shift');
  await page.mouse.click(at.x, at.y);
  await page.keyboard.up('Shift');
}

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

  let savedId = '';

  it('when a view is saved under a name, then it is listed, and another user opening its link gets the same ring, filters, style and positions', async () => {
    const { browser, url, tokens, rings } = fixture();
    const top = rings[0]!;
    await page.selectOption('[data-testid=style-color]', 'status');
    await page.click('.legend-item[data-type=phone]');
    await frame(page);
    await page.click('[data-testid=views-toggle]');
    await page.fill('[data-testid=view-name]', 'Status with phones hidden');
    await page.click('[data-testid=view-save]');
    await page.waitForSelector('[data-testid=view-item]');
    const items = await page.$$eval('[data-testid=view-item]', (els) => els.map((e) => ({ id: (e as HTMLElement).dataset.viewId!, text: e.textContent ?? '' })));
    expect(items).toHaveLength(1);
    expect(items[0]!.text).toContain('Status with phones hidden');
    expect(items[0]!.text).toContain(top.id);
    savedId = items[0]!.id;
    await page.click('[data-testid=view-item] [data-testid=view-link]');
    const link = await page.inputValue('[data-testid=view-share]');
    expect(link).toBe(`${url}/#view=${savedId}`);
    await shot(page, 'w3-saved-views');
    await page.setViewportSize({ width: 1024, height: 768 });
    await page.waitForTimeout(200);
    await shot(page, 'w3-saved-views-1024');
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.click('[data-testid=views-toggle]');

    const saved = (await (await fetch(`${url}/api/views/${savedId}`, { headers: { authorization: `Bearer ${tokens.investigator}` } })).json()) as { state: { positions: Record<string, [number, number]> } };
    // Another person: a viewer (sees every ring, masked) opening the link.
    const viewer = (await issueToken(fixture().store, { role: 'viewer', name: 'e2e-viewer' })).secret;
    const other = await browser.context.newPage();
    await signIn(other, url, viewer);
    await other.goto(`${url}/#view=${savedId}`);
    await settled(other);
    await other.waitForFunction((id) => window.__ringtrace?.ringId === id && window.__ringtrace.style?.color === 'status', top.id);
    expect(new URL(other.url()).searchParams.get('hide')).toBe('phone');
    expect(new URL(other.url()).hash).toBe('');
    await expect(other.getAttribute('.legend-item[data-type=phone]', 'aria-pressed')).resolves.toBe('false');
    const member = `seller:${top.members[0]!}`;
    const at = await graphPosition(other, member);
    expect(at![0]).toBeCloseTo(saved.state.positions[member]![0], 1);
    expect(at![1]).toBeCloseTo(saved.state.positions[member]![1], 1);
    expect((await testState(other)).layoutStatus).toBe('settled');
    await other.close();
  });

  it("when a liaison opens a shared view of a ring outside its brands, then it gets the same 'not available' as a ring link", async () => {
    const { browser, url, tokens, rings, liaisonBrand } = fixture();
    const outside = rings.find((r) => !r.brands.includes(liaisonBrand))!;
    const answer = await fetch(`${url}/api/views`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.investigator}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'outside', ringId: outside.id, state: { mode: 'evidence', selected: null, expanded: [], hiddenTypes: [], minEvidence: 0, timeRange: null, style: { color: 'type', size: 'type' }, positions: {}, pinned: [], hidden: [], groups: [] } }),
    });
    const foreign = ((await answer.json()) as { id: string }).id;
    const liaison = await browser.context.newPage();
    await signIn(liaison, url, tokens.liaison);
    await liaison.goto(`${url}/#view=${foreign}`);
    await liaison.waitForSelector('[data-testid=ring-unavailable][data-kind=view]', { timeout: 15_000 });
    const text = (await liaison.textContent('[data-testid=details]'))!;
    expect(text).toContain('not available');
    expect(text).toContain('outside your scope');
    expect(text).not.toContain(outside.id);
    expect((await testState(liaison)).ringId).toBeNull();
    await fetch(`${url}/api/views/${foreign}`, { method: 'DELETE', headers: { authorization: `Bearer ${tokens.investigator}` } });
    await liaison.close();
  });

  it('when filters, the time brush, the style and the tier are set, then the URL keeps them and a reload restores them', async () => {
    const { url } = fixture();
    await page.click('.legend-item[data-type=phone]');
    await page.click('.legend-item[data-type=address]');
    await page.selectOption('[data-testid=style-size]', 'degree');
    await page.$eval('[data-testid=min-weight]', (el) => {
      (el as HTMLInputElement).value = '0.3';
      el.dispatchEvent(new Event('input'));
    });
    await page.$eval('[data-testid=time-from]', (el) => {
      (el as HTMLInputElement).value = '40';
      el.dispatchEvent(new Event('input'));
    });
    await page.selectOption('[data-testid=ring-tier]', 'all');
    await page.waitForTimeout(400);
    const params = new URL(page.url()).searchParams;
    expect(params.get('hide')).toBe('address');
    expect(params.get('ties')).toBe('0.3');
    expect(params.get('time')).toMatch(/^\d+~\d+$/);
    expect(params.get('color')).toBe('status');
    expect(params.get('size')).toBe('degree');
    expect(params.get('tier')).toBe('all');
    const before = await testState(page);

    await page.reload();
    await settled(page);
    await page.waitForFunction(() => window.__ringtrace?.style?.size === 'degree');
    const after = await testState(page);
    expect(after.ringId).toBe(before.ringId);
    expect(after.style).toEqual({ color: 'status', size: 'degree' });
    await expect(page.getAttribute('.legend-item[data-type=address]', 'aria-pressed')).resolves.toBe('false');
    await expect(page.inputValue('[data-testid=min-weight]')).resolves.toBe('0.3');
    await expect(page.inputValue('[data-testid=time-from]')).resolves.toBe('40');
    await expect(page.inputValue('[data-testid=ring-tier]')).resolves.toBe('all');
    expect(after.visibleNodeIds.sort()).toEqual(before.visibleNodeIds.sort());
    expect(`${url}/${new URL(page.url()).search}`).toContain('tier=all');
    await page.goto(`${url}/?ring=${encodeURIComponent(before.ringId!)}`);
    await settled(page);
  });

  it('when several nodes are shift-clicked or boxed, then the bar counts them; pin keeps them still through a layout run, hide hides them, expand-all expands each', async () => {
    const top = fixture().rings[0]!;
    const members = top.members.slice(0, 3).map((m) => `seller:${m}`);
    for (const m of members) await shiftClick(page, m);
    expect((await testState(page)).multi.sort()).toEqual([...members].sort());
    await expect(page.textContent('[data-testid=multi-count]')).resolves.toBe('3 selected');
    expect((await display(page, members[0]!))!.color).not.toBe(NEUTRAL);

    // A box around everything selects every visible node.
    const box = await page.$eval('[data-testid=graph]', (e) => e.getBoundingClientRect().toJSON() as DOMRect);
    await page.keyboard.down('Shift');
    await page.mouse.move(box.left + 2, box.top + 100);
    await page.mouse.down();
    await page.mouse.move(box.right - 2, box.bottom - 2, { steps: 5 });
    await page.mouse.up();
    await page.keyboard.up('Shift');
    const boxed = (await testState(page)).multi;
    expect(boxed.length).toBeGreaterThan(3);
    await shot(page, 'w4-multi-select');
    await page.setViewportSize({ width: 1024, height: 768 });
    await page.waitForTimeout(200);
    await shot(page, 'w4-multi-select-1024');
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.click('[data-testid=multi-clear]');
    expect((await testState(page)).multi).toEqual([]);

    for (const m of members) await shiftClick(page, m);
    await page.click('[data-testid=multi-pin]');
    expect((await testState(page)).pinned.sort()).toEqual([...members].sort());
    const still = await Promise.all(members.map((m) => graphPosition(page, m)));
    await page.click('[data-testid=layout-toggle]');
    await page.waitForFunction(() => window.__ringtrace!.layoutStatus === 'running' || window.__ringtrace!.layoutIterations > 0);
    await settled(page);
    const moved = await Promise.all(members.map((m) => graphPosition(page, m)));
    expect(moved).toEqual(still);

    await page.click('[data-testid=multi-hide]');
    const hidden = await testState(page);
    for (const m of members) expect(hidden.visibleNodeIds).not.toContain(m);
    expect(hidden.hiddenByHand.sort()).toEqual([...members].sort());
    await page.click('[data-testid=show-hidden]');
    for (const m of members) expect((await testState(page)).visibleNodeIds).toContain(m);

    const source = `address:${top.likelySources[0]!.key}`;
    const revision = await revisionOf(page);
    await shiftClick(page, members[0]!);
    await shiftClick(page, source);
    await page.click('[data-testid=multi-expand]');
    await settled(page, revision + 1);
    await page.waitForFunction((n) => window.__ringtrace!.expanded.length >= n, 1);
    const expanded = (await testState(page)).expanded;
    expect(expanded.every((n) => n === members[0] || n === source)).toBe(true);
    await page.keyboard.press('Escape');
    expect((await testState(page)).multi).toEqual([]);
  });

  it('when selected nodes are grouped, then one group node stands for them; expanding it puts them back; the group survives a saved view', async () => {
    const top = fixture().rings[0]!;
    const members = top.members.slice(3, 6).map((m) => `seller:${m}`);
    const before = await Promise.all(members.map((m) => graphPosition(page, m)));
    for (const m of members) await shiftClick(page, m);
    await page.click('[data-testid=multi-group]');
    const grouped = await testState(page);
    expect(grouped.groups).toHaveLength(1);
    expect(grouped.groups[0]!.members.sort()).toEqual([...members].sort());
    expect(grouped.groups[0]!.collapsed).toBe(true);
    await frame(page);
    const anchor = grouped.groups[0]!.members[0]!;
    const shown = (await display(page, anchor))!;
    expect(shown.label).toContain('· 3');
    for (const m of members.filter((x) => x !== anchor)) {
      expect((await display(page, m))!.radius).toBeLessThan(1);
      expect(await graphPosition(page, m)).toEqual(await graphPosition(page, anchor));
    }
    await shot(page, 'w5-group');

    await page.click('[data-testid=views-toggle]');
    await page.fill('[data-testid=view-name]', 'With a group');
    await page.click('[data-testid=view-save]');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=view-item]').length === 2);
    const groupView = await page.$eval('[data-testid=view-item]', (e) => (e as HTMLElement).dataset.viewId!);
    await page.click('[data-testid=views-toggle]');

    await clickNode(page, anchor);
    await page.waitForSelector('[data-testid=group-panel]');
    await page.click('[data-testid=group-toggle]');
    const open = await testState(page);
    expect(open.groups[0]!.collapsed).toBe(false);
    const back = await Promise.all(members.map((m) => graphPosition(page, m)));
    expect(back).toEqual(before);

    await page.click('[data-testid=views-toggle]');
    await page.click(`[data-testid=view-item][data-view-id="${groupView}"] [data-testid=view-open]`);
    await page.waitForFunction(() => window.__ringtrace!.groups.length === 1 && window.__ringtrace!.groups[0]!.collapsed);
    expect((await testState(page)).groups[0]!.members.sort()).toEqual([...members].sort());

    // Delete both views: the list empties.
    for (let i = 0; i < 2; i++) {
      await page.click('[data-testid=view-item] [data-testid=view-delete]');
      await page.waitForFunction((n) => document.querySelectorAll('[data-testid=view-item]').length === n, 1 - i);
    }
    await page.click('[data-testid=views-toggle]');
  });

  it('when the overview tier is switched, then it draws rings only, pairs and zero-score groups only, or all, and the URL keeps it', async () => {
    const { rings } = fixture();
    await page.click('[data-testid=tab-overview]');
    await page.waitForFunction(() => window.__ringtrace?.screen === 'overview' && window.__ringtrace.nodeIds.length > 0);
    await page.selectOption('[data-testid=ring-tier]', 'ring');
    await page.waitForTimeout(100);
    const count = () => page.evaluate(() => window.__ringtrace!.nodeIds.length);
    await page.selectOption('[data-testid=overview-tier]', 'ring');
    await page.waitForFunction((n) => window.__ringtrace!.nodeIds.length === n, rings.filter((r) => !isMinorGroup(r)).length);
    await page.selectOption('[data-testid=overview-tier]', 'linked');
    await page.waitForFunction((n) => window.__ringtrace!.nodeIds.length === n, rings.filter(isMinorGroup).length);
    expect(new URL(page.url()).searchParams.get('tier')).toBe('linked');
    await page.selectOption('[data-testid=overview-tier]', 'ring');
    await page.waitForFunction((n) => window.__ringtrace!.nodeIds.length === n, rings.filter((r) => !isMinorGroup(r)).length);
    await page.click('[data-testid=overview-minor]');
    await page.waitForFunction((n) => window.__ringtrace!.nodeIds.length === n, rings.length);
    expect(await count()).toBe(rings.length);
    await expect(page.inputValue('[data-testid=overview-tier]')).resolves.toBe('all');
    await page.reload();
    await page.waitForFunction((n) => window.__ringtrace?.screen === 'overview' && window.__ringtrace.nodeIds.length === n, rings.length);
    await shot(page, 'w6-overview-all');
  });
});
