// Issue 3's end-to-end test: real headless Chromium with fake camera and microphone joins one conference through
// the controller and one media agent.
import { isolateNetwork } from '../lib/netns.mjs';

isolateNetwork();

const { test } = await import('node:test');
const assert = await import('node:assert/strict');
const { waitFor } = await import('../lib/stack.mjs');
const { useStack } = await import('../lib/fixture.mjs');
const { assertGrowing, receivingGrowth, waitUntilReceiving } = await import('../lib/participant.mjs');

const e2e = useStack({ agents: [{ id: 'agent-eu', region: 'eu-west-1' }] }, { logLines: 40 });

test('three browsers receive each other, and the two who stay keep receiving after one leaves', { timeout: 240_000 }, () => e2e.withLogs(async () => {
  const [alice, bob, carol] = await e2e.joinAll('e2e-three', ['alice', 'bob', 'carol']);
  const everyone = [alice, bob, carol];
  for (const p of everyone) {
    await waitUntilReceiving(p, everyone.filter((o) => o !== p).map((o) => o.id));
  }
  for (const p of everyone) {
    assertGrowing(await receivingGrowth(p, everyone.filter((o) => o !== p).map((o) => o.id)));
  }

  await alice.leave();
  assert.deepEqual((await alice.state()).closeInfo, { code: 1000, reason: 'left' });
  for (const p of [bob, carol]) {
    await waitFor(async () => !(await p.state()).remote.includes('alice'), { message: `${p.id} to drop alice`, timeout: 20_000 });
  }
  assertGrowing(await receivingGrowth(bob, ['carol']));
  assertGrowing(await receivingGrowth(carol, ['bob']));
  assert.deepEqual((await bob.state()).remote, ['carol']);
  assert.deepEqual((await carol.state()).remote, ['bob']);
}));

test('a malformed signaling message closes only the session that sent it', { timeout: 240_000 }, () => e2e.withLogs(async () => {
  const [dave, erin, frank] = await e2e.joinAll('e2e-malformed', ['dave', 'erin', 'frank']);
  await waitUntilReceiving(erin, ['dave', 'frank']);
  await waitUntilReceiving(frank, ['dave', 'erin']);

  await dave.page.evaluate(() => window.meridianDemo.session._ws.send('{"type": "publish-offer", "sdp": '));
  await waitFor(async () => (await dave.state()).state === 'closed', { message: 'dave to be disconnected', timeout: 10_000 });
  assert.deepEqual((await dave.state()).closeInfo, { code: 4400, reason: 'message is not valid JSON' });

  for (const p of [erin, frank]) {
    await waitFor(async () => !(await p.state()).remote.includes('dave'), { message: `${p.id} to drop dave`, timeout: 20_000 });
    assert.equal((await p.state()).state, 'joined');
  }
  assertGrowing(await receivingGrowth(erin, ['frank']));
  assertGrowing(await receivingGrowth(frank, ['erin']));
}));
