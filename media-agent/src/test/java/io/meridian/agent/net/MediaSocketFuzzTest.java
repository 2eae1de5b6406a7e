package io.meridian.agent.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.agent.ice.IceLiteAgent;
import io.meridian.agent.ice.IceRegistry;
import io.meridian.agent.ice.StunResponder;
import io.meridian.agent.rtp.RtcpWriter;
import io.meridian.agent.rtp.RtpHeader;
import io.meridian.agent.rtp.TransportCc;
import io.meridian.agent.sfu.ConsumerSpec;
import io.meridian.agent.sfu.MediaSender;
import io.meridian.agent.sfu.Producer;
import io.meridian.agent.sfu.ProducerSpec;
import io.meridian.agent.sfu.Router;
import io.meridian.agent.sfu.RouterTransport;
import io.meridian.agent.srtp.SrtpContext;
import io.meridian.agent.srtp.SrtpProfile;
import io.meridian.agent.stun.Stun;
import io.meridian.agent.stun.StunMessage;
import io.meridian.agent.stun.StunWriter;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * At least 100,000 random and mutated datagrams (of valid STUN, DTLS-looking, RTP, SRTP and RTCP packets) into a
 * real MediaSocket over loopback, through ICE, SRTP and the router: nothing escapes as an exception, every drop is
 * counted, the receive thread survives, and a valid binding request afterwards is answered correctly.
 */
class MediaSocketFuzzTest {
    private static final int DATAGRAMS = 100_000;
    private static final int VIDEO_SSRC = 0x51515151;

    /** The agent's packet path as a transport assembly would wire it, with every parser in the way. */
    static final class FuzzSink implements PacketSink {
        final IceRegistry ice = new IceRegistry();
        final Router router = new Router("fuzz");
        final AtomicLong accepted = new AtomicLong();
        final byte[] plain = new byte[4096];
        SrtpContext srtp;
        RouterTransport publisher;
        volatile StunResponder responder;

        @Override
        public boolean onStun(byte[] buf, int off, int len, InetSocketAddress from) {
            IceRegistry.Outcome o = ice.handleStun(buf, off, len, from, System.nanoTime(), responder);
            return count(o == IceRegistry.Outcome.ANSWERED || o == IceRegistry.Outcome.IGNORED);
        }

        @Override
        public boolean onDtls(byte[] buf, int off, int len, InetSocketAddress from) {
            return count(false); // no DTLS server here: only the demux's checks are under test for DTLS
        }

        @Override
        public boolean onRtp(byte[] buf, int off, int len, InetSocketAddress from) {
            long now = System.nanoTime();
            System.arraycopy(buf, off, plain, 0, len); // also feed the plaintext parsers the raw bytes
            boolean routedRaw = router.onRtp(publisher, plain, 0, len, now);
            int n = srtp.unprotectRtp(buf, off, len);
            return count(routedRaw || (n > 0 && router.onRtp(publisher, buf, off, n, now)));
        }

        @Override
        public boolean onRtcp(byte[] buf, int off, int len, InetSocketAddress from) {
            long now = System.nanoTime();
            System.arraycopy(buf, off, plain, 0, len);
            boolean parsedRaw = router.onRtcp(publisher, plain, 0, len, now);
            int n = srtp.unprotectRtcp(buf, off, len);
            return count(parsedRaw || (n > 0 && router.onRtcp(publisher, buf, off, n, now)));
        }

        @Override
        public void onTick(long nowNanos) {
            ice.tick(nowNanos);
            router.tick(nowNanos);
        }

        private boolean count(boolean ok) {
            if (ok) {
                accepted.incrementAndGet();
            }
            return ok;
        }
    }

    static final class NullSender implements MediaSender {
        @Override
        public void sendRtp(byte[] buf, int off, int len) {
        }

        @Override
        public void sendRtcp(byte[] buf, int off, int len) {
        }
    }

