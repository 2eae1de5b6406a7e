// The controller under abuse, against a live controller and one real agent (no browser): a join flood from one
// source is refused with 429 while others still join, a faster-than-light probe is discarded and explained, and
// the decision log keeps no raw client address.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useStack } from '../lib/fixture.mjs';
import { ensureGeoIpDatabase } from '../lib/geoip.mjs';

const GEOIP_DB = ensureGeoIpDatabase();
// The test's requests come from 127.0.0.1, trusted as a proxy here, so X-Forwarded-For names the source.
const FLOOD_SOURCE = '198.51.100.7';
const OTHER_SOURCE = '198.51.100.8';
// RIPE NCC, Amsterdam: GeoIP places it in the Netherlands, about 16,600 km from Sydney.
const EUROPEAN_CLIENT = '193.0.6.139';

const e2e = useStack({
  agents: [{ id: 'agent-eu', region: 'eu-west-1' }],
  controllerEnv: {
    MERIDIAN_GEOIP_DB: GEOIP_DB,
    MERIDIAN_TRUSTED_PROXIES: '127.0.0.1/32',
    MERIDIAN_RATE_LIMIT_SOURCE_BURST: '3',
    MERIDIAN_RATE_LIMIT_SOURCE_RATE: '0.05',
  },
}, { logLines: 40 });

function join(conference, identity, from, body = {}) {
  return fetch(`${e2e.stack.baseUrl}/v1/conferences/${conference}/join`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${e2e.stack.grant(conference, identity)}`,
      'content-type': 'application/json',
      'x-forwarded-for': from,
    },
    body: JSON.stringify(body),
  });
}

async function decisions(conference) {
  const response = await fetch(`${e2e.stack.baseUrl}/v1/conferences/${conference}/decisions`, { headers: e2e.stack.appAuth });
  assert.equal(response.status, 200);
  return response.text();
}

test('a join flood from one source gets 429 with Retry-After while a grant holder elsewhere still joins', { timeout: 60_000 }, () => e2e.withLogs(async () => {
  const conference = 'attack-flood';
  const statuses = [];
  let retryAfter;
  for (let i = 0; i < 12; i++) {
    const response = await join(conference, `flood-${i}`, FLOOD_SOURCE);
    statuses.push(response.status);
    if (response.status === 429) {
      retryAfter = response.headers.get('retry-after');
      assert.match(response.headers.get('content-type'), /application\/problem\+json/);
    }
    await response.arrayBuffer();
  }
  assert.ok(statuses.slice(-5).every((s) => s === 429), `the flood's tail is refused: ${statuses}`);
  assert.ok(Number(retryAfter) >= 1, `Retry-After is whole seconds: ${retryAfter}`);

  const bystander = await join(conference, 'bystander', OTHER_SOURCE);
  assert.equal(bystander.status, 200, await bystander.clone().text());
  assert.equal((await bystander.json()).agentId, 'agent-eu');

  const metrics = await (await fetch(`${e2e.stack.baseUrl}/q/metrics`)).text();
  assert.match(metrics, /meridian_refusals_total\{[^}]*reason="rate-limited-source"[^}]*\} [1-9]/);
}));

test('a 1 ms probe to a far region is discarded: placed as without it, and the decision says why', { timeout: 60_000 }, () => e2e.withLogs(async () => {
  const response = await join('attack-probe', 'liar', EUROPEAN_CLIENT, { probes: { 'ap-southeast-2': 1 } });
  const answer = await response.json();
  assert.equal(response.status, 200, JSON.stringify(answer));
  assert.equal(answer.agentId, 'agent-eu');
  assert.equal(answer.decision.location.source, 'GEOIP');
  assert.equal(answer.decision.location.probesMs, undefined);
  const [discarded] = answer.decision.location.discardedProbes;
  assert.equal(discarded.region, 'ap-southeast-2');
  assert.equal(discarded.probeMs, 1);
  assert.ok(discarded.minimumMs > 100, `Amsterdam–Sydney needs over 100 ms: ${discarded.minimumMs}`);
  assert.match(discarded.reason, /light in fibre/);

  const honest = await join('attack-probe-honest', 'honest', EUROPEAN_CLIENT);
  const honestAnswer = await honest.json();
  assert.equal(honestAnswer.agentId, answer.agentId);
  assert.equal(honestAnswer.decision.rule, answer.decision.rule);
}));

test('GET decisions returns no raw client address, only its network', { timeout: 60_000 }, () => e2e.withLogs(async () => {
  const log = await decisions('attack-probe');
  assert.ok(!log.includes(EUROPEAN_CLIENT), log);
  assert.ok(log.includes('193.0.6.0/24'), log);
  const flood = await decisions('attack-flood');
  assert.ok(!flood.includes(FLOOD_SOURCE) && !flood.includes(OTHER_SOURCE), flood);
}));
