// Issue 4's real-delay test: two agents in network namespaces of their own, joined by a veth pair delayed with
// `tc netem` (50 ms each way, 100 ms RTT). The agents measure that RTT over their relay link, report it, and the
// controller's decisions use it: a later cascading decision explains the agent's relay RTT with the measured
// value instead of the great-circle model's. The regions are Dublin and São Paulo, whose modelled RTT (≈ 190 ms)
// is far from the 100 ms link, so the decision shows which of the two it used (Dublin–Virginia would not: the
// model says ≈ 100 ms there too).
//
//   test namespace (controller)          agent-eu namespace              agent-sa namespace
//   10.77.1.1 ─────────── veth ───────── 10.77.1.2
//   10.77.2.1 ─────────── veth ──────────────────────────────────────── 10.77.2.2
//                                        10.77.3.1 ── veth + netem ──── 10.77.3.2   (relay and media addresses)
//
// Everything lives inside the private namespace isolateNetwork() gives this file; the agents' namespaces are
// held by `sleep` processes this file starts and kills, so nothing outlives the test. When the kernel refuses
// namespaces, veth or netem, the test is skipped with the reason.
// MERIDIAN_E2E_NETEM_DELAY_MS overrides the one-way delay (default 50; 0 runs the same topology without netem).
import { existsSync } from 'node:fs';
import { spawnSync as runBefore } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { isolateNetwork } from '../lib/netns.mjs';

// GeoLite2 places the clients; fetch it (bin/fetch-geoip, idempotent) while the network is still reachable.
const GEOIP_DB = process.env.MERIDIAN_GEOIP_DB
  || fileURLToPath(new URL('../../data/geoip/GeoLite2-City.mmdb', import.meta.url));
if (process.env.MERIDIAN_E2E_NETNS !== '1' && !existsSync(GEOIP_DB)) {
  const fetched = runBefore(fileURLToPath(new URL('../../bin/fetch-geoip', import.meta.url)), { stdio: 'inherit' });
  if (fetched.status !== 0) {
    process.stderr.write('e2e: no GeoLite2 database; run bin/fetch-geoip or set MERIDIAN_GEOIP_DB\n');
    process.exit(1);
  }
}

isolateNetwork();

const { after, before, test } = await import('node:test');
const assert = await import('node:assert/strict');
const { spawn, spawnSync } = await import('node:child_process');
const { startStack, waitFor } = await import('../lib/stack.mjs');
const { agentCommand } = await import('../lib/launchers.mjs');

const DELAY_MS = Number(process.env.MERIDIAN_E2E_NETEM_DELAY_MS ?? 50);
const EUROPE = '193.0.6.139';
/** NIC.br, São Paulo: GeoLite2 places it in Brazil. */
const BRAZIL = '200.160.2.3';
const AGENTS = {
  'agent-eu': { region: 'eu-west-1', controllerSide: '10.77.1.1', own: '10.77.1.2', relay: '10.77.3.1', dev: 'mrdEu', link: 'mrdEuUs' },
  'agent-sa': { region: 'sa-east-1', controllerSide: '10.77.2.1', own: '10.77.2.2', relay: '10.77.3.2', dev: 'mrdSa', link: 'mrdSaEu' },
};

const holders = [];
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

/** Why this machine cannot run the test (no namespaces or veth, no netem), or null. */
function missingPrerequisite() {
  const veth = spawnSync('unshare', ['--net', 'sh', '-ec',
    'ip link add mrdChk0 type veth peer name mrdChk1; ip link set mrdChk0 up'], { encoding: 'utf8' });
  if (veth.error) return `cannot run unshare and ip (util-linux, iproute2): ${veth.error.message}`;
  if (veth.status !== 0) return `creating network namespaces and veth pairs is not permitted here: ${veth.stderr.trim()}`;
  if (DELAY_MS <= 0) return null;
  const netem = spawnSync('unshare', ['--net', 'sh', '-ec',
    'ip link add mrdChk0 type veth peer name mrdChk1; tc qdisc add dev mrdChk0 root netem delay 1ms'], { encoding: 'utf8' });
  if (netem.error || netem.status !== 0) {
    return `tc netem is not available in this kernel (no sch_netem): ${(netem.stderr || netem.error?.message || '').trim()}`
      + '; MERIDIAN_E2E_NETEM_DELAY_MS=0 runs the same topology without the delay';
  }
  return null;
}

/** A new network namespace held open by a sleeping process; returns its pid. */
function holdNamespace() {
  const holder = spawn('unshare', ['--net', '--', 'sleep', '3600'], { stdio: 'ignore' });
  holders.push(holder);
  return holder.pid;
}

