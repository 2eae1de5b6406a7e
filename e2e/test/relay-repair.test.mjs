// Relay repair with real processes (no browser): a conference cascaded across two real agents has its relay link
// OPEN; one agent is killed and restarted faster than the down-timeout, so the controller never evicts it but the
// new process holds none of the conference's links. It says Hello without the conference, the controller's
// RelayRepair opens the link again with fresh keys, and the restarted agent logs the link open and the API shows
// it OPEN again.
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
  // Long enough that the restart below is not a death: placements and links stay in the store.
  controllerEnv: { MERIDIAN_AGENT_DOWN_TIMEOUT: '60s', MERIDIAN_AGENT_ARRIVAL_GRACE: '300s', MERIDIAN_PLACEMENT_ARRIVAL_TIMEOUT: '300s' },
});

async function links(conference) {
  const response = await fetch(`${e2e.stack.baseUrl}/v1/conferences/${conference}`, { headers: e2e.stack.appAuth });
  assert.equal(response.status, 200);
  return (await response.json()).links;
}

const agentLog = (id) => readFileSync(joinPath(e2e.stack.logDir, `${id}.log`), 'utf8');
const opened = (id, conference) => agentLog(id).split('\n')
  .filter((line) => line.includes('relay link') && line.includes(` for ${conference} open`)).length;

test('a restarted agent gets the relay links of its conferences back without anyone rejoining', { timeout: 180_000 }, () => e2e.withLogs(async () => {
  const conference = 'e2e-relay-repair';
  const paris = await e2e.stack.join(conference, 'paris', { body: { participantId: 'paris', location: { lat: 48.86, lon: 2.35 } } });
  const boston = await e2e.stack.join(conference, 'boston', { body: { participantId: 'boston', location: { lat: 42.36, lon: -71.06 } } });
  assert.deepEqual([paris.agentId, boston.agentId], ['agent-eu', 'agent-us'], 'the conference cascades across both');
  await waitFor(async () => (await links(conference)).every((l) => l.state === 'OPEN'),
    { message: 'the relay link to open', timeout: 30_000 });
  assert.equal(opened('agent-us', conference), 1);

  await e2e.stack.restartAgent('agent-us');
  // The new process appends to the same log: a second "open" line is the restarted agent holding the link again.
  await waitFor(async () => opened('agent-us', conference) >= 2,
    { message: 'the restarted agent to be given the link again', timeout: 90_000 });
  await waitFor(async () => (await links(conference)).every((l) => l.state === 'OPEN'),
    { message: 'the link to be OPEN again', timeout: 30_000 });
  const current = await links(conference);
  assert.equal(current.length, 1);
  assert.match(agentLog('agent-eu'), /re-keyed/, 'the end that kept the link was re-keyed, not given a second one');
}));
