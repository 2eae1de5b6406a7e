// The access-control issue's end-to-end attack suite: only admitted people join, and no single credential opens
// the fleet. A real controller and real media agents run as processes; the attacks use raw HTTP, a raw WebSocket
// client on the agents' signaling and a raw gRPC client on the controller's agent link.
import { isolateNetwork } from '../lib/netns.mjs';

isolateNetwork();

const { after, before, test } = await import('node:test');
const assert = await import('node:assert/strict');
const { createHmac, generateKeyPairSync, randomBytes, randomUUID, sign } = await import('node:crypto');
const { performance } = await import('node:perf_hooks');
const { fileURLToPath } = await import('node:url');
const { default: WebSocket } = await import('ws');
const grpc = await import('@grpc/grpc-js');
const protoLoader = await import('@grpc/proto-loader');
const { agentCredential, mintGrant } = await import('../../bin/lib/meridian.mjs');
const { startStack, waitFor } = await import('../lib/stack.mjs');
const { MEDIA_HOST } = await import('../lib/netns.mjs');

const AGENT = { id: 'agent-eu', region: 'eu-west-1' };
/** How long any single wait of this file may take before it fails. */
const WAIT_MS = 15_000;

let stack;
before(async () => {
  stack = await startStack({ agents: [AGENT] });
}, { timeout: 180_000 });
after(async () => {
  for (const s of sessions.splice(0)) s.ws.terminate();
  await stack?.stop();
}, { timeout: 60_000 });

/** Runs `fn`, appending the tail of every process's log of `s` to its failure. */
async function withLogs(s, fn) {
  try {
    await fn();
  } catch (e) {
    e.message += `\n${s.logs(40)}`;
    throw e;
  }
}

// ---------------------------------------------------------------- HTTP helpers

const b64url = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');

/** An HS256 grant with exactly `claims`, signed with `secret` (for claims mintGrant does not make). */
function signGrant(secret, claims) {
  const input = `${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url(claims)}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}

async function postJoin(conference, grant, body) {
  return fetch(`${stack.baseUrl}/v1/conferences/${encodeURIComponent(conference)}/join`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(grant ? { authorization: `Bearer ${grant}` } : {}) },
    body: JSON.stringify(body),
  });
}

/** GET /v1/conferences/{id} as the application: {status, body}. */
async function conferenceAsApp(conference) {
  const response = await fetch(`${stack.baseUrl}/v1/conferences/${encodeURIComponent(conference)}`, { headers: stack.appAuth });
  return { status: response.status, body: await response.json().catch(() => null) };
}

/** Asserts a join answered `status` with a problem+json body, and that the conferences know nothing of it. */
async function assertRefused(response, status, conferences) {
  const text = await response.text();
  assert.equal(response.status, status, text);
  assert.match(response.headers.get('content-type') ?? '', /^application\/problem\+json/);
  const problem = JSON.parse(text);
  assert.equal(problem.status, status, text);
  assert.equal(typeof problem.title, 'string');
  for (const id of conferences) {
    const c = await conferenceAsApp(id);
    assert.equal(c.status, 404, `nothing is stored for ${id}: ${JSON.stringify(c.body)}`);
  }
  return problem;
}

// ---------------------------------------------------------------- signaling helpers

const sessions = [];

/** Opens the agent's signaling WebSocket with `token`; records messages and the close (code, reason, time). */
function openSession(signalingUrl, token) {
  const ws = new WebSocket(`${signalingUrl}?token=${encodeURIComponent(token)}`);
  const session = { ws, messages: [] };
  session.closed = new Promise((resolve) => {
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString(), at: performance.now() }));
  });
  ws.on('error', () => {}); // a refused session ends with its close code; errors carry nothing more
  ws.on('message', (data) => {
    try {
      session.messages.push(JSON.parse(data.toString()));
    } catch {
      session.messages.push({ type: '<not json>' });
    }
  });
  session.welcome = new Promise((resolve, reject) => {
    ws.on('message', () => {
      if (session.messages[0]?.type === 'welcome') resolve(session.messages[0]);
    });
    session.closed.then((c) => reject(new Error(`closed ${c.code} '${c.reason}' before welcome`)));
  });
  session.welcome.catch(() => {});
  sessions.push(session);
  return session;
}

/** Joins through the controller and opens the session the answer points to, waiting for welcome. */
async function joinAndConnect(conference, identity, options) {
  const answer = await stack.join(conference, identity, options);
  const session = openSession(answer.signalingUrl, answer.token);
  await within(session.welcome, `${identity}'s welcome`);
  return { answer, session };
}

