package io.meridian.study.sim;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers a policy's decisions within one run, keyed by the joining participant's place, the set of agents
 * the conference already spans, how many participants it has (the 1:1 and cost rules count them) and the set of
 * overloaded agents. Valid because the policies are pure functions of
 * the request and every request for the same place, agent set and overloaded set is the same request up to ids,
 * per-agent counts and stress below the overload line, which (with one agent per region) the policies do not decide
 * on ({@code SimulatorTest} checks cached and uncached runs agree; {@code --exact}
 * turns the cache off). Only for catalogs of at most {@value #MAX_REGIONS} regions (the set is a bit mask).
 */
final class DecisionCache {

    /** The largest catalog the cache handles: agent sets are 64-bit masks. */
    static final int MAX_REGIONS = 64;
    /** {@link #get} when nothing is remembered. */
    static final int MISSING = Integer.MIN_VALUE;

    private record Key(int place, long agents, int participants, long overloaded) {
    }

    private final ConcurrentHashMap<Key, Integer> decisions = new ConcurrentHashMap<>();

    /**
     * @param place  the participant's place index
     * @param agents       bit mask of the region indices the conference spans
     * @param participants participants in the conference before this join
     * @param overloaded bit mask of the region indices whose agents are overloaded
     * @return the remembered decision ({@link Simulator}'s encoding of region and rule), or {@link #MISSING}
     */
    int get(int place, long agents, int participants, long overloaded) {
        Integer decision = decisions.get(new Key(place, agents, participants, overloaded));
        return decision == null ? MISSING : decision;
    }

    void put(int place, long agents, int participants, long overloaded, int decision) {
        decisions.putIfAbsent(new Key(place, agents, participants, overloaded), decision);
    }
}
