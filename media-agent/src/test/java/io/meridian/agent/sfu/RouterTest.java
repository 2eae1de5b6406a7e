package io.meridian.agent.sfu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meridian.agent.rtp.RtcpWriter;
import io.meridian.agent.rtp.RtpHeader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RouterTest {
    static final long MS = 1_000_000L;
    static final int MID_EXT = 4;

    final List<String> events = new ArrayList<>();
    Router router;
    RecordingSender aliceOut;
    RecordingSender bobOut;
    RecordingSender carolOut;
    RouterTransport alice;
    RouterTransport bob;
    RouterTransport carol;

    @BeforeEach
    void setUp() {
        router = new Router("conf", SfuSettings.DEFAULTS, new RouterListener() {
            @Override
            public void onProducerAdded(Router r, Producer p) {
                events.add("added " + p.spec().mid());
            }

            @Override
            public void onProducerRemoved(Router r, Producer p) {
                events.add("removed " + p.spec().mid());
            }
        });
        aliceOut = new RecordingSender();
        bobOut = new RecordingSender();
        carolOut = new RecordingSender();
        alice = router.attach(aliceOut);
        bob = router.attach(bobOut);
        carol = router.attach(carolOut);
    }

    /** An RTP packet with a one-byte mid extension. */
    static byte[] rtp(int ssrc, int pt, int seq, String mid, int payloadLength) {
        byte[] midBytes = mid.getBytes();
        int extWords = (1 + midBytes.length + 3) / 4;
        byte[] b = new byte[12 + 4 + 4 * extWords + payloadLength];
        b[0] = (byte) 0x90;
        b[1] = (byte) pt;
        RtpHeader.setSequenceNumber(b, 0, seq);
        RtpHeader.setTimestamp(b, 0, seq * 3000L);
        RtpHeader.setSsrc(b, 0, ssrc);
        RtpHeader.writeShort(b, 12, RtpHeader.ONE_BYTE_PROFILE);
        RtpHeader.writeShort(b, 14, extWords);
        b[16] = (byte) ((MID_EXT << 4) | (midBytes.length - 1));
        System.arraycopy(midBytes, 0, b, 17, midBytes.length);
        for (int i = 0; i < payloadLength; i++) {
            b[12 + 4 + 4 * extWords + i] = (byte) (seq + i);
        }
        return b;
    }

    static String midOf(byte[] b) {
        long f = RtpHeader.findExtension(b, 0, b.length, MID_EXT);
        return f < 0 ? null : new String(b, RtpHeader.extensionOffset(f), RtpHeader.extensionLength(f));
    }

    Producer video(RouterTransport t, String mid, int ssrc, int rtxSsrc) {
        return router.addProducer(t, ProducerSpec.video(mid, ssrc, 96, rtxSsrc, 97, MID_EXT));
    }

    boolean send(RouterTransport from, byte[] packet, long now) {
        return router.onRtp(from, packet, 0, packet.length, now);
    }

    @Test
    void forwardsAPublishersPacketsToEveryConsumerButNotBack() {
        Producer v = video(alice, "0", 0x1000, 0);
        router.addConsumer(v, bob, ConsumerSpec.mirroring(v.spec(), "0"));
        router.addConsumer(v, carol, ConsumerSpec.mirroring(v.spec(), "0"));
        byte[] packet = rtp(0x1000, 96, 7, "0", 100);
        assertThat(send(alice, packet, 0)).isTrue();
        assertThat(bobOut.rtp).hasSize(1);
        assertThat(carolOut.rtp).hasSize(1);
        assertThat(aliceOut.rtp).isEmpty();
        assertThat(bobOut.rtp.get(0)).isEqualTo(packet); // SSRC, sequence number, payload kept
        assertThat(carolOut.rtp.get(0)).isEqualTo(packet);
        assertThat(router.packetsIn()).isEqualTo(1);
        assertThat(router.packetsOut()).isEqualTo(2);
        assertThat(events).containsExactly("added 0");
    }

    @Test
    void rewritesPayloadTypeAndMidForEachSubscriber() {
        Producer v = video(alice, "video-alice", 0x1000, 0);
        router.addConsumer(v, bob, new ConsumerSpec("3", 100, -1, MID_EXT));
        router.addConsumer(v, carol, new ConsumerSpec("a-mid-far-too-long-to-fit", 96, -1, MID_EXT));
        byte[] packet = rtp(0x1000, 96, 1, "video-alice", 40);
        send(alice, packet, 0);
        byte[] toBob = bobOut.rtp.get(0);
        assertThat(RtpHeader.payloadType(toBob, 0)).isEqualTo(100);
        assertThat(midOf(toBob)).isEqualTo("3");
        assertThat(toBob).hasSameSizeAs(packet);
        byte[] toCarol = carolOut.rtp.get(0);
        assertThat(midOf(toCarol)).isNull(); // stripped to padding: Carol demultiplexes by SSRC
        assertThat(RtpHeader.payloadLength(toCarol, 0, toCarol.length)).isEqualTo(40);
    }

    @Test
    void dropsUnknownSsrcsAndSsrcsOwnedByAnotherTransport() {
        video(alice, "0", 0x1000, 0);
        assertThat(send(bob, rtp(0x1000, 96, 1, "0", 10), 0)).isFalse();
        assertThat(send(bob, rtp(0x2222, 96, 1, "0", 10), 0)).isFalse();
        assertThat(router.foreignSsrcDrops()).isEqualTo(1);
        assertThat(router.unknownSsrcDrops()).isEqualTo(1);
        assertThat(router.onRtp(alice, new byte[] {(byte) 0x80, 96, 0}, 0, 3, 0)).isFalse();
        assertThat(router.malformedDrops()).isEqualTo(1);
    }

    @Test
    void refusesASecondProducerWithATakenSsrcAndCountsIt() {
        assertThat(video(alice, "0", 0x1000, 0x1001)).isNotNull();
        assertThat(video(bob, "0", 0x1000, 0)).isNull();
        assertThat(video(bob, "1", 0x2000, 0x1001)).isNull(); // RTX SSRCs collide too
        assertThat(router.ssrcCollisions()).isEqualTo(2);
        assertThat(router.producers()).hasSize(1);
    }

    @Test
    void pausedConsumersReceiveNothingAndResumeWithAKeyframeRequest() {
        Producer v = video(alice, "0", 0x1000, 0);
        Consumer c = router.addConsumer(v, bob, ConsumerSpec.mirroring(v.spec(), "0"));
        router.tick(0);
        c.setPaused(true);
        send(alice, rtp(0x1000, 96, 1, "0", 10), MS);
        assertThat(bobOut.rtp).isEmpty();
        c.setPaused(false);
        router.tick(600 * MS);
        assertThat(aliceOut.find(206, 1)).hasSize(2);
    }

    @Test
    void detachingAPublisherRemovesItsProducersAndTheirConsumers() {
        Producer v = video(alice, "0", 0x1000, 0);
        Consumer c = router.addConsumer(v, bob, ConsumerSpec.mirroring(v.spec(), "0"));
        router.detach(alice);
        assertThat(v.closed()).isTrue();
        assertThat(c.closed()).isTrue();
        assertThat(bob.consumers()).isEmpty();
        assertThat(router.transports()).containsExactly(bob, carol);
        assertThat(events).containsExactly("added 0", "removed 0");
        assertThat(send(alice, rtp(0x1000, 96, 1, "0", 10), 0)).isFalse();
        assertThatThrownBy(() -> router.addProducer(alice, v.spec())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void forwardsSenderReportsTranslatedAndReportsReceptionToThePublisher() {
        Producer v = video(alice, "0", 0x1000, 0);
        router.addConsumer(v, bob, ConsumerSpec.mirroring(v.spec(), "0"));
        for (int seq = 100; seq < 110; seq++) {
            if (seq != 105) { // one loss
                send(alice, rtp(0x1000, 96, seq, "0", 10), seq * MS);
            }
        }
        byte[] sr = new byte[128];
        int n = RtcpWriter.writeSr(sr, 0, 0x1000, 0x0000AAAABBBB0000L, 30_000, 9, 900, 1);
        RtcpWriter.writeReportBlock(sr, 28, 0x7777, 0, 0, 0, 0, 0, 0); // about something else: not forwarded
        assertThat(router.onRtcp(alice, sr, 0, n, 200 * MS)).isTrue();

        List<int[]> forwarded = bobOut.find(200, -1);
        assertThat(forwarded).hasSize(1);
        byte[] f = bobOut.rtcp.get(forwarded.get(0)[0]);
        assertThat(f).hasSize(28);
        assertThat(io.meridian.agent.rtp.Rtcp.senderSsrc(f, 0)).isEqualTo(0x1000);
        assertThat(io.meridian.agent.rtp.Rtcp.srNtpTimestamp(f, 0)).isEqualTo(0x0000AAAABBBB0000L);
        assertThat(io.meridian.agent.rtp.Rtcp.srRtpTimestamp(f, 0)).isEqualTo(30_000);

        aliceOut.clear();
        router.tick(200 * MS + 500 * MS); // first feedback round
        List<int[]> rr = aliceOut.find(201, 1); // the receiver report with one block (keyframe requests carry none)
        assertThat(rr).hasSize(1);
        byte[] report = aliceOut.rtcp.get(rr.get(0)[0]);
        int block = io.meridian.agent.rtp.Rtcp.rrReportBlock(rr.get(0)[1], 0);
        assertThat(io.meridian.agent.rtp.Rtcp.rbSsrc(report, block)).isEqualTo(0x1000);
        assertThat(io.meridian.agent.rtp.Rtcp.rbExtendedHighestSeq(report, block)).isEqualTo(109);
        assertThat(io.meridian.agent.rtp.Rtcp.rbCumulativeLost(report, block)).isEqualTo(1);
        assertThat(io.meridian.agent.rtp.Rtcp.rbFractionLost(report, block)).isEqualTo(256 / 10);
        assertThat(io.meridian.agent.rtp.Rtcp.rbLastSr(report, block)).isEqualTo(0xAAAABBBBL);
        assertThat(io.meridian.agent.rtp.Rtcp.rbDelaySinceLastSr(report, block)).isEqualTo(65536 / 2);
    }
}
