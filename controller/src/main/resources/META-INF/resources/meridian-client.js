// Meridian browser client: joins a conference through the controller, publishes camera and microphone to the
// media agent it is placed on, and receives every other participant. An ES module with no dependencies.
//
//   import { join } from '/meridian-client.js';
//   const session = await join('http://localhost:8080', 'my-conference', { container: document.body });
//   session.addEventListener('participant', (e) => console.log('joined', e.detail.participantId));
//   await session.stats();   // per remote participant: inbound audio/video counters
//   session.leave();
//
// Signaling protocol (JSON over the agent's WebSocket): see docs/signaling.md in the repository.

/** Error from the controller's join endpoint (RFC 9457 problem details in `problem`). */
export class JoinError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `join failed with HTTP ${status}`);
    this.name = 'JoinError';
    this.status = status;
    this.problem = problem;
  }
}

/**
 * Joins `conferenceId`: asks the controller where to connect, opens the agent's signaling WebSocket with the
 * join token, publishes local media and starts receiving the others. If the agent dies, the signaling socket drops
 * or the media connection fails, the session rejoins through the controller by itself (see MeridianSession).
 *
 * @param {string} controllerBaseUrl e.g. `http://localhost:8080` ('' for the page's own origin)
 * @param {string} conferenceId
 * @param {object} options
 * @param {string|function(): Promise<string>} options.grant the join grant your application's backend signed for
 *   this participant and conference (docs/security.md), or a function returning a fresh one — called again for
 *   every rejoin, so pass a function when grants are short-lived; sent as `Authorization: Bearer <grant>`, never
 *   put in a URL
 * @param {Object<string, number>} [options.probes] measured RTT in ms per region, e.g. {"eu-west-1": 24}
 * @param {{lat: number, lon: number}} [options.location] location hint
 * @param {MediaStream} [options.localStream] media to publish; default: getUserMedia audio + video
 * @param {MediaStreamConstraints} [options.constraints] constraints for getUserMedia
 * @param {HTMLElement} [options.container] where to render remote participants (one tile each)
 * @param {number} [options.timeoutMs] how long joining may take before it fails (default 20000)
 * @param {boolean} [options.reconnect] rejoin by itself after a failure (default true)
 * @returns {Promise<MeridianSession>}
 */
export async function join(controllerBaseUrl, conferenceId, options = {}) {
  const base = (controllerBaseUrl || '').replace(/\/+$/, '');
  if (!options.grant) throw new Error('join needs options.grant: a join grant from your application backend');
  const grant = typeof options.grant === 'function' ? options.grant : async () => options.grant;
  const body = {};
  if (options.probes) body.probes = options.probes;
  if (options.location) body.location = options.location;
  const place = async () => requestPlacement(base, conferenceId, await grant(), body);
  const placement = await place();
  const ownsStream = !options.localStream;
  const stream = options.localStream
    ?? (await navigator.mediaDevices.getUserMedia(options.constraints ?? { audio: true, video: true }));
  const session = new MeridianSession(placement, stream, ownsStream, options.container ?? null,
    options.reconnect === false ? null : place);
  try {
    await session.connect(options.timeoutMs ?? 20_000);
  } catch (e) {
    session.leave();
    throw e;
  }
  return session;
}

/** POST …/join: the controller's placement answer, or a JoinError with its problem details. */
async function requestPlacement(base, conferenceId, grant, body) {
  const response = await fetch(`${base}/v1/conferences/${encodeURIComponent(conferenceId)}/join`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json',
      authorization: `Bearer ${grant}`,
    },
    body: JSON.stringify(body),
  });
  if (!response.ok) {
    let problem = null;
    try {
      problem = await response.json();
    } catch {
      // not problem+json; the status says enough
    }
    throw new JoinError(response.status, problem);
  }
  return response.json();
}

/** True once `receiver` got media: a decoded frame for video, a packet for audio. */
async function flowing(receiver, kind) {
  const report = await receiver.getStats();
  let ok = false;
  report.forEach((s) => {
    if (s.type === 'inbound-rtp') ok ||= kind === 'video' ? s.framesDecoded > 0 : s.packetsReceived > 0;
  });
  return ok;
}

