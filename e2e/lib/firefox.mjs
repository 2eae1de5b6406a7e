// Launches Debian's Firefox ESR for the end-to-end tests, driven by puppeteer-core over WebDriver BiDi: headless,
// fake camera and microphone, no permission prompt. Firefox gathers no loopback candidates, which is why the tests
// run in a network namespace whose agents announce a non-loopback address (netns.mjs).
import puppeteer from 'puppeteer-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Path of the Firefox binary (Debian package `firefox-esr`); override with MERIDIAN_FIREFOX. */
export const FIREFOX = process.env.MERIDIAN_FIREFOX || '/usr/bin/firefox-esr';

/** Preferences every test Firefox runs with. */
export const FIREFOX_PREFS = {
  'media.navigator.streams.fake': true,
  'media.navigator.permission.disabled': true,
  // No updates, telemetry or first-run pages in a test profile.
  'app.update.enabled': false,
  'datareporting.policy.dataSubmissionEnabled': false,
  'browser.shell.checkDefaultBrowser': false,
};

/**
 * Starts one Firefox with a fresh profile; `close()` ends it and removes the profile. The page offers what the
 * e2e helpers use of a Playwright page: goto, evaluate and on('console').
 */
export async function launchFirefox({ logPrefix } = {}) {
  const userDataDir = mkdtempSync(join(tmpdir(), 'meridian-firefox-'));
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: true,
    userDataDir,
    extraPrefsFirefox: FIREFOX_PREFS,
    timeout: 60_000,
  });
  const page = (await browser.pages())[0] ?? (await browser.newPage());
  if (logPrefix) {
    page.on('console', (m) => process.stderr.write(`[${logPrefix}] ${m.type()}: ${m.text()}\n`));
    page.on('pageerror', (e) => process.stderr.write(`[${logPrefix}] pageerror: ${e.message}\n`));
  }
  let closed = false;
  return {
    browser,
    page,
    async close() {
      if (closed) return;
      closed = true;
      await browser.close().catch(() => {});
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
