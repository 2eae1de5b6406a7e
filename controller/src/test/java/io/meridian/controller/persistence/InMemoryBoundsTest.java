package io.meridian.controller.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meridian.controller.support.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class InMemoryBoundsTest {
    final MutableClock clock = new MutableClock(Instant.parse("2025-05-01T10:00:00Z"));
    final InMemoryConferenceStore store = new InMemoryConferenceStore(clock, 3, 4);

    void join(String conference, String participant) {
        store.join(conference, v -> ConferenceStoreContract.place(conference, participant, "us-1", "us-east-1"));
    }

    @Test
    void aNewConferencePastTheBoundEvictsTheLongestEndedOneFirst() {
        join("a", "p");
        store.leave("a", "p", null);
        clock.advance(Duration.ofMinutes(1));
        join("b", "p");
        store.leave("b", "p", null);
        join("c", "p");

        join("d", "p");

        assertThat(store.conference("a")).isEmpty();
        assertThat(store.conference("b")).isPresent();
        assertThat(store.conference("c")).isPresent();
        assertThat(store.conference("d")).isPresent();
    }

    @Test
    void refusesANewConferenceWith503WhenEveryHeldOneIsLive() {
        join("a", "p");
        join("b", "p");
        join("c", "p");

        assertThatThrownBy(() -> join("d", "p")).isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("maximum of 3");
        join("a", "q");
        assertThat(store.conference("d")).isEmpty();
    }

    @Test
    void keepsTheNewestDecisionsAndPagesByTheirSequence() {
        for (int i = 1; i <= 6; i++) {
            join("a", "p" + i);
        }
        assertThat(store.decisions("a").orElseThrow()).extracting(DecisionRecord::sequence)
                .containsExactly(3L, 4L, 5L, 6L);
        assertThat(store.decisions("a", 4, 10).orElseThrow()).extracting(DecisionRecord::sequence)
                .containsExactly(5L, 6L);
        assertThat(store.decisions("a", 0, 2).orElseThrow()).extracting(DecisionRecord::sequence)
                .containsExactly(3L, 4L);
    }
}
