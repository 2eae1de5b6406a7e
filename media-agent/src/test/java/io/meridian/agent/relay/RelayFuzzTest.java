package io.meridian.agent.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meridian.agent.control.RelayCommands;
import io.meridian.agent.sfu.ConsumerSpec;
import io.meridian.agent.sfu.ProducerSpec;
import io.meridian.agent.sfu.Router;
import io.meridian.agent.sfu.RouterTransport;
import io.meridian.agent.srtp.SrtpContext;
import io.meridian.agent.srtp.SrtpProfile;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * 100,000 hostile datagrams at an agent's relay port — random bytes, truncations, known tags with garbage,
 * packets under a wrong key, bit-flipped authentic packets, fleet probes — while a stream flows through it: the
 * stream arrives complete and unchanged, and every hostile datagram is dropped and counted (or, for well-formed
 * fleet probes, answered within the rate limit).
 */
class RelayFuzzTest {
    static final String CONF = "fuzz";
    static final int SSRC = 0x51515151;
    static final int DATAGRAMS = 100_000;
    static final int BURST = 64;

    @Test
    void hostileDatagramsDoNotDisturbAFlowingStream() throws Exception {
        try (TestAgent a = new TestAgent("fuzz-a"); TestAgent b = new TestAgent("fuzz-b");
                DatagramSocket fuzzer = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            RelayCommands.SrtpKeying ab = TestAgent.key();
            RelayCommands.SrtpKeying ba = TestAgent.key();
            RouterTransport alice = a.media.publish(CONF, "alice", new RecordingSender(),
                    ProducerSpec.video("0", SSRC, 96, 0, -1, 0));
            assertThat(a.relay.open(new RelayCommands.OpenRelayCommand(CONF, b.id, b.endpoint(), ab, ba)).ok()).isTrue();
            assertThat(b.relay.open(new RelayCommands.OpenRelayCommand(CONF, a.id, a.endpoint(), ba, ab)).ok()).isTrue();
            await().atMost(Duration.ofSeconds(10)).until(() -> b.media.offered(CONF, a.id).size() == 1);
            RecordingSender bob = new RecordingSender();
            Router router = b.media.router(CONF);
            RouterTransport sub = router.attach(bob);
            router.addConsumer(b.media.offered(CONF, a.id).get(0).producer(), sub,
                    ConsumerSpec.mirroring(b.media.offered(CONF, a.id).get(0).producer().spec(), "0"));

            InetSocketAddress target = b.relay.localAddress();
            long tag = RelayFrame.linkTag(CONF, a.id, b.id);
            // an insider's context with the real A→B key, for authentic packets we then corrupt
            SrtpContext insider = new SrtpContext(SrtpProfile.AEAD_AES_128_GCM, ab.masterKey(), ab.masterSalt(),
                    ab.masterKey(), ab.masterSalt());
            RelayCommands.SrtpKeying wrong = TestAgent.key();
            SrtpContext stranger = new SrtpContext(SrtpProfile.AEAD_AES_128_GCM, wrong.masterKey(),
                    wrong.masterSalt(), wrong.masterKey(), wrong.masterSalt());
            SplittableRandom random = new SplittableRandom(42);
            RelayStats stats = b.relay.stats();
            long handledBefore = handled(stats);
            byte[] buf = new byte[RelayFrame.MAX_DATAGRAM + 100];
            int seq = 0;
            for (int sent = 0; sent < DATAGRAMS; ) {
                for (int i = 0; i < BURST && sent < DATAGRAMS; i++, sent++) {
                    int len = hostile(random, buf, tag, insider, stranger, sent);
                    fuzzer.send(new DatagramPacket(buf, len, target));
                }
                if ((sent / BURST) % 8 == 0) { // the stream keeps flowing in between
                    int s = ++seq;
                    a.onMedia(() -> {
                        byte[] p = TestRtp.packet(SSRC, 96, s, 400);
                        a.media.router(CONF).onRtp(alice, p, 0, p.length, System.nanoTime());
                        return null;
                    });
                }
                // closed-loop pacing: keep at most a few bursts in flight so the kernel buffer never overflows
                long deadline = System.nanoTime() + 5_000_000_000L;
                while (handled(stats) - handledBefore < sent - 4L * BURST && System.nanoTime() < deadline) {
                    LockSupport.parkNanos(200_000);
                }
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> handled(stats) - handledBefore >= DATAGRAMS);
            int streamed = seq;
            await().atMost(Duration.ofSeconds(10)).until(() -> bob.rtp.size() >= streamed);

            assertThat(bob.rtp).hasSize(streamed);
            for (int i = 0; i < streamed; i++) {
                assertThat(bob.rtp.get(i)).isEqualTo(TestRtp.packet(SSRC, 96, i + 1, 400));
            }
            assertThat(handled(stats) - handledBefore).isEqualTo(DATAGRAMS);
            assertThat(stats.drops(RelayStats.Drop.AUTH_FAILED)).isGreaterThan(30_000);
            assertThat(stats.drops(RelayStats.Drop.UNKNOWN_LINK)).isGreaterThan(1_000);
            assertThat(stats.drops(RelayStats.Drop.MALFORMED)).isGreaterThan(10_000);
            assertThat(stats.drops(RelayStats.Drop.UNROUTABLE)).isZero();
            assertThat(stats.drops(RelayStats.Drop.QUEUE_FULL)).isZero();
            assertThat(b.relay.links()).singleElement().satisfies(l -> assertThat(l.live()).isTrue());
        }
    }

