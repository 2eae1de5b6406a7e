// Captures a real Chromium publish offer (audio + video, sendonly, max-bundle) for the agent's SDP test fixtures.
// Usage: node tools/capture-offer.mjs > ../media-agent/src/test/resources/sdp/chromium-publish-offer.sdp
import { launchBrowser } from '../lib/browser.mjs';
import { serveStatic } from '../lib/static-server.mjs';

const page = `<!doctype html><meta charset="utf-8"><title>capture</title><script type="module">
const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: true });
const pc = new RTCPeerConnection({ bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require' });
for (const track of stream.getTracks()) pc.addTransceiver(track, { direction: 'sendonly', streams: [stream] });
const offer = await pc.createOffer();
await pc.setLocalDescription(offer);
window.capturedOffer = pc.localDescription.sdp;
</script>`;

const server = await serveStatic({ '/': { type: 'text/html', body: page } });
const b = await launchBrowser({ logPrefix: 'capture' });
try {
  await b.page.goto(server.url + '/');
  await b.page.waitForFunction(() => window.capturedOffer, null, { timeout: 20_000 });
  process.stdout.write(await b.page.evaluate(() => window.capturedOffer));
} finally {
  await b.close();
  await server.close();
}