function within(promise, what, ms = WAIT_MS) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/** A publish offer as a browser sends it: audio and video, BUNDLE, ICE and DTLS attributes, declared SSRCs. */
function publishOffer(extraVideoLines = []) {
  const fingerprint = Array.from(randomBytes(32), (b) => b.toString(16).padStart(2, '0').toUpperCase()).join(':');
  const common = [
    'c=IN IP4 0.0.0.0', 'a=rtcp:9 IN IP4 0.0.0.0', 'a=ice-ufrag:abcd', 'a=ice-pwd:abcdefghijklmnopqrstuvwx',
    `a=fingerprint:sha-256 ${fingerprint}`, 'a=setup:actpass', 'a=sendonly', 'a=rtcp-mux',
  ];
  return [
    'v=0', 'o=- 4611731400430051336 2 IN IP4 127.0.0.1', 's=-', 't=0 0', 'a=group:BUNDLE 0 1', 'a=msid-semantic: WMS s',
    'm=audio 9 UDP/TLS/RTP/SAVPF 111', ...common, 'a=mid:0', 'a=rtpmap:111 opus/48000/2', 'a=fmtp:111 minptime=10;useinbandfec=1',
    'a=ssrc:1111 cname:attacker', 'a=msid:s a',
    'm=video 9 UDP/TLS/RTP/SAVPF 96', ...common, 'a=mid:1', 'a=rtpmap:96 VP8/90000', 'a=rtcp-fb:96 nack', 'a=rtcp-fb:96 nack pli',
    ...extraVideoLines, 'a=ssrc:2222 cname:attacker', 'a=msid:s v',
    '',
  ].join('\r\n');
}

// ---------------------------------------------------------------- joins refused

test('a join without a grant is refused 401 problem+json and stores nothing', () => withLogs(stack, async () => {
  await assertRefused(await postJoin('atk-nogrant', null, { participantId: 'alice' }), 401, ['atk-nogrant']);
}));

test('a join with a forged grant (wrong secret) is refused 401 and stores nothing', () => withLogs(stack, async () => {
  const forged = stack.remember(mintGrant({ key: stack.app.key, secret: randomBytes(32).toString('base64url') },
    { conference: 'atk-forged', identity: 'alice' }), 'forged grant');
  await assertRefused(await postJoin('atk-forged', forged, { participantId: 'alice' }), 401, ['atk-forged']);
}));

test('a join with an expired grant is refused 401 and stores nothing', () => withLogs(stack, async () => {
  const now = Math.floor(Date.now() / 1000);
  const expired = stack.remember(signGrant(stack.app.secret, {
    iss: stack.app.key, sub: 'alice', conference: 'atk-expired', permissions: ['publish', 'subscribe'],
    iat: now - 900, nbf: now - 900, exp: now - 300, jti: randomUUID(),
  }), 'expired grant');
  await assertRefused(await postJoin('atk-expired', expired, { participantId: 'alice' }), 401, ['atk-expired']);
}));

test('a join with a grant for another conference is refused 403 and stores nothing', () => withLogs(stack, async () => {
  const other = stack.grant('atk-other-b', 'alice');
  await assertRefused(await postJoin('atk-other-a', other, { participantId: 'alice' }), 403, ['atk-other-a', 'atk-other-b']);
}));