    @Test
    void survivesAHundredThousandHostileDatagramsAndStillAnswersIce() throws Exception {
        FuzzSink sink = new FuzzSink();
        IceLiteAgent agent = new IceLiteAgent("fuzzufrag", "fuzzpasswordfuzzpassword", null, System.nanoTime());
        agent.setRemoteUfrag("peer");
        sink.ice.register(agent);
        byte[] material = new byte[SrtpProfile.AEAD_AES_128_GCM.keyingMaterialLength()];
        new Random(3).nextBytes(material);
        sink.srtp = SrtpContext.fromKeyingMaterial(SrtpProfile.AEAD_AES_128_GCM, material, true);
        SrtpContext browser = SrtpContext.fromKeyingMaterial(SrtpProfile.AEAD_AES_128_GCM, material, false);
        sink.publisher = sink.router.attach(new NullSender());
        Producer video = sink.router.addProducer(sink.publisher,
                ProducerSpec.video("0", VIDEO_SSRC, 96, VIDEO_SSRC + 1, 97, 4));
        RouterTransport subscriber = sink.router.attach(new NullSender());
        sink.router.addConsumer(video, subscriber, new ConsumerSpec("7", 100, 101, 4));

        try (MediaSocket socket = MediaSocket.open(new InetSocketAddress("127.0.0.1", 0), sink, 5);
                DatagramChannel client = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            sink.responder = socket::send;
            List<byte[]> seeds = List.of(stunRequest(agent, new byte[12]), dtlsClientHello(), rtp(5, 400),
                    srtp(browser, 6), rtcpCompound(), srtcp(browser));
            Random random = new Random(20261124);
            long sent = 0;
            ByteBuffer out = ByteBuffer.allocate(2048);
            while (socket.receivedTotal() < DATAGRAMS) {
                for (int i = 0; i < 200; i++) {
                    byte[] d = random.nextInt(3) == 0 ? randomDatagram(random) : mutate(seeds, random);
                    out.clear();
                    out.put(d).flip();
                    client.send(out, socket.localAddress());
                    sent++;
                }
                awaitCaughtUp(socket, sent);
                drain(client);
            }

            long received = socket.receivedTotal();
            assertThat(received).isGreaterThanOrEqualTo(DATAGRAMS);
            assertThat(socket.sinkErrors()).as("exceptions escaping the packet path").isZero();
            assertThat(socket.isRunning()).isTrue();
            for (PacketKind kind : PacketKind.values()) {
                assertThat(socket.received(kind)).as("received " + kind).isPositive();
                assertThat(socket.dropped(kind)).as("dropped " + kind).isPositive();
            }
            assertThat(socket.droppedTotal() + sink.accepted.get()).isEqualTo(received);

            // afterwards a genuine connectivity check still gets a correct, authenticated answer
            drain(client);
            byte[] tx = "fuzz-done-tx".getBytes(StandardCharsets.US_ASCII);
            client.send(ByteBuffer.wrap(stunRequest(agent, tx)), socket.localAddress());
            StunMessage response = awaitResponse(client, tx);
            assertThat(response.type()).isEqualTo(Stun.BINDING_SUCCESS);
            assertThat(response.xorMappedAddress()).isEqualTo(client.getLocalAddress());
            assertThat(response.verifyMessageIntegrity(agent.localPassword().getBytes(StandardCharsets.UTF_8)))
                    .isTrue();
            assertThat(response.verifyFingerprint()).isTrue();
            assertThat(sink.ice.byAddress((InetSocketAddress) client.getLocalAddress())).isSameAs(agent);
        }
    }

    private static void awaitCaughtUp(MediaSocket socket, long sent) throws InterruptedException {
        long deadline = System.nanoTime() + 2_000_000_000L;
        long last = -1;
        long stableSince = System.nanoTime();
        while (socket.receivedTotal() < sent && System.nanoTime() < deadline) {
            long now = socket.receivedTotal();
            if (now != last) {
                last = now;
                stableSince = System.nanoTime();
            } else if (System.nanoTime() - stableSince > 200_000_000L) {
                return; // the kernel dropped some: the loop sends more until enough arrived
            }
            Thread.sleep(1);
        }
    }

    private static void drain(DatagramChannel client) throws Exception {
        client.configureBlocking(false);
        ByteBuffer in = ByteBuffer.allocate(2048);
        while (client.receive(in) != null) {
            in.clear();
        }
    }

