package io.meridian.study.replay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meridian.placement.geo.GeoPoint;
import io.meridian.study.workload.Conference;
import io.meridian.study.workload.Place;
import io.meridian.study.workload.PlaceTable;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A deployment's real joins, read from the controller's decision log ({@code GET /v1/conferences/{id}/decisions},
 * docs/api.md): one page {@code {"conferenceId", "decisions": […]}}, an array of pages, or
 * {@code {"conferences": [pages]}}. Every logged decision is one join, at the logged (0.1°) location, in
 * {@code decidedAt} order within its conference; rejected joins are replayed too. The log has no leave times, so a
 * replayed call lasts from its first to its last join plus {@link #TAIL_MINUTES} (at least one 5-minute bin) and
 * nobody leaves early.
 *
 * @param places      the distinct join locations
 * @param conferences the conferences, in the order of their first join
 * @param joins       decisions read
 */
public record DecisionLog(PlaceTable places, List<Conference> conferences, int joins) {

    /** How long a replayed call runs after its last join, minutes (the log has no leave times). */
    public static final int TAIL_MINUTES = 30;

    private record Join(String conferenceId, Instant at, long sequence, GeoPoint point) {
    }

    /**
     * @param json   the exported log
     * @param source how errors name it
     * @return the joins as a workload
     * @throws IllegalArgumentException on JSON that is not a decision log, naming what is missing
     */
    public static DecisionLog parse(String json, String source) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(source + ": not JSON: " + e.getOriginalMessage());
        }
        List<JsonNode> pages = new ArrayList<>();
        if (root != null && root.isArray()) {
            root.forEach(pages::add);
        } else if (root != null && root.has("conferences") && root.get("conferences").isArray()) {
            root.get("conferences").forEach(pages::add);
        } else if (root != null && root.isObject()) {
            pages.add(root);
        }
        List<Join> joins = new ArrayList<>();
        for (JsonNode page : pages) {
            String conferenceId = page.path("conferenceId").asText(null);
            JsonNode decisions = page.path("decisions");
            if (conferenceId == null || !decisions.isArray()) {
                throw new IllegalArgumentException(source + ": a page needs \"conferenceId\" and \"decisions\"");
            }
            for (JsonNode d : decisions) {
                joins.add(join(conferenceId, d, source));
            }
        }
        if (joins.isEmpty()) {
            throw new IllegalArgumentException(source + ": no decisions to replay");
        }
        joins.sort(Comparator.comparing(Join::at).thenComparing(Join::conferenceId).thenComparingLong(Join::sequence));
        Map<GeoPoint, Integer> placeIndex = new LinkedHashMap<>();
        Map<String, List<Join>> byConference = new LinkedHashMap<>();
        for (Join j : joins) {
            placeIndex.putIfAbsent(j.point(), placeIndex.size());
            byConference.computeIfAbsent(j.conferenceId(), k -> new ArrayList<>()).add(j);
        }
        List<Place> places = new ArrayList<>();
        placeIndex.keySet().forEach(p -> places.add(new Place(p.latitude() + "," + p.longitude(), null, null, p, 1)));
        List<Conference> conferences = new ArrayList<>();
        for (List<Join> c : byConference.values()) {
            int[] at = c.stream().mapToInt(j -> placeIndex.get(j.point())).toArray();
            long span = Duration.between(c.get(0).at(), c.get(c.size() - 1).at()).toMinutes();
            int minutes = (int) Math.min(24 * 60, Math.max(5, span + TAIL_MINUTES));
            conferences.add(new Conference(conferences.size(), at, minutes));
        }
        return new DecisionLog(PlaceTable.of(places, source), List.copyOf(conferences), joins.size());
    }

    private static Join join(String conferenceId, JsonNode d, String source) {
        JsonNode location = d.path("explanation").path("location");
        if (location.isMissingNode()) {
            location = d.path("location");
        }
        if (!location.path("latitude").isNumber() || !location.path("longitude").isNumber()) {
            throw new IllegalArgumentException(source + ": decision " + d.path("sequence").asText("?") + " of '"
                    + conferenceId + "' has no explanation.location latitude/longitude");
        }
        Instant at;
        try {
            at = Instant.parse(d.path("decidedAt").asText(""));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(source + ": decision " + d.path("sequence").asText("?") + " of '"
                    + conferenceId + "' has no valid decidedAt");
        }
        GeoPoint point;
        try {
            point = new GeoPoint(location.get("latitude").asDouble(), location.get("longitude").asDouble());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": decision " + d.path("sequence").asText("?") + " of '"
                    + conferenceId + "': " + e.getMessage());
        }
        return new Join(conferenceId, at, d.path("sequence").asLong(0), point);
    }
}
