package io.meridian.benchmarks.forwarding;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.List;

/**
 * The ceiling: the least a UDP forwarder in Java can do. One thread blocks in receive on one loopback socket and
 * sends each datagram, untouched, to every subscriber address. No SRTP, no parsing, no routing table, no timers.
 */
final class BaselineForwarder implements Forwarder {
    private static final VarHandle RECEIVED;
    private static final VarHandle FORWARDED;
    private static final VarHandle FAILED;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            RECEIVED = l.findVarHandle(BaselineForwarder.class, "received", long.class);
            FORWARDED = l.findVarHandle(BaselineForwarder.class, "forwarded", long.class);
            FAILED = l.findVarHandle(BaselineForwarder.class, "failed", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final DatagramChannel channel;
    private final InetSocketAddress address;
    private final InetSocketAddress[] destinations;
    private final Thread thread;
    // single writer (the forwarding thread), opaque stores so the measuring thread sees them without fences
    private long received;
    private long forwarded;
    private long failed;

    private BaselineForwarder(List<InetSocketAddress> destinations) throws IOException {
        this.channel = DatagramChannel.open(StandardProtocolFamily.INET);
        channel.setOption(StandardSocketOptions.SO_RCVBUF, ClientSocket.BUFFER_BYTES);
        channel.setOption(StandardSocketOptions.SO_SNDBUF, ClientSocket.BUFFER_BYTES);
        channel.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        this.address = (InetSocketAddress) channel.getLocalAddress();
        this.destinations = destinations.toArray(InetSocketAddress[]::new);
        this.thread = Thread.ofPlatform().name("udp-fwd-" + address.getPort()).daemon().unstarted(this::loop);
    }

    /** Binds a loopback port and starts forwarding everything it receives to {@code destinations}. */
    static BaselineForwarder start(List<InetSocketAddress> destinations) {
        try {
            BaselineForwarder f = new BaselineForwarder(destinations);
            f.thread.start();
            return f;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the baseline forwarder's socket", e);
        }
    }

    private void loop() {
        ByteBuffer buf = ByteBuffer.allocateDirect(1 << 16);
        InetSocketAddress[] to = destinations;
        try {
            while (true) {
                buf.clear();
                channel.receive(buf);
                buf.flip();
                RECEIVED.setOpaque(this, received + 1);
                for (InetSocketAddress d : to) {
                    buf.rewind();
                    if (channel.send(buf, d) > 0) {
                        FORWARDED.setOpaque(this, forwarded + 1);
                    } else {
                        FAILED.setOpaque(this, failed + 1);
                    }
                }
            }
        } catch (ClosedChannelException e) {
            // closed by close(): done
        } catch (IOException e) {
            throw new UncheckedIOException("baseline forwarder stopped", e);
        }
    }

    @Override
    public String name() {
        return "udp-fwd";
    }

    @Override
    public InetSocketAddress address() {
        return address;
    }

    @Override
    public Thread thread() {
        return thread;
    }

    @Override
    public long received() {
        return (long) RECEIVED.getOpaque(this);
    }

    @Override
    public long forwarded() {
        return (long) FORWARDED.getOpaque(this);
    }

    @Override
    public String drops() {
        long f = (long) FAILED.getOpaque(this);
        return f == 0 ? "" : "send failures " + f;
    }

    @Override
    public long dropTotal() {
        return (long) FAILED.getOpaque(this);
    }

    @Override
    public void close() {
        try {
            channel.close();
            thread.join(2000);
        } catch (IOException e) {
            // nothing to recover
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
