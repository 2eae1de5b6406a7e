package io.meridian.controller.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.meridian.controller.config.MeridianConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class JoinRateLimitsTest {
    final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    JoinRateLimits limits(double rate, int burst, int maxBuckets) {
        return new JoinRateLimits(new Limits(rate, burst, rate, burst, maxBuckets), new Refusals(meters), nanos::get);
    }

    double refused(String reason) {
        var counter = meters.find("meridian.refusals").tag("reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void admitsABurstThenRefusesWithTheSecondsUntilTheNextToken() {
        JoinRateLimits limits = limits(0.5, 3, 100);
        for (int i = 0; i < 3; i++) {
            limits.admitSource("198.51.100.7");
        }
        RateLimitedException refused = catchThrowableOfType(RateLimitedException.class,
                () -> limits.admitSource("198.51.100.7"));
        assertThat(refused.retryAfterSeconds()).isEqualTo(2);
        assertThat(refused.getMessage()).contains("your address");
        assertThat(refused("rate-limited-source")).isEqualTo(1.0);
    }

    @Test
    void refillsWithTime() {
        JoinRateLimits limits = limits(1, 1, 100);
        limits.admitApplication("app");
        assertThatThrownBy(() -> limits.admitApplication("app")).isInstanceOf(RateLimitedException.class);
        nanos.addAndGet(1_000_000_000L);
        limits.admitApplication("app");
        assertThat(refused("rate-limited-app")).isEqualTo(1.0);
    }

    @Test
    void oneSourcesFloodLeavesOtherSourcesAlone() {
        JoinRateLimits limits = limits(0.1, 2, 100);
        for (int i = 0; i < 50; i++) {
            try {
                limits.admitSource("203.0.113.1");
            } catch (RateLimitedException expected) {
                // the flood
            }
        }
        limits.admitSource("203.0.113.2");
        assertThat(refused("rate-limited-source")).isEqualTo(48.0);
    }

    @Test
    void keepsAtMostMaxBucketsForgettingIdleOnesFirst() {
        JoinRateLimits limits = limits(1, 2, 10);
        limits.admitSource("busy");
        limits.admitSource("busy");
        for (int i = 0; i < 1000; i++) {
            limits.admitSource("10.0." + (i / 256) + "." + (i % 256));
        }
        assertThat(limits.buckets()).isLessThanOrEqualTo(10);
    }

    @Test
    void refusesANonsensicalConfiguration() {
        assertThatThrownBy(() -> limits(0, 1, 10)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("meridian.rate-limit");
    }

    record Limits(double appRate, int appBurst, double sourceRate, int sourceBurst, int maxBuckets)
            implements MeridianConfig.RateLimit {
    }
}
