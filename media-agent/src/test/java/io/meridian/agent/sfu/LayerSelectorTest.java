package io.meridian.agent.sfu;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LayerSelectorTest {
    private static final long[] RATES = {150_000, 500_000, 1_500_000};
    private static final int[] HEIGHTS = {180, 360, 720};

    @Test
    void aFastSubscriberGetsTheTopLayer() {
        assertThat(LayerSelector.choose(RATES, HEIGHTS, 3_000_000, 0, false, -1)).isEqualTo(2);
    }

    @Test
    void aSubscriberAt300KbpsGetsTheLowLayer() {
        assertThat(LayerSelector.choose(RATES, HEIGHTS, 300_000, 0, false, 2)).isZero();
    }

    @Test
    void aSubscriberBelowTheLowLayerStillGetsIt() {
        assertThat(LayerSelector.choose(RATES, HEIGHTS, 60_000, 0, false, 1)).isZero();
    }

    @Test
    void theMaximumHeightPreferenceCapsTheLayer() {
        assertThat(LayerSelector.choose(RATES, HEIGHTS, 10_000_000, 360, false, -1)).isEqualTo(1);
    }

    @Test
    void aPausedTrackGetsNoLayer() {
        assertThat(LayerSelector.choose(RATES, HEIGHTS, 10_000_000, 0, true, 2)).isEqualTo(-1);
    }

    @Test
    void anEstimateHoveringAtALayersRateDoesNotFlap() {
        long estimate = 600_000; // 500 kbps fits 90 % but not 75 %
        assertThat(LayerSelector.choose(RATES, HEIGHTS, estimate, 0, false, 1)).as("stays").isEqualTo(1);
        assertThat(LayerSelector.choose(RATES, HEIGHTS, estimate, 0, false, 0)).as("does not go up").isZero();
    }

    @Test
    void aLayerThePublisherStoppedIsSkipped() {
        long[] rates = {150_000, 0, 1_500_000};
        assertThat(LayerSelector.choose(rates, HEIGHTS, 1_000_000, 0, false, 0)).isZero();
        assertThat(LayerSelector.choose(new long[] {0, 0, 0}, HEIGHTS, 1_000_000, 0, false, 0)).isEqualTo(-1);
    }
}
