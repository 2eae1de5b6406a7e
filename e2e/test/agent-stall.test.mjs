// An agent that stalls past the down-timeout and resumes (SIGSTOP, SIGCONT), and an agent restarted under a call:
// no ghosts and no duplicates — the controller ends up listing each participant once, on the agent that really
// hosts it, and media flows again both ways.
import { isolateNetwork } from '../lib/netns.mjs';

isolateNetwork();

const { test } = await import('node:test');
const assert = await import('node:assert/strict');
const { waitFor } = await import('../lib/stack.mjs');
const { useStack } = await import('../lib/fixture.mjs');
const { assertGrowing, receivingGrowth, waitUntilReceiving } = await import('../lib/participant.mjs');

const e2e = useStack({
  agents: [{ id: 'agent-eu-1', region: 'eu-west-1' }, { id: 'agent-eu-2', region: 'eu-west-1' }],
  controllerEnv: { MERIDIAN_AGENT_DOWN_TIMEOUT: '3s' },
});

async function conference(stack, id) {
  const response = await fetch(`${stack.baseUrl}/v1/conferences/${id}`, { headers: stack.appAuth });
  return response.status === 200 ? response.json() : { participants: [] };
}

async function agentState(stack, id) {
  const response = await fetch(`${stack.baseUrl}/v1/agents`, { headers: { authorization: `Bearer ${stack.operatorToken}` } });
  return String((await response.json()).find((a) => a.agentId === id)?.state).toLowerCase();
}

/** Where each participant is as [participantId, agentId] pairs, sorted; a duplicate would show twice. */
async function listed(stack, conf) {
  return (await conference(stack, conf)).participants.map((p) => [p.participantId, p.agentId]).sort();
}

/** Where each browser's session really is. */
async function hosts(participants) {
  return Promise.all(participants.map(async (p) => [p.id, await p.page.evaluate(() => window.meridianDemo.session.placement.agentId)]));
}

test('an agent stalled past the down-timeout and resumed leaves no ghost and no duplicate', { timeout: 300_000 }, () => e2e.withLogs(async () => {
  const conf = 'e2e-stall';
  const [alice, bob] = await e2e.joinAll(conf, ['alice', 'bob']);
  await waitUntilReceiving(alice, ['bob']);
  await waitUntilReceiving(bob, ['alice']);
  const host = (await listed(e2e.stack, conf))[0][1];

  const pid = e2e.stack.agentPid(host);
  process.kill(pid, 'SIGSTOP');
  try {
    await waitFor(async () => (await agentState(e2e.stack, host)) === 'down', { message: `${host} to be down`, timeout: 20_000 });
    await waitFor(async () => (await listed(e2e.stack, conf)).every(([, agent]) => agent !== host),
      { message: `the participants on the stalled ${host} to be evicted`, timeout: 20_000 });
  } finally {
    process.kill(pid, 'SIGCONT');
  }

  // Whether the browsers stayed on the resumed agent (it re-announces them) or rejoined elsewhere, the controller
  // must converge on exactly where they are.
  await waitFor(async () => JSON.stringify(await listed(e2e.stack, conf)) === JSON.stringify((await hosts([alice, bob])).sort()),
    { message: 'the controller to list each participant once, where its session really is', timeout: 60_000 });
  await waitUntilReceiving(alice, ['bob'], 60_000);
  await waitUntilReceiving(bob, ['alice'], 60_000);
  assertGrowing(await receivingGrowth(alice, ['bob']));
  assertGrowing(await receivingGrowth(bob, ['alice']));
  assert.deepEqual((await listed(e2e.stack, conf)).map(([p]) => p), ['alice', 'bob']);
}));

test('an agent restarted under a call: its participants rejoin, nobody is listed twice or on the restarted agent by mistake', { timeout: 300_000 }, () => e2e.withLogs(async () => {
  const conf = 'e2e-agent-restart';
  const [carol, dave] = await e2e.joinAll(conf, ['carol', 'dave']);
  await waitUntilReceiving(carol, ['dave']);
  await waitUntilReceiving(dave, ['carol']);
  const host = (await listed(e2e.stack, conf))[0][1];

  await e2e.stack.restartAgent(host);
  await waitFor(async () => (await agentState(e2e.stack, host)) === 'up', { message: `${host} to come back`, timeout: 60_000 });
  await waitFor(async () => {
    const [c, d] = await Promise.all([carol, dave].map((p) => p.page.evaluate(() => window.meridianDemo.session.reconnects)));
    return c >= 1 && d >= 1;
  }, { message: 'both to rejoin', timeout: 60_000 });
  await waitUntilReceiving(carol, ['dave'], 60_000);
  await waitUntilReceiving(dave, ['carol'], 60_000);
  await waitFor(async () => JSON.stringify(await listed(e2e.stack, conf)) === JSON.stringify((await hosts([carol, dave])).sort()),
    { message: 'the controller to list each participant once, where its session really is', timeout: 30_000 });
  assertGrowing(await receivingGrowth(carol, ['dave']));
}));
