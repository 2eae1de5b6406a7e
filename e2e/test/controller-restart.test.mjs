// A controller on the in-memory store restarts under live calls: the agents reconnect and re-announce what they host,
// each participant with the join token that admitted it (the controller's own signature is the proof), and the
// controller rebuilds its conferences from them — media never stops, a later joiner lands on the conference's agent,
// and a participant who left while the controller was down is not listed. Limits (docs/api.md): decisions made
// before the restart are gone, and a conference is rebuilt only from what agents announce.
import { isolateNetwork } from '../lib/netns.mjs';

isolateNetwork();

const { test } = await import('node:test');
const assert = await import('node:assert/strict');
const { waitFor } = await import('../lib/stack.mjs');
const { useStack } = await import('../lib/fixture.mjs');
const { assertGrowing, receivingGrowth, waitUntilReceiving } = await import('../lib/participant.mjs');

const e2e = useStack({ agents: [{ id: 'agent-eu-1', region: 'eu-west-1' }, { id: 'agent-eu-2', region: 'eu-west-1' }] });

async function conference(stack, id) {
  const response = await fetch(`${stack.baseUrl}/v1/conferences/${id}`, { headers: stack.appAuth });
  return response.status === 200 ? response.json() : null;
}
const placement = (c) => Object.fromEntries((c?.participants ?? []).map((p) => [p.participantId, p.agentId]));

test('the in-memory controller killed and restarted rebuilds its conferences from the agents; media never stops', { timeout: 300_000 }, () => e2e.withLogs(async () => {
  const conf = 'e2e-restart';
  const [alice, bob, carol] = await e2e.joinAll(conf, ['alice', 'bob', 'carol']);
  for (const p of [alice, bob, carol]) await waitUntilReceiving(p, [alice, bob, carol].filter((o) => o !== p).map((o) => o.id));
  const before = placement(await conference(e2e.stack, conf));
  const host = before.alice;

  await e2e.stack.restartController({
    signal: 'SIGKILL',
    whileDown: async () => {
      assertGrowing(await receivingGrowth(alice, ['bob']));
      await carol.leave(); // leaves while nobody listens: the restarted controller must not list her
    },
  });

  await waitFor(async () => JSON.stringify(placement(await conference(e2e.stack, conf))) === JSON.stringify({ alice: host, bob: host }),
    { message: `the conference to be rebuilt as alice and bob on ${host}`, timeout: 30_000 });
  assertGrowing(await receivingGrowth(alice, ['bob']));
  assertGrowing(await receivingGrowth(bob, ['alice']));
  assert.equal(await alice.page.evaluate(() => window.meridianDemo.session.reconnects), 0, 'nobody had to rejoin');

  const dave = await e2e.join(conf, 'dave');
  assert.equal(placement(await conference(e2e.stack, conf)).dave, host, 'a later joiner lands on the conference agent');
  await waitUntilReceiving(dave, ['alice', 'bob']);
  await waitUntilReceiving(alice, ['dave']);
}));
