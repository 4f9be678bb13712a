/**
 * One seeded server and one browser for the explorer's e2e suite: a
 * synthetic marketplace (~3,000 sellers, 25 planted rings) generated, ingested
 * and detected into a fresh embedded store; tokens for an investigator and a
 * liaison scoped to one brand; the explorer bundle built by vite; the real
 * API started on port 0; Debian's Chromium through playwright-core.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { afterAll, beforeAll } from 'vitest';
import type { Page } from 'playwright-core';
import { ingestExport, loadConfig, runDetection, type FullStore, type Ring } from '../../engine/index.ts';
import { createEmbeddedStore } from '../../engine/store/embedded/index.ts';
import { issueToken } from '../../api/http/access/tokens.ts';
import { startServer, type RunningServer } from '../../api/http/server.ts';
import { generateMarketplace } from '../../seed/index.ts';
import { launchChromium, type LaunchedBrowser } from './chromium.ts';

export const SCREENSHOTS = fileURLToPath(new URL('./screenshots/', import.meta.url));

export interface ExplorerFixture {
  url: string;
  store: FullStore;
  browser: LaunchedBrowser;
  /** Rings of the current run, best first (with `why`). */
  rings: Ring[];
  tokens: { investigator: string; liaison: string };
  liaisonBrand: string;
}

export async function buildExplorer(): Promise<void> {
  await build({ configFile: fileURLToPath(new URL('../../viz/vite.config.ts', import.meta.url)), logLevel: 'error' });
}

export function useExplorer(): () => ExplorerFixture {
  let fixture: ExplorerFixture | null = null;
  let server: RunningServer | null = null;
  let dataDir = '';

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    dataDir = mkdtempSync(join(tmpdir(), 'ringtrace-e2e-'));
    const exportDir = join(dataDir, 'export');
    const [browser] = await Promise.all([
      launchChromium(),
      buildExplorer(),
      generateMarketplace({ sellers: 3_000, rings: 25, seed: 5, outDir: exportDir }),
    ]);
    const store = createEmbeddedStore({ dataDir: join(dataDir, 'store') });
    await store.open();
    await ingestExport(store, exportDir);
    await runDetection(store);
    const listed = (await store.listRings({ sort: 'score', offset: 0, limit: 1_000 })).rings;
    const rings = await Promise.all(listed.map(async (r) => (await store.getRing(r.id)) ?? r));
    // A brand that some rings have and others do not, so the liaison's list is a real subset.
    const counts = new Map<string, number>();
    for (const ring of rings) for (const b of ring.brands) counts.set(b, (counts.get(b) ?? 0) + 1);
    const liaisonBrand = [...counts].filter(([, n]) => n < rings.length).sort((a, b) => b[1] - a[1])[0]?.[0] ?? 'none';
    const tokens = {
      investigator: (await issueToken(store, { role: 'investigator', name: 'e2e-investigator' })).secret,
      liaison: (await issueToken(store, { role: 'liaison', brands: [liaisonBrand], name: 'e2e-liaison' })).secret,
    };
    const config = { ...loadConfig({}, { dataDir, port: 0, host: '127.0.0.1', logLevel: 'silent' }), graphNodeLimit: 5_000 };
    server = await startServer({ config, store });
    fixture = { url: server.url, store, browser, rings, tokens, liaisonBrand };
  });

  afterAll(async () => {
    await fixture?.browser.close();
    await server?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  return () => {
    if (!fixture) throw new Error('explorer fixture not ready');
    return fixture;
  };
}

/** Waits until the view has settled after a change (ring opened, expansion merged, deep link restored). */
export async function settled(page: Page, revision = 1): Promise<void> {
  await page.waitForFunction((r) => (window.__ringtrace?.revision ?? 0) >= r && window.__ringtrace?.layoutStatus !== 'running', revision, { timeout: 60_000 });
}

export async function signIn(page: Page, url: string, token: string): Promise<void> {
  await page.goto(`${url}/`);
  await page.fill('input[name=token]', token);
  await page.click('button[type=submit]');
  await page.waitForSelector('.ring-item');
}

export async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
}

/** Where a node is drawn, and what a click there would hit instead when not the node itself. */
async function aim(page: Page, nodeId: string): Promise<{ x: number; y: number; blocked: string | null } | null> {
  return page.evaluate((id) => {
    const at = window.__ringtrace?.nodePosition(id) ?? null;
    if (!at) return null;
    const hit = document.elementFromPoint(at.x, at.y);
    if (!hit || !document.querySelector('[data-testid=graph]')?.contains(hit)) return { ...at, blocked: hit ? `element ${hit.tagName.toLowerCase()}.${hit.className}` : 'nothing' };
    const under = window.__ringtrace?.nodeUnder(at.x, at.y) ?? null;
    return { ...at, blocked: under === id ? null : `node ${under}` };
  }, nodeId);
}

/** Waits until the camera stands still (Fit and wheel zoom animate it). */
async function cameraStill(page: Page): Promise<void> {
  await page.waitForFunction(async () => {
    const read = () => JSON.stringify(window.__ringtrace?.camera ?? null);
    const first = read();
    await new Promise((r) => setTimeout(r, 150));
    return read() === first;
  }, undefined, { timeout: 10_000 });
}

/**
 * Clicks a node as a user would: where it is drawn. A re-layout can leave a
 * node under the toolbar or a legend, or under another node, and a click
 * there hits that instead; the user's moves are made first: Fit (frames the
 * graph into the free area), then zooming in on the node with the wheel
 * (which keeps the point under the cursor and spreads its neighbours).
 */
export async function clickNode(page: Page, nodeId: string, double = false): Promise<void> {
  let at = await aim(page, nodeId);
  if (at?.blocked?.startsWith('element')) {
    await page.click('[data-testid=fit]');
    await cameraStill(page);
    at = await aim(page, nodeId);
  }
  for (let zoom = 0; zoom < 4 && at?.blocked?.startsWith('node'); zoom++) {
    await page.mouse.move(at.x, at.y);
    await page.mouse.wheel(0, -300);
    await cameraStill(page);
    at = await aim(page, nodeId);
  }
  if (!at) throw new Error(`node ${nodeId} is not on screen`);
  if (at.blocked) throw new Error(`node ${nodeId} cannot be clicked where it is drawn: a click there hits ${at.blocked}`);
  if (double) await page.mouse.dblclick(at.x, at.y);
  else await page.mouse.click(at.x, at.y);
}
