// One participant: a Chromium (or Firefox) on the controller's demo page, with helpers to read what it receives.
import assert from 'node:assert/strict';
import { launchBrowser } from './browser.mjs';
import { launchFirefox } from './firefox.mjs';
import { waitFor } from './stack.mjs';

/**
 * Opens `${baseUrl}/demo?conference=…&participant=…` (and `&from=<city>`, a location hint, when given) in a fresh
 * browser (`browser`: 'chromium' or 'firefox') and waits until it joined.
 * @returns {Promise<{id: string, page: import('playwright-core').Page, stats: () => Promise<object>, state: () => Promise<object>, leave: () => Promise<void>, close: () => Promise<void>}>}
 */
export async function joinAsParticipant(baseUrl, conference, id, { browser: kind = 'chromium', from } = {}) {
  const launch = kind === 'firefox' ? launchFirefox : launchBrowser;
  const browser = await launch({ logPrefix: process.env.MERIDIAN_E2E_VERBOSE ? id : undefined });
  const { page } = browser;
  try {
    const hint = from ? `&from=${encodeURIComponent(from)}` : '';
    await page.goto(`${baseUrl}/demo?conference=${encodeURIComponent(conference)}&participant=${encodeURIComponent(id)}${hint}`);
    // Polled through evaluate, which Playwright and Puppeteer pages both offer alike.
    await waitFor(() => page.evaluate(() => Boolean(window.meridianDemo) && window.meridianDemo.state !== 'joining'),
      { timeout: 45_000, message: `${id} to finish joining` });
    const state = await page.evaluate(() => ({ state: window.meridianDemo.state, error: window.meridianDemo.error }));
    if (state.state !== 'joined') throw new Error(`${id} could not join: ${state.error}`);
  } catch (e) {
    await browser.close();
    throw e;
  }
  return {
    id,
    browser: kind,
    page,
    /** Inbound stats per remote participant (see MeridianSession.stats). */
    stats: () => page.evaluate(() => window.meridianDemo.session.stats()),
    /** Demo state, close code and reason, and the remote participants the client renders. */
    state: () => page.evaluate(() => ({
      state: window.meridianDemo.state,
      closeInfo: window.meridianDemo.session?.closeInfo ?? null,
      remote: [...(window.meridianDemo.session?.participants.keys() ?? [])].sort(),
    })),
    leave: () => page.evaluate(() => window.meridianDemo.session.leave()),
    close: () => browser.close(),
  };
}

/** Waits until `p` decodes video and receives audio from every one of `others` (ids). */
export async function waitUntilReceiving(p, others, timeout = 45_000) {
  await waitFor(async () => {
    const s = await p.stats();
    return others.every((o) => s.participants[o]?.video?.framesDecoded > 0 && s.participants[o]?.audio?.packetsReceived > 0);
  }, { timeout, message: `${p.id} to decode video and receive audio from ${others.join(', ')}` });
}

/**
 * Checks that media from every one of `others` keeps arriving at `p`: framesDecoded and audio packetsReceived
 * both grow over `windowMs`. Returns the two samples for the assertion messages.
 */
export async function receivingGrowth(p, others, windowMs = 3000) {
  const before = await p.stats();
  await new Promise((r) => setTimeout(r, windowMs));
  const after = await p.stats();
  return others.map((o) => ({
    from: o,
    at: p.id,
    framesDecoded: [before.participants[o]?.video?.framesDecoded ?? 0, after.participants[o]?.video?.framesDecoded ?? 0],
    audioPackets: [before.participants[o]?.audio?.packetsReceived ?? 0, after.participants[o]?.audio?.packetsReceived ?? 0],
  }));
}

/** Asserts that every sample of receivingGrowth shows both decoded video frames and audio packets growing. */
export function assertGrowing(samples) {
  for (const s of samples) {
    assert.ok(s.framesDecoded[1] > s.framesDecoded[0], `${s.at} decodes ${s.from}'s video: framesDecoded ${s.framesDecoded.join(' → ')}`);
    assert.ok(s.audioPackets[1] > s.audioPackets[0], `${s.at} receives ${s.from}'s audio: packetsReceived ${s.audioPackets.join(' → ')}`);
  }
}
