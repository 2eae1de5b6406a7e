package io.meridian.agent.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meridian.agent.control.RelayCommands;
import io.meridian.agent.rtp.Rtcp;
import io.meridian.agent.rtp.RtcpWriter;
import io.meridian.agent.rtp.RtpHeader;
import io.meridian.agent.sfu.ConsumerSpec;
import io.meridian.agent.sfu.ProducerSpec;
import io.meridian.agent.sfu.Router;
import io.meridian.agent.sfu.RouterTransport;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two agents in one JVM, relaying over real loopback UDP. */
class RelayTwoAgentsTest {
    static final String CONF = "conf-1";
    static final int VIDEO_SSRC = 0x11110001;
    static final int AUDIO_SSRC = 0x22220002;
    static final Duration WAIT = Duration.ofSeconds(10);

    TestAgent a;
    TestAgent b;
    RecordingSender publisher;
    RouterTransport publisherOnA;

    @BeforeEach
    void setUp() throws Exception {
        a = new TestAgent("agent-a");
        b = new TestAgent("agent-b");
        publisher = new RecordingSender();
        publisherOnA = a.media.publish(CONF, "alice", publisher,
                ProducerSpec.video("0", VIDEO_SSRC, 96, 0, -1, 0), ProducerSpec.audio("1", AUDIO_SSRC, 111, 0));
        TestAgent.link(CONF, a, b);
    }

    @AfterEach
    void tearDown() {
        a.close();
        b.close();
    }

    /** A subscriber on B consuming every stream B offers from A. */
    RecordingSender subscribeOnB() throws Exception {
        await().atMost(WAIT).until(() -> b.media.offered(CONF, a.id).size() == 2);
        RecordingSender subscriber = new RecordingSender();
        Router router = b.media.router(CONF);
        RouterTransport t = router.attach(subscriber);
        int mid = 0;
        for (ConferenceMedia.RelayedTrack rt : b.media.offered(CONF, a.id)) {
            router.addConsumer(rt.producer(), t, ConsumerSpec.mirroring(rt.producer().spec(), Integer.toString(mid++)));
        }
        return subscriber;
    }

    void publishOnA(int ssrc, int pt, int fromSeq, int count) throws Exception {
        a.onMedia(() -> {
            for (int seq = fromSeq; seq < fromSeq + count; seq++) {
                byte[] p = TestRtp.packet(ssrc, pt, seq, 300);
                a.media.router(CONF).onRtp(publisherOnA, p, 0, p.length, System.nanoTime());
            }
            return null;
        });
    }

    @Test
    void packetsFromAPublisherOnAArriveDecryptedAtASubscriberOnB() throws Exception {
        RecordingSender subscriber = subscribeOnB();
        assertThat(b.media.offered(CONF, a.id)).extracting(rt -> rt.track().producerId())
                .containsExactly("agent-a~alice-1-0", "agent-a~alice-1-1");
        assertThat(b.media.offered(CONF, a.id)).extracting(rt -> rt.track().participantId())
                .containsOnly("alice");

        publishOnA(VIDEO_SSRC, 96, 1, 200);
        publishOnA(AUDIO_SSRC, 111, 1, 100);

        await().atMost(WAIT).until(() -> subscriber.rtp.size() == 300);
        List<byte[]> video = subscriber.rtp.stream().filter(p -> RtpHeader.ssrc(p, 0) == VIDEO_SSRC).toList();
        assertThat(video).hasSize(200);
        for (int i = 0; i < 200; i++) {
            assertThat(video.get(i)).isEqualTo(TestRtp.packet(VIDEO_SSRC, 96, i + 1, 300));
        }
        for (RelayStats.Drop d : List.of(RelayStats.Drop.AUTH_FAILED, RelayStats.Drop.REPLAYED,
                RelayStats.Drop.MALFORMED, RelayStats.Drop.UNROUTABLE, RelayStats.Drop.QUEUE_FULL)) {
            assertThat(b.relay.stats().drops(d)).as(d.name()).isZero();
        }
        assertThat(a.relay.stats().events(RelayStats.Event.MEDIA_SENT)).isGreaterThanOrEqualTo(300);
    }

