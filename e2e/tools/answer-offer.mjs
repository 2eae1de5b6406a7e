// Feeds an agent-style offer (file argument) to Chromium and prints its answer, for the agent's SDP fixtures:
// checks that Chromium accepts the offer and shows which remote streams it created.
// Usage: node tools/answer-offer.mjs offer.sdp > ../media-agent/src/test/resources/sdp/chromium-subscribe-answer.sdp
import { readFileSync } from 'node:fs';
import { launchBrowser } from '../lib/browser.mjs';
import { serveStatic } from '../lib/static-server.mjs';

const offer = readFileSync(process.argv[2], 'utf8');
const server = await serveStatic({ '/': { type: 'text/html', body: '<!doctype html><title>answer</title>' } });
const b = await launchBrowser({ logPrefix: 'answer' });
try {
  await b.page.goto(server.url + '/');
  const result = await b.page.evaluate(async (sdp) => {
    const pc = new RTCPeerConnection({ bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require' });
    const streams = [];
    pc.ontrack = (e) => streams.push(`${e.track.kind}:${e.streams.map((s) => s.id).join(',')}:${e.transceiver.mid}`);
    await pc.setRemoteDescription({ type: 'offer', sdp });
    const answer = await pc.createAnswer();
    await pc.setLocalDescription(answer);
    return { sdp: pc.localDescription.sdp, streams };
  }, offer);
  process.stderr.write(`remote tracks: ${result.streams.join(' ')}\n`);
  process.stdout.write(result.sdp);
} finally {
  await b.close();
  await server.close();
}
