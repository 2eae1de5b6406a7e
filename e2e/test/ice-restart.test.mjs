// ICE restart without leaving the session: two Chromium participants on one agent. (1) One restarts ICE on request:
// both of its connections get new ICE credentials on both sides over the same signaling socket, and media keeps
// flowing both ways. (2) All UDP is dropped for a while (nftables in this file's network namespace): the browsers'
// ICE goes `disconnected`, the clients restart ICE by themselves over their still-open WebSockets, and once UDP is
// back media flows again — on the same sessions, with no rejoin through the controller.
import { isolateNetwork } from '../lib/netns.mjs';

isolateNetwork();

const { test } = await import('node:test');
const assert = await import('node:assert/strict');
const { spawnSync } = await import('node:child_process');
const { waitFor } = await import('../lib/stack.mjs');
const { useStack } = await import('../lib/fixture.mjs');
const { assertGrowing, receivingGrowth, waitUntilReceiving } = await import('../lib/participant.mjs');

const e2e = useStack({ agents: [{ id: 'agent-eu-1', region: 'eu-west-1' }] });

function nft(script) {
  const r = spawnSync('nft', ['-f', '-'], { input: script, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`nft failed (${r.status}): ${r.stderr}`);
}

/** Both connections' ICE credentials (ours and the agent's), the signaling socket's identity and the counters. */
function iceView(p) {
  return p.page.evaluate(() => {
    const s = window.meridianDemo.session;
    const ufrag = (d) => /a=ice-ufrag:(\S+)/.exec(d?.sdp ?? '')?.[1] ?? null;
    window.__socketsSeen ??= new WeakSet();
    const view = (pc) => pc && {
      local: ufrag(pc.localDescription), remote: ufrag(pc.remoteDescription),
      ice: pc.iceConnectionState, signaling: pc.signalingState,
    };
    if (!window.__firstSocket) window.__firstSocket = s._ws;
    return {
      pub: view(s._pub), sub: view(s._sub), sameSocket: window.__firstSocket === s._ws,
      reconnects: s.reconnects, iceRestarts: s.iceRestarts, state: window.meridianDemo.state,
    };
  });
}

/** Waits until both of `p`'s connections run on credentials other than `before`'s, and ICE is connected again. */
async function restartedFrom(p, before) {
  let now;
  await waitFor(async () => {
    now = await iceView(p);
    const done = (c, b) => c.local !== b.local && c.remote !== b.remote && c.signaling === 'stable'
      && ['connected', 'completed'].includes(c.ice);
    return done(now.pub, before.pub) && done(now.sub, before.sub);
  }, { timeout: 30_000, interval: 100, message: `${p.id}'s connections to restart ICE` });
  return now;
}

test('a participant restarts ICE on request and keeps its session and its media both ways', { timeout: 180_000 }, () => e2e.withLogs(async () => {
  const [alice, bob] = await e2e.joinAll('e2e-ice-restart', ['alice', 'bob']);
  await waitUntilReceiving(alice, ['bob']);
  await waitUntilReceiving(bob, ['alice']);
  const before = await iceView(alice);

  const restartedAt = Date.now();
  assert.equal(await alice.page.evaluate(() => window.meridianDemo.session.restartIce('test')), true);
  await restartedFrom(alice, before);

  assertGrowing(await receivingGrowth(alice, ['bob']));
  assertGrowing(await receivingGrowth(bob, ['alice']));
  // Past the client's restart timeout (10 s): a finished restart must not turn into a rejoin later.
  await new Promise((r) => setTimeout(r, Math.max(0, restartedAt + 12_000 - Date.now())));
  const after = await iceView(alice);
  assert.deepEqual({ sameSocket: after.sameSocket, reconnects: after.reconnects, iceRestarts: after.iceRestarts, state: after.state },
    { sameSocket: true, reconnects: 0, iceRestarts: 1, state: 'joined' }, 'the same signaling session, no rejoin');
}));

test('after UDP was cut for a while both participants restart ICE by themselves and media flows again on the same sessions', { timeout: 180_000 }, () => e2e.withLogs(async () => {
  const [carol, dave] = await e2e.joinAll('e2e-ice-restart-udp', ['carol', 'dave']);
  await waitUntilReceiving(carol, ['dave']);
  await waitUntilReceiving(dave, ['carol']);
  const before = await Promise.all([iceView(carol), iceView(dave)]);

  nft(`
table inet meridian_ice {
  chain out {
    type filter hook output priority 0; policy accept;
    meta l4proto udp drop
  }
}
`);
  try {
    // Chromium marks ICE disconnected after a few seconds without answers; the clients restart 2 s later.
    await waitFor(async () => (await Promise.all([carol, dave].map(iceView))).every((v) => v.iceRestarts >= 1),
      { timeout: 30_000, interval: 200, message: 'both clients to restart ICE while UDP is dropped' });
  } finally {
    nft('delete table inet meridian_ice');
  }
  await restartedFrom(carol, before[0]);
  await restartedFrom(dave, before[1]);

  for (const p of [carol, dave]) {
    const v = await iceView(p);
    assert.deepEqual({ sameSocket: v.sameSocket, reconnects: v.reconnects, state: v.state },
      { sameSocket: true, reconnects: 0, state: 'joined' }, `${p.id} kept its signaling session`);
  }
  assertGrowing(await receivingGrowth(carol, ['dave']));
  assertGrowing(await receivingGrowth(dave, ['carol']));
}));
