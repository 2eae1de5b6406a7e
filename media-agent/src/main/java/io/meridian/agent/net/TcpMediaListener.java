package io.meridian.agent.net;

import io.meridian.agent.abuse.Refusals;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The ICE-TCP media port (RFC 6544 passive host candidate): accepts browsers' TCP connections on one thread,
 * splits each stream into RFC 4571 frames, classifies every frame like a UDP datagram (RFC 7983) and hands it,
 * with its {@link TcpMediaConnection}, to the {@link Handler}. Bounded against abuse, each refusal counted in
 * {@link Refusals}: frames above {@link Limits#maxFrame}, connections above the per-source and total caps,
 * connections without a valid ICE check ({@link TcpMediaConnection#markVerified}) after
 * {@link Limits#verifyTimeout}, and connections silent for {@link Limits#idleTimeout}.
 */
public final class TcpMediaListener implements AutoCloseable {
    /** Where frames go; called on the listener thread, must not block. */
    public interface Handler {
        /**
         * One structurally pre-checked frame of {@code len} bytes at offset 0 of {@code b}, a copy of its own with
         * {@link MediaSocket#HEADROOM} spare bytes after it: the handler may keep it (e.g. hand it to the media thread).
         */
        void onFrame(TcpMediaConnection connection, PacketKind kind, byte[] b, int len);

        /** The connection closed (by the peer, a limit or an error). */
        default void onClosed(TcpMediaConnection connection) {
        }
    }

    /**
     * Bounds of the listener.
     *
     * @param maxFrame                 largest frame accepted; a larger one closes the connection
     * @param maxConnectionsPerSource  connections one source IP may hold open
     * @param maxConnections           connections open at once
     * @param verifyTimeout            how long a connection may stay without a valid ICE check
     * @param idleTimeout              how long a verified connection may go without a frame
     */
    public record Limits(int maxFrame, int maxConnectionsPerSource, int maxConnections, Duration verifyTimeout,
            Duration idleTimeout) {
        /** 1600-byte frames (as UDP), 8 per source, 2000 in all, 5 s to verify, 60 s idle. */
        public static final Limits DEFAULT = new Limits(MediaSocket.MAX_DATAGRAM, 8, 2000, Duration.ofSeconds(5),
                Duration.ofSeconds(60));
    }

    private static final Logger LOG = Logger.getLogger(TcpMediaListener.class);

    private final ServerSocketChannel server;
    private final Selector selector;
    private final Handler handler;
    private final Limits limits;
    private final Refusals refusals;
    private final InetSocketAddress localAddress;
    private final Thread thread;
    private final ByteBuffer rx = ByteBuffer.allocate(1 << 16);
    private final List<TcpMediaConnection> connections = new ArrayList<>();
    private final Map<InetAddress, Integer> perSource = new HashMap<>();
    private volatile boolean running = true;
    private volatile long framesReceived;
    private volatile long framesDropped;
    private long lastErrorLogNanos;

    private TcpMediaListener(ServerSocketChannel server, Handler handler, Limits limits, Refusals refusals)
            throws IOException {
        this.server = server;
        this.handler = handler;
        this.limits = limits;
        this.refusals = refusals;
        this.selector = Selector.open();
        server.register(selector, SelectionKey.OP_ACCEPT);
        this.localAddress = (InetSocketAddress) server.getLocalAddress();
        this.thread = Thread.ofPlatform().name("media-tcp-" + localAddress.getPort()).daemon().unstarted(this::loop);
    }

    /** Binds {@code bind} (port 0 picks a free port) and starts the listener thread. */
    public static TcpMediaListener open(InetSocketAddress bind, Handler handler, Limits limits, Refusals refusals)
            throws IOException {
        ServerSocketChannel ch = ServerSocketChannel.open();
        try {
            ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            ch.bind(bind, 128);
            ch.configureBlocking(false);
            TcpMediaListener listener = new TcpMediaListener(ch, handler, limits, refusals);
            listener.thread.start();
            return listener;
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** The bound address (with the real port when 0 was asked for). */
    public InetSocketAddress localAddress() {
        return localAddress;
    }

    /** Frames received, of every kind. */
    public long framesReceived() {
        return framesReceived;
    }

    /** Frames dropped as malformed or unknown. */
    public long framesDropped() {
        return framesDropped;
    }

    /** Connections open now (read racily). */
    public int connectionCount() {
        return connections.size();
    }

    /** Stops the thread and closes the port and every connection. */
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
            server.close();
        } catch (IOException e) {
            LOG.debugf(e, "closing media TCP port %s", localAddress);
        }
    }

    private void loop() {
        while (running) {
            try {
                selector.select(250);
                for (SelectionKey key : selector.selectedKeys()) {
                    if (!key.isValid()) {
                        continue;
                    }
                    if (key.isAcceptable()) {
                        accept();
                    } else {
                        TcpMediaConnection c = (TcpMediaConnection) key.attachment();
                        if (key.isWritable()) {
                            c.flush();
                        }
                        if (key.isValid() && key.isReadable()) {
                            read(c);
                        }
                        if (c.isClosed()) {
                            closed(c);
                        }
                    }
                }
                selector.selectedKeys().clear();
                sweep(System.nanoTime());
            } catch (IOException | RuntimeException e) {
                if (!running) {
                    break;
                }
                logError(e);
            }
        }
        for (TcpMediaConnection c : List.copyOf(connections)) {
            c.close();
            closed(c);
        }
    }

    private void accept() throws IOException {
        SocketChannel ch;
        while ((ch = server.accept()) != null) {
            InetSocketAddress remote = (InetSocketAddress) ch.getRemoteAddress();
            int fromSource = perSource.getOrDefault(remote.getAddress(), 0);
            if (connections.size() >= limits.maxConnections()) {
                refusals.count("tcp-connections-total");
                ch.close();
                continue;
            }
            if (fromSource >= limits.maxConnectionsPerSource()) {
                refusals.count("tcp-connections-per-source");
                ch.close();
                continue;
            }
            ch.configureBlocking(false);
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            TcpMediaConnection c = new TcpMediaConnection(ch, remote, limits.maxFrame(), System.nanoTime());
            c.attach(ch.register(selector, SelectionKey.OP_READ, c));
            connections.add(c);
            perSource.put(remote.getAddress(), fromSource + 1);
        }
    }

    private void read(TcpMediaConnection c) {
        rx.clear();
        int n;
        try {
            n = c.channel().read(rx);
        } catch (IOException e) {
            n = -1;
        }
        if (n < 0) {
            c.close();
            return;
        }
        rx.flip();
        Rfc4571Deframer.Result r = c.deframer().feed(rx, (b, off, len) -> frame(c, b, off, len));
        if (r != Rfc4571Deframer.Result.OK) {
            refusals.count(r == Rfc4571Deframer.Result.OVERSIZE ? "tcp-oversize-frame" : "tcp-empty-frame");
            c.close();
        }
    }

    private void frame(TcpMediaConnection c, byte[] b, int off, int len) {
        framesReceived++;
        c.lastFrameNanos = System.nanoTime();
        byte[] copy = new byte[len + MediaSocket.HEADROOM]; // the frame crosses to the media thread
        System.arraycopy(b, off, copy, 0, len);
        PacketKind kind = PacketKind.classify(copy, 0, len);
        if (!MediaSocket.wellFormed(kind, copy, len)) {
            framesDropped++;
            return;
        }
        try {
            handler.onFrame(c, kind, copy, len);
        } catch (RuntimeException e) {
            framesDropped++;
            logError(e);
        }
    }

    private void sweep(long now) {
        long verify = limits.verifyTimeout().toNanos();
        long idle = limits.idleTimeout().toNanos();
        for (int i = connections.size() - 1; i >= 0; i--) {
            TcpMediaConnection c = connections.get(i);
            if (!c.isVerified() && now - c.openedNanos() > verify) {
                refusals.count("tcp-unverified");
                c.close();
            } else if (c.isVerified() && now - c.lastFrameNanos > idle) {
                c.close();
            }
            if (c.isClosed()) {
                closed(c);
            }
        }
    }

    private void closed(TcpMediaConnection c) {
        if (!connections.remove(c)) {
            return;
        }
        perSource.computeIfPresent(c.remote().getAddress(), (a, n) -> n <= 1 ? null : n - 1);
        try {
            handler.onClosed(c);
        } catch (RuntimeException e) {
            logError(e);
        }
    }

    private void logError(Throwable e) {
        long now = System.nanoTime();
        if (now - lastErrorLogNanos > 10_000_000_000L) {
            lastErrorLogNanos = now;
            LOG.errorf(e, "media TCP handling failed on %s (further errors suppressed for 10 s)", localAddress);
        }
    }
}
