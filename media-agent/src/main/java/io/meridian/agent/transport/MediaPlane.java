package io.meridian.agent.transport;

import io.meridian.agent.abuse.Refusals;
import io.meridian.agent.dtls.DtlsCertificate;
import io.meridian.agent.ice.IceLiteAgent;
import io.meridian.agent.ice.IceRegistry;
import io.meridian.agent.net.MediaSocket;
import io.meridian.agent.net.PacketSink;
import io.meridian.agent.net.SourceBuckets;
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
    private final TrafficCounters traffic;
    private final TrafficCounters.Lane mediaLane;
    private final Refusals refusals;
    private final SourceBuckets unvalidated;
    private volatile LongConsumer ticker = now -> { };

    private MediaPlane(InetSocketAddress bind, String publicHost, Duration dtlsHandshakeTimeout, Duration consentTimeout,
            TrafficCounters traffic, UdpLimits limits, Refusals refusals) throws IOException {
        this.traffic = traffic;
        this.refusals = refusals;
        this.unvalidated = new SourceBuckets(limits.sourceTableSize(), limits.unvalidatedPacketsPerSecond(),
                limits.unvalidatedBurst());
        this.mediaLane = traffic.newLane("media");
        this.registry = new IceRegistry(consentTimeout);
        this.certificate = DtlsCertificate.generate("meridian-agent", Duration.ofDays(365));
        this.publicHost = Objects.requireNonNull(publicHost);
        this.dtlsHandshakeTimeout = dtlsHandshakeTimeout;
        this.socket = MediaSocket.open(bind, new Demux());
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
        return open(bind, publicHost, dtlsHandshakeTimeout, consentTimeout, traffic, UdpLimits.DEFAULTS,
                Refusals.standalone());
    }

    /**
     * As {@link #open(InetSocketAddress, String, Duration, Duration, TrafficCounters)}, limiting senders no ICE
     * check validated to {@code limits} and counting what is refused in {@code refusals}.
     */
    public static MediaPlane open(InetSocketAddress bind, String publicHost, Duration dtlsHandshakeTimeout,
            Duration consentTimeout, TrafficCounters traffic, UdpLimits limits, Refusals refusals) {
        try {
            MediaPlane plane = new MediaPlane(bind, publicHost, dtlsHandshakeTimeout, consentTimeout, traffic, limits,
                    refusals);
            LOG.infof("WebRTC media on UDP %s, announced as %s:%d, DTLS fingerprint %s", plane.socket.localAddress(),
                    publicHost, plane.mediaPort(), plane.certificate.fingerprint());
            return plane;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind the media port " + bind, e);
        }
    }

    /** Creates a transport whose ICE agent is registered at once; {@code name} labels it in logs. */
    public WebRtcTransport createTransport(String name, WebRtcTransport.Listener listener) {
        return new WebRtcTransport(name, this, listener);
    }

    /** Runs {@code ticker} on the media thread about every 10 ms (the forwarding core's timers). */
    public void setTicker(LongConsumer ticker) {
        this.ticker = Objects.requireNonNull(ticker);
    }

    /** The bound media port (the real one when 0 was asked for). */
    public int mediaPort() {
        return socket.localAddress().getPort();
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
    void sendDtls(byte[] b, int off, int len, InetSocketAddress to) {
        if (socket.send(b, off, len, to)) {
            traffic.forCurrentThread().sent(len);
        }
    }

    /** Closes the media socket; transports still open stop receiving. */
    @Override
    public void close() {
        socket.close();
        mediaLane.close();
    }

    /** RFC 7983 demultiplexing to the registry and the transports, on the media thread. */
    private final class Demux implements PacketSink {
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
            if (socket.send(b, off, len, to)) {
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
