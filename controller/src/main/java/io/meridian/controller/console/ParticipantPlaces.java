package io.meridian.controller.console;

import com.fasterxml.jackson.databind.JsonNode;
import io.meridian.controller.join.DecisionJson;
import io.meridian.controller.persistence.ConferenceView;
import io.meridian.controller.persistence.DecisionRecord;
import io.meridian.controller.persistence.ParticipantRecord;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Where each live participant was located, rounded to {@link #GRID_DEGREES} (never the exact point, never an
 * address), read from the decision that placed it. The decision log is read once per conference and again only
 * when a participant appears (or re-joins) that the cached reading does not cover.
 */
final class ParticipantPlaces {
    /** The console's location grid, degrees (about 11 km of latitude). */
    static final double GRID_DEGREES = 0.1;

    /** A rounded location and the decision that placed the participant. */
    record Place(double lat, double lon, long sequence, Instant joinedAt) {
    }

    private final Map<String, Map<String, Place>> byConference = new ConcurrentHashMap<>();
    private final Function<String, List<DecisionRecord>> decisionLog;

    ParticipantPlaces(Function<String, List<DecisionRecord>> decisionLog) {
        this.decisionLog = decisionLog;
    }

    /** Participant id → place for the conference's participants that a placement located (adopted ones have none). */
    Map<String, Place> of(ConferenceView view) {
        Map<String, Place> cached = byConference.get(view.conferenceId());
        if (cached == null || !covers(cached, view.participants())) {
            cached = read(view);
            byConference.put(view.conferenceId(), cached);
        }
        return cached;
    }

    /** Forgets conferences no longer live. */
    void retain(Set<String> live) {
        byConference.keySet().retainAll(live);
    }

    private static boolean covers(Map<String, Place> cached, List<ParticipantRecord> participants) {
        for (ParticipantRecord p : participants) {
            Place place = cached.get(p.participantId());
            if (place == null && !"ADOPTED".equals(p.locationSource())) {
                return false;
            }
            if (place != null && place.joinedAt().isBefore(p.joinedAt())) {
                return false;
            }
        }
        return true;
    }

    private Map<String, Place> read(ConferenceView view) {
        Map<String, Place> places = new HashMap<>();
        for (DecisionRecord record : decisionLog.apply(view.conferenceId())) {
            if (!DecisionRecord.PLACED.equals(record.outcome()) || record.participantId() == null) {
                continue;
            }
            JsonNode location = DecisionJson.parse(record.explanationJson()).path("location");
            if (location.path("latitude").isNumber() && location.path("longitude").isNumber()) {
                places.put(record.participantId(), new Place(round(location.path("latitude").doubleValue()),
                        round(location.path("longitude").doubleValue()), record.sequence(), record.decidedAt()));
            }
        }
        // A participant later moved or adopted keeps its last placement's location, stamped for the cover check.
        for (ParticipantRecord p : view.participants()) {
            places.computeIfPresent(p.participantId(), (id, place) -> place.joinedAt().isBefore(p.joinedAt())
                    ? new Place(place.lat(), place.lon(), place.sequence(), p.joinedAt()) : place);
        }
        return places;
    }

    /** Rounds a coordinate to the console's grid. */
    static double round(double degrees) {
        return Math.round(degrees / GRID_DEGREES) / (1 / GRID_DEGREES);
    }
}
