// Two controller replicas on one PostgreSQL database and one real media agent holding a stream to each: both list
// it, a replica that dies takes nothing with it (joins go on through the other, nobody is evicted), and a replica
// that comes back lists the agent again. No browser: participants join over REST and open the agent's signaling
// WebSocket with their token, which shows the agent accepts tokens from either replica.
//
// Runs on the machine's loopback (not in a network namespace), because the replicas need the PostgreSQL at
// 127.0.0.1:5432; the agent announces 127.0.0.1.
import { spawnSync } from 'node:child_process';

if (typeof WebSocket === 'undefined') {
  // Node 20 has a WebSocket client behind a flag: run this file again with it.
  const result = spawnSync(process.execPath, ['--experimental-websocket', ...process.execArgv, ...process.argv.slice(1)],
    { stdio: 'inherit' });
  process.exit(result.status ?? 1);
}

const { test } = await import('node:test');
const assert = await import('node:assert/strict');
const { listedAgents, waitFor } = await import('../lib/stack.mjs');
const { useStack } = await import('../lib/fixture.mjs');

const AGENT = 'agent-r';
const sockets = [];
const e2e = useStack({ agents: [{ id: AGENT, region: 'eu-west-1' }], replicas: 2, publicHost: '127.0.0.1' }, {
  logLines: 40,
  async onStop() {
    for (const socket of sockets) socket.close();
  },
});

/** Joins `participantId` through `replica` over REST; returns the answer. */
async function join(replica, conference, participantId) {
  const response = await fetch(`${replica.baseUrl}/v1/conferences/${conference}/join`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${e2e.stack.grant(conference, participantId)}` },
    body: JSON.stringify({ participantId }),
  });
  assert.equal(response.status, 200, `join ${conference}/${participantId} via ${replica.name}: ${await response.clone().text()}`);
  return response.json();
}

/** Opens the agent's signaling WebSocket with the join's token and waits for the agent's welcome. */
async function connect(answer) {
  const socket = new WebSocket(`${answer.signalingUrl}?token=${encodeURIComponent(answer.token)}`);
  sockets.push(socket);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no welcome from the agent for ${answer.participantId}`)), 20_000);
    socket.addEventListener('message', (event) => {
      const message = JSON.parse(event.data);
      if (message.type === 'welcome') {
        clearTimeout(timer);
        resolve(message);
      }
    });
    socket.addEventListener('close', (event) => {
      clearTimeout(timer);
      reject(new Error(`the agent closed ${answer.participantId}'s session: ${event.code} ${event.reason}`));
    });
  });
}

async function stateOf(replica, agentId) {
  const listed = await listedAgents(replica.baseUrl, e2e.stack.operatorToken);
  return String(listed.find((a) => a.agentId === agentId)?.state ?? 'absent').toLowerCase();
}

async function conference(replica, id) {
  const response = await fetch(`${replica.baseUrl}/v1/conferences/${id}`, { headers: e2e.stack.appAuth });
  assert.equal(response.status, 200);
  return response.json();
}

test('one agent with a stream to each of two replicas is listed UP by both, and takes joins from either', { timeout: 120_000 }, () => e2e.withLogs(async () => {
  const [a, b] = e2e.stack.replicas;
  assert.equal(await stateOf(a, AGENT), 'up');
  assert.equal(await stateOf(b, AGENT), 'up');

  const viaA = await join(a, 'replicas-1', 'alice');
  const viaB = await join(b, 'replicas-1', 'bob');
  assert.equal(viaA.agentId, AGENT);
  assert.equal(viaB.agentId, AGENT);
  assert.equal((await connect(viaA)).participantId, 'alice');
  assert.equal((await connect(viaB)).participantId, 'bob');
}));

test('a killed replica takes nothing with it: joins go on through the other, and it lists the agent again on restart', { timeout: 180_000 }, () => e2e.withLogs(async () => {
  const [a, b] = e2e.stack.replicas;
  const carol = await join(a, 'replicas-2', 'carol');
  await connect(carol);

  await a.kill();

  const dave = await join(b, 'replicas-2', 'dave');
  assert.equal(dave.agentId, AGENT);
  await connect(dave);
  // Long enough for A's last sighting of the agent to age past the down-timeout (5 s): B still hears the agent
  // itself, so nothing may be evicted.
  await new Promise((r) => setTimeout(r, 8_000));
  assert.equal(await stateOf(b, AGENT), 'up');
  const seenByB = await conference(b, 'replicas-2');
  assert.deepEqual(seenByB.participants.map((p) => p.participantId).sort(), ['carol', 'dave']);
  const decisions = await (await fetch(`${b.baseUrl}/v1/conferences/replicas-2/decisions`, { headers: e2e.stack.appAuth })).json();
  assert.deepEqual(decisions.decisions.map((d) => d.outcome), ['placed', 'placed']);
  const erin = await join(b, 'replicas-2', 'erin');
  await connect(erin);

  a.restart();

  await waitFor(async () => (await stateOf(a, AGENT)) === 'up',
    { timeout: 120_000, interval: 500, message: 'the restarted replica to list the agent as up' });
  // Both replicas read one store (sessions that never negotiate media are closed by the agent after 20 s, so
  // who is still in the conference by now is the agent's business; both must agree on it).
  const ids = async (replica) => (await conference(replica, 'replicas-2')).participants.map((p) => p.participantId).sort();
  assert.deepEqual(await ids(a), await ids(b));
  const frank = await join(a, 'replicas-2', 'frank');
  await connect(frank);
}));
