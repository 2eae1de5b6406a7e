package io.meridian.agent.dtls;

import io.meridian.agent.sdp.Fingerprint;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.bouncycastle.tls.DTLSServerProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.jboss.logging.Logger;

/**
 * The DTLS 1.2 server of one WebRTC transport. Datagrams from the demultiplexer are queued with
 * {@link #offer} at any time, also before {@link #start}, which the transport calls once it knows the
 * peer's SDP fingerprint. The handshake then runs on its own virtual thread; its result reaches the
 * {@link Listener} exactly once: connected with the SRTP keys, or failed with a reason. After connecting,
 * the thread keeps reading so that lost final flights are retransmitted and close_notify is noticed.
 */
public final class DtlsServer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(DtlsServer.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Receives the outcome of the handshake, on the DTLS thread. */
    public interface Listener {
        /** The handshake completed and the peer's certificate matched its fingerprint. */
        void onConnected(DtlsSrtpKeys keys);

        /** The handshake failed, timed out, or the association ended; called at most once, never after close(). */
        void onFailed(String reason);
    }

    /** Where the association is. */
    public enum State { NEW, HANDSHAKING, CONNECTED, FAILED, CLOSED }

    private final DtlsCertificate certificate;
    private final Listener listener;
    private final Duration handshakeTimeout;
    private final QueuedDatagramTransport transport;
    private final AtomicReference<State> state = new AtomicReference<>(State.NEW);
    private volatile Thread thread;
    private volatile DTLSTransport dtls;

    /** A server that sends through {@code out} and reports to {@code listener}. */
    public DtlsServer(DtlsCertificate certificate, DatagramOut out, Listener listener, Duration handshakeTimeout) {
        this.certificate = Objects.requireNonNull(certificate);
        this.listener = Objects.requireNonNull(listener);
        this.handshakeTimeout = Objects.requireNonNull(handshakeTimeout);
        this.transport = new QueuedDatagramTransport(out);
    }

    /** Queues one DTLS datagram from the peer (copied); false when it was dropped. */
    public boolean offer(byte[] buf, int off, int len) {
        return transport.offer(buf, off, len);
    }

    /** Datagrams dropped because the queue was full, oversized or the server closed. */
    public long droppedDatagrams() {
        return transport.dropped();
    }

    /** The current state. */
    public State state() {
        return state.get();
    }

    /** Starts the handshake against a peer whose certificate must hash to {@code remoteFingerprint}. */
    public void start(Fingerprint remoteFingerprint, String name) {
        Objects.requireNonNull(remoteFingerprint);
        if (!state.compareAndSet(State.NEW, State.HANDSHAKING)) {
            throw new IllegalStateException("DTLS server already started");
        }
        thread = Thread.ofVirtual().name("dtls-" + name).start(() -> run(remoteFingerprint));
    }

    private void run(Fingerprint remoteFingerprint) {
        SrtpTlsServer tls = new SrtpTlsServer(new BcTlsCrypto(RANDOM), certificate, remoteFingerprint,
                (int) handshakeTimeout.toMillis());
        DTLSServerProtocol protocol = new DTLSServerProtocol();
        // ICE connectivity checks already proved the peer owns its address, so no cookie exchange.
        protocol.setVerifyRequests(false);
        try {
            dtls = protocol.accept(tls, transport);
            DtlsSrtpKeys keys = tls.keys();
            if (keys == null || !state.compareAndSet(State.HANDSHAKING, State.CONNECTED)) {
                return;
            }
            listener.onConnected(keys);
            readUntilClosed();
        } catch (IOException | RuntimeException e) {
            String reason = tls.failure() != null ? tls.failure() : describe(e);
            fail(reason);
        }
    }

    private void readUntilClosed() throws IOException {
        byte[] buf = new byte[QueuedDatagramTransport.RECEIVE_LIMIT];
        while (state.get() == State.CONNECTED) {
            // Application data is not expected (no data channels); reading drives retransmissions and alerts.
            dtls.receive(buf, 0, buf.length, 1000);
        }
    }

    private void fail(String reason) {
        if (state.compareAndSet(State.HANDSHAKING, State.FAILED) || state.compareAndSet(State.CONNECTED, State.FAILED)) {
            LOG.debugf("DTLS ended: %s", reason);
            transport.close();
            listener.onFailed(reason);
        }
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    /** Ends the association (sending close_notify when connected) and stops the thread; no listener call follows. */
    @Override
    public void close() {
        State previous = state.getAndSet(State.CLOSED);
        if (previous == State.CLOSED) {
            return;
        }
        DTLSTransport d = dtls;
        if (previous == State.CONNECTED && d != null) {
            try {
                d.close();
            } catch (IOException | RuntimeException e) {
                LOG.debugf("close_notify not sent: %s", e.getMessage());
            }
        }
        transport.close();
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
    }
}
