package io.meridian.controller.join;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.controller.support.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PendingArrivalsTest {
    final MutableClock clock = new MutableClock(Instant.parse("2025-05-01T10:00:00Z"));
    final PendingArrivals arrivals = new PendingArrivals(clock, Duration.ofSeconds(30));

    PendingArrivals.Placement placed(String participant, String agent) {
        PendingArrivals.Placement p = new PendingArrivals.Placement("c1", participant, agent, clock.instant());
        arrivals.expect(p);
        return p;
    }

    @Test
    void aPlacementNobodyArrivedForIsOverdueAfterTheTimeoutOnce() {
        PendingArrivals.Placement ghost = placed("ghost", "eu-1");
        clock.advance(Duration.ofSeconds(29));
        assertThat(arrivals.overdue()).isEmpty();
        clock.advance(Duration.ofSeconds(2));
        assertThat(arrivals.overdue()).containsExactly(ghost);
        assertThat(arrivals.overdue()).isEmpty();
    }

    @Test
    void anArrivalOnThePlacedAgentCancelsTheRelease() {
        placed("ann", "eu-1");
        arrivals.arrived("c1", "ann", "eu-1");
        clock.advance(Duration.ofMinutes(1));
        assertThat(arrivals.overdue()).isEmpty();
        assertThat(arrivals.size()).isZero();
    }

    @Test
    void anArrivalOnAnotherAgentDoesNot() {
        PendingArrivals.Placement ann = placed("ann", "eu-1");
        arrivals.arrived("c1", "ann", "us-1");
        clock.advance(Duration.ofMinutes(1));
        assertThat(arrivals.overdue()).containsExactly(ann);
    }

    @Test
    void aRejoinReplacesTheEarlierPlacement() {
        placed("ann", "eu-1");
        clock.advance(Duration.ofSeconds(20));
        PendingArrivals.Placement again = placed("ann", "us-1");
        clock.advance(Duration.ofSeconds(15));
        assertThat(arrivals.overdue()).isEmpty();
        clock.advance(Duration.ofSeconds(20));
        assertThat(arrivals.overdue()).containsExactly(again);
    }
}
