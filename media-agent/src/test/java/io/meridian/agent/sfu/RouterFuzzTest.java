package io.meridian.agent.sfu;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.agent.rtp.RtcpWriter;
import io.meridian.agent.rtp.RtpHeader;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Random and mutated RTP/RTCP straight into the router (as if decrypted): dropped or routed, never thrown. */
class RouterFuzzTest {
    @Test
    void hostilePacketsFromPublishersAndSubscribersNeverThrow() {
        Router router = new Router("fuzz");
        RecordingSender pubOut = new RecordingSender();
        RecordingSender subOut = new RecordingSender();
        RouterTransport pub = router.attach(pubOut);
        RouterTransport sub = router.attach(subOut);
        int[] ssrcs = {0x100, 0x200, 0x300};
        for (int s : ssrcs) {
            Producer p = router.addProducer(pub, ProducerSpec.video("m" + s, s, 96, s + 1, 97, 4));
            router.addConsumer(p, sub, new ConsumerSpec("x", 98, 99, 3));
        }
        Producer audio = router.addProducer(pub, ProducerSpec.audio("a", 0x400, 111, 4));
        router.addConsumer(audio, sub, new ConsumerSpec("y", 111, -1, 0));

        byte[] rtpSeed = RouterTest.rtp(0x200, 96, 10, "m512", 60);
        byte[] rtxSeed = RouterTest.rtp(0x201, 97, 10, "m512", 60);
        byte[] rtcpSeed = new byte[300];
        int n = RtcpWriter.writeRr(rtcpSeed, 0, 9, 1);
        RtcpWriter.writeReportBlock(rtcpSeed, 8, 0x200, 30, 1, 100, 1, 1, 1);
        n += RtcpWriter.writeNack(rtcpSeed, n, 9, 0x200, new int[] {10, 11}, new int[] {0xFFFF, 0}, 2);
        n += RtcpWriter.writePli(rtcpSeed, n, 9, 0x300);
        n += RtcpWriter.writeFir(rtcpSeed, n, 9, 0x100, 1);
        n += RtcpWriter.writeRemb(rtcpSeed, n, 9, 100_000, new int[] {0x200}, 1);
        n += RtcpWriter.writeSr(rtcpSeed, n, 0x200, 1L << 40, 5, 6, 7, 0);
        rtcpSeed = Arrays.copyOf(rtcpSeed, n);

        Random r = new Random(11);
        long routed = 0;
        for (int i = 0; i < 200_000; i++) {
            long now = i * 100_000L;
            RouterTransport from = r.nextBoolean() ? pub : sub;
            int kind = r.nextInt(3);
            byte[] seed = kind == 0 ? rtpSeed : kind == 1 ? rtxSeed : rtcpSeed;
            byte[] d = seed.clone();
            if (kind < 2 && r.nextBoolean()) {
                RtpHeader.setSequenceNumber(d, 0, r.nextInt(65536));
            }
            for (int k = 0; k < r.nextInt(5); k++) {
                d[r.nextInt(d.length)] = (byte) r.nextInt();
            }
            if (r.nextInt(5) == 0) {
                d = Arrays.copyOf(d, r.nextInt(d.length + 1));
            }
            byte[] buf = Arrays.copyOf(d, d.length + MediaSender.HEADROOM);
            boolean ok = kind < 2 ? router.onRtp(from, buf, 0, d.length, now) : router.onRtcp(from, buf, 0, d.length, now);
            if (ok) {
                routed++;
            }
            if (i % 100 == 0) {
                router.tick(now);
            }
            if (i % 1000 == 0) {
                pubOut.clear();
                subOut.clear();
            }
        }
        assertThat(routed).isPositive();
        assertThat(router.malformedDrops() + router.unknownSsrcDrops() + router.foreignSsrcDrops()).isPositive();
    }
}
