// Re-homing: a conference stays where its first participant put it — until everyone it was put there for has left
// and those remaining would each be much closer to another region. Then the controller moves it, live. carol joins
// from America (the conference's home: agent-us); alice and bob join from Europe and stay on agent-us (cascading is
// switched off for this file, MERIDIAN_POLICY_CASCADE_THRESHOLD_MS); carol leaves. The re-homing rule sees both
// Europeans save more than 50 ms in eu-west-1 for the dwell time (3 s here) and moves both to agent-eu, make-before-
// break; then it leaves the conference alone (minimum interval, and nobody would save anything going back). The
// longest gap without a new frame each sees during the move is reported (no timed assertion).
import { ensureGeoIpDatabase } from '../lib/geoip.mjs';
import { isolateNetwork } from '../lib/netns.mjs';

const GEOIP_DB = ensureGeoIpDatabase();
isolateNetwork();

process.env.MERIDIAN_POLICY_CASCADE_THRESHOLD_MS = '100000';
process.env.MERIDIAN_REHOMING_INTERVAL = '1s';
process.env.MERIDIAN_REHOMING_DWELL = '3s';

const { test } = await import('node:test');
const assert = await import('node:assert/strict');
const { appendFileSync } = await import('node:fs');
const { waitFor } = await import('../lib/stack.mjs');
const { useTwoContinents } = await import('../lib/fixture.mjs');
const { assertGrowing, receivingGrowth, waitUntilReceiving } = await import('../lib/participant.mjs');
const { longestGap, pageNow, startFrameLog } = await import('../lib/frame-gaps.mjs');

const { e2e, via } = useTwoContinents(GEOIP_DB);
const CONF = 'e2e-rehoming';

async function get(path) {
  const response = await fetch(`${e2e.stack.baseUrl}${path}`, { headers: { authorization: `Bearer ${e2e.stack.operatorToken}` } });
  assert.equal(response.status, 200, path);
  return response.json();
}
const session = (p) => p.page.evaluate(() => ({
  agentId: window.meridianDemo.session.placement.agentId,
  moves: window.meridianDemo.session.moves,
  reconnects: window.meridianDemo.session.reconnects,
}));

test('when the participant the home agent was chosen for leaves, the conference moves live to where everyone left is', { timeout: 300_000 }, () => e2e.withLogs(async () => {
  const carol = await e2e.join(CONF, 'carol', via.america.url);
  const alice = await e2e.join(CONF, 'alice', via.europe.url);
  const bob = await e2e.join(CONF, 'bob', via.europe.url);
  const placed = await get(`/v1/conferences/${CONF}`);
  assert.deepEqual(placed.participants.map((p) => p.agentId), ['agent-us', 'agent-us', 'agent-us'], JSON.stringify(placed));
  await waitUntilReceiving(alice, ['bob', 'carol']);
  await waitUntilReceiving(bob, ['alice', 'carol']);
  // With carol here, the home agent stays: it was chosen for her.
  await new Promise((r) => setTimeout(r, 5000));
  assert.deepEqual([(await session(alice)).moves, (await session(bob)).moves], [0, 0], 'nobody moves while carol is there');
  await startFrameLog(alice, 'bob');
  await startFrameLog(bob, 'alice');

  const from = await Promise.all([alice, bob].map(pageNow));
  await carol.leave();
  await waitFor(async () => (await session(alice)).moves === 1 && (await session(bob)).moves === 1,
    { timeout: 30_000, interval: 100, message: 'alice and bob to be re-homed' });
  await new Promise((r) => setTimeout(r, 3000)); // the old sessions' overlap and the others' switch
  const to = await Promise.all([alice, bob].map(pageNow));
  const gaps = await Promise.all([alice, bob].map((p, i) => longestGap(p, from[i], to[i])));

  for (const p of [alice, bob]) {
    assert.deepEqual(await session(p), { agentId: 'agent-eu', moves: 1, reconnects: 0 }, `${p.id} was moved, not rejoined`);
  }
  assertGrowing(await receivingGrowth(alice, ['bob']));
  assertGrowing(await receivingGrowth(bob, ['alice']));
  const log = await get(`/v1/conferences/${CONF}/decisions`);
  assert.deepEqual(log.decisions.filter((d) => d.outcome === 'moved').map((d) => [d.participantId, d.agentId, d.rule]).sort(),
    [['alice', 'agent-eu', 'rehoming'], ['bob', 'agent-eu', 'rehoming']]);
  await waitFor(async () => {
    const c = await get(`/v1/conferences/${CONF}`);
    return c.agents.length === 1 && c.agents[0].agentId === 'agent-eu' && c.links.length === 0;
  }, { timeout: 15_000, message: 'agent-us to leave the conference' });

  // It never flaps: nothing moves it again.
  await new Promise((r) => setTimeout(r, 5000));
  assert.deepEqual([(await session(alice)).moves, (await session(bob)).moves], [1, 1]);

  const result = { kind: 'rehoming', move: gaps.map((g) => g.longestMs), frames: gaps.map((g) => g.frames) };
  process.stderr.write(`longest gap without a new frame during re-homing at [alice (sees bob), bob (sees alice)]: ${JSON.stringify(result)}\n`);
  if (process.env.MERIDIAN_E2E_RESULTS) appendFileSync(process.env.MERIDIAN_E2E_RESULTS, `${JSON.stringify(result)}\n`);
}));
