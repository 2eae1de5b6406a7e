package io.meridian.agent.relay;

import io.meridian.agent.net.UdpLoop;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * The relay UDP port: a {@link UdpLoop} whose one thread reads datagrams, runs posted tasks and a periodic tick,
 * so everything the relay keeps per link is owned by it. Oversize datagrams are dropped and counted here; sending
 * is thread-safe (the media thread sends forwarded media, the relay thread control).
 */
final class RelaySocket implements AutoCloseable {
    /** What the relay thread does with datagrams and time. */
    interface Handler {
        /** One datagram in {@code b[0..len)}; the buffer has {@link #HEADROOM} spare bytes and is reused. */
        void onDatagram(byte[] b, int len, InetSocketAddress from, long nowNanos);

        /** Called about every tick interval. */
        void onTick(long nowNanos);
    }

    /** Spare bytes after every received datagram. */
    static final int HEADROOM = 64;

    private final UdpLoop loop;
    private final RelayStats stats;

    private RelaySocket(InetSocketAddress bind, Handler handler, int tickMillis, RelayStats stats)
            throws IOException {
        this.stats = stats;
        this.loop = UdpLoop.open("relay", bind, new UdpLoop.Handler() {
            @Override
            public void onDatagram(byte[] b, int len, InetSocketAddress from) {
                if (len > RelayFrame.MAX_DATAGRAM) {
                    stats.drop(RelayStats.Drop.MALFORMED);
                    return;
                }
                handler.onDatagram(b, len, from, System.nanoTime());
            }

            @Override
            public void onTick(long nowNanos) {
                handler.onTick(nowNanos);
            }
        }, tickMillis, RelayFrame.MAX_DATAGRAM, HEADROOM, RelayFrame.MAX_DATAGRAM + HEADROOM);
    }

    /** Binds {@code bind} (port 0 picks one); {@link #start()} starts the thread, ticking every {@code tickMillis}. */
    static RelaySocket open(InetSocketAddress bind, Handler handler, int tickMillis, RelayStats stats)
            throws IOException {
        return new RelaySocket(bind, handler, tickMillis, stats);
    }

    /** Starts the receive thread, once the handler is ready for datagrams and ticks. */
    void start() {
        loop.start();
    }

    /** The bound address. */
    InetSocketAddress localAddress() {
        return loop.localAddress();
    }

    /** Runs {@code task} on the relay thread soon. */
    void execute(Runnable task) {
        loop.execute(task);
    }

    /** True when called on the relay thread. */
    boolean onRelayThread() {
        return loop.onLoopThread();
    }

    /**
     * Sends a frame header followed by {@code b[off..off+len)} to {@code to}. Thread-safe; network errors are
     * counted, never thrown.
     */
    boolean send(byte type, long tag, byte[] b, int off, int len, InetSocketAddress to) {
        ByteBuffer tx = loop.txBuffer();
        if (len + RelayFrame.HEADER > tx.capacity()) {
            stats.drop(RelayStats.Drop.SEND_FAILED);
            return false;
        }
        try {
            tx.put(type).putLong(tag).put(b, off, len).flip();
        } catch (RuntimeException e) {
            stats.drop(RelayStats.Drop.SEND_FAILED); // bad bounds
            return false;
        }
        return sent(loop.send(tx, to));
    }

    /** Sends a whole prepared datagram {@code b[off..off+len)}. */
    boolean sendRaw(byte[] b, int off, int len, InetSocketAddress to) {
        return sent(loop.send(b, off, len, to));
    }

    /** Stops the thread and closes the port. */
    @Override
    public void close() {
        loop.close();
    }

    private boolean sent(int bytes) {
        if (bytes > 0) {
            return true;
        }
        stats.drop(RelayStats.Drop.SEND_FAILED); // unreachable or unresolved peer, closed channel
        return false;
    }
}
