// Live move, make-before-break: two Chromium participants in a call on one agent of a region that has two. An
// operator moves one to the other agent (POST …/participants/{id}/move); then drains the first agent "now"
// (POST /v1/agents/{id}/drain?now=true), which moves the other one too. Each time the moving browser opens a second
// session at the target, publishes and subscribes there while the old session keeps forwarding, switches its tiles
// to the new tracks and leaves the old session — no rejoin, no reload. What each viewer sees is recorded frame by
// frame (requestVideoFrameCallback on the remote tile): the longest time without a new frame during the move, and
// over a window of the same length without a move (the baseline), are reported and written as JSON lines to
// MERIDIAN_E2E_RESULTS when set (bin/bench-move runs this file several times and summarises them).
import { isolateNetwork } from '../lib/netns.mjs';

isolateNetwork();

const { test } = await import('node:test');
const assert = await import('node:assert/strict');
const { appendFileSync } = await import('node:fs');
const { waitFor } = await import('../lib/stack.mjs');
const { useStack } = await import('../lib/fixture.mjs');
const { assertGrowing, receivingGrowth, waitUntilReceiving } = await import('../lib/participant.mjs');
const { longestGap, pageNow, startFrameLog } = await import('../lib/frame-gaps.mjs');

const e2e = useStack({ agents: [{ id: 'agent-eu-1', region: 'eu-west-1' }, { id: 'agent-eu-2', region: 'eu-west-1' }] });
const CONF = 'e2e-move';
/** How long a move's window lasts: the move itself, the overlap and the others' switch are well inside. */
const WINDOW_MS = 6000;

function operator(path, { method = 'POST', body } = {}) {
  return fetch(`${e2e.stack.baseUrl}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${e2e.stack.operatorToken}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

/** Records the session's move events in the page, for the assertion messages. */
const recordMoveEvents = (p) => p.page.evaluate(() => {
  window.__moveEvents = [];
  for (const type of ['moving', 'moved', 'movefailed', 'reconnecting']) {
    window.meridianDemo.session.addEventListener(type, (e) => window.__moveEvents.push({ type, at: Math.round(performance.now()), ...e.detail }));
  }
});
const moveEvents = (p) => p.page.evaluate(() => JSON.stringify(window.__moveEvents));

const session = (p) => p.page.evaluate(() => ({
  agentId: window.meridianDemo.session.placement.agentId,
  moves: window.meridianDemo.session.moves,
  reconnects: window.meridianDemo.session.reconnects,
  state: window.meridianDemo.state,
}));

/** Longest gap each viewer sees over WINDOW_MS from now, while `during()` runs (or nothing: the baseline). */
async function gapsOver(viewers, during = async () => {}) {
  const from = await Promise.all(viewers.map(pageNow));
  const started = Date.now();
  await during();
  await new Promise((r) => setTimeout(r, Math.max(0, started + WINDOW_MS - Date.now())));
  const to = await Promise.all(viewers.map(pageNow));
  return Promise.all(viewers.map((v, i) => longestGap(v, from[i], to[i])));
}

let alice;
let bob;
let home;
let other;

test('an operator moves a participant live to the other agent of its region: both keep seeing each other, no rejoin', { timeout: 240_000 }, () => e2e.withLogs(async () => {
  [alice, bob] = await e2e.joinAll(CONF, ['alice', 'bob']);
  await waitUntilReceiving(alice, ['bob']);
  await waitUntilReceiving(bob, ['alice']);
  home = (await session(alice)).agentId;
  assert.equal((await session(bob)).agentId, home, 'one agent hosts the call');
  other = e2e.stack.agents.find((a) => a.id !== home).id;
  await startFrameLog(alice, 'bob');
  await startFrameLog(bob, 'alice');
  await recordMoveEvents(alice);
  await recordMoveEvents(bob);
  const baseline = await gapsOver([alice, bob]);

  let answer;
  const during = await gapsOver([alice, bob], async () => {
    const response = await operator(`/v1/conferences/${CONF}/participants/alice/move`, { body: { agentId: other } });
    answer = { status: response.status, body: await response.json() };
    await waitFor(async () => (await session(alice)).moves === 1, { timeout: WINDOW_MS, interval: 50, message: 'alice to switch to the new agent' })
      .catch(async (e) => { e.message += ` (alice's events: ${await moveEvents(alice)})`; throw e; });
  });
  assert.equal(answer.status, 202, JSON.stringify(answer.body));
  assert.deepEqual({ from: answer.body.fromAgentId, to: answer.body.toAgentId, rule: answer.body.rule },
    { from: home, to: other, rule: 'operatorMove' });
  assert.deepEqual(await session(alice), { agentId: other, moves: 1, reconnects: 0, state: 'joined' });
  assert.deepEqual(await session(bob), { agentId: home, moves: 0, reconnects: 0, state: 'joined' });
  assertGrowing(await receivingGrowth(alice, ['bob']));
  assertGrowing(await receivingGrowth(bob, ['alice']));
  const view = await (await operator(`/v1/conferences/${CONF}`, { method: 'GET' })).json();
  assert.deepEqual(view.participants.map((p) => [p.participantId, p.agentId]).sort(), [['alice', other], ['bob', home]]);
  assert.equal(view.mode, 'cascaded');
  const log = await (await operator(`/v1/conferences/${CONF}/decisions`, { method: 'GET' })).json();
  const moved = log.decisions.filter((d) => d.outcome === 'moved');
  assert.deepEqual(moved.map((d) => [d.participantId, d.agentId, d.rule]), [['alice', other, 'operatorMove']]);

  const result = { kind: 'operator-move', baseline: baseline.map((g) => g.longestMs), move: during.map((g) => g.longestMs),
    frames: during.map((g) => g.frames) };
  process.stderr.write(`longest gap without a new frame at [alice (sees bob), bob (sees alice)]: ${JSON.stringify(result)}\n`);
  if (process.env.MERIDIAN_E2E_RESULTS) appendFileSync(process.env.MERIDIAN_E2E_RESULTS, `${JSON.stringify(result)}\n`);
}));