/** Close codes after which rejoining cannot help: the client left, was refused, kicked or replaced. */
const FINAL_CLOSE_CODES = new Set([1000, 4400, 4401, 4403, 4404, 4409]);
/** Waits before each rejoin attempt, in ms: the first at once, since a dead agent is noticed at once. */
const REJOIN_DELAYS_MS = [0, 250, 500, 1000, 2000, 4000, 8000, 8000, 8000, 8000];
/** After a rejoin, how long a remote participant may be missing before its tile goes: it may be rejoining too. */
const REJOIN_GRACE_MS = 10_000;

/** After ICE went `disconnected`, how long it may recover by itself before the session restarts ICE. */
const ICE_DISCONNECTED_GRACE_MS = 2000;
/** How long an ICE restart may take to bring both connections back before the session rejoins instead. */
const ICE_RESTART_TIMEOUT_MS = 10_000;

/** Live move: how long the new session may take to receive everyone before the switch happens anyway. */
const MOVE_READY_TIMEOUT_MS = 5000;
/**
 * Live move: how long both sessions overlap after the switch — the old one keeps forwarding while the others'
 * connections take the new tracks (a renegotiation and a keyframe away) — before the old session is left.
 */
const MOVE_OVERLAP_MS = 1500;
/** A remote participant's new track replaces the one on screen once it decodes, or after this long. */
const TRACK_SWITCH_TIMEOUT_MS = 3000;

/**
 * One participant's session with its agent. Events (`addEventListener`):
 * `participant` {participantId} when someone's media appears, `participantleft` {participantId},
 * `reconnecting` {attempt, reason} when the session lost its agent and rejoins through the controller,
 * `reconnected` {agentId, region, attempt} once media flows again (remote tiles are kept meanwhile),
 * `failed` {reason} when rejoining gave up, `icerestart` {reason} when the path changed and the session restarts
 * ICE over its signaling (no rejoin), `moving` {agentId, region, reason} when the controller moves the session to
 * another agent (live, make-before-break), `moved` {agentId, region} once it switched there, `movefailed` {reason}
 * when it stayed, and `closed` {code, reason} when the session ends for good.
 */
export class MeridianSession extends EventTarget {
  constructor(placement, localStream, ownsStream, container, place = null) {
    super();
    /**
     * The controller's placement answer: conferenceId, participantId, agentId, region, signalingUrl, mode, decision
     * and iceServers (TURN with short-lived credentials, empty when the operator runs none).
     */
    this.placement = placement;
    this.participantId = placement.participantId;
    this.conferenceId = placement.conferenceId;
    this.localStream = localStream;
    this.container = container;
    /** Remote participants by id: {participantId, stream, tile}. */
    this.participants = new Map();
    /** Ids of everyone else the agent says is connected, with or without media. */
    this.roster = [];
    /** 'connecting', 'connected', 'reconnecting' or 'closed'. */
    this.state = 'connecting';
    /** How many times the session rejoined. */
    this.reconnects = 0;
    /** How many ICE restarts the session did (the same signaling session, new ICE credentials). */
    this.iceRestarts = 0;
    /** How many live moves to another agent the session made. */
    this.moves = 0;
    this._moving = false;
    this.closed = false;
    this.closeInfo = null;
    this._ownsStream = ownsStream;
    this._place = place;
    this._generation = 0;
    this._graceUntil = 0;
    this._graceTimer = null;
    this._midToParticipant = new Map();
    this._queue = Promise.resolve();
    this._ws = null;
    this._pub = null;
    this._sub = null;
    this._iceRestarting = false;
    this._iceRestartTimer = null;
    this._disconnectedTimer = null;
    this._onNetworkChange = () => this.restartIce('network changed');
    globalThis.addEventListener?.('online', this._onNetworkChange);
    globalThis.navigator?.connection?.addEventListener?.('change', this._onNetworkChange);
  }

  _unlisten() {
    globalThis.removeEventListener?.('online', this._onNetworkChange);
    globalThis.navigator?.connection?.removeEventListener?.('change', this._onNetworkChange);
  }

