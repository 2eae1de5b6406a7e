package io.meridian.controller.api;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.meridian.controller.Ids;
import io.meridian.placement.geo.GeoPoint;
import io.meridian.placement.geo.RegionCatalog;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The optional join body {@code {participantId?, probes?: {region: rttMs}, location?: {lat, lon}}}, parsed
 * and validated by hand so that every error names the field in plain words.
 */
public record JoinBody(String participantId, Map<String, Double> probes, GeoPoint location) {
    /** Largest accepted probe, ms. */
    public static final double MAX_PROBE_MS = 10_000;
    /** Most probes one join may carry. */
    public static final int MAX_PROBES = 256;

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
    private static final Set<String> FIELDS = Set.of("participantId", "probes", "location");

    /** Parses {@code text} (empty → no body); throws InvalidRequestException with a clear detail. */
    public static JoinBody parse(String text, RegionCatalog regions) {
        if (text == null || text.isBlank()) {
            return new JoinBody(null, Map.of(), null);
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(text);
        } catch (JsonParseException e) {
            String why = e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Duplicate field")
                    ? "a field appears twice" : "malformed JSON";
            throw new InvalidRequestException("the body is not valid JSON (" + why + " at line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
        } catch (JsonProcessingException e) {
            throw new InvalidRequestException("the body is not valid JSON (content after the JSON value?)");
        }
        if (root == null || root.isMissingNode()) {
            return new JoinBody(null, Map.of(), null);
        }
        if (!root.isObject()) {
            throw new InvalidRequestException("the body must be a JSON object");
        }
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw new InvalidRequestException("unknown field '" + clip(name)
                        + "'; allowed: participantId, probes, location");
            }
        }
        return new JoinBody(participantId(root.get("participantId")), probes(root.get("probes"), regions),
                location(root.get("location")));
    }

    private static String participantId(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual() || !Ids.valid(node.textValue())) {
            throw new InvalidRequestException(Ids.problem("participantId", node.isTextual() ? node.textValue() : "?"));
        }
        return node.textValue();
    }

    private static Map<String, Double> probes(JsonNode node, RegionCatalog regions) {
        if (node == null || node.isNull()) {
            return Map.of();
        }
        if (!node.isObject()) {
            throw new InvalidRequestException("probes must be an object {region: rttMs}");
        }
        if (node.size() > MAX_PROBES) {
            throw new InvalidRequestException("probes has more than " + MAX_PROBES + " regions");
        }
        Map<String, Double> probes = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String region = entry.getKey();
            if (!regions.contains(region)) {
                throw new InvalidRequestException("probes: unknown region '" + clip(region) + "'");
            }
            JsonNode value = entry.getValue();
            if (!value.isNumber() || !(value.doubleValue() > 0) || value.doubleValue() > MAX_PROBE_MS) {
                throw new InvalidRequestException("probes." + region + " must be a number of milliseconds, > 0 and <= "
                        + (int) MAX_PROBE_MS);
            }
            probes.put(region, value.doubleValue());
        }
        return probes;
    }

    private static GeoPoint location(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw new InvalidRequestException("location must be an object {lat, lon}");
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals("lat") && !name.equals("lon")) {
                throw new InvalidRequestException("location: unknown field '" + clip(name) + "'; allowed: lat, lon");
            }
        }
        double lat = coordinate(node.get("lat"), "location.lat", 90);
        double lon = coordinate(node.get("lon"), "location.lon", 180);
        return new GeoPoint(lat, lon);
    }

    private static double coordinate(JsonNode node, String field, double limit) {
        if (node == null || !node.isNumber()) {
            throw new InvalidRequestException(field + " must be a number");
        }
        double value = node.doubleValue();
        if (!(value >= -limit && value <= limit)) {
            throw new InvalidRequestException(field + " must be between " + (int) -limit + " and " + (int) limit);
        }
        return value;
    }

    private static String clip(String value) {
        return value.length() <= 64 ? value : value.substring(0, 64) + "…";
    }
}
