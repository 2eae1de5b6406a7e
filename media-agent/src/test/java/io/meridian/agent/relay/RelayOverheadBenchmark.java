package io.meridian.agent.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meridian.agent.rtp.RtpHeader;
import io.meridian.agent.sfu.ConsumerSpec;
import io.meridian.agent.sfu.MediaSender;
import io.meridian.agent.sfu.Producer;
import io.meridian.agent.sfu.ProducerSpec;
import io.meridian.agent.sfu.Router;
import io.meridian.agent.sfu.RouterTransport;
import io.meridian.agent.control.RelayCommands;
import io.meridian.agent.srtp.SrtpContext;
import io.meridian.agent.srtp.SrtpProfile;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Relay overhead (docs/benchmarks-relay.md): publishers' packets reach a subscriber on the same agent and, in the
 * same run, a subscriber on a second agent through a relay link over loopback UDP (SRTP protect, relay thread,
 * unprotect, hand-off to the media thread, the second router). Both subscribers are SRTP over UDP like a browser's,
 * so the difference between the two is what the relay adds. Each packet carries its send time. Offered rates step
 * up to saturation, then the link's consumers are paused to measure the one agent alone.
 * Not a test: runs only with {@code -Dmeridian.bench.relay=true}.
 */
@EnabledIfSystemProperty(named = "meridian.bench.relay", matches = "true")
class RelayOverheadBenchmark {
    static final String CONF = "bench";
    static final int PUBLISHERS = 4;
    static final int PACKET = 1100;
    static final Duration PHASE = Duration.ofSeconds(Long.getLong("meridian.bench.seconds", 5));
    static final int[] RATES = {5_000, 20_000, 50_000, 100_000, 0}; // 0: as fast as the relay drains
    /** Packets outstanding in the closed-loop phases. */
    static final int IN_FLIGHT = 2_000;

    /**
     * A subscriber as the agent sees a browser: every packet is SRTP-protected on the media thread and sent over
     * loopback UDP; a sink thread (the "browser") unprotects it and records its one-way latency (the payload
     * holds the send time) in a 1 µs histogram.
     */
    static final class Subscriber implements MediaSender, AutoCloseable {
        static final int BUCKETS = 200_000; // 200 ms
        final long[] histogram = new long[BUCKETS + 1];
        volatile long received;
        private final SrtpContext agentSide;
        private final SrtpContext browserSide;
        private final DatagramChannel out;
        private final DatagramSocket sink;
        private final ByteBuffer tx = ByteBuffer.allocateDirect(2048);
        private final Thread thread;

        Subscriber(String name) throws IOException {
            RelayCommands.SrtpKeying down = TestAgent.key();
            RelayCommands.SrtpKeying up = TestAgent.key();
            agentSide = new SrtpContext(SrtpProfile.AEAD_AES_128_GCM, down.masterKey(), down.masterSalt(),
                    up.masterKey(), up.masterSalt());
            browserSide = new SrtpContext(SrtpProfile.AEAD_AES_128_GCM, up.masterKey(), up.masterSalt(),
                    down.masterKey(), down.masterSalt());
            sink = new DatagramSocket(0, InetAddress.getLoopbackAddress());
            sink.setReceiveBufferSize(4 << 20);
            out = DatagramChannel.open();
            out.connect(sink.getLocalSocketAddress());
            thread = Thread.ofPlatform().name("browser-" + name).daemon().start(this::receive);
        }

        private void receive() {
            byte[] b = new byte[2048];
            DatagramPacket p = new DatagramPacket(b, b.length);
            while (!sink.isClosed()) {
                try {
                    sink.receive(p);
                } catch (IOException e) {
                    return;
                }
                int n = browserSide.unprotectRtp(b, 0, p.getLength());
                if (n < 0) {
                    continue;
                }
                long micros = (System.nanoTime() - RelayFrame.readLong(b, 12)) / 1000;
                histogram[(int) Math.min(BUCKETS, Math.max(0, micros))]++;
                received = received + 1; // one writer: the sink thread
            }
        }

        @Override
        public void sendRtp(byte[] buf, int off, int len) {
            int n = agentSide.protectRtp(buf, off, len);
            if (n < 0) {
                return;
            }
            tx.clear();
            tx.put(buf, off, n).flip();
            try {
                out.write(tx);
            } catch (IOException e) {
                // counted as loss
            }
        }

        @Override
        public void sendRtcp(byte[] buf, int off, int len) {
        }

        /** Resets the histogram (call while nothing is in flight). */
        void reset() {
            java.util.Arrays.fill(histogram, 0);
            received = 0;
        }

