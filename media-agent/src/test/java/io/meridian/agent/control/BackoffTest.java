package io.meridian.agent.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private final Backoff backoff = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(10), new SplittableRandom(3));

    @Test
    void doublesFromTheInitialDelayUpToTheMaximumWithTwentyPercentJitter() {
        long[] bases = {500, 1000, 2000, 4000, 8000, 10_000, 10_000, 10_000};
        for (long base : bases) {
            assertThat(backoff.nextDelayMillis()).isBetween(base * 8 / 10, base * 12 / 10);
        }
    }

    @Test
    void startsOverAfterAReset() {
        for (int i = 0; i < 6; i++) {
            backoff.nextDelayMillis();
        }
        backoff.reset();

        assertThat(backoff.nextDelayMillis()).isBetween(400L, 600L);
    }

    @Test
    void jitterSpreadsAgentsThatFailedTogether() {
        long first = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(10), new SplittableRandom(1)).nextDelayMillis();
        long second = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(10), new SplittableRandom(2)).nextDelayMillis();

        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void refusesAMaximumBelowTheInitialDelay() {
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), new SplittableRandom()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
