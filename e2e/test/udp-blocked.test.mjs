// "Every participant connects": Chromium on a network that drops all UDP still exchanges audio and video with
// another participant, (a) over ICE-TCP to the agent's passive TCP candidate and (b) through a TURN server
// (Debian's coturn, TCP to the browser, credentials from the join answer) when the agent offers no TCP candidate.
//
// UDP is dropped by nftables inside this file's own network namespace (see netns.mjs): every UDP datagram is
// refused except those to and from coturn's relay address and port range (RELAY_HOST, RELAY_PORTS), so the
// browsers' UDP never reaches the agent, while coturn can still relay to the agent over UDP as a real TURN
// server on the open internet would.
import { isolateNetwork, MEDIA_HOST } from '../lib/netns.mjs';

isolateNetwork();

const { test, after } = await import('node:test');
const assert = await import('node:assert/strict');
const { spawn, spawnSync } = await import('node:child_process');
const { randomBytes } = await import('node:crypto');
const { connect } = await import('node:net');
const { mkdtempSync, rmSync } = await import('node:fs');
const { tmpdir } = await import('node:os');
const { join } = await import('node:path');
const { startStack, freeTcpPort, waitFor } = await import('../lib/stack.mjs');
const { joinAsParticipant, assertGrowing, receivingGrowth, waitUntilReceiving } = await import('../lib/participant.mjs');

/** coturn's relay address (a second address on the namespace's link) and its relay port range. */
const RELAY_HOST = '198.51.100.3';
const RELAY_PORTS = [20000, 20099];

function sh(cmd, input) {
  const r = spawnSync('sh', ['-c', cmd], { input, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}

function blockUdp() {
  sh(`ip addr add ${RELAY_HOST}/24 dev meridian0`);
  sh('nft -f -', `
table inet meridian_e2e {
  chain out {
    type filter hook output priority 0; policy accept;
    ip saddr ${RELAY_HOST} udp sport ${RELAY_PORTS[0]}-${RELAY_PORTS[1]} accept
    ip daddr ${RELAY_HOST} udp dport ${RELAY_PORTS[0]}-${RELAY_PORTS[1]} accept
    meta l4proto udp counter name udp_dropped drop
  }
  counter udp_dropped { }
}
`);
}

/** UDP datagrams the rule dropped so far. */
function udpDropped() {
  const out = sh('nft list counter inet meridian_e2e udp_dropped');
  return Number(/packets (\d+)/.exec(out)?.[1] ?? 0);
}

/** The selected candidate pair of a participant's publisher and subscriber connections, from getStats. */
function selectedPairs(p) {
  return p.page.evaluate(async () => {
    const session = window.meridianDemo.session;
    const out = [];
    for (const pc of [session._pub, session._sub]) {
      if (!pc) continue;
      const stats = await pc.getStats();
      let pairId = null;
      stats.forEach((s) => {
        if (s.type === 'transport' && s.selectedCandidatePairId) pairId = s.selectedCandidatePairId;
      });
      const pair = pairId && stats.get(pairId);
      const local = pair && stats.get(pair.localCandidateId);
      const remote = pair && stats.get(pair.remoteCandidateId);
      out.push({
        local: local && { type: local.candidateType, protocol: local.protocol, relayProtocol: local.relayProtocol },
        remote: remote && { type: remote.candidateType, protocol: remote.protocol, port: remote.port },
      });
    }
    return out;
  });
}

async function exchange(stack, conference, ids) {
  const joined = [];
  try {
    for (const id of ids) joined.push(await joinAsParticipant(stack.baseUrl, conference, id));
    const [a, b] = joined;
    await waitUntilReceiving(a, [b.id]);
    await waitUntilReceiving(b, [a.id]);
    assertGrowing(await receivingGrowth(a, [b.id]));
    assertGrowing(await receivingGrowth(b, [a.id]));
    return joined;
  } catch (e) {
    await Promise.all(joined.map((p) => p.close()));
    throw e;
  }
}

async function withStack(options, fn) {
  const stack = await startStack(options);
  try {
    await fn(stack);
  } catch (e) {
    e.message += `\n${stack.logs(40)}`;
    throw e;
  } finally {
    await stack.stop();
  }
}

blockUdp();

test('with UDP blocked, two browsers exchange audio and video over ICE-TCP to the agent', { timeout: 240_000 }, () =>
  withStack({ agents: [{ id: 'agent-tcp', region: 'eu-west-1', tcpMedia: true }] }, async (stack) => {
    const droppedBefore = udpDropped();
    const joined = await exchange(stack, 'e2e-ice-tcp', ['tina', 'tom']);
    try {
      for (const p of joined) {
        const pairs = await selectedPairs(p);
        assert.equal(pairs.length, 2, `${p.id} has a publisher and a subscriber connection`);
        for (const pair of pairs) {
          assert.equal(pair.local?.protocol, 'tcp', `${p.id} selected a TCP pair: ${JSON.stringify(pair)}`);
          assert.equal(pair.remote?.port, stack.agents[0].mediaTcpPort, `${p.id} talks to the agent's TCP port`);
        }
      }
      assert.ok(udpDropped() > droppedBefore, 'the browsers did try UDP, and it was dropped');
    } finally {
      await Promise.all(joined.map((p) => p.close()));
    }
  }));

const turnPort = await freeTcpPort();
const turnSecret = randomBytes(24).toString('base64url');
let turn;

after(() => {
  if (turn && turn.exitCode === null) turn.kill('SIGTERM');
});

/** Whether something accepts TCP connections at host:port. */
function accepts(host, port) {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
  });
}

