package io.meridian.controller.join;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meridian.controller.geo.Located;
import io.meridian.placement.Candidate;
import io.meridian.placement.Decision;
import io.meridian.placement.Explanation;
import io.meridian.placement.latency.ProbePlausibility;
import io.meridian.placement.latency.RttSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.TreeMap;

/** Writes a placement decision and its explanation as the JSON the API returns and the decision log keeps. */
public final class DecisionJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private DecisionJson() {
    }

    /**
     * The decision: outcome, placement, rule, summary, location and every candidate weighed, with the source
     * (MEASURED or MODEL) of each candidate's relay RTT as the policy took it.
     */
    public static ObjectNode of(Decision decision, Located located) {
        ObjectNode node = JSON.objectNode();
        Explanation explanation = decision.explanation();
        switch (decision) {
            case Decision.Placed placed -> {
                node.put("outcome", "placed");
                node.put("agentId", placed.agentId());
                node.put("region", placed.region());
                node.put("mode", placed.mode().name().toLowerCase(Locale.ROOT));
                node.put("addsAgent", placed.addsAgent());
            }
            case Decision.Rejected rejected -> {
                node.put("outcome", "rejected");
                node.put("reason", rejected.reason());
            }
        }
        node.put("rule", explanation.rule().caseName());
        node.put("summary", explanation.summary());
        ObjectNode location = node.putObject("location");
        location.put("source", explanation.locationSource().name());
        location.put("detail", located.detail());
        // The log keeps no precise position: 0.1° is about 11 km, enough to read a decision.
        location.put("latitude", coarse(located.location().point().latitude()));
        location.put("longitude", coarse(located.location().point().longitude()));
        if (located.location().country() != null) {
            location.put("country", located.location().country());
        }
        if (!located.location().probesMs().isEmpty()) {
            ObjectNode probes = location.putObject("probesMs");
            new TreeMap<>(located.location().probesMs()).forEach(probes::put);
        }
        if (!located.discardedProbes().isEmpty()) {
            ArrayNode discarded = location.putArray("discardedProbes");
            for (ProbePlausibility.Discarded probe : located.discardedProbes()) {
                ObjectNode d = discarded.addObject();
                d.put("region", probe.region());
                d.put("probeMs", probe.probeMs());
                d.put("minimumMs", probe.minimumMs());
                d.put("reason", probe.reason());
            }
        }
        if (explanation.considered() > explanation.candidates().size()) {
            node.put("candidatesConsidered", explanation.considered());
        }
        ArrayNode candidates = node.putArray("candidates");
        for (Candidate candidate : explanation.candidates()) {
            ObjectNode c = candidates.addObject();
            c.put("agentId", candidate.agentId());
            c.put("region", candidate.region());
            number(c, "estimatedRttMs", candidate.estimatedRttMs());
            if (candidate.rttSource() != null) {
                c.put("rttSource", candidate.rttSource().name());
            }
            number(c, "relayRttMs", candidate.relayRttMs());
            RttSource relaySource = candidate.relayRttSource();
            c.put("relayRttSource", relaySource == null ? null : relaySource.name());
            number(c, "stress", candidate.stress());
            number(c, "effectiveStress", candidate.effectiveStress());
            c.put("inConference", candidate.inConference());
            c.put("eligible", candidate.eligible());
            c.put("reason", candidate.reason());
        }
        return node;
    }

    /** Serialises for the decision log. */
    public static String text(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a logged decision back. */
    public static JsonNode parse(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A coordinate rounded to 0.1°. */
    static double coarse(double degrees) {
        return Math.round(degrees * 10.0) / 10.0;
    }

    private static void number(ObjectNode node, String field, double value) {
        // JSON has no NaN or infinity: unknown values are null.
        if (Double.isFinite(value)) {
            node.put(field, Math.round(value * 1000.0) / 1000.0);
        } else {
            node.putNull(field);
        }
    }
}
