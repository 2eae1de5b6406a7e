package io.meridian.controller.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meridian.controller.support.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetentionTest {
    @Test
    void deletesConferencesEndedLongerAgoThanTheRetentionInBatches() {
        MutableClock clock = new MutableClock(Instant.parse("2025-05-01T10:00:00Z"));
        InMemoryConferenceStore store = new InMemoryConferenceStore(clock);
        for (int i = 0; i < Retention.BATCH + 3; i++) {
            String c = "old-" + i;
            store.join(c, v -> ConferenceStoreContract.place(c, "p", "us-1", "us-east-1"));
            store.leave(c, "p", null);
        }
        Retention retention = new Retention(store, clock, Duration.ofDays(30));

        clock.advance(Duration.ofDays(29));
        store.join("recent", v -> ConferenceStoreContract.place("recent", "p", "us-1", "us-east-1"));
        store.leave("recent", "p", null);
        assertThat(retention.sweep()).isZero();

        clock.advance(Duration.ofDays(2));
        assertThat(retention.sweep()).isEqualTo(Retention.BATCH + 3);
        assertThat(store.conference("old-0")).isEmpty();
        assertThat(store.conference("recent")).isPresent();
    }

    @Test
    void refusesANonPositiveRetention() {
        assertThatThrownBy(() -> new Retention(new InMemoryConferenceStore(java.time.Clock.systemUTC()),
                java.time.Clock.systemUTC(), Duration.ZERO)).hasMessageContaining("MERIDIAN_RETENTION");
    }
}
