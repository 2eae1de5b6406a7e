package io.meridian.agent.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RelayRttEstimatorTest {

    @Test
    void theFirstSampleSetsTheEstimate() {
        RttEstimator e = new RttEstimator();
        assertThat(e.srttMs()).isNaN();
        e.sample(100, 1);
        assertThat(e.srttMs()).isEqualTo(100);
        assertThat(e.rttvarMs()).isEqualTo(50);
    }

    @Test
    void laterSamplesMoveItByAnEighth() {
        RttEstimator e = new RttEstimator();
        e.sample(100, 1);
        e.sample(200, 2);
        assertThat(e.srttMs()).isCloseTo(112.5, within(1e-9));
        assertThat(e.rttvarMs()).isCloseTo(0.75 * 50 + 0.25 * 100, within(1e-9));
    }

    @Test
    void convergesToASteadyPath() {
        RttEstimator e = new RttEstimator();
        e.sample(10, 0);
        for (int i = 0; i < 60; i++) {
            e.sample(100 + (i % 2 == 0 ? 2 : -2), i);
        }
        assertThat(e.srttMs()).isCloseTo(100, within(1.0));
    }

    @Test
    void reportsTheMedianOfRecentSamplesSoOneSlowProbeDoesNotSkewIt() {
        RttEstimator e = new RttEstimator();
        assertThat(e.reportMs()).isNaN();
        e.sample(80, 0); // a cold start
        assertThat(e.reportMs()).isEqualTo(80);
        e.sample(1, 1);
        e.sample(2, 2);
        assertThat(e.reportMs()).isEqualTo(2);
        for (int i = 0; i < RttEstimator.WINDOW; i++) {
            e.sample(i == 4 ? 500 : 100, 3 + i); // a steady path with one GC pause
        }
        assertThat(e.reportMs()).isEqualTo(100);
        assertThat(e.srttMs()).isGreaterThan(100); // the average still carries the outliers
    }

    @Test
    void theReportFollowsAPathThatChanges() {
        RttEstimator e = new RttEstimator();
        for (int i = 0; i < 20; i++) {
            e.sample(20, i);
        }
        for (int i = 0; i < RttEstimator.WINDOW / 2 + 1; i++) {
            e.sample(150, 100 + i);
        }
        assertThat(e.reportMs()).isEqualTo(150);
    }

    @Test
    void ignoresImpossibleSamples() {
        RttEstimator e = new RttEstimator();
        assertThat(e.sample(-1, 0)).isFalse();
        assertThat(e.sample(Double.NaN, 0)).isFalse();
        assertThat(e.sample(RttEstimator.MAX_SAMPLE_MS + 1, 0)).isFalse();
        assertThat(e.samples()).isZero();
        assertThat(e.sample(5, 7)).isTrue();
        assertThat(e.lastSampleNanos()).isEqualTo(7);
    }
}