    @Test
    void keyframeRequestsAndNacksFromSubscribersOnBReachThePublisherOnA() throws Exception {
        RecordingSender subscriber = subscribeOnB();
        publishOnA(VIDEO_SSRC, 96, 1, 10);
        await().atMost(WAIT).until(() -> subscriber.rtp.size() >= 10);
        // a new consumer asks for a keyframe: the PLI crosses the link to the publisher's agent
        await().atMost(WAIT).until(() -> publisher.count(Rtcp.PSFB, Rtcp.FMT_PLI) >= 1);
        long plis = publisher.count(Rtcp.PSFB, Rtcp.FMT_PLI);

        Thread.sleep(600); // past the keyframe request spacing
        RouterTransport sub = b.media.router(CONF).transports()[1];
        byte[] pli = new byte[64];
        int n = RtcpWriter.writeRr(pli, 0, 0x5555, 0);
        n += RtcpWriter.writePli(pli, n, 0x5555, VIDEO_SSRC);
        int pliLength = n;
        b.onMedia(() -> b.media.router(CONF).onRtcp(sub, pli, 0, pliLength, System.nanoTime()));
        await().atMost(WAIT).until(() -> publisher.count(Rtcp.PSFB, Rtcp.FMT_PLI) > plis);

        // a packet neither agent has: B asks upstream, A asks its publisher
        byte[] nack = new byte[64];
        int m = RtcpWriter.writeRr(nack, 0, 0x5555, 0);
        m += RtcpWriter.writeNack(nack, m, 0x5555, VIDEO_SSRC, new int[] {5000}, new int[] {0}, 1);
        int nackLength = m;
        b.onMedia(() -> b.media.router(CONF).onRtcp(sub, nack, 0, nackLength, System.nanoTime()));
        await().atMost(WAIT).until(() -> nackedSequences(publisher).contains(5000));

        // a packet B still has is answered by B itself, without crossing the link
        long before = nackedSequences(publisher).size();
        byte[] nack2 = new byte[64];
        int k = RtcpWriter.writeRr(nack2, 0, 0x5555, 0);
        k += RtcpWriter.writeNack(nack2, k, 0x5555, VIDEO_SSRC, new int[] {3}, new int[] {0}, 1);
        int nack2Length = k;
        int received = subscriber.rtp.size();
        b.onMedia(() -> b.media.router(CONF).onRtcp(sub, nack2, 0, nack2Length, System.nanoTime()));
        await().atMost(WAIT).until(() -> subscriber.rtp.size() == received + 1);
        assertThat(subscriber.rtp.get(received)).isEqualTo(TestRtp.packet(VIDEO_SSRC, 96, 3, 300));
        assertThat(nackedSequences(publisher)).hasSize((int) before);
    }

    static List<Integer> nackedSequences(RecordingSender s) {
        List<Integer> seqs = new java.util.ArrayList<>();
        for (byte[] c : s.rtcp) {
            for (int p = 0; p < c.length; p += Rtcp.packetLength(c, p)) {
                if (Rtcp.packetType(c, p) == Rtcp.RTPFB && Rtcp.count(c, p) == Rtcp.FMT_NACK) {
                    for (int i = 0; i < Rtcp.nackCount(c, p); i++) {
                        seqs.add(Rtcp.nackPid(c, p, i));
                    }
                }
            }
        }
        return seqs;
    }

    @Test
    void closeRelayWithdrawsTheRemoteStreamsAndTheirProducers() throws Exception {
        subscribeOnB();
        assertThat(b.media.router(CONF).producers()).hasSize(2);
        RelayCommands.CommandResult r = b.relay.close(new RelayCommands.CloseRelayCommand(CONF, a.id));
        assertThat(r.ok()).isTrue();
        assertThat(b.media.offered(CONF, a.id)).isEmpty();
        assertThat(b.media.router(CONF).producers()).isEmpty();
        assertThat(b.relay.links()).isEmpty();
        // closing again is fine
        assertThat(b.relay.close(new RelayCommands.CloseRelayCommand(CONF, a.id)).ok()).isTrue();
    }

    @Test
    void localStreamsStopCrossingWhenTheirPublisherLeaves() throws Exception {
        await().atMost(WAIT).until(() -> b.media.offered(CONF, a.id).size() == 2);
        a.media.unpublish(CONF, publisherOnA);
        await().atMost(WAIT).until(() -> b.media.offered(CONF, a.id).isEmpty());
        assertThat(b.media.router(CONF).producers()).isEmpty();
        RecordingSender carol = new RecordingSender();
        a.media.publish(CONF, "carol", carol, ProducerSpec.audio("0", 0x3333, 111, 0));
        await().atMost(WAIT).until(() -> b.media.offered(CONF, a.id).size() == 1);
    }

    @Test
    void aSilentPeerHasItsStreamsWithdrawnAndComesBackWhenHeardAgain() throws Exception {
        TestAgent c = new TestAgent("agent-c");
        try {
            RecordingSender carol = new RecordingSender();
            c.media.publish(CONF, "carol", carol, ProducerSpec.audio("0", 0x4444, 111, 0));
            TestAgent.link(CONF, b, c);
            await().atMost(WAIT).until(() -> b.media.offered(CONF, c.id).size() == 1);
            c.close(); // the agent dies without a word
            await().atMost(WAIT).until(() -> b.media.offered(CONF, c.id).isEmpty());
            assertThat(b.relay.stats().events(RelayStats.Event.LINKS_SILENT)).isEqualTo(1);
            assertThat(b.relay.links()).filteredOn(l -> l.peerAgentId().equals(c.id)).singleElement()
                    .satisfies(l -> assertThat(l.live()).isFalse());
            // the link to A is unaffected
            assertThat(b.media.offered(CONF, a.id)).hasSize(2);
        } finally {
            c.close();
        }
    }

