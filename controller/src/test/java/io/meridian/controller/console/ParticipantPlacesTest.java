package io.meridian.controller.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.controller.persistence.ConferenceView;
import io.meridian.controller.persistence.DecisionRecord;
import io.meridian.controller.persistence.ParticipantRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ParticipantPlacesTest {
    private static final Instant T0 = Instant.parse("2026-12-03T07:00:00Z");

    private final List<DecisionRecord> log = new ArrayList<>();
    private final AtomicInteger reads = new AtomicInteger();
    private final ParticipantPlaces places = new ParticipantPlaces(id -> {
        reads.incrementAndGet();
        return List.copyOf(log);
    });

    private void placed(String participant, double lat, double lon, Instant at) {
        log.add(new DecisionRecord(log.size() + 1, "c", participant, at, DecisionRecord.PLACED, "a", "eu-west-1",
                "single", false, "rule", "{\"location\":{\"source\":\"HINT\",\"detail\":\"address 10.0.0.7\","
                + "\"latitude\":" + lat + ",\"longitude\":" + lon + "}}"));
    }

    private static ConferenceView view(ParticipantRecord... participants) {
        return new ConferenceView("c", List.of(), List.of(participants), List.of());
    }

    private static ParticipantRecord seat(String id, Instant joinedAt) {
        return new ParticipantRecord(id, "a", "eu-west-1", null, "HINT", joinedAt);
    }

    @Test
    void roundsEveryLocationToATenthOfADegree() {
        placed("ana", 52.3702, 4.8952, T0);
        placed("bo", -33.8688, -151.2093, T0);
        var found = places.of(view(seat("ana", T0), seat("bo", T0)));
        assertThat(found.get("ana").lat()).isEqualTo(52.4);
        assertThat(found.get("ana").lon()).isEqualTo(4.9);
        assertThat(found.get("bo").lat()).isEqualTo(-33.9);
        assertThat(found.get("bo").lon()).isEqualTo(-151.2);
    }

    @Test
    void readsTheLogAgainOnlyForSomeoneItHasNotSeenOrARejoin() {
        placed("ana", 10, 10, T0);
        places.of(view(seat("ana", T0)));
        places.of(view(seat("ana", T0)));
        assertThat(reads).hasValue(1);

        placed("bo", 20, 20, T0.plusSeconds(5));
        assertThat(places.of(view(seat("ana", T0), seat("bo", T0.plusSeconds(5)))).get("bo").lat()).isEqualTo(20.0);
        assertThat(reads).hasValue(2);

        placed("ana", 30, 30, T0.plusSeconds(9));
        assertThat(places.of(view(seat("ana", T0.plusSeconds(9)), seat("bo", T0.plusSeconds(5)))).get("ana").lat())
                .isEqualTo(30.0);
        assertThat(reads).hasValue(3);
    }
}
