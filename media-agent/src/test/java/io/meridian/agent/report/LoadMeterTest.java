package io.meridian.agent.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LoadMeterTest {

    /** A CPU and a monotonic clock that only move when the test says so. */
    private static final class FakeMachine implements CpuSource {
        long nanos = 5_000_000_000L;
        long cpuNanos = 1_000_000_000L;
        int processors = 4;

        @Override
        public long processCpuNanos() {
            return cpuNanos;
        }

        @Override
        public int processors() {
            return processors;
        }

        void advance(double wallSeconds, double cpuSeconds) {
            nanos += (long) (wallSeconds * 1e9);
            cpuNanos += (long) (cpuSeconds * 1e9);
        }
    }

    private final FakeMachine machine = new FakeMachine();
    private final TrafficCounters counters = new TrafficCounters();
    private final HostingRegistry hosting = new HostingRegistry();
    private final PeerRtts peers = new PeerRtts();
    private LoadMeter meter;

    @BeforeEach
    void setUp() {
        meter = new LoadMeter(counters, machine, hosting, peers, new LoadLimits(0.8, 1000, 10), () -> machine.nanos);
    }

    @Test
    void measuresCpuAsAShareOfAllProcessorsOverTheInterval() {
        machine.advance(2.0, 2.0);

        LoadSample sample = meter.sample();

        assertThat(sample.cpu()).isCloseTo(0.25, within(1e-9));
        assertThat(sample.stress()).isCloseTo(0.25 / 0.8, within(1e-9));
    }

    @Test
    void turnsCounterDeltasIntoPacketAndBitRates() {
        TrafficCounters.Lane lane = counters.newLane("socket");
        for (int i = 0; i < 300; i++) {
            lane.received(1000);
        }
        lane.sent(500);
        machine.advance(0.5, 0);

        LoadSample first = meter.sample();

        assertThat(first.packetsInPerSecond()).isCloseTo(600, within(1e-9));
        assertThat(first.bitrateInBps()).isCloseTo(300 * 1000 * 8 / 0.5, within(1e-6));
        assertThat(first.packetsOutPerSecond()).isCloseTo(2, within(1e-9));
        assertThat(first.bitrateOutBps()).isCloseTo(500 * 8 / 0.5, within(1e-6));

        lane.received(100);
        machine.advance(1.0, 0);
        LoadSample second = meter.sample();

        assertThat(second.packetsInPerSecond()).isCloseTo(1, within(1e-9));
        assertThat(second.packetsOutPerSecond()).isZero();
    }

    @Test
    void stressFollowsThePacketRateWhenItIsTheTightestLimit() {
        TrafficCounters.Lane lane = counters.newLane("socket");
        for (int i = 0; i < 900; i++) {
            lane.received(100);
            lane.sent(100);
        }
        machine.advance(1.0, 0.4);

        LoadSample sample = meter.sample();

        // cpu 0.1 / 0.8 = 0.125; packets 1800 / 1000 = 1.8; participants 0
        assertThat(sample.stress()).isCloseTo(1.8, within(1e-9));
    }

    @Test
    void reportsParticipantsPerConferenceAndStressFromCapacity() {
        hosting.add("c1", "p1", "token-p1");
        hosting.add("c1", "p2", "token-p2");
        hosting.add("c2", "p3", "token-p3");
        machine.advance(1.0, 0);

        LoadSample sample = meter.sample();

        assertThat(sample.participants()).isEqualTo(3);
        assertThat(sample.conferences()).containsExactly(
                new LoadSample.ConferenceCount("c1", 2), new LoadSample.ConferenceCount("c2", 1));
        assertThat(sample.stress()).isCloseTo(0.3, within(1e-9));
    }

    @Test
    void includesPeerRtts() {
        peers.update("agent-b", 42.5);
        peers.update("agent-c", Double.NaN);
        machine.advance(1.0, 0);

        assertThat(meter.sample().peerRtts()).containsExactly(new PeerRtts.PeerRtt("agent-b", 42.5));
    }

    @Test
    void restartDiscardsWhatAccumulatedBefore() {
        TrafficCounters.Lane lane = counters.newLane("socket");
        lane.received(100);
        machine.advance(10.0, 10.0);
        meter.restart();
        machine.advance(1.0, 0);

        LoadSample sample = meter.sample();

        assertThat(sample.packetsInPerSecond()).isZero();
        assertThat(sample.cpu()).isZero();
    }

    @Test
    void reportsZeroCpuWhenThePlatformCannotMeasureIt() {
        machine.cpuNanos = -1;
        meter.restart();
        machine.advance(1.0, 0);

        assertThat(meter.sample().cpu()).isZero();
    }

    @Test
    void capsCpuAtTheWholeMachine() {
        machine.processors = 1;
        machine.advance(1.0, 1.5);

        assertThat(meter.sample().cpu()).isEqualTo(1.0);
    }

    @Test
    void measuresTheRealProcessWithoutFailing() {
        LoadMeter real = new LoadMeter(counters, CpuSource.system(), hosting, peers,
                new LoadLimits(0.8, 1000, 10), System::nanoTime);
        long spin = System.nanoTime();
        double sink = 0;
        while (System.nanoTime() - spin < 20_000_000L) {
            sink += Math.sqrt(sink + 1);
        }

        LoadSample sample = real.sample();

        assertThat(sink).isPositive();
        assertThat(sample.cpu()).isPositive().isLessThanOrEqualTo(1.0);
        assertThat(sample.stress()).isCloseTo(sample.cpu() / 0.8, within(1e-9));
    }
}
