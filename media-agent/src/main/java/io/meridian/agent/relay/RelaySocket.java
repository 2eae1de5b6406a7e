package io.meridian.agent.relay;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * The relay UDP port: a non-blocking DatagramChannel read by one dedicated thread into a preallocated buffer. The
 * same thread runs posted tasks and a periodic tick, so everything the relay keeps per link is owned by it.
 * Sending is thread-safe (the media thread sends forwarded media, the relay thread control).
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

    private static final Logger LOG = Logger.getLogger(RelaySocket.class);
    private static final Consumer<SelectionKey> IGNORE_KEY = k -> { };

    private final DatagramChannel channel;
    private final Selector selector;
    private final Handler handler;
    private final long tickNanos;
    private final Thread thread;
    private final InetSocketAddress localAddress;
    private final ByteBuffer rxDirect = ByteBuffer.allocateDirect(1 << 16);
    private final byte[] rx = new byte[RelayFrame.MAX_DATAGRAM + HEADROOM];
    private final ThreadLocal<ByteBuffer> txBuffers =
            ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(RelayFrame.MAX_DATAGRAM + HEADROOM));
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final RelayStats stats;
    private volatile boolean running = true;
    private long lastErrorLogNanos;

    private RelaySocket(DatagramChannel channel, Handler handler, long tickNanos, RelayStats stats)
            throws IOException {
        this.channel = channel;
        this.handler = handler;
        this.tickNanos = tickNanos;
        this.stats = stats;
        this.selector = Selector.open();
        channel.register(selector, SelectionKey.OP_READ);
        this.localAddress = (InetSocketAddress) channel.getLocalAddress();
        this.thread = Thread.ofPlatform().name("relay-rx-" + localAddress.getPort()).daemon().unstarted(this::loop);
    }

    /** Binds {@code bind} (port 0 picks one); {@link #start()} starts the thread, ticking every {@code tickMillis}. */
    static RelaySocket open(InetSocketAddress bind, Handler handler, int tickMillis, RelayStats stats)
            throws IOException {
        DatagramChannel ch = DatagramChannel.open();
        try {
            ch.setOption(StandardSocketOptions.SO_REUSEADDR, false);
            ch.setOption(StandardSocketOptions.SO_RCVBUF, 4 << 20);
            ch.setOption(StandardSocketOptions.SO_SNDBUF, 4 << 20);
            ch.bind(bind);
            ch.configureBlocking(false);
            return new RelaySocket(ch, handler, tickMillis * 1_000_000L, stats);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** Starts the receive thread, once the handler is ready for datagrams and ticks. */
    void start() {
        thread.start();
    }

    /** The bound address. */
    InetSocketAddress localAddress() {
        return localAddress;
    }

    /** Runs {@code task} on the relay thread soon. */
    void execute(Runnable task) {
        tasks.add(task);
        selector.wakeup();
    }

    /** True when called on the relay thread. */
    boolean onRelayThread() {
        return Thread.currentThread() == thread;
    }

    /**
     * Sends a frame header followed by {@code b[off..off+len)} to {@code to}. Thread-safe; network errors are
     * counted, never thrown.
     */
    boolean send(byte type, long tag, byte[] b, int off, int len, InetSocketAddress to) {
        ByteBuffer tx = txBuffers.get();
        tx.clear();
        if (len + RelayFrame.HEADER > tx.capacity()) {
            stats.drop(RelayStats.Drop.SEND_FAILED);
            return false;
        }
        try {
            tx.put(type).putLong(tag).put(b, off, len).flip();
            if (channel.send(tx, to) > 0) {
                return true;
            }
        } catch (IOException | RuntimeException e) {
            // unreachable or unresolved peer, closed channel: counted below
        }
        stats.drop(RelayStats.Drop.SEND_FAILED);
        return false;
    }

    /** Sends a whole prepared datagram {@code b[off..off+len)}. */
    boolean sendRaw(byte[] b, int off, int len, InetSocketAddress to) {
        ByteBuffer tx = txBuffers.get();
        tx.clear();
        try {
            tx.put(b, off, len).flip();
            if (channel.send(tx, to) > 0) {
                return true;
            }
        } catch (IOException | RuntimeException e) {
            // counted below
        }
        stats.drop(RelayStats.Drop.SEND_FAILED);
        return false;
    }

    /** Stops the thread and closes the port. */
    @Override
    public void close() {
        running = false;
        selector.wakeup();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            selector.close();
            channel.close();
        } catch (IOException e) {
            LOG.debugf(e, "closing relay socket %s", localAddress);
        }
    }

    private void loop() {
        long nextTick = System.nanoTime() + tickNanos;
        while (running) {
            try {
                runTasks();
                long now = System.nanoTime();
                if (now - nextTick >= 0) {
                    nextTick = now + tickNanos;
                    handler.onTick(now);
                }
                rxDirect.clear();
                SocketAddress from = channel.receive(rxDirect);
                if (from == null) {
                    long waitMillis = Math.max(1, (nextTick - System.nanoTime()) / 1_000_000);
                    selector.select(IGNORE_KEY, waitMillis);
                    continue;
                }
                rxDirect.flip();
                int len = rxDirect.remaining();
                if (len > RelayFrame.MAX_DATAGRAM) {
                    stats.drop(RelayStats.Drop.MALFORMED);
                    continue;
                }
                rxDirect.get(rx, 0, len);
                handler.onDatagram(rx, len, (InetSocketAddress) from, System.nanoTime());
            } catch (IOException e) {
                if (running) { // ICMP errors surface on receive: keep going
                    LOG.debugf("relay socket receive: %s", e.toString());
                }
            } catch (RuntimeException | Error e) {
                if (e instanceof VirtualMachineError vm && !(e instanceof StackOverflowError)) {
                    throw vm;
                }
                logError(e);
            }
        }
    }

    private void runTasks() {
        Runnable task;
        while ((task = tasks.poll()) != null) {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.warnf(e, "relay task failed");
            }
        }
    }

    private void logError(Throwable e) {
        long now = System.nanoTime();
        if (now - lastErrorLogNanos > 10_000_000_000L) {
            lastErrorLogNanos = now;
            LOG.errorf(e, "relay packet handling failed on %s (further errors suppressed for 10 s)", localAddress);
        }
    }
}