        double percentileMicros(double q) {
            long total = 0;
            for (long c : histogram) {
                total += c;
            }
            long rank = (long) Math.ceil(q * total);
            long seen = 0;
            for (int i = 0; i < histogram.length; i++) {
                seen += histogram[i];
                if (seen >= Math.max(1, rank)) {
                    return i;
                }
            }
            return Double.NaN;
        }

        @Override
        public void close() {
            sink.close();
            try {
                out.close();
            } catch (IOException e) {
                // closing
            }
        }
    }

    record Row(String offered, boolean relayedMeasured, double sentPps, double localPps, double relayedPps,
            double relayedLoss,
            double localP50, double localP99, double relayP50, double relayP99, double relayCpuPerKPackets) {
    }

    @Test
    void relayOverhead() throws Exception {
        try (TestAgent a = new TestAgent("bench-a", TestAgent.FAST, true);
                TestAgent b = new TestAgent("bench-b", TestAgent.FAST, true)) {
            List<RouterTransport> pubs = new ArrayList<>();
            List<Integer> ssrcs = new ArrayList<>();
            for (int i = 0; i < PUBLISHERS; i++) {
                int ssrc = 0x60000000 + i;
                ssrcs.add(ssrc);
                pubs.add(a.media.publish(CONF, "p" + i, new RecordingSender(),
                        ProducerSpec.video("0", ssrc, 96, 0, -1, 0)));
            }
            TestAgent.link(CONF, a, b);
            await().atMost(Duration.ofSeconds(10)).until(() -> b.media.offered(CONF, a.id).size() == PUBLISHERS);
            Subscriber local = new Subscriber("local");
            Subscriber relayed = new Subscriber("relayed");
            a.onMedia(() -> {
                Router r = a.media.router(CONF);
                RouterTransport t = r.attach(local);
                for (Producer p : r.producers()) {
                    if (!LinkMedia.isRemote(p)) {
                        r.addConsumer(p, t, ConsumerSpec.mirroring(p.spec(), "0"));
                    }
                }
                return null;
            });
            b.onMedia(() -> {
                Router r = b.media.router(CONF);
                RouterTransport t = r.attach(relayed);
                for (ConferenceMedia.RelayedTrack rt : b.media.offered(CONF, a.id)) {
                    r.addConsumer(rt.producer(), t, ConsumerSpec.mirroring(rt.producer().spec(), "0"));
                }
                return null;
            });

            List<Row> rows = new ArrayList<>();
            int[] seq = new int[PUBLISHERS];
            phase(a, b, pubs, ssrcs, seq, local, relayed, 2_000, Duration.ofSeconds(2)); // warm-up
            for (int rate : RATES) {
                rows.add(phase(a, b, pubs, ssrcs, seq, local, relayed, rate, PHASE));
            }
            // the one-agent ceiling in the same run: the link's consumers paused, the closed loop on the local one
            linkConsumersPaused(a, true);
            rows.add(phase(a, b, pubs, ssrcs, seq, local, null, 0, PHASE));
            linkConsumersPaused(a, false);
            local.close();
            relayed.close();
            String table = table(rows, a, b);
            System.out.println(table);
            Path out = Path.of("target", "relay-benchmark.md");
            Files.createDirectories(out.getParent());
            Files.writeString(out, table);
            assertThat(rows.get(0).relayedPps()).isPositive();
        }
    }

    static void linkConsumersPaused(TestAgent a, boolean paused) throws Exception {
        a.onMedia(() -> {
            for (RouterTransport t : a.media.router(CONF).transports()) {
                if (t.sender() instanceof RelayLink) {
                    for (var c : t.consumers()) {
                        c.setPaused(paused);
                    }
                }
            }
            return null;
        });
    }

