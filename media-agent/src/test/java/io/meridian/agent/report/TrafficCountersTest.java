package io.meridian.agent.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TrafficCountersTest {

    @Test
    void sumsEveryWritersLane() throws Exception {
        TrafficCounters counters = new TrafficCounters();
        TrafficCounters.Lane socket = counters.newLane("socket");
        socket.received(100);
        socket.received(200);
        socket.sent(50);

        Thread worker = new Thread(() -> {
            TrafficCounters.Lane lane = counters.forCurrentThread();
            for (int i = 0; i < 1000; i++) {
                lane.sent(10);
            }
        });
        worker.start();
        worker.join();

        assertThat(counters.totals()).isEqualTo(new TrafficCounters.Totals(2, 300, 1001, 10_050));
    }

    @Test
    void keepsTheCountsOfADeadThreadAndDropsItsLane() throws Exception {
        TrafficCounters counters = new TrafficCounters();
        Thread shortLived = new Thread(() -> counters.forCurrentThread().received(7));
        shortLived.start();
        shortLived.join();

        assertThat(counters.totals().bytesIn()).isEqualTo(7);
        assertThat(counters.laneCount()).isZero();
        assertThat(counters.totals()).isEqualTo(new TrafficCounters.Totals(1, 7, 0, 0));
    }

    @Test
    void keepsTheCountsOfAClosedLane() {
        TrafficCounters counters = new TrafficCounters();
        TrafficCounters.Lane lane = counters.newLane("relay");
        lane.sent(1200);
        lane.close();

        assertThat(counters.totals()).isEqualTo(new TrafficCounters.Totals(0, 0, 1, 1200));
        assertThat(counters.laneCount()).isZero();
        assertThat(counters.totals()).isEqualTo(new TrafficCounters.Totals(0, 0, 1, 1200));
    }

    @Test
    void givesACallingThreadTheSameLaneEveryTime() {
        TrafficCounters counters = new TrafficCounters();

        assertThat(counters.forCurrentThread()).isSameAs(counters.forCurrentThread());
        assertThat(counters.forCurrentThread().name()).isEqualTo(Thread.currentThread().getName());
    }

    @Test
    void neverGoesBackwardsWhileWritersComeAndGo() throws Exception {
        TrafficCounters counters = new TrafficCounters();
        long previous = 0;
        for (int round = 0; round < 20; round++) {
            Thread writer = new Thread(() -> {
                TrafficCounters.Lane lane = counters.forCurrentThread();
                for (int i = 0; i < 10_000; i++) {
                    lane.received(1);
                }
            });
            writer.start();
            for (int reads = 0; reads < 50; reads++) {
                long now = counters.totals().packetsIn();
                assertThat(now).isGreaterThanOrEqualTo(previous);
                previous = now;
            }
            writer.join();
        }
        assertThat(counters.totals().packetsIn()).isEqualTo(200_000);
    }
}
