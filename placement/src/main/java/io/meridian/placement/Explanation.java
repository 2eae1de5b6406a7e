package io.meridian.placement;

import java.util.List;
import java.util.Objects;

/**
 * Why a decision came out as it did.
 *
 * @param rule           the named case that decided
 * @param summary        one line for humans, e.g. {@code "cascaded to eu-central-1/a7: 92 ms → 8 ms"}
 * @param locationSource how the participant's location was found
 * @param candidates     every agent in the fleet, eligible first, then by estimated RTT and effective stress
 */
public record Explanation(Rule rule, String summary, LocationSource locationSource, List<Candidate> candidates) {

    /** Copies the candidate list. */
    public Explanation {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(summary, "summary");
        Objects.requireNonNull(locationSource, "locationSource");
        candidates = List.copyOf(candidates);
    }
}