    /**
     * Offers {@code rate} packets/s for {@code length} and measures both paths; rate 0 is a closed loop (at most
     * {@link #IN_FLIGHT} packets outstanding) on the relayed subscriber, or on the local one when
     * {@code relayedOrNull} is null (one agent alone).
     */
    Row phase(TestAgent a, TestAgent b, List<RouterTransport> pubs, List<Integer> ssrcs, int[] seq, Subscriber local,
            Subscriber relayedOrNull, int rate, Duration length) throws Exception {
        Thread.sleep(500); // let the previous phase drain
        Subscriber relayed = relayedOrNull != null ? relayedOrNull : local;
        Subscriber paced = relayedOrNull != null ? relayed : local;
        local.reset();
        relayed.reset();
        long relayCpu0 = relayCpuNanos();
        long start = System.nanoTime();
        long end = start + length.toNanos();
        long sent = 0;
        int batch = 50;
        while (System.nanoTime() < end) {
            if (rate > 0) {
                long due = (long) ((System.nanoTime() - start) * 1e-9 * rate);
                if (sent >= due) {
                    LockSupport.parkNanos(200_000);
                    continue;
                }
            } else if (sent - paced.received > IN_FLIGHT) {
                LockSupport.parkNanos(20_000);
                continue;
            }
            long n = sent;
            a.mediaThread.execute(() -> {
                Router router = a.media.router(CONF);
                byte[] p = new byte[PACKET];
                for (int i = 0; i < batch; i++) {
                    int k = (int) ((n + i) % PUBLISHERS);
                    fill(p, ssrcs.get(k), seq[k]++);
                    router.onRtp(pubs.get(k), p, 0, PACKET, System.nanoTime());
                }
            });
            sent += batch;
        }
        double seconds = (System.nanoTime() - start) * 1e-9;
        long finalSent = sent;
        try {
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
                    .until(() -> paced.received >= finalSent && local.received >= finalSent);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            // loss: reported below
        }
        long relayCpu = relayCpuNanos() - relayCpu0;
        long localGot = local.received;
        long relayedGot = relayedOrNull != null ? relayed.received : 0;
        String offered = rate > 0 ? String.format(Locale.ROOT, "%,d", rate)
                : relayedOrNull != null ? "max (paced by the relayed subscriber)" : "max, link paused (one agent alone)";
        return new Row(offered, relayedOrNull != null, sent / seconds,
                localGot / seconds, relayedGot / seconds, 1.0 - (double) relayedGot / sent,
                local.percentileMicros(0.5), local.percentileMicros(0.99),
                relayed.percentileMicros(0.5), relayed.percentileMicros(0.99),
                relayedGot == 0 ? Double.NaN : relayCpu / 1000.0 / relayedGot);
    }

    static void fill(byte[] p, int ssrc, int seq) {
        p[0] = (byte) 0x80;
        p[1] = 96;
        RtpHeader.setSequenceNumber(p, 0, seq);
        RtpHeader.setTimestamp(p, 0, seq * 3000L);
        RtpHeader.setSsrc(p, 0, ssrc);
        RelayFrame.writeLong(p, 12, System.nanoTime());
    }

    /** CPU time of the relay receive threads (both agents; the sender's does almost nothing). */
    static long relayCpuNanos() {
        var threads = ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("relay-rx-")) {
                sum += Math.max(0, threads.getThreadCpuTime(t.threadId()));
            }
        }
        return sum;
    }

    static String table(List<Row> rows, TestAgent a, TestAgent b) throws IOException {
        StringBuilder s = new StringBuilder();
        s.append("| offered pps | sent pps | one agent: delivered pps | relayed: delivered pps | relayed loss "
                + "| one agent p50 / p99 µs | relayed p50 / p99 µs | added p50 µs | receiving relay thread CPU µs/packet |\n");
        s.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Row r : rows) {
            if (r.relayedMeasured()) {
                s.append(String.format(Locale.ROOT, "| %s | %,.0f | %,.0f | %,.0f | %.2f %% | %.0f / %.0f | %.0f / %.0f "
                        + "| %.0f | %.2f |%n", r.offered(), r.sentPps(), r.localPps(), r.relayedPps(),
                        100 * Math.max(0, r.relayedLoss()), r.localP50(), r.localP99(), r.relayP50(), r.relayP99(),
                        r.relayP50() - r.localP50(), r.relayCpuPerKPackets()));
            } else {
                s.append(String.format(Locale.ROOT, "| %s | %,.0f | %,.0f | — | — | %.0f / %.0f | — | — | — |%n",
                        r.offered(), r.sentPps(), r.localPps(), r.localP50(), r.localP99()));
            }
        }
        s.append(String.format(Locale.ROOT, "%n%d publishers, %d-byte packets, %d s per phase, %d packets in flight "
                + "in the closed-loop phases; load average %s%n", PUBLISHERS, PACKET, PHASE.toSeconds(), IN_FLIGHT,
                Files.readString(Path.of("/proc/loadavg")).trim()));
        s.append(String.format(Locale.ROOT, "relay drops on the receiving agent: %s%n",
                b.relay.stats().snapshot().entrySet().stream().filter(e -> e.getKey().startsWith("drop.")
                        && e.getValue() > 0).toList()));
        return s.toString();
    }
}
