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
