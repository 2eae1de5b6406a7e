// Issue 3's fuzz test: 100,000 random and mutated datagrams at an agent's media port, then real browsers still
// join through it and receive each other's media.
import { isolateNetwork } from '../lib/netns.mjs';

isolateNetwork();

const { test } = await import('node:test');
const assert = await import('node:assert/strict');
const { createSocket } = await import('node:dgram');
const { randomBytes, randomInt } = await import('node:crypto');
const { MEDIA_HOST } = await import('../lib/netns.mjs');
const { useStack } = await import('../lib/fixture.mjs');
const { assertGrowing, receivingGrowth, waitUntilReceiving } = await import('../lib/participant.mjs');

const DATAGRAMS = 100_000;
const e2e = useStack({ agents: [{ id: 'agent-fuzz', region: 'eu-west-1' }] }, { logLines: 40 });

/** One datagram: pure noise, or something that passes the first demux byte of STUN, DTLS, RTP or RTCP, then breaks. */
function datagram(i) {
  const kind = i % 6;
  const b = randomBytes(kind === 0 ? randomInt(1, 1600) : randomInt(2, 1300));
  switch (kind) {
    case 1: // STUN binding request with a valid header and magic cookie, garbage attributes
      b[0] = 0x00; b[1] = 0x01;
      if (b.length >= 20) {
        b.writeUInt16BE(Math.max(0, b.length - 20) & ~3, 2);
        b.writeUInt32BE(0x2112a442, 4);
      }
      break;
    case 2: // DTLS record header (handshake, DTLS 1.2) with a random body
      b[0] = 22; b[1] = 0xfe; b[2] = 0xfd;
      if (b.length >= 13) b.writeUInt16BE(b.length - 13, 11);
      break;
    case 3: // RTP version 2 with random payload type, extension and CSRC bits
      b[0] = 0x80 | (b[0] & 0x3f); b[1] &= 0xbf;
      break;
    case 4: // RTCP: version 2, packet type 192..223
      b[0] = 0x80 | (b[0] & 0x3f); b[1] = 192 + randomInt(0, 32);
      break;
    case 5: // a well-formed STUN header whose length field lies
      b[0] = 0x00; b[1] = 0x01;
      if (b.length >= 8) {
        b.writeUInt16BE(randomInt(0, 0x10000) & ~3, 2);
        b.writeUInt32BE(0x2112a442, 4);
      }
      break;
    default:
      break;
  }
  return b;
}

async function blast(port) {
  const socket = createSocket('udp4');
  socket.on('message', () => {}); // error responses from the agent are expected; they are ignored
  await new Promise((resolve) => socket.bind(0, MEDIA_HOST, resolve));
  let sent = 0;
  for (let i = 0; i < DATAGRAMS; i++) {
    await new Promise((resolve, reject) => socket.send(datagram(i), port, MEDIA_HOST, (e) => (e ? reject(e) : resolve())));
    sent++;
    if (i % 500 === 499) await new Promise((r) => setTimeout(r, 5)); // paced so the agent reads them rather than the kernel dropping them
  }
  socket.close();
  return sent;
}

test(`after ${DATAGRAMS} random and mutated datagrams at the media port, browsers still join and receive media`, { timeout: 300_000 }, () => e2e.withLogs(async () => {
  assert.equal(await blast(e2e.stack.agents[0].mediaPort), DATAGRAMS);
  const [gina, hugo] = await e2e.joinAll('e2e-fuzz', ['gina', 'hugo']);
  await waitUntilReceiving(gina, ['hugo']);
  await waitUntilReceiving(hugo, ['gina']);
  assertGrowing([...await receivingGrowth(gina, ['hugo']), ...await receivingGrowth(hugo, ['gina'])]);
}));