test('with UDP blocked and no TCP candidate, two browsers exchange audio and video through TURN over TCP', { timeout: 240_000 }, async () => {
  const turnDir = mkdtempSync(join(tmpdir(), 'meridian-coturn-'));
  turn = spawn('turnserver', [
    `--pidfile=${join(turnDir, 'turnserver.pid')}`, `--userdb=${join(turnDir, 'turndb')}`,
    '-n', '--no-cli', '--no-tls', '--no-dtls', '--no-udp', '--fingerprint', '--realm=meridian.test',
    `--listening-ip=${MEDIA_HOST}`, `--listening-port=${turnPort}`, `--relay-ip=${RELAY_HOST}`,
    `--min-port=${RELAY_PORTS[0]}`, `--max-port=${RELAY_PORTS[1]}`,
    '--use-auth-secret', `--static-auth-secret=${turnSecret}`, '--log-file=stdout', '--simple-log',
  ], { stdio: ['ignore', 'pipe', 'pipe'] });
  let turnLog = '';
  turn.stdout.on('data', (d) => { turnLog = (turnLog + d).slice(-20_000); });
  turn.stderr.on('data', (d) => { turnLog = (turnLog + d).slice(-20_000); });
  await waitFor(async () => turn.exitCode !== null || accepts(MEDIA_HOST, turnPort),
    { timeout: 20_000, message: 'coturn to listen' });
  assert.equal(turn.exitCode, null, `coturn runs:\n${turnLog}`);
  try {
    await withStack({
      agents: [{ id: 'agent-udp', region: 'eu-west-1' }],
      controllerEnv: {
        MERIDIAN_TURN_URLS: `turn:${MEDIA_HOST}:${turnPort}?transport=tcp`,
        MERIDIAN_TURN_SECRET: turnSecret,
        MERIDIAN_TURN_CREDENTIAL_LIFETIME: '10m',
      },
    }, async (stack) => {
      const joined = await exchange(stack, 'e2e-turn', ['uma', 'ugo']);
      try {
        for (const p of joined) {
          const pairs = await selectedPairs(p);
          assert.equal(pairs.length, 2, `${p.id} has a publisher and a subscriber connection`);
          for (const pair of pairs) {
            assert.equal(pair.local?.type, 'relay', `${p.id} selected a relay candidate: ${JSON.stringify(pair)}`);
            assert.equal(pair.local?.relayProtocol, 'tcp', `${p.id} reaches TURN over TCP`);
          }
        }
        for (const line of stack.logs(10_000).split('\n')) {
          assert.ok(!line.includes(turnSecret), `the TURN secret never appears in a log: ${line}`);
        }
      } finally {
        await Promise.all(joined.map((p) => p.close()));
      }
    });
  } catch (e) {
    e.message += `\n----- coturn -----\n${turnLog.split('\n').slice(-40).join('\n')}`;
    throw e;
  } finally {
    turn.kill('SIGTERM');
    rmSync(turnDir, { recursive: true, force: true });
  }
});
