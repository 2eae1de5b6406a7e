package io.meridian.placement;

import java.util.List;
import java.util.Objects;

/**
 * Why a decision came out as it did.
 *
 * @param rule           the named case that decided
 * @param summary        one line for humans, e.g. {@code "cascaded to eu-central-1/a7: 92 ms → 8 ms"}
 * @param locationSource how the participant's location was found
 * @param candidates     the best agents of the fleet (eligible first, then by estimated RTT and effective stress),
 *                       the chosen one and every agent already in the conference: at most a few dozen, so that a
 *                       decision over 10,000 agents is logged in kilobytes, not megabytes
 * @param considered     how many agents the policy weighed (at least {@code candidates.size()})
 */
public record Explanation(Rule rule, String summary, LocationSource locationSource, List<Candidate> candidates,
        int considered) {

    /** Copies the candidate list. */
    public Explanation {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(summary, "summary");
        Objects.requireNonNull(locationSource, "locationSource");
        candidates = List.copyOf(candidates);
        considered = Math.max(considered, candidates.size());
    }

    /** An explanation that lists every agent it weighed. */
    public Explanation(Rule rule, String summary, LocationSource locationSource, List<Candidate> candidates) {
        this(rule, summary, locationSource, candidates, candidates.size());
    }
}
