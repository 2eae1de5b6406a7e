package io.meridian.agent.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class IceRestartBudgetTest {
    private static final long T0 = 123_456_789L;
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    @Test
    void allowsABurstThenRefusesUntilTheNextRefill() {
        IceRestartBudget budget = new IceRestartBudget(T0);
        assertThat(budget.take(T0)).isTrue();
        assertThat(budget.take(T0 + SECOND)).isTrue();
        assertThat(budget.take(T0 + 2 * SECOND)).isTrue();
        assertThat(budget.take(T0 + 3 * SECOND)).as("a fourth restart within the burst").isFalse();
        assertThat(budget.take(T0 + 9 * SECOND)).isFalse();
        assertThat(budget.take(T0 + 10 * SECOND)).as("one earned after ten seconds").isTrue();
        assertThat(budget.take(T0 + 11 * SECOND)).isFalse();
    }

    @Test
    void aQuietSessionEarnsBackNoMoreThanTheBurst() {
        IceRestartBudget budget = new IceRestartBudget(T0);
        long hourLater = T0 + 3600 * SECOND;
        for (int i = 0; i < IceRestartBudget.BURST; i++) {
            assertThat(budget.take(hourLater)).isTrue();
        }
        assertThat(budget.take(hourLater)).isFalse();
    }

    @Test
    void aRestartEveryTenSecondsIsAlwaysServed() {
        IceRestartBudget budget = new IceRestartBudget(T0);
        for (int i = 0; i < 100; i++) {
            assertThat(budget.take(T0 + i * 10 * SECOND)).isTrue();
        }
    }
}
