package io.meridian.agent.transport;

import io.meridian.agent.abuse.Refusals;
import io.meridian.agent.dtls.DtlsCertificate;
import io.meridian.agent.ice.IceLiteAgent;
import io.meridian.agent.ice.IceRegistry;
import io.meridian.agent.net.MediaSocket;
import io.meridian.agent.net.PacketKind;
import io.meridian.agent.net.PacketSink;
import io.meridian.agent.net.SourceBuckets;
import io.meridian.agent.net.TcpMediaConnection;
import io.meridian.agent.net.TcpMediaListener;
import io.meridian.agent.report.TrafficCounters;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.function.LongConsumer;
import org.jboss.logging.Logger;

/**
 * The agent's WebRTC media plane: the one UDP media socket, the ICE-lite registry that demultiplexes it, and the
 * DTLS certificate every transport presents. STUN goes to the registry; DTLS, RTP and RTCP go to the transport
 * whose ICE agent validated the sender's address (RFC 7983 classes, then by address). Senders no ICE check
 * validated yet are rate-limited per source address ({@link UdpLimits}); unauthenticated STUN requests get no
 * answer. Both are counted in {@link Refusals} ({@code udp-rate-limited}, {@code stun-unauthenticated}); unknown
 * senders are dropped and counted by the socket. Every datagram in and out is counted in {@link TrafficCounters} for the
 * load report: the media thread writes its own lane, DTLS threads their per-thread lanes.
 * <p>With ICE-TCP enabled, a {@link TcpMediaListener} takes browsers' TCP connections (RFC 6544) and each RFC 4571
 * frame is run on the media thread through the same demultiplexing as a datagram; the STUN answer goes back on
 * the frame's connection, and a transport whose selected check came over TCP sends there ({@link MediaRoute}).
 * Before a valid check, a connection may carry nothing but STUN.
 */