    /** Datagrams that end in a drop or a probe answer, i.e. everything a hostile datagram can end in. */
    static long handled(RelayStats s) {
        return s.totalDrops() + s.events(RelayStats.Event.FLEET_PROBES_ANSWERED);
    }

    /** Writes one hostile datagram into {@code b}; returns its length. */
    static int hostile(SplittableRandom r, byte[] b, long tag, SrtpContext insider, SrtpContext stranger, int n) {
        switch (n % 8) {
            case 0 -> { // random bytes, random length (including empty and oversize)
                int len = r.nextInt(0, RelayFrame.MAX_DATAGRAM + 50);
                fill(r, b, 0, len);
                return len;
            }
            case 1 -> { // a relay type with a random tag
                int len = r.nextInt(RelayFrame.HEADER, 600);
                fill(r, b, 0, len);
                b[0] = (byte) (0xF1 + r.nextInt(3));
                return len;
            }
            case 2, 3 -> { // the real tag with garbage, or a truncated header
                int len = r.nextInt(0, 600);
                fill(r, b, 0, len);
                if (len >= RelayFrame.HEADER) {
                    RelayFrame.writeHeader(b, 0, (byte) (0xF1 + r.nextInt(3)), tag);
                }
                return len;
            }
            case 4 -> { // well-formed SRTP under a wrong key
                return protect(r, b, tag, stranger, 0x0BAD0000 + r.nextInt(16), false);
            }
            case 5, 6 -> { // authentic SRTP/SRTCP, then one bit flipped anywhere
                int len = protect(r, b, tag, insider, 0x0A110000 + r.nextInt(16), r.nextBoolean());
                int bit = r.nextInt(len * 8);
                b[bit / 8] ^= (byte) (1 << (bit % 8));
                return len;
            }
            default -> { // fleet probes and echoes (answered within the rate limit, or dropped)
                fill(r, b, 0, FleetProber.PROBE_LENGTH);
                b[0] = r.nextBoolean() ? RelayFrame.FLEET_PROBE : RelayFrame.FLEET_ECHO;
                return r.nextInt(4) == 0 ? r.nextInt(1, FleetProber.PROBE_LENGTH) : FleetProber.PROBE_LENGTH;
            }
        }
    }

    private static int protect(SplittableRandom r, byte[] b, long tag, SrtpContext ctx, int ssrc, boolean rtcp) {
        int payload = r.nextInt(0, 900);
        int off = RelayFrame.HEADER;
        int n;
        if (rtcp) {
            int len = 8 + (payload / 4) * 4;
            fill(r, b, off, len);
            io.meridian.agent.rtp.RtcpWriter.writeHeader(b, off, 0, 201, len);
            io.meridian.agent.rtp.RtpHeader.writeInt(b, off + 4, ssrc);
            n = ctx.protectRtcp(b, off, len);
        } else {
            byte[] p = TestRtp.packet(ssrc, 96, r.nextInt(65536), payload);
            System.arraycopy(p, 0, b, off, p.length);
            n = ctx.protectRtp(b, off, p.length);
        }
        RelayFrame.writeHeader(b, 0, rtcp ? RelayFrame.RTCP : RelayFrame.RTP, tag);
        return off + n;
    }

    private static void fill(SplittableRandom r, byte[] b, int off, int len) {
        for (int i = off; i < off + len; i++) {
            b[i] = (byte) r.nextInt(256);
        }
    }
}
