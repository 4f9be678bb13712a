/**
 * The explorer as a new investigator meets it (issue 13): the defects a first
 * user hit, each with the check that would have caught it — glyphs in the
 * graph the same as in the legend, the ring node's colour the same as its
 * legend icon, an out-of-scope deep link that says so, feedback on an
 * expansion that adds nothing, the ring list hiding pairs and zero-score
 * groups by default, and "Address" spelt right. Assertions read the DOM and
 * `window.__ringtrace`; glyph orientation is read from the pixels around one
 * node (which half of the shape is wider), never compared to a reference
 * image.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { isMinorGroup } from '../../viz/ui/ring-list.ts';
import { clickNode, settled, shot, signIn, useExplorer } from './explorer-fixture.ts';

type Display = { color: string; shape: string; radius: number; hidden: boolean; label: string | null };

const display = (page: Page, nodeId: string) => page.evaluate((id) => window.__ringtrace?.nodeDisplay(id) ?? null, nodeId) as Promise<Display | null>;
const position = (page: Page, nodeId: string) => page.evaluate((id) => window.__ringtrace?.nodePosition(id) ?? null, nodeId);
const nodeIds = (page: Page) => page.evaluate(() => window.__ringtrace!.nodeIds);
const visibleIds = (page: Page) => page.evaluate(() => window.__ringtrace!.visibleNodeIds);
const revisionOf = (page: Page) => page.evaluate(() => window.__ringtrace!.revision);

function rgb(color: string): [number, number, number] {
  const hex = /^#([0-9a-f]{6})$/i.exec(color);
  if (hex) return [0, 2, 4].map((i) => parseInt(hex[1]!.slice(i, i + 2), 16)) as [number, number, number];
  const m = /rgba?\((\d+),\s*(\d+),\s*(\d+)/.exec(color);
  if (!m) throw new Error(`unreadable colour ${color}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

/** How many pixels of the node's own colour lie on the row `dy` pixels below (positive) or above its centre, within its box. */
async function rowWidths(page: Page, nodeId: string): Promise<{ upper: number; lower: number }> {
  const at = await position(page, nodeId);
  const d = await display(page, nodeId);
  if (!at || !d) throw new Error(`${nodeId} is not drawn`);
  const r = Math.ceil(d.radius * 1.6);
  const png = await page.screenshot({ clip: { x: at.x - r, y: at.y - r, width: 2 * r, height: 2 * r } });
  return page.evaluate(
    async ({ b64, color, radius }) => {
      const img = new Image();
      img.src = `data:image/png;base64,${b64}`;
      await img.decode();
      const canvas = document.createElement('canvas');
      canvas.width = img.width;
      canvas.height = img.height;
      const ctx = canvas.getContext('2d')!;
      ctx.drawImage(img, 0, 0);
      const { data, width, height } = ctx.getImageData(0, 0, img.width, img.height);
      const c = height / 2;
      const count = (row: number): number => {
        let n = 0;
        for (let x = 0; x < width; x++) {
          const i = (Math.round(row) * width + x) * 4;
          if (Math.abs(data[i]! - color[0]) + Math.abs(data[i + 1]! - color[1]) + Math.abs(data[i + 2]! - color[2]) < 60) n++;
        }
        return n;
      };
      const dy = radius * 0.5;
      return { upper: count(c - dy), lower: count(c + dy) };
    },
    { b64: png.toString('base64'), color: rgb(d.color), radius: d.radius },
  );
}

/** The node of a type farthest from every other node on screen, zoomed in on with the mouse wheel. */
async function isolate(page: Page, type: string): Promise<string> {
  const id = await page.evaluate((t) => {
    const s = window.__ringtrace!;
    const all = s.visibleNodeIds.map((n) => ({ n, p: s.nodePosition(n) })).filter((e) => e.p !== null);
    let best = '';
    let bestGap = -1;
    for (const a of all) {
      if (!a.n.startsWith(`${t}:`)) continue;
      let gap = Infinity;
      for (const b of all) if (b.n !== a.n) gap = Math.min(gap, Math.hypot(a.p!.x - b.p!.x, a.p!.y - b.p!.y));
      if (gap > bestGap) [best, bestGap] = [a.n, gap];
    }
    return best;
  }, type);
  if (!id) throw new Error(`no ${type} on screen`);
  for (let i = 0; i < 4; i++) {
    const at = (await position(page, id))!;
    await page.mouse.move(at.x, at.y);
    await page.mouse.wheel(0, -300);
    await page.waitForTimeout(350);
  }
  // Away from the node, so no hover box covers it.
  await page.mouse.move(5, 895);
  await page.waitForTimeout(200);
  return id;
}

