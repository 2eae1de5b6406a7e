package io.meridian.agent.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * One browser's ICE-TCP connection to a {@link TcpMediaListener} (RFC 6544 passive candidate). Sending frames
 * each packet with its RFC 4571 length and is thread-safe: what the kernel does not take at once waits in a bounded
 * buffer the listener thread flushes; a packet that does not fit is dropped whole, never cut.
 */
public final class TcpMediaConnection {
    /** Bytes of framed packets waiting for the kernel before new packets are dropped. */
    static final int SEND_BACKLOG = 256 * 1024;

    private final SocketChannel channel;
    private final InetSocketAddress remote;
    private final long openedNanos;
    private final Rfc4571Deframer deframer;
    private final ByteBuffer out = ByteBuffer.allocate(SEND_BACKLOG);
    private SelectionKey key;
    private volatile boolean verified;
    private volatile boolean closed;
    volatile long lastFrameNanos;
    private long sendDrops;

    TcpMediaConnection(SocketChannel channel, InetSocketAddress remote, int maxFrame, long nowNanos) {
        this.channel = channel;
        this.remote = remote;
        this.openedNanos = nowNanos;
        this.lastFrameNanos = nowNanos;
        this.deframer = new Rfc4571Deframer(maxFrame);
    }

    /** The browser's address and port of this connection: its ICE remote candidate. */
    public InetSocketAddress remote() {
        return remote;
    }

    /** Marks that a valid ICE check arrived here: the connection may now carry DTLS and media and stays open. */
    public void markVerified() {
        verified = true;
    }

    /** Whether a valid ICE check arrived on this connection. */
    public boolean isVerified() {
        return verified;
    }

    /** Whether the connection is closed. */
    public boolean isClosed() {
        return closed;
    }

    /** Packets dropped because the send backlog was full or the connection closed. */
    public synchronized long sendDrops() {
        return sendDrops;
    }

    /**
     * Sends {@code b[off..off+len)} as one RFC 4571 frame. Thread-safe, never blocks, never throws for network
     * errors.
     *
     * @return whether the whole frame was written or queued
     */
    public synchronized boolean send(byte[] b, int off, int len) {
        if (closed || len < 1 || len > 65535 || out.remaining() < len + 2) {
            sendDrops++;
            return false;
        }
        out.putShort((short) len).put(b, off, len);
        flushLocked();
        return true;
    }

    Rfc4571Deframer deframer() {
        return deframer;
    }

    long openedNanos() {
        return openedNanos;
    }

    SocketChannel channel() {
        return channel;
    }

    void attach(SelectionKey key) {
        this.key = key;
    }

    /** Listener thread: the channel became writable. */
    synchronized void flush() {
        flushLocked();
    }

    private void flushLocked() {
        if (closed) {
            return;
        }
        out.flip();
        try {
            channel.write(out);
        } catch (IOException | RuntimeException e) {
            out.clear();
            close();
            return;
        }
        out.compact();
        SelectionKey k = key;
        if (k != null && k.isValid()) {
            int ops = out.position() > 0 ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ;
            if (k.interestOps() != ops) {
                k.interestOps(ops);
                k.selector().wakeup();
            }
        }
    }

    /** Closes the socket; idempotent. */
    void close() {
        closed = true;
        try {
            channel.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    @Override
    public String toString() {
        return "tcp:" + remote;
    }
}