    private static StunMessage awaitResponse(DatagramChannel client, byte[] tx) throws Exception {
        client.configureBlocking(false);
        ByteBuffer in = ByteBuffer.allocate(2048);
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < deadline) {
            in.clear();
            if (client.receive(in) == null) {
                Thread.sleep(2);
                continue;
            }
            byte[] d = Arrays.copyOf(in.array(), in.position());
            StunMessage m = new StunMessage();
            if (m.parse(d, 0, d.length) && Arrays.equals(Arrays.copyOfRange(d, 8, 20), tx)) {
                return m;
            }
        }
        throw new AssertionError("no binding response");
    }

    // ---------------------------------------------------------------- seeds and mutations

    static byte[] stunRequest(IceLiteAgent agent, byte[] tx) {
        byte[] b = new byte[200];
        int n = new StunWriter().start(b, 0, Stun.BINDING_REQUEST, tx, 0)
                .addUsername(agent.localUfrag() + ":peer")
                .addUint32(Stun.ATTR_PRIORITY, 0x6e0001ff)
                .addUint64(Stun.ATTR_ICE_CONTROLLING, 99)
                .addFlag(Stun.ATTR_USE_CANDIDATE)
                .addMessageIntegrity(agent.localPassword().getBytes(StandardCharsets.UTF_8))
                .addFingerprint()
                .length();
        return Arrays.copyOf(b, n);
    }

    static byte[] dtlsClientHello() {
        byte[] b = new byte[13 + 12 + 60];
        b[0] = 22;
        b[1] = (byte) 0xFE;
        b[2] = (byte) 0xFD;
        RtpHeader.writeShort(b, 11, b.length - 13);
        b[13] = 1; // client_hello
        b[16] = 60;
        b[24] = 60;
        b[25] = (byte) 0xFE;
        b[26] = (byte) 0xFD;
        return b;
    }

    static byte[] rtp(int seq, int payload) {
        byte[] b = new byte[12 + 8 + payload + 64];
        b[0] = (byte) 0x90;
        b[1] = 96;
        RtpHeader.setSequenceNumber(b, 0, seq);
        RtpHeader.setSsrc(b, 0, VIDEO_SSRC);
        RtpHeader.writeShort(b, 12, RtpHeader.ONE_BYTE_PROFILE);
        RtpHeader.writeShort(b, 14, 1);
        b[16] = 0x40; // mid, one byte
        b[17] = '0';
        return Arrays.copyOf(b, 12 + 8 + payload);
    }

    static byte[] srtp(SrtpContext ctx, int seq) {
        byte[] plain = rtp(seq, 300);
        byte[] b = Arrays.copyOf(plain, plain.length + 64);
        return Arrays.copyOf(b, ctx.protectRtp(b, 0, plain.length));
    }

    static byte[] rtcpCompound() {
        byte[] b = new byte[600];
        int n = RtcpWriter.writeSr(b, 0, VIDEO_SSRC, 0x1234_5678_9abc_def0L, 1000, 10, 1000, 1);
        RtcpWriter.writeReportBlock(b, 28, VIDEO_SSRC, 10, 2, 1000, 5, 0, 0);
        n += RtcpWriter.writeSdesCname(b, n, VIDEO_SSRC, "fuzz");
        n += RtcpWriter.writeNack(b, n, 1, VIDEO_SSRC, new int[] {3, 9}, new int[] {0xFFFF, 1}, 2);
        n += RtcpWriter.writePli(b, n, 1, VIDEO_SSRC);
        n += RtcpWriter.writeFir(b, n, 1, VIDEO_SSRC, 4);
        n += RtcpWriter.writeRemb(b, n, 1, 800_000, new int[] {VIDEO_SSRC}, 1);
        n += TransportCc.write(b, n, 1, VIDEO_SSRC, 10, 5, 1, new boolean[] {true, false, true},
                new int[] {1, 0, 700}, 3);
        n += RtcpWriter.writeBye(b, n, VIDEO_SSRC);
        return Arrays.copyOf(b, n);
    }

    static byte[] srtcp(SrtpContext ctx) {
        byte[] plain = rtcpCompound();
        byte[] b = Arrays.copyOf(plain, plain.length + 64);
        return Arrays.copyOf(b, ctx.protectRtcp(b, 0, plain.length));
    }

    static byte[] randomDatagram(Random r) {
        byte[] d = new byte[r.nextInt(r.nextInt(10) == 0 ? 1700 : 200)];
        r.nextBytes(d);
        if (d.length > 0 && r.nextBoolean()) { // steer the first byte into each RFC 7983 range
            int[] firsts = {0, 1, 22, 23, 0x80, 0x81, 0x90, 0xA0, 0x41};
            d[0] = (byte) firsts[r.nextInt(firsts.length)];
        }
        if (d.length > 1 && (d[0] & 0xC0) == 0x80 && r.nextInt(3) == 0) {
            d[1] = (byte) (192 + r.nextInt(32)); // RTCP
        }
        return d;
    }

    static byte[] mutate(List<byte[]> seeds, Random r) {
        byte[] d = seeds.get(r.nextInt(seeds.size())).clone();
        switch (r.nextInt(6)) {
            case 0 -> { // flip a few bits
                for (int k = 0; k < 1 + r.nextInt(8) && d.length > 0; k++) {
                    d[r.nextInt(d.length)] ^= (byte) (1 << r.nextInt(8));
                }
            }
            case 1 -> d = Arrays.copyOf(d, r.nextInt(d.length + 1)); // truncate
            case 2 -> { // extend with garbage
                int old = d.length;
                d = Arrays.copyOf(d, old + 1 + r.nextInt(64));
                for (int i = old; i < d.length; i++) {
                    d[i] = (byte) r.nextInt();
                }
            }
            case 3 -> { // hostile length fields
                int[] lengthAt = {2, 3, 11, 12, 14, 15, 22, 23};
                int at = lengthAt[r.nextInt(lengthAt.length)];
                if (at < d.length) {
                    d[at] = (byte) (r.nextBoolean() ? 0xFF : r.nextInt());
                }
            }
            case 4 -> { // overwrite a random span
                if (d.length > 4) {
                    int from = r.nextInt(d.length - 1);
                    int to = Math.min(d.length, from + 1 + r.nextInt(16));
                    for (int i = from; i < to; i++) {
                        d[i] = (byte) r.nextInt();
                    }
                }
            }
            default -> { } // the seed itself: valid packets, replays included
        }
        return d;
    }
}
