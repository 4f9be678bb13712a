/**
 * The Alerts tab's badge counts every open alert, as `GET /api/alerts` totals
 * them — not the first page the page fetched (100 alerts at most). A store of
 * its own: a marketplace with more rings than a page, detected with every
 * new ring alerting (minimum score 0).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestExport, loadConfig, runDetection, type FullStore } from '../../engine/index.ts';
import { createEmbeddedStore } from '../../engine/store/embedded/index.ts';
import { issueToken } from '../../api/http/access/tokens.ts';
import { startServer, type RunningServer } from '../../api/http/server.ts';
import { generateMarketplace } from '../../seed/index.ts';
import { launchChromium, type LaunchedBrowser } from './chromium.ts';
import { buildExplorer, signIn } from './explorer-fixture.ts';

describe('explorer Alerts badge', () => {
  let dataDir = '';
  let store: FullStore;
  let server: RunningServer;
  let browser: LaunchedBrowser;
  let token = '';

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'ringtrace-e2e-alerts-'));
    const exportDir = join(dataDir, 'export');
    [browser] = await Promise.all([launchChromium(), buildExplorer(), generateMarketplace({ sellers: 8_000, rings: 90, seed: 11, outDir: exportDir })]);
    store = createEmbeddedStore({ dataDir: join(dataDir, 'store') });
    await store.open();
    await ingestExport(store, exportDir);
    await runDetection(store, {}, { alerts: { minScore: 0, webhook: false } });
    token = (await issueToken(store, { role: 'investigator', name: 'e2e-alerts' })).secret;
    server = await startServer({ config: loadConfig({}, { dataDir, port: 0, host: '127.0.0.1', logLevel: 'silent' }), store });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('when more alerts are open than one page holds, then the badge shows the API total', async () => {
    const answer = await fetch(`${server.url}/api/alerts?status=open&limit=100`, { headers: { authorization: `Bearer ${token}` } });
    const { items, page } = (await answer.json()) as { items: unknown[]; page: { total: number | null } };
    expect(items).toHaveLength(100);
    expect(page.total).toBeGreaterThan(100);

    const tab = await browser.context.newPage();
    try {
      await signIn(tab, server.url, token);
      const badge = tab.locator('[data-testid=alert-badge]');
      await badge.waitFor();
      await tab.waitForFunction(() => document.querySelector('[data-testid=alert-badge]')?.textContent !== '', undefined, { timeout: 30_000 });
      expect(await badge.innerText()).toBe(String(page.total));
    } finally {
      await tab.close();
    }
  });
});
