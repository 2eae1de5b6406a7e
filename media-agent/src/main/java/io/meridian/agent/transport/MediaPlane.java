package io.meridian.agent.transport;

import io.meridian.agent.dtls.DtlsCertificate;
import io.meridian.agent.ice.IceLiteAgent;
import io.meridian.agent.ice.IceRegistry;
import io.meridian.agent.net.MediaSocket;
import io.meridian.agent.net.PacketSink;
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
 * whose ICE agent validated the sender's address (RFC 7983 classes, then by address). Unknown senders are
 * dropped and counted by the socket.
 */
public final class MediaPlane implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(MediaPlane.class);

    private final IceRegistry registry;
    private final DtlsCertificate certificate;
    private final String publicHost;
    private final Duration dtlsHandshakeTimeout;
    private final MediaSocket socket;
    private volatile LongConsumer ticker = now -> { };

    private MediaPlane(InetSocketAddress bind, String publicHost, Duration dtlsHandshakeTimeout, Duration consentTimeout)
            throws IOException {
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
     */
    public static MediaPlane open(InetSocketAddress bind, String publicHost, Duration dtlsHandshakeTimeout,
            Duration consentTimeout) {
        try {
            MediaPlane plane = new MediaPlane(bind, publicHost, dtlsHandshakeTimeout, consentTimeout);
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

    /** Closes the media socket; transports still open stop receiving. */
    @Override
    public void close() {
        socket.close();
    }

    /** RFC 7983 demultiplexing to the registry and the transports, on the media thread. */
    private final class Demux implements PacketSink {
        @Override
        public boolean onStun(byte[] buf, int off, int len, InetSocketAddress from) {
            IceRegistry.Outcome outcome = registry.handleStun(buf, off, len, from, System.nanoTime(), socket::send);
            return outcome == IceRegistry.Outcome.ANSWERED || outcome == IceRegistry.Outcome.IGNORED;
        }

        @Override
        public boolean onDtls(byte[] buf, int off, int len, InetSocketAddress from) {
            WebRtcTransport t = transport(from);
            return t != null && t.onDtls(buf, off, len);
        }

        @Override
        public boolean onRtp(byte[] buf, int off, int len, InetSocketAddress from) {
            WebRtcTransport t = transport(from);
            return t != null && t.onRtp(buf, off, len);
        }

        @Override
        public boolean onRtcp(byte[] buf, int off, int len, InetSocketAddress from) {
            WebRtcTransport t = transport(from);
            return t != null && t.onRtcp(buf, off, len);
        }

        @Override
        public void onTick(long nowNanos) {
            registry.tick(nowNanos);
            ticker.accept(nowNanos);
        }

        private WebRtcTransport transport(InetSocketAddress from) {
            IceLiteAgent agent = registry.byAddress(from);
            return agent != null && agent.attachment() instanceof WebRtcTransport t ? t : null;
        }
    }
}
