// Launches Debian's Chromium for the end-to-end tests: headless, fake camera and microphone, no background noise.
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Path of the Chromium binary (Debian package `chromium`); override with MERIDIAN_CHROMIUM. */
export const CHROMIUM = process.env.MERIDIAN_CHROMIUM || '/usr/bin/chromium';

/** Flags every test browser runs with. */
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Starts one Chromium with a fresh profile directory; `close()` ends it and removes the profile.
 * @returns {Promise<{browser: import('playwright-core').BrowserContext, page: import('playwright-core').Page, close: () => Promise<void>}>}
 */
export async function launchBrowser({ logPrefix } = {}) {
  const userDataDir = mkdtempSync(join(tmpdir(), 'meridian-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_FLAGS,
    timeout: 30_000,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  if (logPrefix) {
    page.on('console', (m) => process.stderr.write(`[${logPrefix}] ${m.type()}: ${m.text()}\n`));
    page.on('pageerror', (e) => process.stderr.write(`[${logPrefix}] pageerror: ${e.message}\n`));
  }
  let closed = false;
  return {
    browser: context,
    page,
    async close() {
      if (closed) return;
      closed = true;
      await context.close().catch(() => {});
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
