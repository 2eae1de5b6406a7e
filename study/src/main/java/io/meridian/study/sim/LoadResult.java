package io.meridian.study.sim;

import java.util.Map;
import java.util.TreeMap;

/**
 * What capacity did to one policy's run: the fleet it was given, how often agents were overloaded, and which of the
 * policy's rules decided how often.
 *
 * @param provisionedAgents  agents the fleet had: each region sized for the same policy's busiest 5 minutes on an
 *                           idle fleet (forwarded packets/s ÷ one agent's, rounded up, at least one)
 * @param overloadedBins     region × 5-minute bins of the day in which the region's agents were at or above the
 *                           overload stress
 * @param joinsOnOverloaded  joins placed on a region whose agents were overloaded at that moment
 * @param ruleCounts         decisions per rule (the explanation's case name), every join counted
 */
public record LoadResult(long provisionedAgents, long overloadedBins, long joinsOnOverloaded,
                         Map<String, Long> ruleCounts) {

    /** A run on an idle, unlimited fleet. */
    public static final LoadResult IDLE = new LoadResult(0, 0, 0, Map.of());

    /** Copies the counts, sorted by rule name. */
    public LoadResult {
        ruleCounts = java.util.Collections.unmodifiableMap(new TreeMap<>(ruleCounts));
    }
}
