// Calls survive a dead media agent: two Chromium participants in a call on one agent of a region that has two; the
// agent is killed (SIGKILL) and both rejoin through the controller by themselves — no reload — onto the live agent,
// publish again and receive each other again, their remote tiles kept. The time from the kill until each browser
// decodes the other's video and receives its audio again (from its own getStats) is reported, and written as a JSON
// line to MERIDIAN_E2E_RESULTS when set (bin/bench-recovery runs this file several times and summarises them).
import { isolateNetwork } from '../lib/netns.mjs';

isolateNetwork();

const { test } = await import('node:test');
const assert = await import('node:assert/strict');
const { appendFileSync } = await import('node:fs');
const { waitFor } = await import('../lib/stack.mjs');
const { useStack } = await import('../lib/fixture.mjs');
const { assertGrowing, receivingGrowth, waitUntilReceiving } = await import('../lib/participant.mjs');

const e2e = useStack({ agents: [{ id: 'agent-eu-1', region: 'eu-west-1' }, { id: 'agent-eu-2', region: 'eu-west-1' }] });

/** Ms from `since` until `p` has rejoined and decodes `other`'s video and receives its audio on the new connection. */
async function mediaBack(p, other, since) {
  await waitFor(async () => {
    const { reconnects, stats } = await p.page.evaluate(async () => ({
      reconnects: window.meridianDemo.session.reconnects,
      stats: await window.meridianDemo.session.stats(),
    }));
    const from = stats.participants[other];
    return reconnects > 0 && from?.video?.framesDecoded > 0 && from?.audio?.packetsReceived > 0;
  }, { timeout: 60_000, interval: 50, message: `${p.id} to receive ${other} again after rejoining` });
  return Date.now() - since;
}

test('both participants of a killed agent rejoin the live agent by themselves and receive each other again', { timeout: 300_000 }, () => e2e.withLogs(async () => {
  const conf = 'e2e-recovery';
  const [alice, bob] = await e2e.joinAll(conf, ['alice', 'bob']);
  await waitUntilReceiving(alice, ['bob']);
  await waitUntilReceiving(bob, ['alice']);
  const before = await alice.page.evaluate(() => window.meridianDemo.session.placement.agentId);
  assert.equal(await bob.page.evaluate(() => window.meridianDemo.session.placement.agentId), before, 'one agent hosts the call');
  const tilesBefore = await alice.page.evaluate(() => [...document.querySelectorAll('[data-participant-id]')].length);

  const killedAt = Date.now();
  process.kill(e2e.stack.agentPid(before), 'SIGKILL');
  const [aliceMs, bobMs] = await Promise.all([mediaBack(alice, 'bob', killedAt), mediaBack(bob, 'alice', killedAt)]);

  const survivor = e2e.stack.agents.find((a) => a.id !== before).id;
  for (const p of [alice, bob]) {
    const now = await p.page.evaluate(() => ({
      agentId: window.meridianDemo.session.placement.agentId,
      state: window.meridianDemo.state,
      reconnects: window.meridianDemo.session.reconnects,
    }));
    assert.deepEqual(now, { agentId: survivor, state: 'joined', reconnects: 1 }, `${p.id} rejoined once, on the live agent`);
  }
  assert.equal(await alice.page.evaluate(() => [...document.querySelectorAll('[data-participant-id]')].length), tilesBefore,
    'the remote tile was kept, not re-created');
  assertGrowing(await receivingGrowth(alice, ['bob']));
  assertGrowing(await receivingGrowth(bob, ['alice']));

  const result = { alice: aliceMs, bob: bobMs, worst: Math.max(aliceMs, bobMs) };
  process.stderr.write(`recovery after SIGKILL of the hosting agent: ${JSON.stringify(result)}\n`);
  if (process.env.MERIDIAN_E2E_RESULTS) appendFileSync(process.env.MERIDIAN_E2E_RESULTS, `${JSON.stringify(result)}\n`);
}));
