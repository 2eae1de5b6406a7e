// Issue 4's real-delay test: two agents in network namespaces of their own, 50 ms apart each way (100 ms RTT).
// The agents measure that RTT over their relay link, report it, and the controller's decisions use it: a later
// cascading decision explains agent-sa's relay RTT with the measured value instead of the great-circle model's.
// The regions are Dublin and São Paulo, whose modelled RTT (≈ 160 ms) is far from the 100 ms path, so the
// decision shows which of the two it used (Dublin–Virginia would not: the model says ≈ 100 ms there too).
//
// The delay comes from `tc netem` on a veth pair between the agents' namespaces when the kernel has sch_netem:
//
//   test namespace (controller)          agent-eu namespace              agent-sa namespace
//   10.77.1.1 ─────────── veth ───────── 10.77.1.2
//   10.77.2.1 ─────────── veth ──────────────────────────────────────── 10.77.2.2
//                                        10.77.3.1 ── veth + netem ──── 10.77.3.2   (relay and media addresses)
//
// and otherwise from a userspace delay line (e2e/lib/delay-line.mjs) per agent, in the test namespace: there is no
// link between the agents' namespaces, and each agent announces its line as its relay address
// (MERIDIAN_AGENT_RELAY_ANNOUNCED_ADDRESS), so every relay datagram from the other region — link media and
// control, fleet probes and their echoes — crosses one line, held 50 ms, each way:
//
//   agent-sa 10.77.2.2 ──► 10.77.2.1:<line to eu> ─ 50 ms ─► 10.77.1.2:10001 agent-eu
//   agent-eu 10.77.1.2 ──► 10.77.1.1:<line to sa> ─ 50 ms ─► 10.77.2.2:10001 agent-sa
//
// The path between the regions is cut (netem loss 100 %, or the lines drop) until the first decision is made, so
// that decision has no measurement and shows the model; then it opens and later decisions must show the
// measurement (relayRttSource MEASURED where the controller names the source).
//
// Everything lives inside the private namespace isolateNetwork() gives this file; the agents' namespaces are held
// by `sleep` processes this file starts and kills, and the delay lines close with it, so nothing outlives the
// test. Only when the kernel refuses namespaces or veth pairs is the test skipped, with the reason.
// MERIDIAN_E2E_NETEM_DELAY_MS sets the one-way delay (default 50); MERIDIAN_E2E_DELAY=netem|userspace picks the
// mechanism (default: netem when the kernel has it).
import { ensureGeoIpDatabase } from '../lib/geoip.mjs';
import { isolateNetwork } from '../lib/netns.mjs';

const GEOIP_DB = ensureGeoIpDatabase();

isolateNetwork();

const { after, before, test } = await import('node:test');
const assert = await import('node:assert/strict');
const { spawn, spawnSync } = await import('node:child_process');
const { createSocket } = await import('node:dgram');
const { startStack, waitFor } = await import('../lib/stack.mjs');
const { agentCommand } = await import('../lib/launchers.mjs');
const { startDelayLine } = await import('../lib/delay-line.mjs');

const DELAY_MS = Number(process.env.MERIDIAN_E2E_NETEM_DELAY_MS ?? 50);
const DELAY_KIND = process.env.MERIDIAN_E2E_DELAY ?? 'auto';
/** RIPE NCC, Amsterdam: GeoLite2 places it in the Netherlands. */
const EUROPE = '193.0.6.139';
/** NIC.br, São Paulo: GeoLite2 places it in Brazil. */
const BRAZIL = '200.160.2.3';
/** Relay port of both agents, each in its own namespace, when delay lines forward to them. */
const RELAY_PORT = 10001;
const AGENTS = {
  'agent-eu': {
    region: 'eu-west-1', controllerSide: '10.77.1.1', own: '10.77.1.2', dev: 'mrdEu', netemAddress: '10.77.3.1', netemDev: 'mrdEuSa',
  },
  'agent-sa': {
    region: 'sa-east-1', controllerSide: '10.77.2.1', own: '10.77.2.2', dev: 'mrdSa', netemAddress: '10.77.3.2', netemDev: 'mrdSaEu',
  },
};
const EU = AGENTS['agent-eu'];
const SA = AGENTS['agent-sa'];

const holders = [];
const lines = {}; // agent id → the delay line in front of its relay port (userspace mode)
let pids;
let kind; // 'netem' | 'userspace'
let stack;
let skipReason = null;

function run(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.status !== 0) {
    throw new Error(`${cmd} ${args.join(' ')}: ${(r.stderr || r.error?.message || '').trim()}`);
  }
  return r.stdout;
}

