// Issue 4's end-to-end test: one conference across two agents on two continents, media relayed between them.
//
// Browsers reach the controller through one small HTTP proxy per "region" (lib/forwarding-proxy.mjs) that adds an
// X-Forwarded-For address GeoLite2 places on that continent; the controller trusts the proxies (127.0.0.1/32) and
// locates each browser by that address. The WebRTC media goes straight to the agents, as in production.
import { ensureGeoIpDatabase } from '../lib/geoip.mjs';
import { isolateNetwork } from '../lib/netns.mjs';

const GEOIP_DB = ensureGeoIpDatabase();
isolateNetwork();

const { test } = await import('node:test');
const assert = await import('node:assert/strict');
const { waitFor } = await import('../lib/stack.mjs');
const { useTwoContinents } = await import('../lib/fixture.mjs');
const { assertGrowing, receivingGrowth, waitUntilReceiving } = await import('../lib/participant.mjs');

/** GET /v1/conferences/{id}: mode, agents, relay links, participants. */
async function conference(stack, id) {
  const response = await fetch(`${stack.baseUrl}/v1/conferences/${encodeURIComponent(id)}`, { headers: stack.appAuth });
  assert.equal(response.status, 200, `GET conference ${id}`);
  return response.json();
}

const { e2e, via } = useTwoContinents(GEOIP_DB);

const openLinks = (c) => c.links.filter((l) => l.state === 'OPEN');
const placement = (c) => Object.fromEntries(c.participants.map((p) => [p.participantId, p.agentId]));

test('a far participant is cascaded to its own region and both receive each other through the relay; a third joins; leaves tear the relay down', { timeout: 300_000 }, () => e2e.withLogs(async () => {
  const conf = 'e2e-cascade';
  const alice = await e2e.join(conf, 'alice', via.europe.url);
  const bob = await e2e.join(conf, 'bob', via.america.url);

  const c = await conference(e2e.stack, conf);
  assert.equal(c.mode, 'cascaded', JSON.stringify(c));
  assert.deepEqual(placement(c), { alice: 'agent-eu', bob: 'agent-us' });
  await waitFor(async () => openLinks(await conference(e2e.stack, conf)).length === 1,
    { message: 'the relay link to be OPEN', timeout: 30_000 });

  await waitUntilReceiving(alice, ['bob']);
  await waitUntilReceiving(bob, ['alice']);
  assertGrowing(await receivingGrowth(alice, ['bob']));
  assertGrowing(await receivingGrowth(bob, ['alice']));

  const carol = await e2e.join(conf, 'carol', via.europe.url);
  assert.equal(placement(await conference(e2e.stack, conf)).carol, 'agent-eu');
  const everyone = [alice, bob, carol];
  for (const p of everyone) {
    await waitUntilReceiving(p, everyone.filter((o) => o !== p).map((o) => o.id));
  }
  assertGrowing(await receivingGrowth(bob, ['alice', 'carol']));
  assertGrowing(await receivingGrowth(carol, ['alice', 'bob']));
  assert.equal(openLinks(await conference(e2e.stack, conf)).length, 1, 'still one link: each stream crosses it once');

  // bob, the last participant on agent-us, leaves: its relay closes and agent-us drops out of the conference
  await bob.leave();
  await waitFor(async () => {
    const now = await conference(e2e.stack, conf);
    return openLinks(now).length === 0 && !now.agents.some((a) => a.agentId === 'agent-us' && a.participants > 0);
  }, { message: 'the relay to close after the last participant on agent-us left', timeout: 30_000 });
  for (const p of [alice, carol]) {
    await waitFor(async () => !(await p.state()).remote.includes('bob'), { message: `${p.id} to drop bob`, timeout: 20_000 });
  }
  assertGrowing(await receivingGrowth(alice, ['carol']));
}));

// Runs after the test above (same stack): agent-us is empty again, so this conference starts fresh on both agents.
test('an agent killed mid-call: the survivor keeps its session, the relay closes, and the participant who lost its agent rejoins the live agent by itself', { timeout: 300_000 }, () => e2e.withLogs(async () => {
  const conf = 'e2e-cascade-kill';
  const erin = await e2e.join(conf, 'erin', via.europe.url);
  const frank = await e2e.join(conf, 'frank', via.america.url);
  assert.deepEqual(placement(await conference(e2e.stack, conf)), { erin: 'agent-eu', frank: 'agent-us' });
  await waitUntilReceiving(erin, ['frank']);
  await waitUntilReceiving(frank, ['erin']);

  process.kill(e2e.stack.agentPid('agent-us'), 'SIGKILL');

  await waitFor(async () => (await frank.page.evaluate(() => window.meridianDemo.session.reconnects)) === 1,
    { message: 'frank to rejoin by itself', timeout: 30_000 });
  assert.equal((await erin.state()).state, 'joined', 'the survivor keeps its session');
  assert.equal(await erin.page.evaluate(() => window.meridianDemo.session.reconnects), 0, 'the survivor never rejoined');
  await waitFor(async () => {
    const now = await conference(e2e.stack, conf);
    return openLinks(now).length === 0 && placement(now).frank === 'agent-eu';
  }, { message: 'the relay to the dead agent to close and frank to be placed on the live agent', timeout: 30_000 });
  await waitUntilReceiving(erin, ['frank']);
  await waitUntilReceiving(frank, ['erin']);
  assertGrowing(await receivingGrowth(erin, ['frank']));
  assertGrowing(await receivingGrowth(frank, ['erin']));
}));