    @Test
    void bothEndsMeasureAndReportTheRoundTripTime() {
        await().atMost(WAIT).until(() -> a.rtts.snapshot().size() == 1 && b.rtts.snapshot().size() == 1);
        assertThat(a.rtts.snapshot().get(0).agentId()).isEqualTo(b.id);
        assertThat(a.rtts.snapshot().get(0).rttMs()).isBetween(0.0, 1000.0);
        assertThat(b.rtts.snapshot().get(0).agentId()).isEqualTo(a.id);
    }

    @Test
    void wrongKeyAndUnknownLinkDatagramsAreDroppedAndCounted() throws Exception {
        RecordingSender subscriber = subscribeOnB();
        RelayStats stats = b.relay.stats();
        long auth = stats.drops(RelayStats.Drop.AUTH_FAILED);
        long unknown = stats.drops(RelayStats.Drop.UNKNOWN_LINK); // A may have spoken before B opened its end
        long malformed = stats.drops(RelayStats.Drop.MALFORMED);
        try (DatagramSocket attacker = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            byte[] rtp = TestRtp.packet(VIDEO_SSRC, 96, 77, 100);
            byte[] d = new byte[RelayFrame.HEADER + rtp.length + 16];
            RelayFrame.writeHeader(d, 0, RelayFrame.RTP, RelayFrame.linkTag(CONF, a.id, b.id));
            System.arraycopy(rtp, 0, d, RelayFrame.HEADER, rtp.length);
            attacker.send(new DatagramPacket(d, d.length, b.relay.localAddress()));
            RelayFrame.writeHeader(d, 0, RelayFrame.RTP, RelayFrame.linkTag("other-conf", a.id, b.id));
            attacker.send(new DatagramPacket(d, d.length, b.relay.localAddress()));
            d[0] = 0x42;
            attacker.send(new DatagramPacket(d, d.length, b.relay.localAddress()));
            attacker.send(new DatagramPacket(d, 4, b.relay.localAddress()));
        }
        await().atMost(WAIT).until(() -> stats.drops(RelayStats.Drop.AUTH_FAILED) == auth + 1
                && stats.drops(RelayStats.Drop.UNKNOWN_LINK) == unknown + 1
                && stats.drops(RelayStats.Drop.MALFORMED) == malformed + 2);
        assertThat(subscriber.rtp).isEmpty();
    }

    @Test
    void anSsrcAlreadyUsedOnTheOtherAgentIsRefusedAndCounted() throws Exception {
        String conf = "conf-2";
        a.media.publish(conf, "alice", new RecordingSender(), ProducerSpec.audio("0", 0x7777, 111, 0),
                ProducerSpec.video("1", 0x7778, 96, 0, -1, 0));
        b.media.publish(conf, "bob", new RecordingSender(), ProducerSpec.audio("0", 0x7777, 111, 0),
                ProducerSpec.video("1", 0x8888, 96, 0, -1, 0));
        TestAgent.link(conf, a, b);
        await().atMost(WAIT).until(() -> a.relay.stats().drops(RelayStats.Drop.SSRC_COLLISION) == 1
                && b.relay.stats().drops(RelayStats.Drop.SSRC_COLLISION) == 1);
        await().atMost(WAIT).until(() -> a.media.offered(conf, b.id).size() == 1 && b.media.offered(conf, a.id).size() == 1);
        assertThat(a.media.offered(conf, b.id).get(0).producer().ssrc()).isEqualTo(0x8888);
        assertThat(b.media.offered(conf, a.id).get(0).producer().ssrc()).isEqualTo(0x7778);
    }

    @Test
    void reopeningWithTheSameKeysIsHarmlessAndNewKeysRekey() throws Exception {
        RecordingSender subscriber = subscribeOnB();
        // the controller retried both OpenRelay commands with fresh keys
        TestAgent.link(CONF, a, b);
        assertThat(a.relay.links()).hasSize(1);
        publishOnA(VIDEO_SSRC, 96, 1, 50);
        await().atMost(WAIT).until(() -> subscriber.rtp.size() == 50);
    }

    @Test
    void openRefusesBadCommandsWithAClearReason() {
        RelayCommands.SrtpKeying k = TestAgent.key();
        assertThat(a.relay.open(new RelayCommands.OpenRelayCommand(CONF, a.id, b.endpoint(), k, k)).error())
                .contains("another agent");
        assertThat(a.relay.open(new RelayCommands.OpenRelayCommand(CONF, "x", b.endpoint(),
                new RelayCommands.SrtpKeying("NULL", new byte[16], new byte[12]), k)).error())
                .contains("unsupported relay SRTP profile");
        assertThat(a.relay.open(new RelayCommands.OpenRelayCommand(CONF, "x", b.endpoint(),
                new RelayCommands.SrtpKeying("AEAD_AES_128_GCM", new byte[16], new byte[14]), k)).error())
                .contains("12-byte salt");
        assertThat(a.relay.open(new RelayCommands.OpenRelayCommand(CONF, "x",
                new RelayCommands.UdpEndpoint("", 0), k, k)).error()).contains("address");
        assertThat(a.relay.open(new RelayCommands.OpenRelayCommand("", "x", b.endpoint(), k, k)).ok()).isFalse();
    }
}