function buildTopology() {
  const pids = {};
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
  const eu = AGENTS['agent-eu'];
  const sa = AGENTS['agent-sa'];
  run('ip', ['link', 'add', eu.link, 'type', 'veth', 'peer', 'name', sa.link]);
  run('ip', ['link', 'set', eu.link, 'netns', String(pids['agent-eu'])]);
  run('ip', ['link', 'set', sa.link, 'netns', String(pids['agent-sa'])]);
  for (const id of Object.keys(AGENTS)) {
    const a = AGENTS[id];
    inNamespace(pids[id], `ip addr add ${a.relay}/24 dev ${a.link}; ip link set ${a.link} up`
      + (DELAY_MS > 0 ? `; tc qdisc add dev ${a.link} root netem delay ${DELAY_MS}ms` : ''));
  }
  return pids;
}

/**
 * The agent launch command, wrapped: by MERIDIAN_AGENT_ID it enters that agent's namespace, reaches the
 * controller over its own veth and announces its relay/media address on the delayed link.
 */
function wrappedAgentCommand(pids) {
  process.env.MERIDIAN_NETEM_AGENT_INNER = agentCommand();
  const cases = Object.entries(AGENTS).map(([id, a]) =>
    `${id}) ns=/proc/${pids[id]}/ns/net; ctl=${a.controllerSide}; pub=${a.relay} ;;`).join(' ');
  return `case "$MERIDIAN_AGENT_ID" in ${cases} *) echo "unknown agent $MERIDIAN_AGENT_ID" >&2; exit 2 ;; esac; `
    + 'export MERIDIAN_CONTROLLER="$ctl:${MERIDIAN_CONTROLLER##*:}" MERIDIAN_AGENT_PUBLIC_HOST="$pub"; '
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
  const pids = buildTopology();
  process.env.MERIDIAN_E2E_AGENT_CMD = wrappedAgentCommand(pids);
  process.env.MERIDIAN_TRUSTED_PROXIES = '127.0.0.1/32';
  process.env.MERIDIAN_GEOIP_DB = GEOIP_DB;
  stack = await startStack({
    agents: Object.entries(AGENTS).map(([id, a]) => ({ id, region: a.region })),
  });
}, { timeout: 180_000 });

after(async () => {
  await stack?.stop();
  killHolders();
}, { timeout: 60_000 });

/** Joins through the controller as a client at `address` (this process is the trusted proxy). */
async function joinFrom(address, conference, participantId) {
  const response = await fetch(`${stack.baseUrl}/v1/conferences/${conference}/join`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
    body: JSON.stringify({ participantId }),
  });
  assert.equal(response.status, 200, `join ${conference}/${participantId}: ${await response.clone().text()}`);
  return response.json();
}

/** The relay RTT the decision of `participantId` gave agent-sa, and the whole explanation. */
async function relayRttInDecision(conference, participantId) {
  const log = await (await fetch(`${stack.baseUrl}/v1/conferences/${conference}/decisions`)).json();
  const decision = log.decisions.find((d) => d.participantId === participantId);
  const candidate = decision.explanation.candidates.find((c) => c.agentId === 'agent-sa');
  return { rtt: candidate.relayRttMs, explanation: decision.explanation };
}

test('the RTT the agents measure across a 100 ms link replaces the model in the controller\'s decisions', { timeout: 240_000 }, async (t) => {
  if (skipReason) {
    t.skip(skipReason);
    return;
  }
  try {
    const first = await joinFrom(EUROPE, 'netem-1', 'eu-1');
    assert.equal(first.agentId, 'agent-eu');
    const second = await joinFrom(BRAZIL, 'netem-1', 'br-1');
    assert.equal(second.agentId, 'agent-sa');
    assert.equal(second.mode, 'cascaded');
    const modelled = (await relayRttInDecision('netem-1', 'br-1')).rtt;

    // The link probes every second and the agents report every second: a decision a few seconds later sees it.
    const expected = 2 * DELAY_MS;
    const tolerance = 0.3 * expected + 10;
    assert.ok(Math.abs(modelled - expected) > tolerance,
      `the model's ${modelled} ms must differ from the link's ${expected} ms for this test to tell them apart`);
    let round = 0;
    let last;
    await waitFor(async () => {
      round += 1;
      const conference = `netem-probe-${round}`;
      await joinFrom(EUROPE, conference, `eu-${round}`);
      const placed = await joinFrom(BRAZIL, conference, `br-${round}`);
      last = await relayRttInDecision(conference, `br-${round}`);
      return placed.agentId === 'agent-sa' && Math.abs(last.rtt - expected) <= tolerance;
    }, { timeout: 60_000, interval: 2000, message: `a decision whose relay RTT for agent-sa is ${expected} ± ${tolerance} ms` });
    t.diagnostic(`relay RTT agent-sa → agent-eu in the decision: model ${modelled} ms, measured ${last.rtt} ms `
      + `(netem ${DELAY_MS} ms each way); location ${JSON.stringify(last.explanation.location)}`);
  } catch (e) {
    e.message += `\n${stack.logs(40)}`;
    throw e;
  }
});