describe('explorer for investigators: the defects a new user hit', () => {
  const fixture = useExplorer();
  let page: Page;

  it('when the ring list opens, then pairs and zero-score groups are hidden, and one click shows them all', async () => {
    const { browser, url, tokens, rings } = fixture();
    page = await browser.context.newPage();
    await signIn(page, url, tokens.investigator);
    const listed = async () => page.$$eval('.ring-item', (items) => items.map((i) => (i as HTMLElement).dataset.ringId!));
    const minor = rings.filter(isMinorGroup);
    expect(minor.length).toBeGreaterThan(0);

    const shown = await listed();
    expect(shown.sort()).toEqual(rings.filter((r) => !isMinorGroup(r)).map((r) => r.id).sort());
    await expect(page.textContent('[data-testid=show-minor]')).resolves.toContain(`${minor.length} pairs and zero-score groups hidden`);

    await page.click('[data-testid=show-minor]');
    expect((await listed()).length).toBe(Math.min(rings.length, 150));
    await page.click('[data-testid=show-minor]');
    expect((await listed()).sort()).toEqual(shown.sort());
  });

  it('when a ring is drawn, then each triangle points the way its legend icon does (phones and reports ▲, emails ▼)', async () => {
    const top = fixture().rings[0]!;
    await page.click(`.ring-item[data-ring-id="${top.id}"]`);
    await settled(page);
    // Every node, so phones and emails only one member uses are drawn too.
    await page.click('[data-testid=view-toggle]');
    await page.waitForFunction(() => window.__ringtrace?.viewMode === 'full');
    const types = new Set((await visibleIds(page)).map((n) => n.slice(0, n.indexOf(':'))));
    const checked: string[] = [];
    for (const [type, up] of [['phone', true], ['report', true], ['email', false]] as const) {
      if (!types.has(type)) continue;
      const legendPath = await page.getAttribute(`.legend-item[data-type=${type}] path`, 'd');
      // The legend's own glyph: ▲ starts at the apex on top (y 1.5), ▼ at the top-left corner (y 2).
      expect(legendPath?.startsWith(up ? 'M7 1.5' : 'M1 2')).toBe(true);
      await page.click('button:has-text("Fit")');
      await page.waitForTimeout(400);
      const id = await isolate(page, type);
      const { upper, lower } = await rowWidths(page, id);
      if (up) expect(lower).toBeGreaterThan(upper + 2);
      else expect(upper).toBeGreaterThan(lower + 2);
      checked.push(type);
    }
    expect(checked.length).toBeGreaterThanOrEqual(2);
    await page.click('button:has-text("Fit")');
    await page.waitForTimeout(500);
  });

  it('when a member is expanded and its ring node appears, then the node has its legend colour', async () => {
    const top = fixture().rings[0]!;
    const member = `seller:${top.members[0]}`;
    const before = await revisionOf(page);
    await clickNode(page, member);
    await page.click(`[data-testid=node-details][data-node-id="${member}"] [data-testid=expand]`);
    await settled(page, before + 1);
    const ringNode = (await nodeIds(page)).find((n) => n.startsWith('ring:'));
    expect(ringNode).toBeDefined();
    const legendFill = await page.getAttribute('.legend-item[data-type=ring] svg > *', 'fill');
    expect(rgb((await display(page, ringNode!))!.color)).toEqual(rgb(legendFill!));
  });

  it('when a node whose neighbours are all on screen is double-clicked, then a notice says so and nothing is recorded', async () => {
    const top = fixture().rings[0]!;
    const member = `seller:${top.members[0]}`;
    const expanded = await page.evaluate(() => window.__ringtrace!.expanded);
    await clickNode(page, member, true);
    const notice = page.locator('.toast', { hasText: 'is already on screen' });
    await notice.waitFor({ timeout: 10_000 });
    expect(await page.evaluate(() => window.__ringtrace!.expanded)).toEqual(expanded);
    await shot(page, 'i1-nothing-new');
  });

  it('when an address is searched and opened, then it is called an Address (never "Addresse")', async () => {
    const address = await isolate(page, 'address');
    await clickNode(page, address);
    await page.waitForSelector(`[data-testid=node-details][data-node-id="${address}"]`);
    const kicker = await page.textContent('[data-testid=node-details] .kicker');
    expect(kicker).toMatch(/\bAddress\b/);
    expect(kicker).not.toMatch(/addresse/i);

    const text = (await page.textContent('[data-testid=node-details] h2'))!.slice(0, 12);
    await page.fill('[data-testid=entity-search]', text);
    const result = page.locator('[data-testid=search-results] .search-result', { has: page.locator('.result-type', { hasText: /^Address$/ }) });
    await result.first().waitFor();
    const types = await page.$$eval('[data-testid=search-results] .result-type', (els) => els.map((e) => e.textContent));
    expect(types.some((t) => /addresse/i.test(t ?? ''))).toBe(false);
    await page.fill('[data-testid=entity-search]', '');
    await page.click('[data-testid=fit]');
    await page.waitForTimeout(500);
  });

  it('when the time bar is used, then its histogram counts the ring\'s events, the brush narrows the view, and playback slides the window', async () => {
    await page.waitForSelector('[data-testid=time-bar]:not([hidden])');
    const bars = await page.$$eval('[data-testid=time-histogram] rect', (els) => els.map((e) => ({ kind: (e as SVGElement).dataset.kind!, count: Number((e as SVGElement).dataset.count) })));
    const kinds = new Set(bars.map((b) => b.kind));
    expect(kinds.has('shop opened')).toBe(true);
    expect(kinds.has('report') || kinds.has('shipment')).toBe(true);
    const dated = (await nodeIds(page)).filter((n) => /^(report|shipment):/.test(n)).length;
    expect(bars.filter((b) => b.kind === 'report' || b.kind === 'shipment').reduce((n, b) => n + b.count, 0)).toBe(dated);
    await shot(page, 'i7-time-bar');

    const datedVisible = async () => (await visibleIds(page)).filter((n) => /^(report|shipment):/.test(n)).length;
    const before = await datedVisible();
    await page.$eval('[data-testid=time-from]', (el) => {
      (el as HTMLInputElement).value = '150';
      el.dispatchEvent(new Event('input'));
    });
    expect(await datedVisible()).toBeLessThan(before);
    expect(await page.$$eval('[data-testid=time-histogram] rect.out', (els) => els.length)).toBeGreaterThan(0);

    await page.click('[data-testid=time-play]');
    expect(await page.getAttribute('[data-testid=time-play]', 'data-playing')).toBe('true');
    const start = Number(await page.inputValue('[data-testid=time-from]'));
    await page.waitForFunction((s) => Number((document.querySelector('[data-testid=time-from]') as HTMLInputElement).value) > s + 4, start);
    await page.click('[data-testid=time-play]');
    expect(await page.getAttribute('[data-testid=time-play]', 'data-playing')).toBe('false');
    await shot(page, 'i7-time-bar-playing');
    await page.$eval('[data-testid=time-from]', (el) => {
      (el as HTMLInputElement).value = '0';
      el.dispatchEvent(new Event('input'));
    });
    await page.$eval('[data-testid=time-to]', (el) => {
      (el as HTMLInputElement).value = '200';
      el.dispatchEvent(new Event('input'));
    });
    expect(await datedVisible()).toBe(before);
  });

  it('when Fit is clicked, then every visible node is drawn inside the area the toolbar, legend and filters leave free', async () => {
    await page.click('[data-testid=fit]');
    await page.waitForTimeout(600);
    const outside = await page.evaluate(() => {
      const s = window.__ringtrace!;
      const boxes = ['.toolbar', '[data-testid=legend]', '[data-testid=filters]'].map((q) => document.querySelector(q)!.getBoundingClientRect());
      const stage = document.querySelector('[data-testid=graph]')!.getBoundingClientRect();
      return s.visibleNodeIds.filter((n) => {
        const p = s.nodePosition(n);
        if (!p) return true;
        if (p.x < stage.left || p.x > stage.right || p.y < stage.top || p.y > stage.bottom) return true;
        return boxes.some((b) => p.x >= b.left && p.x <= b.right && p.y >= b.top && p.y <= b.bottom);
      });
    });
    expect(outside).toEqual([]);
    await shot(page, 'i3-fit-free-area');
  });

  it('when the legend and filters are folded, then they shrink to their titles, and a click beside them reaches the graph, not a type filter', async () => {
    const member = `seller:${fixture().rings[0]!.members[0]}`;
    await clickNode(page, member);
    expect(await page.evaluate(() => window.__ringtrace!.selected)).toBe(member);
    const openBox = await page.$eval('[data-testid=legend]', (el) => el.getBoundingClientRect().toJSON() as DOMRect);
    const open = openBox.height;
    await page.click('[data-testid=legend-toggle]');
    await page.click('[data-testid=filters-toggle]');
    const folded = await page.$eval('[data-testid=legend]', (el) => ({ open: (el as HTMLDetailsElement).open, height: el.getBoundingClientRect().height }));
    expect(folded.open).toBe(false);
    expect(folded.height).toBeLessThan(open / 3);
    expect(await page.$eval('[data-testid=filters]', (el) => (el as HTMLDetailsElement).open)).toBe(false);

    // Where the open legend stood is now the graph's: a click there on empty canvas clears the selection.
    const spot = await page.evaluate((box) => {
      const s = window.__ringtrace!;
      const nodes = s.visibleNodeIds.map((n) => s.nodePosition(n)).filter((p) => p !== null);
      const folded = document.querySelector('[data-testid=legend]')!.getBoundingClientRect();
      for (let y = box.top + 10; y < folded.top - 10; y += 8)
        for (let x = box.left + 10; x < box.right - 10; x += 8)
          if (nodes.every((p) => Math.hypot(p!.x - x, p!.y - y) > 30)) return { x, y };
      return null;
    }, openBox);
    expect(spot).not.toBeNull();
    // What the pointer hits there is the graph's canvas, not an overlay.
    const hit = await page.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.closest('[data-testid=graph]') !== null, spot!);
    expect(hit).toBe(true);
    await page.mouse.click(spot!.x, spot!.y);
    expect(await page.$$('.legend-item.off')).toHaveLength(0);
    await page.click('[data-testid=legend-toggle]');
    await page.click('[data-testid=filters-toggle]');
  });

  it('when the window is 1024 px wide, then the filter box overlaps neither the legend nor the details panel', async () => {
    await page.setViewportSize({ width: 1024, height: 768 });
    await page.waitForTimeout(300);
    const boxes = await page.evaluate(() =>
      Object.fromEntries(['[data-testid=legend]', '[data-testid=filters]', '[data-testid=details]', '.stage'].map((q) => [q, document.querySelector(q)!.getBoundingClientRect().toJSON() as DOMRect])),
    );
    const overlap = (a: DOMRect, b: DOMRect) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
    const filters = boxes['[data-testid=filters]']!;
    expect(overlap(filters, boxes['[data-testid=details]']!)).toBe(false);
    expect(overlap(filters, boxes['[data-testid=legend]']!)).toBe(false);
    expect(filters.right).toBeLessThanOrEqual(boxes['.stage']!.right);
    await page.click('[data-testid=fit]');
    await page.waitForTimeout(500);
    await shot(page, 'i4-ring-1024');
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.waitForTimeout(300);
  });

  it("when a liaison opens a link to a ring outside its scope, then the page says so instead of loading forever", async () => {
    const { browser, url, tokens, rings, liaisonBrand } = fixture();
    const outside = rings.find((r) => !r.brands.includes(liaisonBrand))!;
    const liaison = await browser.context.newPage();
    await signIn(liaison, url, tokens.liaison);
    await liaison.goto(`${url}/?ring=${encodeURIComponent(outside.id)}`);
    await liaison.waitForSelector('[data-testid=ring-unavailable]', { timeout: 15_000 });
    const text = await liaison.textContent('[data-testid=details]');
    expect(text).toContain(outside.id);
    expect(text).toContain('outside your scope');
    expect(text).toContain(liaisonBrand);
    expect(text).not.toContain('Loading ring');
    await shot(liaison, 'i2-liaison-out-of-scope');
    await liaison.setViewportSize({ width: 1024, height: 768 });
    await shot(liaison, 'i2-liaison-out-of-scope-1024');
    await liaison.click('[data-testid=ring-unavailable] button');
    await liaison.waitForFunction(() => window.__ringtrace?.screen === 'home');
    await liaison.close();
  });

  it('when a ring opens, then it opens in the evidence view: members, identifiers two or more share, likely sources emphasised, the rest folded into counts', async () => {
    const { browser, url, tokens, rings } = fixture();
    const top = rings[0]!;
    const fresh = await browser.context.newPage();
    await signIn(fresh, url, tokens.investigator);
    await fresh.goto(`${url}/?ring=${encodeURIComponent(top.id)}`);
    await settled(fresh);
    expect(await fresh.evaluate(() => window.__ringtrace!.viewMode)).toBe('evidence');
    const visible = await visibleIds(fresh);
    const all = await nodeIds(fresh);
    expect(visible.length).toBeLessThan(all.length / 2);
    for (const m of top.members) expect(visible).toContain(`seller:${m}`);
    expect(visible.filter((n) => /^(shop|report|shipment|brand):/.test(n))).toEqual([]);
    for (const source of top.likelySources) expect(visible).toContain(`address:${source.key}`);
    const member = await display(fresh, `seller:${top.members[0]}`);
    const source = await display(fresh, `address:${top.likelySources[0]!.key}`);
    expect(source!.radius).toBeGreaterThan(member!.radius);
    // A member's shops are folded into its label.
    const labels = await Promise.all(top.members.map(async (m) => (await display(fresh, `seller:${m}`))?.label ?? ''));
    expect(labels.some((l) => / · \d+ shops?/.test(l))).toBe(true);
    await shot(fresh, 'i5-evidence-view');

    // Labels (read at 1440 px, as drawn, before any resize redraws them): none overlaps another, and the likely
    // sources on screen are labelled first.
    const boxes = await fresh.evaluate(() => window.__ringtrace!.drawnLabels);
    expect(boxes.length).toBeGreaterThan(3);
    for (let i = 0; i < boxes.length; i++)
      for (let j = i + 1; j < boxes.length; j++) {
        const [a, b] = [boxes[i]!, boxes[j]!];
        expect(a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom, `${a.node} overlaps ${b.node}`).toBe(false);
      }
    const labelled = new Set(boxes.map((b) => b.node));
    expect(top.likelySources.some((source) => labelled.has(`address:${source.key}`))).toBe(true);

    await fresh.setViewportSize({ width: 1024, height: 768 });
    await fresh.click('[data-testid=fit]');
    await fresh.waitForTimeout(500);
    await shot(fresh, 'i5-evidence-view-1024');
    await fresh.setViewportSize({ width: 1440, height: 900 });

    // The full view is one click away, and the link keeps it.
    await fresh.click('[data-testid=view-toggle]');
    await fresh.waitForFunction(() => window.__ringtrace?.viewMode === 'full');
    expect((await visibleIds(fresh)).length).toBe(all.length);
    expect(new URL(fresh.url()).searchParams.get('mode')).toBe('full');
    await shot(fresh, 'i6-full-view');
    await fresh.click('[data-testid=view-toggle]');
    await fresh.waitForFunction(() => window.__ringtrace?.viewMode === 'evidence');
    await fresh.close();
  });

  it('when two people open the same ring, then they see the same picture (seeded start, layout steps independent of the clock)', async () => {
    const { browser, url, rings, tokens } = fixture();
    const ringId = rings[1]!.id;
    const positions = async () => {
      const p = await browser.context.newPage();
      await signIn(p, url, tokens.investigator);
      await p.goto(`${url}/?ring=${encodeURIComponent(ringId)}`);
      await settled(p);
      // Sigma draws the last positions on its next frame.
      await p.waitForTimeout(300);
      const out = await p.evaluate(() => Object.fromEntries(window.__ringtrace!.visibleNodeIds.map((n) => [n, window.__ringtrace!.nodePosition(n)])));
      const run = await p.evaluate(() => ({ iterations: window.__ringtrace!.layoutIterations, camera: window.__ringtrace!.camera }));
      await p.close();
      return { out, run };
    };
    const { out: first, run: one } = await positions();
    const { out: second, run: two } = await positions();
    expect(two).toEqual(one);
    expect(Object.keys(second).sort()).toEqual(Object.keys(first).sort());
    for (const [node, at] of Object.entries(first)) {
      expect(Math.abs(at!.x - second[node]!.x), node).toBeLessThan(1);
      expect(Math.abs(at!.y - second[node]!.y), node).toBeLessThan(1);
    }
  });

  it('when the overview opens, then it explains colour, size and links, names the ring families, and hides pairs and zero-score groups until asked', async () => {
    const { browser, url, tokens, rings } = fixture();
    const p = await browser.context.newPage();
    await signIn(p, url, tokens.investigator);
    await p.click('[data-testid=tab-overview]');
    await settled(p);
    const key = (await p.textContent('[data-testid=overview-key]'))!;
    expect(key).toContain('Colour = ring score');
    expect(key).toContain('Size = members');
    expect(await p.textContent('[data-testid=overview-link-meaning]')).toMatch(/share identifiers \(here: [a-z ,]+\)/);
    expect(await p.textContent('[data-testid=overview-families]')).toMatch(/families|No two rings/);
    // The overview hides what the ring list hides: linked groups, pairs and zero-score groups.
    const real = rings.filter((r) => !isMinorGroup({ size: r.members.length, score: r.score, tier: r.tier })).map((r) => `ring:${r.id}`).sort();
    expect((await nodeIds(p)).sort()).toEqual(real);
    await shot(p, 'i8-overview');
    await p.setViewportSize({ width: 1024, height: 768 });
    await shot(p, 'i8-overview-1024');
    await p.setViewportSize({ width: 1440, height: 900 });
    const revision = await revisionOf(p);
    await p.click('[data-testid=overview-minor]');
    await settled(p, revision + 1);
    expect((await nodeIds(p)).length).toBe(rings.length);
    await p.close();
  });
});
