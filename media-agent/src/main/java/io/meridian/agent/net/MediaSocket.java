package io.meridian.agent.net;

import io.meridian.agent.rtp.RtpHeader;
import io.meridian.agent.stun.Stun;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * One UDP port for all WebRTC media: a non-blocking DatagramChannel read by one dedicated thread into
 * preallocated buffers, each datagram classified (RFC 7983), checked for basic structure and handed to the
 * {@link PacketSink}. Malformed or refused datagrams are counted by kind; nothing a peer sends can stop the
 * thread (a sink that throws is counted and logged at a bounded rate).
 * <p>Receiving allocates nothing per datagram while the sender address repeats (the JDK caches the last
 * source address; interleaved senders cost one InetSocketAddress each). Sending is thread-safe.
 */
public final class MediaSocket implements AutoCloseable {
    /** Largest datagram accepted; anything larger is dropped (the path MTU is below this). */
    public static final int MAX_DATAGRAM = 1600;
    /** Writable bytes guaranteed after every received datagram in the sink's buffer. */
    public static final int HEADROOM = 448;

    private static final Logger LOG = Logger.getLogger(MediaSocket.class);
    private static final Consumer<SelectionKey> IGNORE_KEY = k -> { };
    private static final int KINDS = PacketKind.values().length;

    private final DatagramChannel channel;
    private final Selector selector;
    private final PacketSink sink;
    private final long tickNanos;
    private final Thread thread;
    private final ByteBuffer rxDirect = ByteBuffer.allocateDirect(1 << 16);
    private final byte[] rx = new byte[MAX_DATAGRAM + HEADROOM];
    private final ThreadLocal<ByteBuffer> txBuffers = ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(1 << 16));
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicLongArray received = new AtomicLongArray(KINDS);
    private final AtomicLongArray dropped = new AtomicLongArray(KINDS);
    private final AtomicLongArray sinkErrors = new AtomicLongArray(1);
    private final AtomicLongArray sent = new AtomicLongArray(2); // [0] sent, [1] send failures
    private final InetSocketAddress localAddress;
    private volatile boolean running = true;

    private MediaSocket(DatagramChannel channel, PacketSink sink, long tickNanos) throws IOException {
        this.channel = channel;
        this.sink = sink;
        this.tickNanos = tickNanos;
        this.selector = Selector.open();
        channel.register(selector, SelectionKey.OP_READ);
        this.localAddress = (InetSocketAddress) channel.getLocalAddress();
        this.thread = Thread.ofPlatform().name("media-rx-" + localAddress.getPort()).daemon().unstarted(this::loop);
    }

    /**
     * Binds {@code bind} (port 0 picks a free port) and starts the receive thread, ticking the sink every
     * {@code tickMillis} milliseconds.
     */
    public static MediaSocket open(InetSocketAddress bind, PacketSink sink, int tickMillis) throws IOException {
        DatagramChannel ch = DatagramChannel.open();
        try {
            ch.setOption(StandardSocketOptions.SO_REUSEADDR, false);
            ch.setOption(StandardSocketOptions.SO_RCVBUF, 4 << 20);
            ch.setOption(StandardSocketOptions.SO_SNDBUF, 4 << 20);
            ch.bind(bind);
            ch.configureBlocking(false);
            MediaSocket socket = new MediaSocket(ch, sink, tickMillis * 1_000_000L);
            socket.thread.start();
            return socket;
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** Binds with a 10 ms tick. */
    public static MediaSocket open(InetSocketAddress bind, PacketSink sink) throws IOException {
        return open(bind, sink, 10);
    }

    /** The bound address (with the real port when 0 was asked for). */
    public InetSocketAddress localAddress() {
        return localAddress;
    }

    /**
     * Sends {@code b[off..off+len)} to {@code to}. Thread-safe; never throws for network errors (they are counted).
     *
     * @return whether the datagram was handed to the kernel
     */
    public boolean send(byte[] b, int off, int len, InetSocketAddress to) {
        ByteBuffer tx = txBuffers.get();
        tx.clear();
        try {
            tx.put(b, off, len).flip();
            if (channel.send(tx, to) == len) {
                sent.lazySet(0, sent.get(0) + 1); // racy increment across senders is fine for a metric
                return true;
            }
        } catch (IOException | RuntimeException e) {
            // unresolved/unreachable destination, closed channel or oversize: counted below
        }
        sent.incrementAndGet(1);
        return false;
    }

    /** Runs {@code task} on the receive thread soon (for state the thread owns). */
    public void execute(Runnable task) {
        tasks.add(task);
        selector.wakeup();
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
        return running && thread.isAlive();
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
            LOG.debugf(e, "closing media socket %s", localAddress);
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
                    tick(now);
                }
                rxDirect.clear();
                SocketAddress from = channel.receive(rxDirect);
                if (from == null) {
                    long waitMillis = Math.max(1, (nextTick - System.nanoTime()) / 1_000_000);
                    selector.select(IGNORE_KEY, waitMillis);
                    continue;
                }
                dispatch(rxDirect.flip(), (InetSocketAddress) from);
            } catch (IOException e) {
                if (running) { // e.g. ICMP errors surfacing on receive: keep going
                    LOG.debugf("media socket receive: %s", e.toString());
                }
            } catch (RuntimeException | Error e) {
                if (!running) {
                    break; // closing: the selector or channel went away under us
                }
                if (e instanceof VirtualMachineError vm && !(e instanceof StackOverflowError)) {
                    throw vm;
                }
                logSinkError(e);
            }
        }
    }

    private void runTasks() {
        Runnable task;
        while ((task = tasks.poll()) != null) {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.warnf(e, "media thread task failed");
            }
        }
    }

    private void tick(long now) {
        try {
            sink.onTick(now);
        } catch (RuntimeException e) {
            logSinkError(e);
        }
    }

    private void dispatch(ByteBuffer data, InetSocketAddress from) {
        int len = data.remaining();
        if (len == 0) {
            count(received, PacketKind.UNKNOWN.ordinal());
            count(dropped, PacketKind.UNKNOWN.ordinal());
            return;
        }
        data.get(rx, 0, Math.min(len, rx.length));
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
            logSinkError(e);
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

    private long lastErrorLogNanos;

    private void logSinkError(Throwable e) {
        long now = System.nanoTime();
        if (now - lastErrorLogNanos > 10_000_000_000L) { // at most one log line per 10 s
            lastErrorLogNanos = now;
            LOG.errorf(e, "media packet handler failed on %s (counted, further errors suppressed for 10 s)",
                    localAddress);
        }
    }
}
