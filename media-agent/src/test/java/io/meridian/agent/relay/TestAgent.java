package io.meridian.agent.relay;

import io.meridian.agent.control.RelayCommands;
import io.meridian.agent.report.PeerRtts;
import io.meridian.agent.report.TrafficCounters;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import io.meridian.agent.net.MediaSocket;
import io.meridian.agent.net.PacketSink;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** One agent in a test: a relay on a loopback port, fake conferences over real routers, and a media thread. */
final class TestAgent implements AutoCloseable {
    static final RelaySettings FAST = new RelaySettings(Duration.ofMillis(5), Duration.ofMillis(100),
            Duration.ofMillis(200), Duration.ofMillis(600), Duration.ofMillis(50), 20, 4096, Duration.ofSeconds(2));

    final String id;
    final FakeConferenceMedia media = new FakeConferenceMedia();
    final PeerRtts rtts = new PeerRtts();
    final TrafficCounters traffic = new TrafficCounters();
    /** Runs tasks on the media thread. */
    final Executor mediaThread;
    private final ScheduledExecutorService executor;
    private final MediaSocket socket;
    final Relay relay;

    TestAgent(String id) throws Exception {
        this(id, FAST, false);
    }

    /**
     * An agent whose media thread is a scheduled executor, or with {@code realMediaSocket} the receive thread of a
     * real {@link MediaSocket} as in production (tasks posted with {@link MediaSocket#execute}).
     */
    TestAgent(String id, RelaySettings settings, boolean realMediaSocket) throws Exception {
        this.id = id;
        if (realMediaSocket) {
            this.executor = null;
            this.socket = MediaSocket.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), new PacketSink() {
                @Override
                public boolean onStun(byte[] buf, int off, int len, InetSocketAddress from) {
                    return false;
                }

                @Override
                public boolean onDtls(byte[] buf, int off, int len, InetSocketAddress from) {
                    return false;
                }

                @Override
                public boolean onRtp(byte[] buf, int off, int len, InetSocketAddress from) {
                    return false;
                }

                @Override
                public boolean onRtcp(byte[] buf, int off, int len, InetSocketAddress from) {
                    return false;
                }

                @Override
                public void onTick(long nowNanos) {
                    media.routers.tick(nowNanos);
                }
            });
            this.mediaThread = socket::execute;
        } else {
            this.socket = null;
            this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "media-" + id);
                t.setDaemon(true);
                return t;
            });
            // the routers' periodic work (keyframe requests, receiver reports) runs on the media thread too
            executor.scheduleAtFixedRate(() -> media.routers.tick(System.nanoTime()), 10, 10, TimeUnit.MILLISECONDS);
            this.mediaThread = executor;
        }
        this.relay = Relay.start(id, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), settings, media,
                mediaThread, rtts, traffic);
    }

    /** Runs {@code task} on the media thread and waits for it. */
    <T> T onMedia(Callable<T> task) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        mediaThread.execute(() -> {
            try {
                result.complete(task.call());
            } catch (Exception | Error e) {
                result.completeExceptionally(e);
            }
        });
        return result.get(5, TimeUnit.SECONDS);
    }

    RelayCommands.UdpEndpoint endpoint() {
        return new RelayCommands.UdpEndpoint("127.0.0.1", relay.localAddress().getPort());
    }

    /** Opens the link for {@code conferenceId} at both ends with fresh GCM keys, as the controller does. */
    static void link(String conferenceId, TestAgent a, TestAgent b) {
        RelayCommands.SrtpKeying ab = key();
        RelayCommands.SrtpKeying ba = key();
        RelayCommands.CommandResult r1 = a.relay.open(
                new RelayCommands.OpenRelayCommand(conferenceId, b.id, b.endpoint(), ab, ba));
        RelayCommands.CommandResult r2 = b.relay.open(
                new RelayCommands.OpenRelayCommand(conferenceId, a.id, a.endpoint(), ba, ab));
        if (!r1.ok() || !r2.ok()) {
            throw new AssertionError("open failed: " + r1 + " / " + r2);
        }
    }

    static RelayCommands.SrtpKeying key() {
        SecureRandom random = new SecureRandom();
        byte[] k = new byte[16];
        byte[] s = new byte[12];
        random.nextBytes(k);
        random.nextBytes(s);
        return new RelayCommands.SrtpKeying("AEAD_AES_128_GCM", k, s);
    }

    @Override
    public void close() {
        relay.close();
        if (executor != null) {
            executor.shutdownNow();
        }
        if (socket != null) {
            socket.close();
        }
    }
}
