package io.meridian.agent.net;

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
 * One bound UDP port served by one dedicated platform thread: a non-blocking DatagramChannel read into a
 * preallocated buffer, posted tasks and a periodic tick, all on that thread, so state it owns needs no locks.
 * What to do with each datagram (demux, counting) is the {@link Handler}'s job. Receiving allocates nothing per
 * datagram while the sender address repeats; sending is thread-safe. Used by {@link MediaSocket} and the relay.
 */
public final class UdpLoop implements AutoCloseable {
    /** What the loop thread does with datagrams and time; called only on that thread. */
    public interface Handler {
        /**
         * One datagram of {@code len} bytes in {@code b} from offset 0. The buffer is reused for the next datagram.
         * When {@code len} exceeds the loop's max datagram only the first {@code b.length} bytes are there (the
         * handler drops it); otherwise at least the loop's headroom is writable after {@code len}.
         */
        void onDatagram(byte[] b, int len, InetSocketAddress from);

        /** Called about every tick interval, even when no datagrams arrive. */
        void onTick(long nowNanos);
    }

    private static final Logger LOG = Logger.getLogger(UdpLoop.class);
    private static final Consumer<SelectionKey> IGNORE_KEY = k -> { };
    /** {@code MERIDIAN_AGENT_SENDMMSG=false} forces one sendto per datagram (the NIO path). */
    private static final boolean SENDMMSG = !"false".equalsIgnoreCase(System.getenv("MERIDIAN_AGENT_SENDMMSG"))
            && !"false".equalsIgnoreCase(System.getProperty("meridian.agent.sendmmsg"));
    /** Received datagrams after which the loop flushes its batch even when more are queued (bounds the delay). */
    private static final int FLUSH_EVERY = 16;

    private final String name;
    private final DatagramChannel channel;
    private final Selector selector;
    private final Handler handler;
    private final long tickNanos;
    private final Thread thread;
    private final InetSocketAddress localAddress;
    private final ByteBuffer rxDirect = ByteBuffer.allocateDirect(1 << 16);
    private final byte[] rx;
    private final ThreadLocal<ByteBuffer> txBuffers;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private volatile boolean running = true;
    private long lastErrorLogNanos;
    /** The loop thread's sends, flushed with one sendmmsg per pass; null: one sendto per datagram. */
    private final SendBatch batch;
    private int sinceFlush;