  /** Opens signaling and publishes; resolves once the agent answered the publish offer. */
  connect(timeoutMs) {
    const generation = ++this._generation;
    const base = this.placement.signalingUrl;
    const url = `${base}${base.includes('?') ? '&' : '?'}token=${encodeURIComponent(this.placement.token)}`;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`joining timed out after ${timeoutMs} ms`)), timeoutMs);
      this._joined = {
        resolve: () => { clearTimeout(timer); this.state = 'connected'; resolve(); },
        reject: (e) => { clearTimeout(timer); reject(e); },
      };
      const ws = new WebSocket(url);
      this._ws = ws;
      const current = () => generation === this._generation;
      ws.onmessage = (e) => { if (current()) this._enqueue(() => this._onMessage(e.data)); };
      ws.onclose = (e) => { if (current()) this._onClose(e.code, e.reason); };
      ws.onerror = () => {}; // onclose follows with the code and reason
    });
  }

  /** Leaves the conference: tells the agent, closes the connections and stops local media it captured. */
  leave() {
    this._place = null; // no rejoin after this
    if (this._ws && this._ws.readyState === WebSocket.OPEN) {
      this._send({ type: 'leave' });
      this._ws.close(1000, 'left');
    }
    this._teardown();
    this._finish(1000, 'left');
  }

  /**
   * Restarts ICE on both connections over the current signaling session: a new publisher offer with new ICE
   * credentials, and the agent answers it and re-offers the subscriber connection with its own new credentials.
   * DTLS, SRTP, the tracks and the remote tiles stay; media keeps flowing on the old path until the new one is
   * checked. Done by itself when ICE is lost while the signaling socket is up, or the network changes; if both
   * connections are not back within ICE_RESTART_TIMEOUT_MS the session rejoins through the controller.
   * @returns {boolean} false when there is no live session to restart
   */
  restartIce(reason = 'requested') {
    if (this.state !== 'connected' || this._ws?.readyState !== WebSocket.OPEN) return false;
    this.iceRestarts++;
    this._iceRestarting = true;
    this.dispatchEvent(new CustomEvent('icerestart', { detail: { reason } }));
    const generation = this._generation;
    this._enqueue(async () => {
      if (generation !== this._generation) return;
      const msg = { type: 'ice-restart' };
      if (this._pub) {
        await this._pub.setLocalDescription(await this._pub.createOffer({ iceRestart: true }));
        msg.sdp = this._pub.localDescription.sdp;
      }
      this._send(msg);
    });
    clearTimeout(this._iceRestartTimer);
    this._iceRestartTimer = setTimeout(() => {
      if (generation !== this._generation || !this._iceRestarting || this.state !== 'connected') return;
      this._iceRestarting = false;
      // A restart on a path that still worked never leaves `connected`, so no state change says it is over.
      if (this._iceConnected()) return;
      if (this._place) this._rejoin(`ICE restart did not recover (${reason})`);
      else this._fail(new Error(`ICE restart did not recover (${reason})`));
    }, ICE_RESTART_TIMEOUT_MS);
    return true;
  }

  /**
   * Receive-side statistics per remote participant, from the subscriber connection's inbound-rtp reports:
   * `{participantId: {audio: {packetsReceived, bytesReceived}, video: {packetsReceived, framesDecoded,
   * frameWidth, frameHeight}}}`; plus `publish: {audio: {packetsSent}, video: {packetsSent, framesEncoded}}`.
   */
  async stats() {
    const result = { participants: {}, publish: {} };
    if (this._sub) {
      const report = await this._sub.getStats();
      report.forEach((s) => {
        if (s.type !== 'inbound-rtp') return;
        const who = this._midToParticipant.get(s.mid);
        if (!who) return;
        const entry = (result.participants[who] ??= {});
        entry[s.kind] = {
          packetsReceived: s.packetsReceived ?? 0,
          bytesReceived: s.bytesReceived ?? 0,
          packetsLost: s.packetsLost ?? 0,
          ...(s.kind === 'video'
            ? { framesDecoded: s.framesDecoded ?? 0, frameWidth: s.frameWidth ?? 0, frameHeight: s.frameHeight ?? 0 }
            : {}),
        };
      });
    }
    if (this._pub) {
      const report = await this._pub.getStats();
      report.forEach((s) => {
        if (s.type !== 'outbound-rtp') return;
        result.publish[s.kind] = {
          packetsSent: s.packetsSent ?? 0,
          ...(s.kind === 'video' ? { framesEncoded: s.framesEncoded ?? 0 } : {}),
        };
      });
    }
    return result;
  }

  // --- signaling -------------------------------------------------------------------------------------------

  _enqueue(task) {
    // Messages are handled one at a time: each SDP step must finish before the next starts.
    this._queue = this._queue.then(task).catch((e) => this._fail(e));
  }

  async _onMessage(data) {
    if (this.closed) return;
    const msg = JSON.parse(data);
    switch (msg.type) {
      case 'welcome':
        this.permissions = msg.permissions ?? ['publish', 'subscribe'];
        if (this.permissions.includes('publish')) {
          await this._publish();
        } else {
          this._joined?.resolve(); // a viewer: nothing to publish, the agent sends subscribe offers
        }
        break;
      case 'publish-answer':
        await this._pub.setRemoteDescription({ type: 'answer', sdp: msg.sdp });
        this._joined?.resolve();
        break;
      case 'subscribe-offer':
        await this._subscribe(msg);
        break;
      case 'participants':
        this.roster = msg.participants.filter((id) => id !== this.participantId);
        this.dispatchEvent(new CustomEvent('roster', { detail: { participants: this.roster } }));
        break;
      case 'move':
        // Not awaited: this session keeps handling its agent's messages while the new one connects.
        this._move(msg);
        break;
      case 'error':
        console.warn(`meridian: agent reported: ${msg.message}`);
        break;
      default:
        // Newer agents may send more; ignoring unknown types keeps old clients working.
        break;
    }
  }

  async _publish() {
    const pc = this._peerConnection();
    this._pub = pc;
    for (const track of this.localStream.getTracks()) {
      pc.addTransceiver(track, { direction: 'sendonly', streams: [this.localStream] });
    }
    await pc.setLocalDescription(await pc.createOffer());
    // ICE-lite agent: the browser checks the agent's one candidate; no trickle needed in either direction.
    this._send({ type: 'publish-offer', sdp: pc.localDescription.sdp });
  }

  async _subscribe(msg) {
    if (!this._sub) {
      this._sub = this._peerConnection();
      this._sub.ontrack = (e) => this._onTrack(e);
    }
    this._midToParticipant = new Map(msg.tracks.map((t) => [t.mid, t.participantId]));
    await this._sub.setRemoteDescription({ type: 'offer', sdp: msg.sdp });
    await this._sub.setLocalDescription(await this._sub.createAnswer());
    this._send({ type: 'subscribe-answer', revision: msg.revision, sdp: this._sub.localDescription.sdp });
    this._prune(new Set(msg.tracks.map((t) => t.participantId)));
  }

  _onTrack(e) {
    const participantId = this._midToParticipant.get(e.transceiver.mid);
    if (!participantId) return;
    let p = this.participants.get(participantId);
    const isNew = !p;
    if (isNew) {
      p = { participantId, stream: new MediaStream(), tile: null };
      this.participants.set(participantId, p);
    }
    const shown = p.stream.getTracks().find((t) => t.kind === e.track.kind && t.readyState === 'live');
    if (shown && shown !== e.track) {
      // Make-before-break (a live move, here or at the sender): the shown track stays until the new one decodes.
      this._switchWhenFlowing(p, e.track, e.transceiver.receiver);
    } else {
      this._show(p, e.track);
    }
    if (isNew) this.dispatchEvent(new CustomEvent('participant', { detail: { participantId } }));
  }

  _show(p, track) {
    for (const old of p.stream.getTracks().filter((t) => t.kind === track.kind && t !== track)) p.stream.removeTrack(old);
    if (!p.stream.getTracks().includes(track)) p.stream.addTrack(track);
    this._render(p);
  }

  async _switchWhenFlowing(p, track, receiver) {
    const until = Date.now() + TRACK_SWITCH_TIMEOUT_MS;
    const shownLive = () => p.stream.getTracks().some((t) => t.kind === track.kind && t !== track && t.readyState === 'live');
    while (Date.now() < until && shownLive() && track.readyState === 'live' && !this.closed) {
      if (await flowing(receiver, track.kind)) break;
      await new Promise((r) => setTimeout(r, 40));
    }
    if (track.readyState === 'live' && this.participants.get(p.participantId) === p) this._show(p, track);
  }

  _prune(present) {
    const wait = this._graceUntil - Date.now();
    if (wait > 0) {
      // Just rejoined: the others may be rejoining too. Prune by the newest roster once the grace is over.
      clearTimeout(this._graceTimer);
      this._graceTimer = setTimeout(() => this._prune(new Set(this._midToParticipant.values())), wait);
      return;
    }
    for (const [id, p] of this.participants) {
      if (present.has(id)) continue;
      this.participants.delete(id);
      p.tile?.remove();
      this.dispatchEvent(new CustomEvent('participantleft', { detail: { participantId: id } }));
    }
  }

  _render(p) {
    if (!this.container) return;
    if (!p.tile) {
      const tile = document.createElement('figure');
      tile.className = 'meridian-participant';
      tile.dataset.participantId = p.participantId;
      const video = document.createElement('video');
      video.autoplay = true;
      video.playsInline = true;
      video.muted = true; // sound plays through the <audio> element, so autoplay rules never block the picture
      const audio = document.createElement('audio');
      audio.autoplay = true;
      const caption = document.createElement('figcaption');
      caption.textContent = p.participantId;
      tile.append(video, audio, caption);
      this.container.append(tile);
      p.tile = tile;
    }
    const video = p.tile.querySelector('video');
    const audio = p.tile.querySelector('audio');
    const videoTracks = p.stream.getVideoTracks();
    const audioTracks = p.stream.getAudioTracks();
    if (videoTracks.length && video.srcObject?.getVideoTracks()[0] !== videoTracks[0]) {
      video.srcObject = new MediaStream(videoTracks);
      video.play().catch(() => {});
    }
    if (audioTracks.length && audio.srcObject?.getAudioTracks()[0] !== audioTracks[0]) {
      audio.srcObject = new MediaStream(audioTracks);
      audio.play().catch(() => {});
    }
  }

  _send(msg) {
    if (this._ws?.readyState === WebSocket.OPEN) this._ws.send(JSON.stringify(msg));
  }

  _fail(error) {
    console.error(`meridian: ${error?.message ?? error}`);
    this._joined?.reject(error instanceof Error ? error : new Error(String(error)));
    if (this._ws && this._ws.readyState === WebSocket.OPEN) this._ws.close(1000, 'client error');
  }

  _onClose(code, reason) {
    this._joined?.reject(new Error(`signaling closed (${code}${reason ? `: ${reason}` : ''})`));
    if (this.state === 'connected' && this._place && !FINAL_CLOSE_CODES.has(code)) {
      this._rejoin(`signaling closed (${code}${reason ? `: ${reason}` : ''})`);
      return;
    }
    if (this.state === 'reconnecting') return; // the rejoin loop decides
    this._teardown();
    this._finish(code, reason);
  }

  /** A publisher or subscriber connection on which a failure ends the media: rejoin when it fails. */
  _peerConnection() {
    const pc = new RTCPeerConnection({
      bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require', iceServers: this.placement.iceServers ?? [],
    });
    this._watch(pc);
    return pc;
  }

  /** Restarts ICE, or rejoins, when `pc` (this session's publisher or subscriber) loses its path. */
  _watch(pc) {
    const ours = () => (pc === this._pub || pc === this._sub) && this.state === 'connected';
    pc.onconnectionstatechange = () => {
      if (pc.connectionState === 'failed' && ours()) {
        // Signaling still up: the path changed or broke, so new ICE credentials over it may bring media back.
        if (!this._iceRestarting && this.restartIce('media connection failed')) return;
        if (this._iceRestarting) return; // the restart's own timeout decides
        if (this._place) this._rejoin('media connection failed');
        else this._fail(new Error('media connection failed'));
      }
    };
    pc.oniceconnectionstatechange = () => {
      if (!ours()) return;
      if (this._iceConnected()) {
        clearTimeout(this._disconnectedTimer);
        this._disconnectedTimer = null;
        if (this._iceRestarting) {
          this._iceRestarting = false;
          clearTimeout(this._iceRestartTimer);
        }
      } else if (pc.iceConnectionState === 'disconnected' && !this._iceRestarting && !this._disconnectedTimer) {
        this._disconnectedTimer = setTimeout(() => {
          this._disconnectedTimer = null;
          if (ours() && pc.iceConnectionState === 'disconnected' && !this._iceRestarting) {
            this.restartIce('media connection disconnected');
          }
        }, ICE_DISCONNECTED_GRACE_MS);
      }
    };
  }

  /**
   * Live move, make-before-break (docs/signaling.md): opens a second session at the agent the controller named,
   * publishes and subscribes there while this one keeps forwarding, switches to it once it receives everyone shown
   * here, and leaves the old session MOVE_OVERLAP_MS later. If the new session cannot be set up, this one stays.
   */
  async _move(msg) {
    if (this._moving || this.state !== 'connected' || !msg.signalingUrl || !msg.token) return;
    this._moving = true;
    const detail = { agentId: msg.agentId, region: msg.region, reason: msg.reason };
    this.dispatchEvent(new CustomEvent('moving', { detail }));
    const placement = {
      ...this.placement, agentId: msg.agentId, region: msg.region, signalingUrl: msg.signalingUrl, token: msg.token,
    };
    const next = new MeridianSession(placement, this.localStream, false, null, null);
    next._unlisten();
    try {
      await next.connect(10_000);
      await next._receiving([...this.participants.keys()], MOVE_READY_TIMEOUT_MS);
      if (this.state !== 'connected' || this.closed) throw new Error('the session ended meanwhile');
    } catch (e) {
      next._generation++;
      if (next._ws?.readyState === WebSocket.OPEN) { next._send({ type: 'leave' }); next._ws.close(1000, 'left'); }
      next._closeConnections();
      this._moving = false;
      this.dispatchEvent(new CustomEvent('movefailed', { detail: { ...detail, reason: e.message } }));
      return;
    }
    const old = { ws: this._ws, pub: this._pub, sub: this._sub };
    // Taken over inside the new session's message queue, so no message it is handling is lost or handled twice.
    await new Promise((resolve) => next._enqueue(async () => { this._adopt(next); resolve(); }));
    setTimeout(() => {
      if (old.ws?.readyState === WebSocket.OPEN) {
        old.ws.send(JSON.stringify({ type: 'leave' }));
        old.ws.close(1000, 'left');
      }
      old.pub?.close();
      old.sub?.close();
    }, MOVE_OVERLAP_MS);
    this.moves++;
    this._moving = false;
    this.dispatchEvent(new CustomEvent('moved', { detail: { agentId: msg.agentId, region: msg.region } }));
  }

  /** Resolves once this session receives video (decoded) and audio from each of `ids`, or after `timeoutMs`. */
  async _receiving(ids, timeoutMs) {
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) {
      const { participants } = await this.stats();
      const complete = (entry) => entry && (!entry.video || entry.video.framesDecoded > 0)
        && (!entry.audio || entry.audio.packetsReceived > 0) && (entry.video || entry.audio);
      if (ids.every((id) => complete(participants[id]))) return;
      await new Promise((r) => setTimeout(r, 40));
    }
  }

  /** Makes `next`'s signaling socket and connections this session's own; its tracks replace the shown ones. */
  _adopt(next) {
    const generation = ++this._generation; // the old socket's late events are ignored from now on
    next._generation++;
    next.state = 'closed'; // its connection watchers go quiet; this session's own take over below
    this.placement = next.placement;
    this.permissions = next.permissions;
    this._ws = next._ws;
    this._pub = next._pub;
    this._sub = next._sub;
    this._midToParticipant = next._midToParticipant;
    this._queue = next._queue;
    this._ws.onmessage = (e) => { if (generation === this._generation) this._enqueue(() => this._onMessage(e.data)); };
    this._ws.onclose = (e) => { if (generation === this._generation) this._onClose(e.code, e.reason); };
    if (this._pub) this._watch(this._pub);
    if (this._sub) {
      this._watch(this._sub);
      this._sub.ontrack = (e) => this._onTrack(e);
      for (const transceiver of this._sub.getTransceivers()) {
        const track = transceiver.receiver.track;
        if (this._midToParticipant.has(transceiver.mid) && track?.readyState === 'live') {
          this._onTrack({ transceiver, track });
        }
      }
    }
  }

  /** True when ICE is connected on both connections (or on the one that exists). */
  _iceConnected() {
    const connected = (pc) => !pc || ['connected', 'completed'].includes(pc.iceConnectionState);
    return connected(this._pub) && connected(this._sub);
  }

  /**
   * Rejoins through the controller after the agent was lost: a new placement (a live agent), a new signaling
   * session, publishing again; remote tiles stay and take the new tracks as they arrive.
   */
  async _rejoin(reason) {
    this.state = 'reconnecting';
    clearTimeout(this._iceRestartTimer);
    clearTimeout(this._disconnectedTimer);
    this._disconnectedTimer = null;
    this._iceRestarting = false;
    this._generation++; // the old socket's late events are ignored from now on
    if (this._ws?.readyState === WebSocket.OPEN) this._ws.close(1000, 'rejoining');
    this._closeConnections();
    for (let attempt = 1; attempt <= REJOIN_DELAYS_MS.length; attempt++) {
      if (!this._place) return; // left meanwhile
      this.dispatchEvent(new CustomEvent('reconnecting', { detail: { attempt, reason } }));
      await new Promise((r) => setTimeout(r, REJOIN_DELAYS_MS[attempt - 1] * (0.8 + 0.4 * Math.random())));
      if (!this._place) return;
      try {
        this.placement = await this._place();
        this._graceUntil = Date.now() + REJOIN_GRACE_MS;
        this._queue = Promise.resolve();
        await this.connect(10_000);
        this.reconnects++;
        this.dispatchEvent(new CustomEvent('reconnected', {
          detail: { agentId: this.placement.agentId, region: this.placement.region, attempt },
        }));
        return;
      } catch (e) {
        reason = e.message;
        this._generation++;
        if (this._ws?.readyState === WebSocket.OPEN) this._ws.close(1000, 'rejoining');
        this._closeConnections();
        this.state = 'reconnecting';
        const refused = e instanceof JoinError && e.status >= 400 && e.status < 500 && e.status !== 429;
        if (refused) break; // the grant or the conference will not get better by retrying
      }
    }
    this.dispatchEvent(new CustomEvent('failed', { detail: { reason } }));
    this.state = 'closed';
    this._teardown();
    this._finish(4410, `could not rejoin: ${reason}`);
  }

  _closeConnections() {
    this._pub?.close();
    this._sub?.close();
    this._pub = null;
    this._sub = null;
  }

  _teardown() {
    this._closeConnections();
    clearTimeout(this._iceRestartTimer);
    clearTimeout(this._disconnectedTimer);
    this._iceRestarting = false;
    globalThis.removeEventListener?.('online', this._onNetworkChange);
    globalThis.navigator?.connection?.removeEventListener?.('change', this._onNetworkChange);
    clearTimeout(this._graceTimer);
    this._graceUntil = 0;
    if (this._ownsStream) this.localStream.getTracks().forEach((t) => t.stop());
    this._prune(new Set());
  }

  _finish(code, reason) {
    if (this.closed) return;
    this.closed = true;
    this.state = 'closed';
    this.closeInfo = { code, reason };
    this.dispatchEvent(new CustomEvent('closed', { detail: { code, reason } }));
  }
}
