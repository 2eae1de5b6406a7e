package io.meridian.agent.sfu;

import static io.meridian.agent.sfu.RouterTest.MS;
import static io.meridian.agent.sfu.RouterTest.rtp;
import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.agent.rtp.RtcpWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A subscriber's NACKs cost retransmissions within a budget, whatever they ask for. */
class RouterNackBudgetTest {
    static final int VIDEO = 0x1000;
    static final int RTX = 0x1001;
    static final long SECOND = 1000 * MS;
    static final SfuSettings SETTINGS = SfuSettings.DEFAULTS.withNackBudget(300, 100);

    final List<Integer> refused = new ArrayList<>();
    Router router;
    RecordingSender pubOut = new RecordingSender();
    RecordingSender subOut = new RecordingSender();
    RecordingSender otherOut = new RecordingSender();
    RouterTransport sub;
    RouterTransport other;

    @BeforeEach
    void setUp() {
        router = new Router("conf", SETTINGS, new RouterListener() {
            @Override
            public void onNackBudgetExceeded(Router r, RouterTransport subscriber, int dropped) {
                refused.add(dropped);
            }
        });
        RouterTransport pub = router.attach(pubOut);
        sub = router.attach(subOut);
        other = router.attach(otherOut);
        Producer video = router.addProducer(pub, ProducerSpec.video("0", VIDEO, 96, RTX, 97, RouterTest.MID_EXT));
        router.addConsumer(video, sub, new ConsumerSpec("0", 96, 97, RouterTest.MID_EXT));
        router.addConsumer(video, other, new ConsumerSpec("0", 96, 97, RouterTest.MID_EXT));
        for (int seq = 0; seq < 512; seq++) { // the whole send cache
            byte[] p = rtp(VIDEO, 96, seq, "0", 50);
            router.onRtp(pub, p, 0, p.length, MS);
        }
        subOut.clear();
        otherOut.clear();
    }

    /** One NACK with 64 items of 17 sequence numbers each: 1088 packets asked for. */
    private void nackEverything(RouterTransport from, long now) {
        int[] pids = new int[64];
        int[] blps = new int[64];
        for (int i = 0; i < 64; i++) {
            pids[i] = i * 17;
            blps[i] = 0xFFFF;
        }
        byte[] b = new byte[512];
        int len = RtcpWriter.writeNack(b, 0, 0x5555, VIDEO, pids, blps, 64);
        assertThat(router.onRtcp(from, b, 0, len, now)).isTrue();
    }

    @Test
    void oneNackForAThousandPacketsTriggersAtMostThePerNackLimit() {
        nackEverything(sub, 2 * MS);
        assertThat(subOut.rtp).hasSize(100);
        assertThat(sub.nackBudgetDrops()).isEqualTo(1088 - 100);
        assertThat(refused).containsExactly(1088 - 100);
    }

    @Test
    void nacksBeyondTheSubscribersRateAreRefusedUntilItRefills() {
        for (int i = 0; i < 5; i++) {
            nackEverything(sub, 2 * MS);
        }
        assertThat(subOut.rtp).hasSize(300); // one second's budget, however many NACKs
        assertThat(sub.nackBudgetDrops()).isEqualTo(5 * 1088 - 300);
        nackEverything(sub, 2 * MS + SECOND / 2); // half a second refills 150, capped at 100 per NACK
        assertThat(subOut.rtp).hasSize(400);
    }

    @Test
    void oneSubscribersNacksDoNotSpendAnothersBudget() {
        for (int i = 0; i < 5; i++) {
            nackEverything(sub, 2 * MS);
        }
        nackEverything(other, 2 * MS);
        assertThat(otherOut.rtp).hasSize(100);
        assertThat(other.nackBudgetDrops()).isEqualTo(1088 - 100);
    }
}