function inNamespace(pid, script) {
  run('nsenter', [`--net=/proc/${pid}/ns/net`, 'sh', '-ec', script]);
}

/** Why this machine cannot run the test at all (no namespaces or veth pairs), or null. */
function missingPrerequisite() {
  const veth = spawnSync('unshare', ['--net', 'sh', '-ec',
    'ip link add mrdChk0 type veth peer name mrdChk1; ip link set mrdChk0 up'], { encoding: 'utf8' });
  if (veth.error) return `cannot run unshare and ip (util-linux, iproute2): ${veth.error.message}`;
  if (veth.status !== 0) return `creating network namespaces and veth pairs is not permitted here: ${veth.stderr.trim()}`;
  return null;
}

/** Why `tc netem` cannot delay a veth here, or null when it can. */
function netemMissing() {
  const netem = spawnSync('unshare', ['--net', 'sh', '-ec',
    'ip link add mrdChk0 type veth peer name mrdChk1; tc qdisc add dev mrdChk0 root netem delay 1ms'], { encoding: 'utf8' });
  return netem.error || netem.status !== 0 ? (netem.stderr || netem.error?.message || '').trim() : null;
}

/** 'netem' or 'userspace', as MERIDIAN_E2E_DELAY asks and the kernel allows; throws when netem is forced but absent. */
function chooseDelay() {
  if (!['auto', 'netem', 'userspace'].includes(DELAY_KIND)) {
    throw new Error(`MERIDIAN_E2E_DELAY must be netem, userspace or auto, not '${DELAY_KIND}'`);
  }
  if (DELAY_KIND === 'userspace') return 'userspace';
  const missing = netemMissing();
  if (missing && DELAY_KIND === 'netem') throw new Error(`MERIDIAN_E2E_DELAY=netem but tc netem is unavailable: ${missing}`);
  return missing ? 'userspace' : 'netem';
}

/** A new network namespace held open by a sleeping process; returns its pid. */
function holdNamespace() {
  const holder = spawn('unshare', ['--net', '--', 'sleep', '3600'], { stdio: 'ignore' });
  holders.push(holder);
  return holder.pid;
}

/** Sets netem on both ends of the agents' link: the delay, and with `cut` every packet lost. */
function netem(cut) {
  for (const [id, a] of Object.entries(AGENTS)) {
    inNamespace(pids[id], `tc qdisc replace dev ${a.netemDev} root netem delay ${DELAY_MS}ms${cut ? ' loss 100%' : ''}`);
  }
}

async function buildTopology() {
  pids = {};
  for (const id of Object.keys(AGENTS)) {
    pids[id] = holdNamespace();
  }
  // /proc/<pid>/ns/net names the new namespace once unshare has exec'd sleep
  for (const pid of Object.values(pids)) {
    for (let i = 0; i < 50 && run('readlink', [`/proc/${pid}/ns/net`]) === run('readlink', ['/proc/self/ns/net']); i++) {
      spawnSync('sleep', ['0.05']);
    }
  }
  for (const [id, a] of Object.entries(AGENTS)) {
    run('ip', ['link', 'add', `${a.dev}T`, 'type', 'veth', 'peer', 'name', a.dev]);
    run('ip', ['link', 'set', a.dev, 'netns', String(pids[id])]);
    run('ip', ['addr', 'add', `${a.controllerSide}/24`, 'dev', `${a.dev}T`]);
    run('ip', ['link', 'set', `${a.dev}T`, 'up']);
    inNamespace(pids[id], `ip link set lo up; ip addr add ${a.own}/24 dev ${a.dev}; ip link set ${a.dev} up`);
  }
  if (kind === 'netem') {
    run('ip', ['link', 'add', EU.netemDev, 'type', 'veth', 'peer', 'name', SA.netemDev]);
    run('ip', ['link', 'set', EU.netemDev, 'netns', String(pids['agent-eu'])]);
    run('ip', ['link', 'set', SA.netemDev, 'netns', String(pids['agent-sa'])]);
    for (const [id, a] of Object.entries(AGENTS)) {
      inNamespace(pids[id], `ip addr add ${a.netemAddress}/24 dev ${a.netemDev}; ip link set ${a.netemDev} up`);
    }
    netem(true);
    return;
  }
  // Each line listens where the *other* agent can reach it (on that agent's veth) and forwards to its agent.
  lines['agent-eu'] = await startDelayLine({
    listen: { host: SA.controllerSide }, target: { host: EU.own, port: RELAY_PORT }, delayMs: DELAY_MS, blocked: true,
  });
  lines['agent-sa'] = await startDelayLine({
    listen: { host: EU.controllerSide }, target: { host: SA.own, port: RELAY_PORT }, delayMs: DELAY_MS, blocked: true,
  });
}

