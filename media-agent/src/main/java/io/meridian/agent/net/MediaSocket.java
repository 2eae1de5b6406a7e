package io.meridian.agent.net;

import io.meridian.agent.rtp.RtpHeader;
import io.meridian.agent.stun.Stun;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * One UDP port for all WebRTC media: a {@link UdpLoop} whose thread classifies each datagram (RFC 7983), checks
 * its basic structure and hands it to the {@link PacketSink}. Malformed or refused datagrams are counted by kind;
 * nothing a peer sends can stop the thread (a sink that throws is counted and logged at a bounded rate).
 * <p>Receiving allocates nothing per datagram while the sender address repeats (the JDK caches the last
 * source address; interleaved senders cost one InetSocketAddress each). Sending is thread-safe.
 */
public final class MediaSocket implements AutoCloseable {
    /** Largest datagram accepted; anything larger is dropped (the path MTU is below this). */
    public static final int MAX_DATAGRAM = 1600;
    /** Writable bytes guaranteed after every received datagram in the sink's buffer. */
    public static final int HEADROOM = 448;

    private static final int KINDS = PacketKind.values().length;

    private final PacketSink sink;
    private final UdpLoop loop;
    private final AtomicLongArray received = new AtomicLongArray(KINDS);
    private final AtomicLongArray dropped = new AtomicLongArray(KINDS);
    private final AtomicLongArray sinkErrors = new AtomicLongArray(1);
    private final AtomicLongArray sent = new AtomicLongArray(2); // [0] sent, [1] send failures

    private MediaSocket(InetSocketAddress bind, PacketSink sink, int tickMillis) throws IOException {
        this.sink = sink;
        this.loop = UdpLoop.open("media", bind, new UdpLoop.Handler() {
            @Override
            public void onDatagram(byte[] b, int len, InetSocketAddress from) {
                dispatch(b, len, from);
            }

            @Override
            public void onTick(long nowNanos) {
                sink.onTick(nowNanos);
            }
        }, tickMillis, MAX_DATAGRAM, HEADROOM, 1 << 16);
    }

    /**
     * Binds {@code bind} (port 0 picks a free port) and starts the receive thread, ticking the sink every
     * {@code tickMillis} milliseconds.
     */
    public static MediaSocket open(InetSocketAddress bind, PacketSink sink, int tickMillis) throws IOException {
        MediaSocket socket = new MediaSocket(bind, sink, tickMillis);
        socket.loop.start();
        return socket;
    }

    /** Binds with a 10 ms tick. */
    public static MediaSocket open(InetSocketAddress bind, PacketSink sink) throws IOException {
        return open(bind, sink, 10);
    }

    /** The bound address (with the real port when 0 was asked for). */
    public InetSocketAddress localAddress() {
        return loop.localAddress();
    }

    /**
     * Sends {@code b[off..off+len)} to {@code to}. Thread-safe; never throws for network errors (they are counted).
     *
     * @return whether the datagram was handed to the kernel
     */
    public boolean send(byte[] b, int off, int len, InetSocketAddress to) {
        if (loop.send(b, off, len, to) == len) {
            sent.lazySet(0, sent.get(0) + 1); // racy increment across senders is fine for a metric
            return true;
        }
        sent.incrementAndGet(1);
        return false;
    }

    /** Runs {@code task} on the receive thread soon (for state the thread owns). */
    public void execute(Runnable task) {
        loop.execute(task);
    }

    /** Datagrams received of a kind. */
    public long received(PacketKind kind) {
        return received.get(kind.ordinal());
    }

    /** Datagrams of a kind dropped as malformed, oversize or refused by the sink. */
    public long dropped(PacketKind kind) {
        return dropped.get(kind.ordinal());
    }

    /** Datagrams received of every kind. */
    public long receivedTotal() {
        long sum = 0;
        for (int i = 0; i < KINDS; i++) {
            sum += received.get(i);
        }
        return sum;
    }

    /** Datagrams dropped of every kind. */
    public long droppedTotal() {
        long sum = 0;
        for (int i = 0; i < KINDS; i++) {
            sum += dropped.get(i);
        }
        return sum;
    }

    /** Exceptions the sink threw (each also counted as a drop). */
    public long sinkErrors() {
        return sinkErrors.get(0);
    }

    /** Datagrams sent. */
    public long sent() {
        return sent.get(0);
    }

    /** Datagrams that could not be sent. */
    public long sendFailures() {
        return sent.get(1);
    }

    /** Whether the receive thread is alive. */
    public boolean isRunning() {
        return loop.isRunning();
    }

    /** Stops the thread and closes the port. */
    @Override
    public void close() {
        loop.close();
    }

    private void dispatch(byte[] rx, int len, InetSocketAddress from) {
        if (len == 0) {
            count(received, PacketKind.UNKNOWN.ordinal());
            count(dropped, PacketKind.UNKNOWN.ordinal());
            return;
        }
        PacketKind kind = PacketKind.classify(rx, 0, Math.min(len, rx.length));
        int k = kind.ordinal();
        count(received, k);
        if (len > MAX_DATAGRAM || !wellFormed(kind, rx, len)) {
            count(dropped, k);
            return;
        }
        boolean accepted;
        try {
            accepted = switch (kind) {
                case STUN -> sink.onStun(rx, 0, len, from);
                case DTLS -> sink.onDtls(rx, 0, len, from);
                case RTP -> sink.onRtp(rx, 0, len, from);
                case RTCP -> sink.onRtcp(rx, 0, len, from);
                case UNKNOWN -> false;
            };
        } catch (RuntimeException e) {
            sinkErrors.incrementAndGet(0);
            loop.logError(e);
            accepted = false;
        }
        if (!accepted) {
            count(dropped, k);
        }
    }

    /** The cheap structural checks RFC 7983 demux can make before anyone parses further. */
    static boolean wellFormed(PacketKind kind, byte[] b, int len) {
        return switch (kind) {
            case STUN -> Stun.looksLikeStun(b, 0, len);
            case DTLS -> len >= 13 && b[1] == (byte) 0xFE && (((b[11] & 0xFF) << 8) | (b[12] & 0xFF)) + 13 <= len;
            case RTP -> RtpHeader.headerLength(b, 0, len) >= 0;
            case RTCP -> len >= 8 && (b[0] & 0xC0) == 0x80;
            case UNKNOWN -> false;
        };
    }

    private static void count(AtomicLongArray counters, int i) {
        counters.lazySet(i, counters.get(i) + 1); // single writer: the receive thread
    }
}
