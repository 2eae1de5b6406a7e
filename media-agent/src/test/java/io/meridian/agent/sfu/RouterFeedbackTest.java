package io.meridian.agent.sfu;

import static io.meridian.agent.sfu.RouterTest.MS;
import static io.meridian.agent.sfu.RouterTest.rtp;
import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.agent.rtp.Rtcp;
import io.meridian.agent.rtp.RtcpWriter;
import io.meridian.agent.rtp.RtpHeader;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Keyframe requests, NACK handling and bandwidth feedback, through an in-memory transport. */
class RouterFeedbackTest {
    static final int VIDEO = 0x1000;
    static final int RTX = 0x1001;

    Router router;
    RecordingSender pubOut;
    RecordingSender subOut;
    RecordingSender otherOut;
    RouterTransport pub;
    RouterTransport sub;
    RouterTransport other;
    Producer video;
    Consumer consumer;

    @BeforeEach
    void setUp() {
        router = new Router("conf");
        pubOut = new RecordingSender();
        subOut = new RecordingSender();
        otherOut = new RecordingSender();
        pub = router.attach(pubOut);
        sub = router.attach(subOut);
        other = router.attach(otherOut);
        video = router.addProducer(pub, ProducerSpec.video("0", VIDEO, 96, RTX, 97, RouterTest.MID_EXT));
        consumer = router.addConsumer(video, sub, new ConsumerSpec("0", 96, 97, RouterTest.MID_EXT));
        router.addConsumer(video, other, new ConsumerSpec("0", 96, -1, RouterTest.MID_EXT));
    }

    private void rtcp(RouterTransport from, byte[] b, int len, long now) {
        assertThat(router.onRtcp(from, b, 0, len, now)).isTrue();
    }

    private byte[] pli(int mediaSsrc) {
        byte[] b = new byte[64];
        RtcpWriter.writePli(b, 0, 0x5555, mediaSsrc);
        return b;
    }

    @Test
    void asksThePublisherForAKeyframeWhenASubscriberJoins() {
        router.tick(10 * MS);
        List<int[]> plis = pubOut.find(Rtcp.PSFB, Rtcp.FMT_PLI);
        assertThat(plis).hasSize(1);
        byte[] compound = pubOut.rtcp.get(plis.get(0)[0]);
        assertThat(Rtcp.packetType(compound, 0)).isEqualTo(Rtcp.RR); // compound starts with a report
        assertThat(Rtcp.fbMediaSsrc(compound, plis.get(0)[1])).isEqualTo(VIDEO);
        assertThat(video.keyframeRequestsSent()).isEqualTo(1);
    }

    @Test
    void rateLimitsKeyframeRequestsButDoesNotForgetThem() {
        router.tick(0); // the join request
        for (long t = 10; t < 400; t += 50) {
            rtcp(sub, pli(VIDEO), 12, t * MS);
            router.tick(t * MS);
        }
        assertThat(pubOut.find(Rtcp.PSFB, Rtcp.FMT_PLI)).hasSize(1);
        router.tick(499 * MS);
        assertThat(pubOut.find(Rtcp.PSFB, Rtcp.FMT_PLI)).hasSize(1);
        router.tick(501 * MS); // the pending request goes out as soon as the interval allows
        assertThat(pubOut.find(Rtcp.PSFB, Rtcp.FMT_PLI)).hasSize(2);
        router.tick(2000 * MS); // nothing pending: nothing sent
        assertThat(pubOut.find(Rtcp.PSFB, Rtcp.FMT_PLI)).hasSize(2);
    }

    @Test
    void fallsBackToFirWithIncreasingSequenceNumbersWhenThePublisherTakesNoPli() {
        Producer firOnly = router.addProducer(pub,
                new ProducerSpec(MediaKind.VIDEO, "1", 0x3000, 96, 90000, 0, -1, 0, false, true));
        router.addConsumer(firOnly, sub, new ConsumerSpec("1", 96, -1, 0));
        router.tick(0);
        rtcp(sub, pli(0x3000), 12, 600 * MS);
        List<int[]> firs = pubOut.find(Rtcp.PSFB, Rtcp.FMT_FIR);
        assertThat(firs).hasSize(2);
        byte[] second = pubOut.rtcp.get(firs.get(1)[0]);
        assertThat(Rtcp.firSsrc(second, firs.get(1)[1], 0)).isEqualTo(0x3000);
        assertThat(Rtcp.firSeq(second, firs.get(1)[1], 0)).isEqualTo(1);
    }

