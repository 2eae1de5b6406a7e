package io.meridian.agent.sfu;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PublisherRateTest {
    private static final long[] TARGETS = {150_000, 500_000, 1_500_000};

    @Test
    void theBestPlacedSubscriberSetsThePublisherRateNotTheWorst() {
        int poor = LayerSelector.choose(TARGETS, new int[] {180, 360, 720}, 300_000, 0, false, -1);
        int good = LayerSelector.choose(TARGETS, new int[] {180, 360, 720}, 5_000_000, 0, false, -1);

        long rate = PublisherRate.announce(TARGETS, Math.max(poor, good), 100_000, 5_000_000);

        assertThat(rate).as("all three layers fit").isGreaterThanOrEqualTo(2_150_000);
    }

    @Test
    void aLayerNobodySelectsIsNotPaidFor() {
        assertThat(PublisherRate.announce(TARGETS, 1, 100_000, 5_000_000)).isEqualTo(715_000);
    }

    @Test
    void withEveryonePausedTheFloorKeepsTheLowLayerReady() {
        assertThat(PublisherRate.announce(TARGETS, -1, 100_000, 5_000_000)).isEqualTo(100_000);
    }

    @Test
    void theCeilingHolds() {
        assertThat(PublisherRate.announce(TARGETS, 2, 100_000, 1_000_000)).isEqualTo(1_000_000);
    }
}