test('drain now moves everyone off the agent live, and the agent leaves the conference', { timeout: 240_000 }, () => e2e.withLogs(async () => {
  assert.ok(bob, 'the first test placed the call');
  let answer;
  const during = await gapsOver([alice, bob], async () => {
    const response = await operator(`/v1/agents/${home}/drain?now=true`);
    answer = { status: response.status, body: await response.json() };
    await waitFor(async () => (await session(bob)).moves === 1, { timeout: WINDOW_MS, interval: 50, message: 'bob to switch to the new agent' })
      .catch(async (e) => { e.message += ` (bob's events: ${await moveEvents(bob)})`; throw e; });
  });
  try {
    assert.equal(answer.status, 202, JSON.stringify(answer.body));
    assert.equal(answer.body.agent.state, 'draining');
    assert.deepEqual(answer.body.moved.map((m) => [m.participantId, m.toAgentId, m.rule]), [['bob', other, 'drainNow']]);
    assert.deepEqual(answer.body.notMoved, []);
    assert.deepEqual(await session(bob), { agentId: other, moves: 1, reconnects: 0, state: 'joined' });
    assertGrowing(await receivingGrowth(alice, ['bob']));
    assertGrowing(await receivingGrowth(bob, ['alice']));
    // The old session's leave releases the drained agent from the conference, relay links and all.
    await waitFor(async () => {
      const view = await (await operator(`/v1/conferences/${CONF}`, { method: 'GET' })).json();
      return view.agents.length === 1 && view.agents[0].agentId === other && view.links.length === 0;
    }, { timeout: 15_000, message: `${home} to leave the conference` });
  } finally {
    await operator(`/v1/agents/${home}/undrain`);
  }
  const result = { kind: 'drain-now', move: during.map((g) => g.longestMs), frames: during.map((g) => g.frames) };
  process.stderr.write(`longest gap without a new frame during drain now at [alice (sees bob), bob (sees alice)]: ${JSON.stringify(result)}\n`);
  if (process.env.MERIDIAN_E2E_RESULTS) appendFileSync(process.env.MERIDIAN_E2E_RESULTS, `${JSON.stringify(result)}\n`);
}));

test('a move is refused with a clear problem when it cannot be done, and changes nothing', { timeout: 60_000 }, () => e2e.withLogs(async () => {
  assert.ok(bob, 'the first test placed the call');
  const problems = [];
  for (const [path, body, headers] of [
    [`/v1/conferences/${CONF}/participants/alice/move`, { agentId: other, region: 'eu-west-1' }],
    [`/v1/conferences/${CONF}/participants/alice/move`, { agentId: other }],
    [`/v1/conferences/${CONF}/participants/nobody/move`, {}],
    [`/v1/conferences/${CONF}/participants/alice/move`, { agentId: 'agent-nowhere' }],
  ]) {
    const response = await operator(path, { body, headers });
    problems.push([response.status, (await response.json()).detail]);
  }
  const anonymous = await fetch(`${e2e.stack.baseUrl}/v1/conferences/${CONF}/participants/alice/move`, { method: 'POST' });
  assert.deepEqual(problems.map(([status]) => status), [400, 409, 404, 409], JSON.stringify(problems));
  assert.equal(anonymous.status, 401);
  assert.match(problems[1][1], /already on agent/);
  assert.deepEqual(await session(alice), { agentId: other, moves: 1, reconnects: 0, state: 'joined' });
}));