    @Test
    void ignoresKeyframeRequestsFromTransportsThatDoNotConsumeTheStream() {
        router.tick(0);
        rtcp(pub, pli(VIDEO), 12, 700 * MS); // the publisher itself is not a subscriber of its stream
        assertThat(pubOut.find(Rtcp.PSFB, Rtcp.FMT_PLI)).hasSize(1);
    }

    private byte[] nack(int mediaSsrc, int pid, int blp) {
        byte[] b = new byte[64];
        RtcpWriter.writeNack(b, 0, 0x5555, mediaSsrc, new int[] {pid}, new int[] {blp}, 1);
        return b;
    }

    @Test
    void answersNacksFromTheCacheAsRtxToThatSubscriberOnly() {
        for (int seq = 10; seq < 20; seq++) {
            router.onRtp(pub, rtp(VIDEO, 96, seq, "0", 50), 0, rtp(VIDEO, 96, seq, "0", 50).length, seq * MS);
        }
        subOut.clear();
        otherOut.clear();
        rtcp(sub, nack(VIDEO, 12, 0b101), 16, 30 * MS); // 12, 13 and 15
        assertThat(subOut.rtp).hasSize(3);
        assertThat(otherOut.rtp).isEmpty();
        byte[] rtx = subOut.rtp.get(0);
        byte[] original = rtp(VIDEO, 96, 12, "0", 50);
        int hdr = RtpHeader.headerLength(rtx, 0, rtx.length);
        assertThat(RtpHeader.ssrc(rtx, 0)).isEqualTo(RTX);
        assertThat(RtpHeader.payloadType(rtx, 0)).isEqualTo(97);
        assertThat(RtpHeader.readShort(rtx, hdr)).isEqualTo(12); // original sequence number
        assertThat(rtx).hasSize(original.length + 2);
        assertThat(RtpHeader.sequenceNumber(subOut.rtp.get(1), 0))
                .isEqualTo((RtpHeader.sequenceNumber(rtx, 0) + 1) & 0xFFFF);
        assertThat(RtpHeader.readShort(subOut.rtp.get(2), hdr)).isEqualTo(15);
        assertThat(video.nackHits()).isEqualTo(3);
        assertThat(pubOut.find(Rtcp.RTPFB, Rtcp.FMT_NACK)).isEmpty();
    }

    @Test
    void answersWithPlainRetransmissionWhenTheSubscriberHasNoRtx() {
        byte[] p = rtp(VIDEO, 96, 40, "0", 20);
        router.onRtp(pub, p, 0, p.length, 0);
        otherOut.clear();
        rtcp(other, nack(VIDEO, 40, 0), 16, MS);
        assertThat(otherOut.rtp).hasSize(1);
        assertThat(otherOut.rtp.get(0)).isEqualTo(p);
    }

    @Test
    void passesCacheMissesUpstreamOnceAndRoutesThePublishersRtxBack() {
        byte[] p = rtp(VIDEO, 96, 100, "0", 20);
        router.onRtp(pub, p, 0, p.length, 0);
        rtcp(sub, nack(VIDEO, 101, 0b1), 16, 10 * MS); // 101 and 102: never received
        rtcp(sub, nack(VIDEO, 101, 0b1), 16, 20 * MS); // asked again within the hold time
        List<int[]> upstream = pubOut.find(Rtcp.RTPFB, Rtcp.FMT_NACK);
        assertThat(upstream).hasSize(1);
        byte[] n = pubOut.rtcp.get(upstream.get(0)[0]);
        int at = upstream.get(0)[1];
        assertThat(Rtcp.fbMediaSsrc(n, at)).isEqualTo(VIDEO);
        assertThat(Rtcp.nackCount(n, at)).isEqualTo(1);
        assertThat(Rtcp.nackPid(n, at, 0)).isEqualTo(101);
        assertThat(Rtcp.nackBlp(n, at, 0)).isEqualTo(0b1);
        assertThat(video.nackMisses()).isEqualTo(4);

        // the publisher answers 101 on its RTX SSRC: unwrap, cache, deliver to the waiting subscriber
        byte[] lost = rtp(VIDEO, 96, 101, "0", 20);
        int hdr = RtpHeader.headerLength(lost, 0, lost.length);
        byte[] rtx = new byte[lost.length + 2];
        System.arraycopy(lost, 0, rtx, 0, hdr);
        RtpHeader.writeShort(rtx, hdr, 101);
        System.arraycopy(lost, hdr, rtx, hdr + 2, lost.length - hdr);
        RtpHeader.setSsrc(rtx, 0, RTX);
        RtpHeader.setPayloadType(rtx, 0, 97);
        RtpHeader.setSequenceNumber(rtx, 0, 5000);
        subOut.clear();
        otherOut.clear();
        assertThat(router.onRtp(pub, rtx, 0, rtx.length, 30 * MS)).isTrue();
        assertThat(subOut.rtp).hasSize(2); // asked twice, answered twice: duplicates are the receiver's business
        assertThat(otherOut.rtp).isEmpty();
        byte[] delivered = subOut.rtp.get(0);
        assertThat(RtpHeader.ssrc(delivered, 0)).isEqualTo(RTX);
        assertThat(RtpHeader.readShort(delivered, hdr)).isEqualTo(101);
        // and a later NACK from another subscriber is a cache hit
        rtcp(other, nack(VIDEO, 101, 0), 16, 40 * MS);
        assertThat(otherOut.rtp).hasSize(1);
        assertThat(otherOut.rtp.get(0)).isEqualTo(lost);
    }

