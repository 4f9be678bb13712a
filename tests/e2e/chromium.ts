/**
 * Launches Debian's Chromium (/usr/bin/chromium) through playwright-core —
 * never a downloaded browser — headless, sandbox off (CI runs as root), no
 * background traffic, a fresh profile per launch. WebGL falls back to
 * SwiftShader, which Chromium only allows when asked (`--enable-unsafe-swiftshader`);
 * sigma needs WebGL.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

export const CHROMIUM_PATH = process.env.RINGTRACE_CHROMIUM ?? '/usr/bin/chromium';

export interface LaunchedBrowser {
  /** A persistent context on the fresh profile (playwright's way to pass a user-data-dir). */
  context: BrowserContext;
  close(): Promise<void>;
}

export async function launchChromium(): Promise<LaunchedBrowser> {
  const profile = mkdtempSync(join(tmpdir(), 'ringtrace-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    viewport: { width: 1440, height: 900 },
    acceptDownloads: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--enable-unsafe-swiftshader',
    ],
  });
  return {
    context,
    async close() {
      await context.close().catch(() => undefined);
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
