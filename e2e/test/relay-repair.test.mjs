// Relay repair with real processes (no browser): a conference cascades onto an agent that is stalled (SIGSTOP) at
// that moment, so it acknowledges none of the OpenRelay attempts and the controller records the link FAILED. The
// agent resumes well within the down-timeout; the controller's RelayRepair opens the link again with fresh keys
// and both agents acknowledge: the link is OPEN, with nobody rejoining.
import { isolateNetwork } from '../lib/netns.mjs';

isolateNetwork();

const { test } = await import('node:test');
const assert = await import('node:assert/strict');
const { readFileSync } = await import('node:fs');
const { join: joinPath } = await import('node:path');
const { waitFor } = await import('../lib/stack.mjs');
const { useStack } = await import('../lib/fixture.mjs');

const e2e = useStack({
  agents: [{ id: 'agent-eu', region: 'eu-west-1' }, { id: 'agent-us', region: 'us-east-1' }],
  // The stall below must not be a death: the agent stays UP, its placements and the link stay in the store.
  controllerEnv: { MERIDIAN_AGENT_DOWN_TIMEOUT: '60s', MERIDIAN_AGENT_ARRIVAL_GRACE: '300s', MERIDIAN_PLACEMENT_ARRIVAL_TIMEOUT: '300s' },
});

async function links(conference) {
  const response = await fetch(`${e2e.stack.baseUrl}/v1/conferences/${conference}`, { headers: e2e.stack.appAuth });
  assert.equal(response.status, 200);
  return (await response.json()).links;
}

const log = (name) => readFileSync(joinPath(e2e.stack.logDir, `${name}.log`), 'utf8');

test('a relay link that failed to open while an agent was stalled is opened again once it resumes', { timeout: 180_000 }, () => e2e.withLogs(async () => {
  const conference = 'e2e-relay-repair';
  const paris = await e2e.stack.join(conference, 'paris', { body: { participantId: 'paris', location: { lat: 48.86, lon: 2.35 } } });
  assert.equal(paris.agentId, 'agent-eu');

  const pid = e2e.stack.agentPid('agent-us');
  process.kill(pid, 'SIGSTOP');
  try {
    const boston = await e2e.stack.join(conference, 'boston', { body: { participantId: 'boston', location: { lat: 42.36, lon: -71.06 } } });
    assert.equal(boston.agentId, 'agent-us', 'the conference cascades onto the stalled agent (its last report was fresh)');
    await waitFor(async () => (await links(conference)).some((l) => l.state === 'FAILED'),
      { message: 'the link to fail: the stalled agent acknowledges no attempt', timeout: 30_000 });
  } finally {
    process.kill(pid, 'SIGCONT');
  }

  await waitFor(async () => (await links(conference)).every((l) => l.state === 'OPEN'),
    { message: 'the repaired link to be OPEN', timeout: 60_000 });
  assert.equal((await links(conference)).length, 1);
  assert.match(log('controller'), /relay agent-eu⇄agent-us of e2e-relay-repair: opening it again \(attempt 1\)/);
}));