test('a join whose body participantId disagrees with the grant\'s sub is refused 403 and stores nothing', () => withLogs(stack, async () => {
  const grant = stack.grant('atk-sub', 'alice');
  await assertRefused(await postJoin('atk-sub', grant, { participantId: 'mallory' }), 403, ['atk-sub']);
}));

test('a join with a grant of an unknown application is refused 401 and stores nothing', () => withLogs(stack, async () => {
  const unknown = stack.remember(mintGrant({ key: 'no-such-app', secret: randomBytes(32).toString('base64url') },
    { conference: 'atk-unknown-app', identity: 'alice' }), 'unknown application grant');
  await assertRefused(await postJoin('atk-unknown-app', unknown, { participantId: 'alice' }), 401, ['atk-unknown-app']);
}));

// ---------------------------------------------------------------- agent tokens

test('an agent token admits one WebSocket session: a second one with the same token is closed 4401', () => withLogs(stack, async () => {
  const { answer, session: first } = await joinAndConnect('atk-replay', 'alice');
  const second = openSession(answer.signalingUrl, answer.token);
  const closed = await within(second.closed, 'the replayed session to close');
  assert.equal(closed.code, 4401, closed.reason);
  assert.match(closed.reason, /join token refused/);
  assert.ok(!second.messages.some((m) => m.type === 'welcome'), 'the replay never got welcome');
  assert.equal(first.ws.readyState, WebSocket.OPEN, 'the first session is untouched');
  first.ws.close();
}));

test('a kicked participant\'s socket closes 4404 within 1 s of the DELETE, it is no longer listed, and its token no longer works', () => withLogs(stack, async () => {
  const conference = 'atk-kick';
  const { session: keeper } = await joinAndConnect(conference, 'keeper');
  const { answer, session: victim } = await joinAndConnect(conference, 'victim');
  assert.deepEqual((await conferenceAsApp(conference)).body.participants.map((p) => p.participantId).sort(), ['keeper', 'victim']);

  const response = await fetch(`${stack.baseUrl}/v1/conferences/${conference}/participants/victim`, { method: 'DELETE', headers: stack.appAuth });
  const deleted = performance.now();
  assert.equal(response.status, 204, await response.text());
  const closed = await within(victim.closed, 'the kicked session to close');
  assert.equal(closed.code, 4404, closed.reason);
  const elapsed = closed.at - deleted;
  assert.ok(elapsed < 1000, `closed ${elapsed.toFixed(0)} ms after the DELETE answered (spec: within 1 s)`);

  const after = await conferenceAsApp(conference);
  assert.equal(after.status, 200, JSON.stringify(after.body));
  assert.deepEqual(after.body.participants.map((p) => p.participantId), ['keeper']);

  const again = openSession(answer.signalingUrl, answer.token);
  const refused = await within(again.closed, 'the kicked token to be refused');
  assert.equal(refused.code, 4401, refused.reason);
  assert.equal(keeper.ws.readyState, WebSocket.OPEN, 'the other participant stays');
  keeper.ws.close();
}));

test('a subscribe-only grant\'s publish offer is refused with 4403', () => withLogs(stack, async () => {
  const { session } = await joinAndConnect('atk-subscribe-only', 'watcher', { permissions: ['subscribe'] });
  session.ws.send(JSON.stringify({ type: 'publish-offer', sdp: publishOffer() }));
  const closed = await within(session.closed, 'the publishing watcher to be closed');
  assert.equal(closed.code, 4403, closed.reason);
}));

test('an idle session that never sends its publish offer is closed with 4408', { timeout: 240_000 }, async () => {
  const idle = await startStack({
    agents: [{ id: 'agent-idle', region: 'eu-west-1' }],
    agentEnv: { MERIDIAN_AGENT_SIGNALING_NEGOTIATION_TIMEOUT: '2s' },
  });
  try {
    await withLogs(idle, async () => {
      const answer = await idle.join('atk-idle', 'sleeper');
      const session = openSession(answer.signalingUrl, answer.token);
      await within(session.welcome, 'the sleeper\'s welcome');
      const closed = await within(session.closed, 'the idle session to be closed');
      assert.equal(closed.code, 4408, closed.reason);
    });
  } finally {
    await idle.stop(); // throws when its logs hold a secret
  }
});

