package io.meridian.agent.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meridian.agent.rtp.RtpHeader;
import io.meridian.agent.sfu.ConsumerSpec;
import io.meridian.agent.sfu.ProducerSpec;
import io.meridian.agent.sfu.Router;
import io.meridian.agent.sfu.RouterTransport;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Three agents in a full mesh: every stream crosses each link at most once. */
class RelayMeshTest {
    static final String CONF = "mesh";
    static final Duration WAIT = Duration.ofSeconds(10);
    static final int SSRC = 0x0A0A0A0A;

    TestAgent a;
    TestAgent b;
    TestAgent c;

    @BeforeEach
    void setUp() throws Exception {
        a = new TestAgent("a");
        b = new TestAgent("b");
        c = new TestAgent("c");
    }

    @AfterEach
    void tearDown() {
        a.close();
        b.close();
        c.close();
    }

    @Test
    void aRemoteStreamIsNeverForwardedOntoAnotherLinkEvenIfReportedAsLocal() throws Exception {
        b.media.reportRelayedAsLocal = true; // the guard in the relay must hold on its own
        RouterTransport alice = a.media.publish(CONF, "alice", new RecordingSender(),
                ProducerSpec.video("0", SSRC, 96, 0, -1, 0));
        TestAgent.link(CONF, a, b);
        TestAgent.link(CONF, a, c);
        TestAgent.link(CONF, b, c);
        await().atMost(WAIT).until(() -> b.media.offered(CONF, a.id).size() == 1
                && c.media.offered(CONF, a.id).size() == 1);
        await().atMost(WAIT).until(() -> b.relay.stats().events(RelayStats.Event.LOOPS_PREVENTED) > 0);
        assertThat(c.media.offered(CONF, b.id)).isEmpty();
        assertThat(b.media.offered(CONF, c.id)).isEmpty();
        assertThat(b.relay.links()).allSatisfy(l -> assertThat(l.localStreams()).isZero());

        RecordingSender carol = new RecordingSender();
        Router router = c.media.router(CONF);
        RouterTransport t = router.attach(carol);
        router.addConsumer(c.media.offered(CONF, a.id).get(0).producer(), t,
                ConsumerSpec.mirroring(c.media.offered(CONF, a.id).get(0).producer().spec(), "0"));
        a.onMedia(() -> {
            for (int seq = 1; seq <= 100; seq++) {
                byte[] p = TestRtp.packet(SSRC, 96, seq, 200);
                a.media.router(CONF).onRtp(alice, p, 0, p.length, System.nanoTime());
            }
            return null;
        });
        await().atMost(WAIT).until(() -> carol.rtp.size() >= 100);
        Thread.sleep(300); // anything duplicated through B would have arrived by now
        assertThat(carol.rtp).hasSize(100);
        assertThat(carol.rtp).extracting(p -> RtpHeader.sequenceNumber(p, 0)).doesNotHaveDuplicates();
        assertThat(b.relay.stats().events(RelayStats.Event.MEDIA_SENT)).isLessThan(50); // RTCP only, no media
    }

    @Test
    void eachAgentRelaysItsOwnPublishersToBothPeers() throws Exception {
        a.media.publish(CONF, "alice", new RecordingSender(), ProducerSpec.audio("0", 1, 111, 0));
        b.media.publish(CONF, "bob", new RecordingSender(), ProducerSpec.audio("0", 2, 111, 0));
        c.media.publish(CONF, "carol", new RecordingSender(), ProducerSpec.audio("0", 3, 111, 0));
        TestAgent.link(CONF, a, b);
        TestAgent.link(CONF, a, c);
        TestAgent.link(CONF, b, c);
        await().atMost(WAIT).until(() -> a.media.offered(CONF, b.id).size() == 1
                && a.media.offered(CONF, c.id).size() == 1 && b.media.offered(CONF, a.id).size() == 1
                && b.media.offered(CONF, c.id).size() == 1 && c.media.offered(CONF, a.id).size() == 1
                && c.media.offered(CONF, b.id).size() == 1);
        assertThat(a.media.router(CONF).producers()).hasSize(3);
        assertThat(a.relay.links()).allSatisfy(l -> assertThat(l.localStreams()).isEqualTo(1));
    }
}