    private UdpLoop(String name, DatagramChannel channel, Handler handler, long tickNanos, int rxCapacity,
            int txCapacity) throws IOException {
        this.name = name;
        this.channel = channel;
        this.handler = handler;
        this.tickNanos = tickNanos;
        this.rx = new byte[rxCapacity];
        this.txBuffers = ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(txCapacity));
        this.batch = SendBatch.open(channel, txCapacity, SENDMMSG);
        this.selector = Selector.open();
        channel.register(selector, SelectionKey.OP_READ);
        this.localAddress = (InetSocketAddress) channel.getLocalAddress();
        this.thread = Thread.ofPlatform().name(name + "-rx-" + localAddress.getPort()).daemon().unstarted(this::loop);
    }

    /**
     * Binds {@code bind} (port 0 picks a free port) with 4 MiB kernel buffers; {@link #start()} starts the thread
     * named {@code name-rx-PORT}, ticking every {@code tickMillis}. Received datagrams are copied into a buffer
     * of {@code maxDatagram + headroom} bytes; each sending thread gets a direct buffer of {@code txCapacity}.
     */
    public static UdpLoop open(String name, InetSocketAddress bind, Handler handler, int tickMillis,
            int maxDatagram, int headroom, int txCapacity) throws IOException {
        DatagramChannel ch = DatagramChannel.open();
        try {
            ch.setOption(StandardSocketOptions.SO_REUSEADDR, false);
            ch.setOption(StandardSocketOptions.SO_RCVBUF, 4 << 20);
            ch.setOption(StandardSocketOptions.SO_SNDBUF, 4 << 20);
            ch.bind(bind);
            ch.configureBlocking(false);
            return new UdpLoop(name, ch, handler, tickMillis * 1_000_000L, maxDatagram + headroom, txCapacity);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** Starts the loop thread, once the handler is ready for datagrams and ticks. */
    public void start() {
        thread.start();
    }

    /** The bound address (with the real port when 0 was asked for). */
    public InetSocketAddress localAddress() {
        return localAddress;
    }

    /** Runs {@code task} on the loop thread soon (for state the thread owns). */
    public void execute(Runnable task) {
        tasks.add(task);
        selector.wakeup();
    }

    /** True when called on the loop thread. */
    public boolean onLoopThread() {
        return Thread.currentThread() == thread;
    }

    /** Whether the loop thread is alive and not closed. */
    public boolean isRunning() {
        return running && thread.isAlive();
    }

    /** The calling thread's direct send buffer, cleared: fill and flip it, then send it. */
    public ByteBuffer txBuffer() {
        ByteBuffer tx = txBuffers.get();
        tx.clear();
        return tx;
    }

    /**
     * Sends {@code tx}'s remaining bytes to {@code to}. Thread-safe; never throws for network errors.
     *
     * @return the bytes handed to the kernel (0 when it had no room), or -1 when the send failed
     */
    public int send(ByteBuffer tx, InetSocketAddress to) {
        try {
            return channel.send(tx, to);
        } catch (IOException | RuntimeException e) {
            return -1; // unresolved/unreachable destination, closed channel or oversize
        }
    }

    /**
     * Sends {@code b[off..off+len)} to {@code to} through the calling thread's buffer.
     *
     * @return as {@link #send(ByteBuffer, InetSocketAddress)}
     */
    public int send(byte[] b, int off, int len, InetSocketAddress to) {
        if (batch != null && Thread.currentThread() == thread) {
            return batch.add(b, off, len, to) ? len : -1; // the kernel's verdict is counted at the flush
        }
        ByteBuffer tx = txBuffer();
        try {
            tx.put(b, off, len).flip();
        } catch (RuntimeException e) {
            return -1; // larger than the buffer or bad bounds
        }
        return send(tx, to);
    }

    /** Logs a handler failure at most once per 10 s; call only on the loop thread. */
    public void logError(Throwable e) {
        long now = System.nanoTime();
        if (now - lastErrorLogNanos > 10_000_000_000L) {
            lastErrorLogNanos = now;
            LOG.errorf(e, "%s packet handling failed on %s (further errors suppressed for 10 s)", name, localAddress);
        }
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
            if (batch != null) {
                batch.close(); // the loop thread has stopped: no flush can race the freed memory
            }
        } catch (IOException e) {
            LOG.debugf(e, "closing %s socket %s", name, localAddress);
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
                    flush();
                }
                rxDirect.clear();
                SocketAddress from = channel.receive(rxDirect);
                if (from == null) {
                    flush();
                    long waitMillis = Math.max(1, (nextTick - System.nanoTime()) / 1_000_000);
                    selector.select(IGNORE_KEY, waitMillis);
                    continue;
                }
                rxDirect.flip();
                int len = rxDirect.remaining();
                rxDirect.get(rx, 0, Math.min(len, rx.length));
                handler.onDatagram(rx, len, (InetSocketAddress) from);
                if (++sinceFlush >= FLUSH_EVERY) {
                    flush();
                }
            } catch (IOException e) {
                if (running) { // e.g. ICMP errors surfacing on receive: keep going
                    LOG.debugf("%s socket receive: %s", name, e.toString());
                }
            } catch (RuntimeException | Error e) {
                if (!running) {
                    break; // closing: the selector or channel went away under us
                }
                if (e instanceof VirtualMachineError vm && !(e instanceof StackOverflowError)) {
                    throw vm;
                }
                logError(e);
            }
        }
    }

    /** Whether this loop sends its own thread's datagrams with sendmmsg. */
    public boolean batchesSends() {
        return batch != null;
    }

    /** Datagrams of the loop thread the kernel refused at a batch flush (0 without batching). */
    public long batchSendFailures() {
        return batch == null ? 0 : batch.failed();
    }

    private void flush() {
        sinceFlush = 0;
        if (batch != null && batch.pending() > 0) {
            batch.flush();
        }
    }

    private void runTasks() {
        Runnable task;
        boolean ran = false;
        while ((task = tasks.poll()) != null) {
            ran = true;
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.warnf(e, "%s thread task failed", name);
            }
        }
        if (ran && batch != null && batch.pending() > 0) {
            batch.flush(); // a task's sends (e.g. a keyframe request) need not wait for traffic
        }
    }
}