test('an SDP bomb closes only that session with 4400; the agent keeps serving others', () => withLogs(stack, async () => {
  const conference = 'atk-sdp-bomb';
  const { session: bystander } = await joinAndConnect(conference, 'bystander');
  const { session: bomber } = await joinAndConnect(conference, 'bomber');
  const feedback = ['nack', 'nack pli', 'ccm fir', 'goog-remb', 'transport-cc'];
  const lines = Array.from({ length: 5000 }, (_, i) => `a=rtcp-fb:* ${feedback[i % feedback.length]}`);
  const message = JSON.stringify({ type: 'publish-offer', sdp: publishOffer(lines) });
  assert.ok(message.length > 100 * 1024 && message.length < 128 * 1024, `a bomb under the 128 KiB frame limit (${message.length} bytes)`);
  bomber.ws.send(message);
  const closed = await within(bomber.closed, 'the bomber to be closed');
  assert.equal(closed.code, 4400, closed.reason);
  assert.match(closed.reason, /SDP/);

  const { session: late } = await joinAndConnect(conference, 'latecomer');
  assert.equal(bystander.ws.readyState, WebSocket.OPEN, 'the bystander stays');
  bystander.ws.close();
  late.ws.close();
}));

// ---------------------------------------------------------------- the agent link

const PROTO_DIR = fileURLToPath(new URL('../../proto/src/main/proto', import.meta.url));
const LOADER = { keepCase: false, longs: String, enums: String, defaults: true, oneofs: true };
const agentLink = grpc.loadPackageDefinition(
  protoLoader.loadSync('meridian/agent/v1/agent_link.proto', { ...LOADER, includeDirs: [PROTO_DIR] }),
).meridian.agent.v1;
const health = grpc.loadPackageDefinition(
  protoLoader.loadSync(fileURLToPath(new URL('../lib/proto/health.proto', import.meta.url)), LOADER),
).grpc.health.v1;

/**
 * Opens an AgentLink stream (with `credential` when given), sends `hello` and collects what comes back:
 * {messages, status: Promise<{code, details}>, end()}.
 */
function connectAgent(credential, hello) {
  const client = new agentLink.AgentLink(`127.0.0.1:${stack.grpcPort}`, grpc.credentials.createInsecure());
  const metadata = new grpc.Metadata();
  if (credential) metadata.set('authorization', `Bearer ${credential}`);
  const call = client.Connect(metadata);
  const link = { messages: [] };
  link.status = new Promise((resolve) => {
    call.on('error', (e) => resolve({ code: e.code, details: e.details }));
    call.on('status', (s) => resolve({ code: s.code, details: s.details }));
  });
  call.on('data', (m) => link.messages.push(m));
  if (hello) call.write({ hello });
  link.end = () => {
    call.cancel();
    client.close();
  };
  return link;
}

function hello(agentId, hosted = []) {
  return {
    agentId,
    region: 'eu-west-1',
    signalingUrl: `ws://${MEDIA_HOST}:1/signaling`,
    mediaAddress: { host: MEDIA_HOST, port: 9 },
    relayAddress: { host: MEDIA_HOST, port: 9 },
    capacityParticipants: 10,
    version: 'rogue',
    hosted,
  };
}

async function agentsListed() {
  const response = await fetch(`${stack.baseUrl}/v1/agents`, { headers: { authorization: `Bearer ${stack.operatorToken}` } });
  assert.equal(response.status, 200);
  return response.json();
}

const isUp = (agents, id) => agents.some((a) => a.agentId === id && String(a.state).toLowerCase() === 'up');

