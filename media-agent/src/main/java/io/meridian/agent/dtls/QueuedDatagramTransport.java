package io.meridian.agent.dtls;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.tls.DatagramTransport;

/**
 * A BouncyCastle {@link DatagramTransport} fed by the media socket's demultiplexer: DTLS datagrams are copied
 * into a bounded queue (dropped and counted when it is full) and read by the handshake thread; records go
 * out through a {@link DatagramOut}. DTLS carries only handshakes and alerts here, so copying is cheap.
 */
final class QueuedDatagramTransport implements DatagramTransport {
    /** Largest datagram accepted; Ethernet MTU. */
    static final int RECEIVE_LIMIT = 1500;
    /** Largest record sent; below common path MTUs so handshake flights are never IP-fragmented. */
    static final int SEND_LIMIT = 1200;
    /** Queue depth; a handshake flight is a handful of datagrams. */
    static final int CAPACITY = 64;

    private final ArrayBlockingQueue<byte[]> inbound = new ArrayBlockingQueue<>(CAPACITY);
    private final DatagramOut out;
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean closed;

    QueuedDatagramTransport(DatagramOut out) {
        this.out = out;
    }

    /** Queues a copy of one datagram; false (and counted) when closed, oversized or the queue is full. */
    boolean offer(byte[] buf, int off, int len) {
        if (closed || len <= 0 || len > RECEIVE_LIMIT) {
            dropped.incrementAndGet();
            return false;
        }
        byte[] copy = new byte[len];
        System.arraycopy(buf, off, copy, 0, len);
        if (!inbound.offer(copy)) {
            dropped.incrementAndGet();
            return false;
        }
        return true;
    }

    /** Datagrams dropped so far. */
    long dropped() {
        return dropped.get();
    }

    @Override
    public int getReceiveLimit() {
        return RECEIVE_LIMIT;
    }

    @Override
    public int getSendLimit() {
        return SEND_LIMIT;
    }

    @Override
    public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
        if (closed) {
            throw new IOException("DTLS transport closed");
        }
        byte[] datagram;
        try {
            datagram = inbound.poll(waitMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("DTLS transport closed");
        }
        if (datagram == null) {
            if (closed) {
                throw new IOException("DTLS transport closed");
            }
            return -1;
        }
        int n = Math.min(len, datagram.length);
        System.arraycopy(datagram, 0, buf, off, n);
        return n;
    }

    @Override
    public void send(byte[] buf, int off, int len) throws IOException {
        if (closed) {
            throw new IOException("DTLS transport closed");
        }
        out.send(buf, off, len);
    }

    @Override
    public void close() {
        closed = true;
        inbound.clear();
    }
}
