package io.meridian.agent.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LoadLimitsTest {

    private final LoadLimits limits = new LoadLimits(0.8, 200_000, 100);

    @Test
    void stressIsTheLargestLoadOverItsLimit() {
        assertThat(limits.stress(0.4, 50_000, 10)).isCloseTo(0.5, within(1e-12));
        assertThat(limits.stress(0.1, 150_000, 10)).isCloseTo(0.75, within(1e-12));
        assertThat(limits.stress(0.1, 1_000, 90)).isCloseTo(0.9, within(1e-12));
    }

    @Test
    void stressExceedsOneWhenOverloaded() {
        assertThat(limits.stress(0.96, 0, 0)).isCloseTo(1.2, within(1e-12));
    }

    @Test
    void anIdleAgentHasZeroStress() {
        assertThat(limits.stress(0, 0, 0)).isZero();
    }

    @Test
    void refusesLimitsThatCannotDefineStress() {
        assertThatThrownBy(() -> new LoadLimits(0, 1, 1)).hasMessageContaining("cpu-limit");
        assertThatThrownBy(() -> new LoadLimits(1.5, 1, 1)).hasMessageContaining("cpu-limit");
        assertThatThrownBy(() -> new LoadLimits(0.8, 0, 1)).hasMessageContaining("packet-rate-limit");
        assertThatThrownBy(() -> new LoadLimits(0.8, 1, 0)).hasMessageContaining("capacity");
    }
}
