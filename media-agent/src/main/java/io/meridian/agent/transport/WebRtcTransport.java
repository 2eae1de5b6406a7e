package io.meridian.agent.transport;

import io.meridian.agent.dtls.DtlsServer;
import io.meridian.agent.dtls.DtlsSrtpKeys;
import io.meridian.agent.ice.IceLiteAgent;
import io.meridian.agent.ice.IceRegistry;
import io.meridian.agent.report.TrafficCounters;
import io.meridian.agent.sdp.Fingerprint;
import io.meridian.agent.sdp.IceParameters;
import io.meridian.agent.sdp.LocalTransportParameters;
import io.meridian.agent.sfu.MediaSender;
import io.meridian.agent.srtp.SrtpContext;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * One browser PeerConnection's transport on the shared media port: ICE-lite (M1's {@link IceLiteAgent}), a
 * DTLS server ({@link DtlsServer}) and, once DTLS is up, SRTP contexts. Decrypted media goes to its
 * {@link MediaHandler}; as the forwarding core's {@link MediaSender}, {@link #sendRtp}/{@link #sendRtcp} protect
 * in place and send back the way ICE's selected check came ({@link MediaRoute}: UDP, or the ICE-TCP connection). Packets before keys exist, or that fail to decrypt, are dropped and counted by the caller.
 *
 * <p>Threads: datagram callbacks and sends run on the media thread; DTLS outcomes arrive on the DTLS thread;
 * {@link #start} and {@link #close} come from signaling. The SRTP context is published through a volatile
 * field, and its receive side is used only by the media thread.
 */
public final class WebRtcTransport implements MediaSender, IceLiteAgent.Listener, DtlsServer.Listener {
    private static final Logger LOG = Logger.getLogger(WebRtcTransport.class);

    /** Where the transport is. */
    public enum State { NEW, CONNECTING, CONNECTED, FAILED, CLOSED }

    /** Hears when media can flow and when it no longer can; must not block. */
    public interface Listener {
        /** ICE and DTLS are up: SRTP keys are in place. */
        void onConnected(WebRtcTransport transport);

        /** ICE consent expired or DTLS failed; the transport is closed. */
        void onFailed(WebRtcTransport transport, String reason);
    }

    private final String name;
    private final MediaPlane plane;
    private final TrafficCounters.Lane lane;
    private final IceRegistry registry;
    private final IceLiteAgent ice;
    private final DtlsServer dtls;
    private volatile LocalTransportParameters local; // replaced by an ICE restart
    private final Listener listener;
    private final AtomicBoolean finished = new AtomicBoolean();
    private volatile State state = State.NEW;
    private volatile SrtpContext srtp;
    private volatile MediaHandler handler = MediaHandler.NONE;
    private volatile Object owner;
    private volatile MediaRoute route; // the path of the selected ICE check
    // plain counters: written by the media thread, read racily for metrics
    private long rtpReceived;
    private long rtcpReceived;
    private long dropped;
    private long sendFailures;

    WebRtcTransport(String name, MediaPlane plane, Listener listener) {
        this.name = name;
        this.plane = plane;
        this.lane = plane.mediaLane();
        this.registry = plane.iceRegistry();
        this.listener = listener;
        this.ice = new IceLiteAgent(this, System.nanoTime());
        this.ice.setAttachment(this);
        this.dtls = new DtlsServer(plane.certificate(), this::sendDtls, this, plane.dtlsHandshakeTimeout());
        this.local = new LocalTransportParameters(new IceParameters(ice.localUfrag(), ice.localPassword()),
                plane.certificate().fingerprint(), plane.publicHost(), plane.mediaPort(), plane.mediaTcpPort());
        registry.register(ice);
    }

    /** A name for logs, e.g. {@code conf/alice/pub}. */
    public String name() {
        return name;
    }

    /** What the agent announces in SDP for this transport. */
    public LocalTransportParameters localParameters() {
        return local;
    }

    /** The current state. */
    public State state() {
        return state;
    }

    /** The owner's object (e.g. the participant), for the forwarding core's lookups. */
    public Object owner() {
        return owner;
    }

    /** Sets the owner's object. */
    public void setOwner(Object owner) {
        this.owner = owner;
    }

    /** Routes decrypted media to {@code handler}. */
    public void setMediaHandler(MediaHandler handler) {
        this.handler = handler == null ? MediaHandler.NONE : handler;
    }

    /**
     * Applies the browser's transport parameters from its SDP and starts the DTLS server; DTLS datagrams
     * that came earlier were queued. Call once.
     */
    public void start(IceParameters remoteIce, Fingerprint remoteFingerprint) {
        if (state != State.NEW) {
            throw new IllegalStateException("transport " + name + " already started");
        }
        state = State.CONNECTING;
        ice.setRemoteUfrag(remoteIce.ufrag());
        dtls.start(remoteFingerprint, name);
    }

    /**
     * ICE restart: fresh local ICE credentials on the same transport. DTLS, the SRTP keys, the selected path and
     * everything forwarded stay; the browser's checks with the new credentials (after the new SDP exchange) refresh
     * consent and may move the path. Call from signaling, then {@link #setRemoteIce} once the browser's new
     * credentials are known.
     *
     * @return the new parameters to announce, or null when the transport can no longer be restarted (not started,
     *         failed or closed)
     */
    public LocalTransportParameters restartIce() {
        if ((state != State.CONNECTING && state != State.CONNECTED) || !registry.restart(ice)) {
            return null;
        }
        LocalTransportParameters before = local;
        local = new LocalTransportParameters(new IceParameters(ice.localUfrag(), ice.localPassword()),
                before.fingerprint(), before.host(), before.port(), before.tcpPort());
        LOG.debugf("%s: ICE restarted", name);
        return local;
    }

    /** The browser's ICE credentials after a restart: checks naming another remote ufrag are refused again. */
    public void setRemoteIce(IceParameters remoteIce) {
        ice.setRemoteUfrag(remoteIce.ufrag());
    }

    /** True when SRTP keys are in place and ICE selected an address. */
    public boolean isConnected() {
        return state == State.CONNECTED;
    }

    /** RTP packets received and decrypted. */
    public long rtpReceived() {
        return rtpReceived;
    }

    /** RTCP packets received and decrypted. */
    public long rtcpReceived() {
        return rtcpReceived;
    }

    /** Media datagrams dropped: before keys, or failing SRTP checks. */
    public long dropped() {
        return dropped;
    }

    /** Outgoing packets not sent: not connected yet, not protectable, or refused by the socket. */
    public long sendFailures() {
        return sendFailures;
    }

    /** The path back to the browser (of the selected ICE check), or null before a valid check. */
    MediaRoute selectedRoute() {
        return route;
    }

    /** The SRTP context, or null before DTLS completed. */
    public SrtpContext srtp() {
        return srtp;
    }

    // --- from the media socket (media thread) -----------------------------------------------------------------

    boolean onDtls(byte[] b, int off, int len) {
        return dtls.offer(b, off, len);
    }

    boolean onRtp(byte[] b, int off, int len) {
        SrtpContext s = srtp;
        int n = s == null ? -1 : s.unprotectRtp(b, off, len);
        if (n < 0) {
            dropped++;
            return false;
        }
        rtpReceived++;
        handler.onRtp(this, b, off, n);
        return true;
    }

    boolean onRtcp(byte[] b, int off, int len) {
        SrtpContext s = srtp;
        int n = s == null ? -1 : s.unprotectRtcp(b, off, len);
        if (n < 0) {
            dropped++;
            return false;
        }
        rtcpReceived++;
        handler.onRtcp(this, b, off, n);
        return true;
    }

    // --- to the browser ---------------------------------------------------------------------------------------

    /**
     * Protects the RTP packet at {@code b[off..off+len)} in place (the buffer needs
     * {@code srtp().profile().rtpOverhead()} free bytes after it) and sends it; failures are counted. One sending
     * thread at a time (the media thread).
     */
    @Override
    public void sendRtp(byte[] b, int off, int len) {
        SrtpContext s = srtp;
        MediaRoute to = route;
        int n = s == null || to == null ? -1 : s.protectRtp(b, off, len);
        if (n >= 0 && to.send(b, off, n)) {
            lane.sent(n);
        } else {
            sendFailures++;
        }
    }

    /** Protects and sends one RTCP compound packet, as {@link #sendRtp}. */
    @Override
    public void sendRtcp(byte[] b, int off, int len) {
        SrtpContext s = srtp;
        MediaRoute to = route;
        int n = s == null || to == null ? -1 : s.protectRtcp(b, off, len);
        if (n >= 0 && to.send(b, off, n)) {
            lane.sent(n);
        } else {
            sendFailures++;
        }
    }

    private void sendDtls(byte[] b, int off, int len) {
        MediaRoute to = route;
        if (to != null) {
            plane.sendDtls(b, off, len, to);
        }
    }

    // --- ICE and DTLS outcomes --------------------------------------------------------------------------------

    @Override
    public void onSelectedAddress(IceLiteAgent agent, InetSocketAddress address) {
        route = plane.routeTo(address);
        LOG.debugf("%s: ICE selected %s", name, route);
    }

    @Override
    public void onExpired(IceLiteAgent agent) {
        fail("ICE consent expired (no connectivity checks)");
    }

    @Override
    public void onConnected(DtlsSrtpKeys keys) {
        srtp = new SrtpContext(keys.profile(), keys.localMasterKey(), keys.localMasterSalt(), keys.remoteMasterKey(),
                keys.remoteMasterSalt());
        if (state != State.CONNECTING) {
            return;
        }
        state = State.CONNECTED;
        LOG.debugf("%s: DTLS connected, SRTP %s", name, keys.profile());
        listener.onConnected(this);
    }

    @Override
    public void onFailed(String reason) {
        fail("DTLS: " + reason);
    }

    private void fail(String reason) {
        if (state == State.CLOSED || !finished.compareAndSet(false, true)) {
            return;
        }
        LOG.debugf("%s failed: %s", name, reason);
        shutdown(State.FAILED);
        listener.onFailed(this, reason);
    }

    /** Ends the transport: unregisters ICE, sends DTLS close_notify when connected, drops keys. Idempotent. */
    public void close() {
        finished.set(true);
        if (state != State.CLOSED && state != State.FAILED) {
            shutdown(State.CLOSED);
        }
    }

    private void shutdown(State end) {
        state = end;
        handler = MediaHandler.NONE;
        registry.unregister(ice);
        dtls.close();
        plane.health().closed(this);
    }

    @Override
    public String toString() {
        return "WebRtcTransport[" + name + ", " + state + "]";
    }
}