public final class MediaPlane implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(MediaPlane.class);
    /** Refusal reason: a STUN request left unanswered because it did not authenticate. */
    public static final String REASON_STUN_UNAUTHENTICATED = "stun-unauthenticated";
    /** Refusal reason: a datagram from a not yet validated source beyond that source's rate. */
    public static final String REASON_UDP_RATE_LIMITED = "udp-rate-limited";

    private final IceRegistry registry;
    private final DtlsCertificate certificate;
    private final String publicHost;
    private final Duration dtlsHandshakeTimeout;
    private final MediaSocket socket;
    private final TcpMediaListener tcp;
    private final Demux demux = new Demux();
    private final TransportHealth health = new TransportHealth();
    private final TrafficCounters traffic;
    private final TrafficCounters.Lane mediaLane;
    private final Refusals refusals;
    private final SourceBuckets unvalidated;
    private volatile LongConsumer ticker = now -> { };

    private MediaPlane(InetSocketAddress bind, InetSocketAddress tcpBind, String publicHost,
            Duration dtlsHandshakeTimeout, Duration consentTimeout, TrafficCounters traffic, UdpLimits limits,
            Refusals refusals) throws IOException {
        this.traffic = traffic;
        this.refusals = refusals;
        this.unvalidated = new SourceBuckets(limits.sourceTableSize(), limits.unvalidatedPacketsPerSecond(),
                limits.unvalidatedBurst());
        this.mediaLane = traffic.newLane("media");
        this.registry = new IceRegistry(consentTimeout);
        this.certificate = DtlsCertificate.generate("meridian-agent", Duration.ofDays(365));
        this.publicHost = Objects.requireNonNull(publicHost);
        this.dtlsHandshakeTimeout = dtlsHandshakeTimeout;
        this.socket = MediaSocket.open(bind, demux);
        try {
            this.tcp = tcpBind == null ? null
                    : TcpMediaListener.open(tcpBind, new TcpFrames(), TcpMediaListener.Limits.DEFAULT, refusals);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /**
     * Binds the media socket ({@code bind} port 0 picks a free port) and starts its thread.
     *
     * @param publicHost           the IP literal browsers reach the socket at, announced as the host candidate
     * @param dtlsHandshakeTimeout how long a DTLS handshake may take once started
     * @param consentTimeout       how long ICE may go without a valid check before the transport fails
     * @param traffic              where datagrams in and out are counted
     */
    public static MediaPlane open(InetSocketAddress bind, String publicHost, Duration dtlsHandshakeTimeout,
            Duration consentTimeout, TrafficCounters traffic) {
        return open(bind, null, publicHost, dtlsHandshakeTimeout, consentTimeout, traffic, UdpLimits.DEFAULTS,
                Refusals.standalone());
    }

    /**
     * As {@link #open(InetSocketAddress, String, Duration, Duration, TrafficCounters)}, plus the ICE-TCP port on
     * {@code tcpBind} (null: UDP only), limiting senders no ICE check validated to {@code limits} and counting what
     * is refused in {@code refusals}.
     */
    public static MediaPlane open(InetSocketAddress bind, InetSocketAddress tcpBind, String publicHost,
            Duration dtlsHandshakeTimeout, Duration consentTimeout, TrafficCounters traffic, UdpLimits limits,
            Refusals refusals) {
        try {
            MediaPlane plane = new MediaPlane(bind, tcpBind, publicHost, dtlsHandshakeTimeout, consentTimeout, traffic,
                    limits, refusals);
            LOG.infof("WebRTC media on UDP %s%s, announced as %s:%d, DTLS fingerprint %s", plane.socket.localAddress(),
                    plane.tcp == null ? "" : " and TCP " + plane.tcp.localAddress(), publicHost, plane.mediaPort(),
                    plane.certificate.fingerprint());
            return plane;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind the media port " + bind + (tcpBind == null ? "" : " / TCP " + tcpBind), e);
        }
    }

    /** Creates a transport whose ICE agent is registered at once; {@code name} labels it in logs. */
    public WebRtcTransport createTransport(String name, WebRtcTransport.Listener listener) {
        WebRtcTransport transport = new WebRtcTransport(name, this, listener);
        health.opened(transport);
        return transport;
    }

    /** The transports' SRTP failures, drops and send failures, for metrics. */
    public TransportHealth health() {
        return health;
    }

    /** Runs {@code ticker} on the media thread about every 10 ms (the forwarding core's timers). */
    public void setTicker(LongConsumer ticker) {
        this.ticker = Objects.requireNonNull(ticker);
    }

    /** The bound media port (the real one when 0 was asked for). */
    public int mediaPort() {
        return socket.localAddress().getPort();
    }

    /** The bound ICE-TCP port, 0 when ICE-TCP is off. */
    public int mediaTcpPort() {
        return tcp == null ? 0 : tcp.localAddress().getPort();
    }

    /** The ICE-TCP listener, or null when ICE-TCP is off. */
    public TcpMediaListener tcpListener() {
        return tcp;
    }

    /** The address announced in candidates. */
    public String publicHost() {
        return publicHost;
    }

    /** The media socket, for counters and sending. */
    public MediaSocket socket() {
        return socket;
    }

    /** Transports with a registered ICE agent. */
    public int transports() {
        return registry.size();
    }

    IceRegistry iceRegistry() {
        return registry;
    }

    DtlsCertificate certificate() {
        return certificate;
    }

    Duration dtlsHandshakeTimeout() {
        return dtlsHandshakeTimeout;
    }

    /** The media thread's counters; only the media thread may use it. */
    TrafficCounters.Lane mediaLane() {
        return mediaLane;
    }

    /** Sends a DTLS record from a DTLS thread, counted in that thread's lane. */
    void sendDtls(byte[] b, int off, int len, MediaRoute to) {
        if (to.send(b, off, len)) {
            traffic.forCurrentThread().sent(len);
        }
    }

    /**
     * The route back to {@code address}, whose check is being answered on the media thread: the TCP connection the
     * check came over, else UDP.
     */
    MediaRoute routeTo(InetSocketAddress address) {
        TcpMediaConnection c = demux.tcpInbound;
        return c != null && c.remote().equals(address) ? new MediaRoute.Tcp(c) : new MediaRoute.Udp(socket, address);
    }

    /** Closes the media socket and the ICE-TCP port; transports still open stop receiving. */
    @Override
    public void close() {
        if (tcp != null) {
            tcp.close();
        }
        socket.close();
        mediaLane.close();
    }

    /** Hands ICE-TCP frames to the media thread (a frame is its own copy, so it can cross threads). */
    private final class TcpFrames implements TcpMediaListener.Handler {
        @Override
        public void onFrame(TcpMediaConnection connection, PacketKind kind, byte[] b, int len) {
            socket.execute(() -> demux.onTcpFrame(connection, kind, b, len));
        }
    }

    /** RFC 7983 demultiplexing to the registry and the transports, on the media thread. */
    private final class Demux implements PacketSink {
        /** The connection of the ICE-TCP frame being handled, null for UDP; media thread only. */
        TcpMediaConnection tcpInbound;

        /** One ICE-TCP frame: STUN always, the rest only once a check on the connection was answered. */
        void onTcpFrame(TcpMediaConnection c, PacketKind kind, byte[] b, int len) {
            if (c.isClosed() || (kind != PacketKind.STUN && !c.isVerified())) {
                return;
            }
            tcpInbound = c;
            try {
                switch (kind) {
                    case STUN -> {
                        mediaLane.received(len);
                        if (registry.handleStun(b, 0, len, c.remote(), System.nanoTime(), this::respond)
                                == IceRegistry.Outcome.ANSWERED) {
                            c.markVerified();
                        }
                    }
                    case DTLS -> onDtls(b, 0, len, c.remote());
                    case RTP -> onRtp(b, 0, len, c.remote());
                    case RTCP -> onRtcp(b, 0, len, c.remote());
                    case UNKNOWN -> { }
                }
            } finally {
                tcpInbound = null;
            }
        }

        @Override
        public boolean onStun(byte[] buf, int off, int len, InetSocketAddress from) {
            mediaLane.received(len);
            long now = System.nanoTime();
            if (!admit(from, now)) {
                return false;
            }
            IceRegistry.Outcome outcome = registry.handleStun(buf, off, len, from, now, this::respond);
            if (outcome == IceRegistry.Outcome.UNAUTHENTICATED) {
                refusals.count(REASON_STUN_UNAUTHENTICATED);
            }
            return outcome == IceRegistry.Outcome.ANSWERED || outcome == IceRegistry.Outcome.IGNORED;
        }

        @Override
        public boolean onDtls(byte[] buf, int off, int len, InetSocketAddress from) {
            mediaLane.received(len);
            WebRtcTransport t = transport(from);
            return t != null && t.onDtls(buf, off, len);
        }

        @Override
        public boolean onRtp(byte[] buf, int off, int len, InetSocketAddress from) {
            mediaLane.received(len);
            WebRtcTransport t = transport(from);
            return t != null && t.onRtp(buf, off, len);
        }

        @Override
        public boolean onRtcp(byte[] buf, int off, int len, InetSocketAddress from) {
            mediaLane.received(len);
            WebRtcTransport t = transport(from);
            return t != null && t.onRtcp(buf, off, len);
        }

        private void respond(byte[] b, int off, int len, InetSocketAddress to) {
            TcpMediaConnection c = tcpInbound;
            if (c != null ? c.send(b, off, len) : socket.send(b, off, len, to)) {
                mediaLane.sent(len);
            }
        }

        @Override
        public void onTick(long nowNanos) {
            registry.tick(nowNanos);
            ticker.accept(nowNanos);
        }

        /** An ICE-validated peer always passes; anyone else spends a token of its source's bucket. */
        private boolean admit(InetSocketAddress from, long now) {
            if (registry.byAddress(from) != null || unvalidated.tryAcquire(from, now)) {
                return true;
            }
            refusals.count(REASON_UDP_RATE_LIMITED);
            return false;
        }

        private WebRtcTransport transport(InetSocketAddress from) {
            IceLiteAgent agent = registry.byAddress(from);
            if (agent == null) {
                admit(from, System.nanoTime()); // not validated: spends (and may exhaust) the source's budget
                return null;
            }
            return agent.attachment() instanceof WebRtcTransport t ? t : null;
        }
    }
}