test('a rogue agent with its own credential saying Hello as another agent gets PERMISSION_DENIED; the real agent stays up', () => withLogs(stack, async () => {
  const credential = agentCredential(stack.fleetToken, 'rogue');
  stack.remember(credential.slice('rogue.'.length), 'agent credential of rogue');
  const link = connectAgent(credential, hello(AGENT.id));
  try {
    const status = await within(link.status, 'the impersonation to be refused');
    assert.equal(status.code, grpc.status.PERMISSION_DENIED, status.details);
    assert.ok(!link.messages.some((m) => m.welcome), 'no Welcome for an impersonator');
  } finally {
    link.end();
  }
  await new Promise((r) => setTimeout(r, 1500)); // a replaced session would show as down or reconnecting by now
  assert.ok(isUp(await agentsListed(), AGENT.id), 'the real agent is still up');
  const { session } = await joinAndConnect('atk-after-impersonation', 'alice');
  session.ws.close();
}));

test('a rogue agent announcing a live conference\'s participants with fabricated join tokens is not added and gets no OpenRelay', () => withLogs(stack, async () => {
  const conference = 'atk-rogue-target';
  const { session: host } = await joinAndConnect(conference, 'host');
  const before = await conferenceAsApp(conference);
  assert.deepEqual(before.body.participants.map((p) => [p.participantId, p.agentId]), [['host', AGENT.id]]);

  // An EdDSA join token the controller never signed, for the rogue agent, this conference and each participant.
  const { privateKey } = generateKeyPairSync('ed25519');
  const fabricate = (participantId) => {
    const now = Math.floor(Date.now() / 1000);
    const input = `${b64url({ alg: 'EdDSA', typ: 'JWT' })}.${b64url({
      iss: 'meridian-controller', sub: participantId, conf: conference, agent: 'rogue', iat: now, exp: now + 120, jti: randomUUID(),
    })}`;
    return stack.remember(`${input}.${sign(null, Buffer.from(input), privateKey).toString('base64url')}`, `fabricated token ${participantId}`);
  };
  const credential = agentCredential(stack.fleetToken, 'rogue');
  stack.remember(credential.slice('rogue.'.length), 'agent credential of rogue');
  const link = connectAgent(credential, hello('rogue', [{
    conferenceId: conference,
    participants: [{ participantId: 'intruder', joinToken: fabricate('intruder') }, { participantId: 'host', joinToken: fabricate('host') }],
  }]));
  try {
    await waitFor(async () => link.messages.some((m) => m.welcome), { timeout: WAIT_MS, message: 'the rogue (as itself) to be welcomed' });
    await new Promise((r) => setTimeout(r, 3000)); // time for any relay decision to be sent
    const c = await conferenceAsApp(conference);
    assert.equal(c.status, 200);
    assert.deepEqual(c.body.participants.map((p) => [p.participantId, p.agentId]), [['host', AGENT.id]], JSON.stringify(c.body));
    assert.ok(!c.body.agents.some((a) => a.agentId === 'rogue'), `the rogue is not an agent of the conference: ${JSON.stringify(c.body.agents)}`);
    const relays = link.messages.filter((m) => m.openRelay);
    assert.equal(relays.length, 0, 'the rogue receives no OpenRelay');
  } finally {
    link.end();
  }
  assert.equal(host.ws.readyState, WebSocket.OPEN, 'the real participant stays');
  host.ws.close();
}));

test('the gRPC health check answers SERVING without a credential; an AgentLink stream without one is UNAUTHENTICATED', () => withLogs(stack, async () => {
  const client = new health.Health(`127.0.0.1:${stack.grpcPort}`, grpc.credentials.createInsecure());
  try {
    const answer = await within(new Promise((resolve, reject) => {
      client.Check({ service: '' }, (e, r) => (e ? reject(e) : resolve(r)));
    }), 'the health check');
    assert.equal(answer.status, 'SERVING');
  } finally {
    client.close();
  }
  const link = connectAgent(null, hello('anonymous'));
  try {
    const status = await within(link.status, 'the anonymous stream to be refused');
    assert.equal(status.code, grpc.status.UNAUTHENTICATED, status.details);
    assert.equal(link.messages.length, 0);
  } finally {
    link.end();
  }
  assert.ok(isUp(await agentsListed(), AGENT.id), 'the real agent is still up');
}));
