package io.meridian.agent.relay;

import io.meridian.agent.report.TrafficCounters;
import io.meridian.agent.sfu.Consumer;
import io.meridian.agent.sfu.MediaSender;
import io.meridian.agent.sfu.Producer;
import io.meridian.agent.sfu.Router;
import io.meridian.agent.sfu.RouterTransport;
import io.meridian.agent.srtp.SrtpContext;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One relay link: this agent ⇄ one peer agent for one conference. In the conference's router the link is a
 * transport like a browser's: a consumer of every local producer (so each local stream is sent once per link) and
 * the owner of one remote producer per stream the peer announced.
 *
 * <p>Threads: the relay thread owns everything except the send path. The media thread calls {@link #sendRtp} and
 * {@link #sendRtcp} (the router's {@link MediaSender}) and {@link #deliver}; they read the volatile transport,
 * keys and address the relay thread publishes.
 */
final class RelayLink implements MediaSender {
    final String conferenceId;
    final String peerAgentId;
    /** Tag of what the peer sends us. */
    final long receiveTag;
    /** Tag of what we send the peer. */
    final long sendTag;
    private final RelaySocket socket;
    private final RelayStats stats;
    private final TrafficCounters traffic;

    // published to the media thread
    private volatile InetSocketAddress peerAddress;
    private volatile SrtpContext media;
    private volatile RouterTransport transport;

    // relay thread only
    LinkKeys keys;
    SrtpContext control;
    final int controlSsrc;
    final TrackSync sync;
    final RttEstimator rtt;
    /** Local producer → the link's consumer of it. */
    final Map<Producer, Consumer> consumers = new HashMap<>();
    /** Peer's producer id → what we built for it. */
    final Map<String, ConferenceMedia.RelayedTrack> remote = new LinkedHashMap<>();
    long openedNanos;
    long lastHeardNanos;
    boolean silent;
    long nextProbeNanos;
    int nextProbeId = 1;

    RelayLink(String conferenceId, String localAgentId, String peerAgentId, InetSocketAddress peerAddress,
            LinkKeys keys, RelaySocket socket, RelayStats stats, TrafficCounters traffic, int controlSsrc, int epoch,
            RttEstimator rtt, long nowNanos) {
        this.conferenceId = conferenceId;
        this.peerAgentId = peerAgentId;
        this.receiveTag = RelayFrame.linkTag(conferenceId, peerAgentId, localAgentId);
        this.sendTag = RelayFrame.linkTag(conferenceId, localAgentId, peerAgentId);
        this.socket = socket;
        this.stats = stats;
        this.traffic = traffic;
        this.controlSsrc = controlSsrc;
        this.sync = new TrackSync(epoch);
        this.rtt = rtt;
        this.peerAddress = peerAddress;
        rekey(keys);
        this.openedNanos = nowNanos;
        this.lastHeardNanos = nowNanos;
    }

    /** Installs new keys (relay thread); packets in flight under the old ones fail authentication. */
    void rekey(LinkKeys newKeys) {
        keys = newKeys;
        control = newKeys.controlContext();
        media = newKeys.mediaContext();
    }

    /** The peer's relay address may move when the controller re-opens the link. */
    void peerAddress(InetSocketAddress address) {
        peerAddress = address;
    }

    InetSocketAddress peerAddress() {
        return peerAddress;
    }

    /** The media context: unprotect on the relay thread, protect on the media thread. */
    SrtpContext media() {
        return media;
    }

    RouterTransport transport() {
        return transport;
    }

    /** Attaches the link to {@code router} as a transport (relay thread). */
    void attach(Router router) {
        transport = router.attach(this);
    }

    /** Detaches from the router: its remote producers and its consumers go with it (relay thread). */
    void detach() {
        RouterTransport t = transport;
        transport = null;
        consumers.clear();
        remote.clear();
        if (t != null) {
            t.router().detach(t);
        }
    }

    /** Whether the link's transport is attached to {@code router} and still live. */
    boolean attachedTo(Router router) {
        RouterTransport t = transport;
        return t != null && !t.detached() && t.router() == router;
    }

    // ------------------------------------------------------------------ media thread

    /** A decrypted packet from the peer, taken off the handoff queue: into the router. */
    void deliver(boolean rtcp, byte[] b, int len, long nowNanos) {
        RouterTransport t = transport;
        boolean routed = t != null && !t.detached()
                && (rtcp ? t.router().onRtcp(t, b, 0, len, nowNanos) : t.router().onRtp(t, b, 0, len, nowNanos));
        if (routed) {
            stats.count(RelayStats.Event.MEDIA_DELIVERED);
        } else {
            stats.drop(RelayStats.Drop.UNROUTABLE);
        }
    }

    @Override
    public void sendRtp(byte[] buf, int off, int len) {
        SrtpContext s = media;
        int n = s.protectRtp(buf, off, len);
        send(RelayFrame.RTP, buf, off, n);
    }

    @Override
    public void sendRtcp(byte[] buf, int off, int len) {
        SrtpContext s = media;
        int n = s.protectRtcp(buf, off, len);
        send(RelayFrame.RTCP, buf, off, n);
    }

    private void send(byte type, byte[] buf, int off, int n) {
        if (n < 0) {
            stats.drop(RelayStats.Drop.SEND_FAILED);
            return;
        }
        if (socket.send(type, sendTag, buf, off, n, peerAddress)) {
            stats.count(RelayStats.Event.MEDIA_SENT);
            traffic.forCurrentThread().sent(n + RelayFrame.HEADER);
        }
    }

    @Override
    public String toString() {
        return "RelayLink[" + conferenceId + " ⇄ " + peerAgentId + "]";
    }
}