    @Test
    void dropsPaddingOnlyRtxProbesWithoutForwarding() {
        byte[] probe = rtp(RTX, 97, 1, "0", 0);
        subOut.clear();
        assertThat(router.onRtp(pub, probe, 0, probe.length, 0)).isTrue();
        assertThat(subOut.rtp).isEmpty();
        assertThat(otherOut.rtp).isEmpty();
    }

    private byte[] receiverReport(int ssrc, int fractionLost) {
        byte[] b = new byte[64];
        int n = RtcpWriter.writeRr(b, 0, 0x5555, 1);
        RtcpWriter.writeReportBlock(b, 8, ssrc, fractionLost, 0, 0, 0, 0, 0);
        return java.util.Arrays.copyOf(b, n);
    }

    private long lastRemb() {
        List<int[]> rembs = pubOut.find(Rtcp.PSFB, Rtcp.FMT_AFB);
        int[] last = rembs.get(rembs.size() - 1);
        byte[] b = pubOut.rtcp.get(last[0]);
        assertThat(Rtcp.isRemb(b, last[1])).isTrue();
        assertThat(Rtcp.rembSsrc(b, last[1], 0)).isEqualTo(VIDEO);
        return Rtcp.rembBitrate(b, last[1]);
    }

    @Test
    void lowersThePublishersRembWhenASubscriberReportsLossAndRecoversAfter() {
        long max = SfuSettings.DEFAULTS.maxBitrate();
        router.tick(0);
        assertThat(lastRemb()).isBetween(max * 99 / 100, max);
        long t = 0;
        for (int i = 0; i < 3; i++) { // 25 % loss for three seconds
            t += 1000;
            byte[] rr = receiverReport(VIDEO, 64);
            rtcp(sub, rr, rr.length, t * MS - MS);
            router.tick(t * MS);
        }
        long lowered = lastRemb();
        long expected = (long) (max * Math.pow(1 - 0.5 * 64 / 256.0, 3)); // GCC: cut by half the loss each second
        assertThat(lowered).isBetween(expected * 99 / 100, expected);
        for (int i = 0; i < 10; i++) { // clean reports: back up, 8 % per second
            t += 1000;
            byte[] rr = receiverReport(VIDEO, 0);
            rtcp(sub, rr, rr.length, t * MS - MS);
            router.tick(t * MS);
        }
        assertThat(lastRemb()).isBetween(max * 99 / 100, max); // 8 %/s growth, capped at the maximum
        assertThat(pub.lastAnnouncedBitrate()).isEqualTo(lastRemb());
    }

    @Test
    void capsThePublishersRembBySubscriberRembSharedAcrossItsVideoStreams() {
        byte[] remb = new byte[64];
        int n = RtcpWriter.writeRemb(remb, 0, 0x5555, 600_000, new int[] {VIDEO}, 1);
        rtcp(sub, remb, n, 0);
        router.tick(MS);
        assertThat(lastRemb()).isBetween(590_000L, 600_000L);
        assertThat(sub.subscriberRemb()).isBetween(590_000L, 600_000L);
    }

    @Test
    void neverAnnouncesLessThanTheMinimum() {
        long t = 0;
        for (int i = 0; i < 30; i++) {
            t += 1000;
            byte[] rr = receiverReport(VIDEO, 255);
            rtcp(sub, rr, rr.length, t * MS - MS);
            router.tick(t * MS);
        }
        assertThat(lastRemb()).isBetween(SfuSettings.DEFAULTS.minBitrate() * 99 / 100,
                SfuSettings.DEFAULTS.minBitrate());
    }

    @Test
    void dropsMalformedRtcpAndCountsIt() {
        byte[] bad = {(byte) 0x81, (byte) 201, 0, 9, 0, 0, 0, 1};
        assertThat(router.onRtcp(sub, bad, 0, bad.length, 0)).isFalse();
        assertThat(router.malformedDrops()).isEqualTo(1);
    }
}