/** Lets relay traffic between the regions through (delayed) from now on. */
function openPath() {
  if (kind === 'netem') netem(false);
  else Object.values(lines).forEach((line) => line.unblock());
}

/**
 * The agent launch command, wrapped: by MERIDIAN_AGENT_ID it enters that agent's namespace, reaches the
 * controller over its own veth, and announces the address peers reach it at across the delayed path.
 */
function wrappedAgentCommand() {
  process.env.MERIDIAN_NETEM_AGENT_INNER = agentCommand();
  const cases = Object.entries(AGENTS).map(([id, a]) => {
    const settings = kind === 'netem'
      ? `MERIDIAN_AGENT_PUBLIC_HOST=${a.netemAddress}`
      : `MERIDIAN_AGENT_PUBLIC_HOST=${a.own} MERIDIAN_AGENT_RELAY_PORT=${RELAY_PORT} `
        + `MERIDIAN_AGENT_RELAY_ANNOUNCED_ADDRESS=${lines[id].address.host}:${lines[id].address.port}`;
    return `${id}) ns=/proc/${pids[id]}/ns/net; ctl=${a.controllerSide}; export ${settings} ;;`;
  }).join(' ');
  return `case "$MERIDIAN_AGENT_ID" in ${cases} *) echo "unknown agent $MERIDIAN_AGENT_ID" >&2; exit 2 ;; esac; `
    + 'export MERIDIAN_CONTROLLER="$ctl:${MERIDIAN_CONTROLLER##*:}"; '
    + 'exec nsenter --net="$ns" sh -c "$MERIDIAN_NETEM_AGENT_INNER"';
}

function killHolders() {
  for (const h of holders.splice(0)) {
    try {
      h.kill('SIGKILL');
    } catch {
      // gone
    }
  }
}
process.on('exit', killHolders);

before(async () => {
  skipReason = missingPrerequisite();
  if (skipReason) return;
  kind = chooseDelay();
  await buildTopology();
  process.env.MERIDIAN_E2E_AGENT_CMD = wrappedAgentCommand();
  process.env.MERIDIAN_TRUSTED_PROXIES = '127.0.0.1/32';
  process.env.MERIDIAN_GEOIP_DB = GEOIP_DB;
  stack = await startStack({
    agents: Object.entries(AGENTS).map(([id, a]) => ({ id, region: a.region })),
  });
}, { timeout: 150_000 });

after(async () => {
  await stack?.stop();
  await Promise.all(Object.values(lines).map((line) => line.close()));
  killHolders();
}, { timeout: 60_000 });

/** Joins through the controller as a client at `address` (this process is the trusted proxy). */
async function joinFrom(address, conference, participantId) {
  const response = await fetch(`${stack.baseUrl}/v1/conferences/${conference}/join`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-forwarded-for': address,
      authorization: `Bearer ${stack.grant(conference, participantId)}`,
    },
    body: JSON.stringify({ participantId }),
  });
  assert.equal(response.status, 200, `join ${conference}/${participantId}: ${await response.clone().text()}`);
  return response.json();
}

/** Agent-sa's candidate in the decision that placed `participantId`, and the whole explanation. */
async function saCandidate(conference, participantId) {
  const log = await (await fetch(`${stack.baseUrl}/v1/conferences/${conference}/decisions`, { headers: stack.appAuth })).json();
  const decision = log.decisions.find((d) => d.participantId === participantId);
  return { candidate: decision.explanation.candidates.find((c) => c.agentId === 'agent-sa'), explanation: decision.explanation };
}

/** The source the controller names for a relay RTT; null when this controller does not name one. */
function sourceOf(candidate) {
  return 'relayRttSource' in candidate ? candidate.relayRttSource : null;
}

function describeLines() {
  return Object.entries(lines).map(([id, line]) => {
    const held = line.stats.heldMs;
    return `line to ${id}: ${line.stats.forwarded} forwarded, ${line.stats.returned} returned, `
      + `held ${held.min.toFixed(1)}–${held.max.toFixed(1)} ms (mean ${(held.total / held.count).toFixed(1)}), `
      + `dropped ${JSON.stringify(line.stats.dropped)}`;
  }).join('; ');
}

