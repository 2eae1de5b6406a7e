// PostgreSQL stops for 10 s under a live call: joins answer 503 with Retry-After at once (no 500, no hang),
// readiness goes down, the call's media keeps flowing; once the database is back, joins succeed and the
// conference holds exactly its participants — nothing lost, nothing duplicated. The database is the test's own
// server (lib/postgres.mjs), so stopping it disturbs nobody else.
import { isolateNetwork } from '../lib/netns.mjs';

isolateNetwork();

const { test, after } = await import('node:test');
const assert = await import('node:assert/strict');
const { waitFor } = await import('../lib/stack.mjs');
const { useStack } = await import('../lib/fixture.mjs');
const { assertGrowing, receivingGrowth, waitUntilReceiving } = await import('../lib/participant.mjs');
const { startPrivatePostgres } = await import('../lib/postgres.mjs');

const postgres = await startPrivatePostgres();
after(() => postgres.destroy());
const e2e = useStack({
  agents: [{ id: 'agent-eu', region: 'eu-west-1' }],
  controllerEnv: { MERIDIAN_DB_URL: postgres.jdbcUrl, MERIDIAN_DB_USER: 'postgres' },
});

/** A join with a fresh grant; returns status, Retry-After, the body and how long the answer took. */
async function join(stack, conference, identity) {
  const started = Date.now();
  const response = await fetch(`${stack.baseUrl}/v1/conferences/${conference}/join`, {
    method: 'POST',
    headers: { authorization: `Bearer ${stack.grant(conference, identity)}`, 'content-type': 'application/json' },
    body: '{}',
    signal: AbortSignal.timeout(15_000), // a hang fails the test here instead of stalling it
  });
  return { status: response.status, retryAfter: response.headers.get('retry-after'), body: await response.json(), ms: Date.now() - started };
}

async function ready(stack) {
  return (await fetch(`${stack.baseUrl}/q/health/ready`)).status;
}

test('a 10 s database outage: joins get 503 + Retry-After, readiness drops, media flows, and afterwards all is consistent', { timeout: 300_000 }, () => e2e.withLogs(async () => {
  const conf = 'e2e-db-outage';
  const [alice, bob] = await e2e.joinAll(conf, ['alice', 'bob']);
  await waitUntilReceiving(alice, ['bob']);
  await waitUntilReceiving(bob, ['alice']);
  assert.equal(await ready(e2e.stack), 200);

  postgres.stop();
  const outageEnds = Date.now() + 10_000;
  const refused = await join(e2e.stack, conf, 'carol');
  assert.equal(refused.status, 503, JSON.stringify(refused.body));
  assert.equal(refused.body.status, 503);
  assert.match(refused.retryAfter ?? '', /^\d+$/, 'Retry-After in seconds');
  process.stderr.write(`join during the outage answered ${refused.status} in ${refused.ms} ms\n`);
  await waitFor(async () => (await ready(e2e.stack)) === 503, { message: 'readiness to go down', timeout: 10_000 });
  assertGrowing(await receivingGrowth(alice, ['bob']));
  assertGrowing(await receivingGrowth(bob, ['alice']));
  const again = await join(e2e.stack, conf, 'dave');
  assert.equal(again.status, 503, 'still refused, cleanly, later in the outage');
  await new Promise((r) => setTimeout(r, Math.max(0, outageEnds - Date.now())));

  postgres.start();
  await waitFor(async () => (await ready(e2e.stack)) === 200, { message: 'readiness to come back', timeout: 30_000 });
  const joined = await waitFor(async () => {
    const answer = await join(e2e.stack, conf, 'carol');
    return answer.status === 200 ? answer : null;
  }, { message: 'a join to succeed after the outage', timeout: 30_000 });
  assert.equal(joined.body.participantId, 'carol');

  const response = await fetch(`${e2e.stack.baseUrl}/v1/conferences/${conf}`, { headers: e2e.stack.appAuth });
  const conference = await response.json();
  assert.deepEqual(conference.participants.map((p) => p.participantId).sort(), ['alice', 'bob', 'carol'],
    'exactly the participants who joined: dave never got in, nobody twice');
  assertGrowing(await receivingGrowth(alice, ['bob']));
}));
