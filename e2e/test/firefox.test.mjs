// Firefox and Chromium in one conference: Debian's Firefox ESR (WebDriver BiDi through puppeteer-core) and Chromium
// (Playwright) exchange audio and video both ways, on one agent and across a relay between two agents.
//
// Two things Firefox needs that Chromium does not: it offers every m-section after the first with port 0 and
// `a=bundle-only` (RFC 8843), which the agent must accept rather than reject; and it gathers host candidates only on
// the interface of the default route, which the test namespace therefore has (netns.mjs).
import { ensureGeoIpDatabase } from '../lib/geoip.mjs';
import { isolateNetwork } from '../lib/netns.mjs';

const GEOIP_DB = ensureGeoIpDatabase();
isolateNetwork();

const { test } = await import('node:test');
const assert = await import('node:assert/strict');
const { waitFor } = await import('../lib/stack.mjs');
const { useTwoContinents } = await import('../lib/fixture.mjs');
const { assertGrowing, receivingGrowth, waitUntilReceiving } = await import('../lib/participant.mjs');

const { e2e, via } = useTwoContinents(GEOIP_DB, { logLines: 40 });

async function placement(stack, conference) {
  const response = await fetch(`${stack.baseUrl}/v1/conferences/${encodeURIComponent(conference)}`, { headers: stack.appAuth });
  assert.equal(response.status, 200);
  const c = await response.json();
  return { mode: c.mode, agents: Object.fromEntries(c.participants.map((p) => [p.participantId, p.agentId])), links: c.links };
}

test('Firefox and Chromium exchange audio and video both ways on one agent', { timeout: 240_000 }, () => e2e.withLogs(async () => {
  const conf = 'e2e-firefox-one';
  const fox = await e2e.join(conf, 'fox', via.europe.url, { browser: 'firefox' });
  const chrome = await e2e.join(conf, 'chrome', via.europe.url);
  assert.deepEqual((await placement(e2e.stack, conf)).agents, { fox: 'agent-eu', chrome: 'agent-eu' });

  await waitUntilReceiving(chrome, ['fox']);
  await waitUntilReceiving(fox, ['chrome']);
  assertGrowing(await receivingGrowth(chrome, ['fox']));
  assertGrowing(await receivingGrowth(fox, ['chrome']));
}));

test('Firefox in Europe and Chromium in America exchange audio and video both ways across the relay', { timeout: 240_000 }, () => e2e.withLogs(async () => {
  const conf = 'e2e-firefox-relay';
  const fox = await e2e.join(conf, 'fox', via.europe.url, { browser: 'firefox' });
  const chrome = await e2e.join(conf, 'chrome', via.america.url);
  const placed = await placement(e2e.stack, conf);
  assert.equal(placed.mode, 'cascaded');
  assert.deepEqual(placed.agents, { fox: 'agent-eu', chrome: 'agent-us' });
  await waitFor(async () => (await placement(e2e.stack, conf)).links.some((l) => l.state === 'OPEN'),
    { message: 'the relay link to be OPEN', timeout: 30_000 });

  await waitUntilReceiving(chrome, ['fox']);
  await waitUntilReceiving(fox, ['chrome']);
  assertGrowing(await receivingGrowth(chrome, ['fox']));
  assertGrowing(await receivingGrowth(fox, ['chrome']));
}));