test('the userspace delay line holds every datagram its delay each way, in order', { timeout: 20_000 }, async (t) => {
  const delayMs = 40;
  const echo = createSocket('udp4');
  const client = createSocket('udp4');
  await new Promise((resolve) => echo.bind(0, '127.0.0.1', resolve));
  echo.on('message', (payload, from) => echo.send(payload, from.port, from.address));
  const line = await startDelayLine({ listen: { host: '127.0.0.1' }, target: { host: '127.0.0.1', port: echo.address().port }, delayMs });
  try {
    const rtts = [];
    const order = [];
    client.on('message', (payload) => {
      order.push(payload.readUInt32BE(0));
      rtts.push(performance.now() - payload.readDoubleBE(4));
    });
    const send = (i) => {
      const payload = Buffer.alloc(12);
      payload.writeUInt32BE(i);
      payload.writeDoubleBE(performance.now(), 4);
      client.send(payload, line.address.port, '127.0.0.1');
    };
    for (let i = 0; i < 20; i++) { // probes, spaced like the relay's
      send(i);
      await new Promise((resolve) => setTimeout(resolve, 15));
    }
    for (let i = 20; i < 220; i++) send(i); // and a burst, whose order must survive
    await waitFor(() => order.length === 220, { timeout: 5000, interval: 20, message: '220 echoes' });
    assert.deepEqual(order, [...Array(220).keys()]);
    const probes = rtts.slice(0, 20).sort((a, b) => a - b);
    assert.ok(probes[0] >= 2 * delayMs, `no echo may beat the line: fastest ${probes[0]} ms`);
    assert.ok(probes[10] <= 2 * delayMs + 15, `median probe RTT ${probes[10]} ms through a ${delayMs} ms line`);
    assert.equal(line.stats.forwarded, 220);
    assert.equal(line.stats.returned, 220);
    t.diagnostic(`probe RTT through ${delayMs} ms each way: min ${probes[0].toFixed(1)}, median ${probes[10].toFixed(1)}, `
      + `max ${probes[19].toFixed(1)} ms`);
  } finally {
    await line.close();
    client.close();
    echo.close();
  }
});

test('the RTT the agents measure across a 100 ms path replaces the model in the controller\'s decisions', { timeout: 120_000 }, async (t) => {
  if (skipReason) {
    t.skip(skipReason);
    return;
  }
  try {
    // The path is cut: nobody has measured anything, so this decision can only use the model.
    const first = await joinFrom(EUROPE, 'netem-1', 'eu-1');
    assert.equal(first.agentId, 'agent-eu');
    const second = await joinFrom(BRAZIL, 'netem-1', 'br-1');
    assert.equal(second.agentId, 'agent-sa');
    assert.equal(second.mode, 'cascaded');
    const modelled = (await saCandidate('netem-1', 'br-1')).candidate;
    assert.ok(sourceOf(modelled) === null || sourceOf(modelled) === 'MODEL',
      `before any measurement the relay RTT comes from the model, not ${sourceOf(modelled)}`);

    const expected = 2 * DELAY_MS;
    const low = 0.9 * expected;
    const high = 1.4 * expected + 10;
    const inRange = (rtt) => rtt >= low && rtt <= high;
    assert.ok(!inRange(modelled.relayRttMs),
      `the model's ${modelled.relayRttMs} ms must lie outside ${low}–${high} ms for this test to tell them apart`);

    openPath();
    // Links probe every second and agents report every second: a decision a few seconds later sees the path.
    let round = 0;
    let last;
    await waitFor(async () => {
      round += 1;
      const conference = `netem-probe-${round}`;
      await joinFrom(EUROPE, conference, `eu-${round}`);
      const placed = await joinFrom(BRAZIL, conference, `br-${round}`);
      last = await saCandidate(conference, `br-${round}`);
      return placed.agentId === 'agent-sa' && placed.mode === 'cascaded' && inRange(last.candidate.relayRttMs);
    }, { timeout: 45_000, interval: 2000, message: `a decision whose relay RTT for agent-sa is within ${low}–${high} ms` });
    const source = sourceOf(last.candidate);
    assert.ok(source === null || source === 'MEASURED', `the decision's relay RTT source is ${source}, not MEASURED`);
    t.diagnostic(`${kind === 'netem' ? 'tc netem' : 'userspace delay lines'}, ${DELAY_MS} ms each way: relay RTT `
      + `agent-sa → agent-eu in the decisions: model ${modelled.relayRttMs} ms, measured ${last.candidate.relayRttMs} ms `
      + `(source ${source ?? 'not named by this controller'}, round ${round}); `
      + `location ${JSON.stringify(last.explanation.location)}`);
    if (kind === 'userspace') {
      for (const line of Object.values(lines)) {
        assert.ok(line.stats.forwarded > 0 && line.stats.heldMs.min >= DELAY_MS, describeLines());
      }
      t.diagnostic(describeLines());
    }
  } catch (e) {
    e.message += `\n${kind === 'userspace' ? `${describeLines()}\n` : ''}${stack.logs(40)}`;
    throw e;
  }
});
