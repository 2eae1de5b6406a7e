package io.meridian.study.sim;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers a policy's decisions within one run, keyed by the joining participant's place and the set of agents
 * the conference already spans. Valid because the policies are pure functions of the request and, in the study's
 * idle fleet, every request for the same place and agent set is the same request up to ids and per-agent counts,
 * which the policies do not decide on ({@code SimulatorTest} checks cached and uncached runs agree; {@code --exact}
 * turns the cache off). Only for catalogs of at most {@value #MAX_REGIONS} regions (the set is a bit mask).
 */
final class DecisionCache {

    /** The largest catalog the cache handles: agent sets are 64-bit masks. */
    static final int MAX_REGIONS = 64;
    /** {@link #get} when nothing is remembered. */
    static final int MISSING = Integer.MIN_VALUE;

    private record Key(int place, long agents) {
    }

    private final ConcurrentHashMap<Key, Integer> decisions = new ConcurrentHashMap<>();

    /**
     * @param place  the participant's place index
     * @param agents bit mask of the region indices the conference spans
     * @return the remembered region index (-1 = rejected), or {@link #MISSING}
     */
    int get(int place, long agents) {
        Integer region = decisions.get(new Key(place, agents));
        return region == null ? MISSING : region;
    }

    void put(int place, long agents, int region) {
        decisions.putIfAbsent(new Key(place, agents), region);
    }
}
