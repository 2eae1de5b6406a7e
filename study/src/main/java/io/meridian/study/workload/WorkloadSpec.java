package io.meridian.study.workload;

/**
 * The documented knobs of a generated workload (docs/study.md explains each default).
 *
 * @param conferences    how many conferences to generate, ≥ 1
 * @param seed           the random seed: the same seed and spec give the same workload
 * @param samePlaceShare probability that a participant comes from the conference's home place (colleagues in one
 *                       city)
 * @param nearbyShare    probability that a participant comes from another place within {@link #nearbyKm} of home
 *                       (the rest come from anywhere in the world distribution)
 * @param nearbyKm       radius of "nearby", km
 */
public record WorkloadSpec(int conferences, long seed, double samePlaceShare, double nearbyShare, double nearbyKm) {

    /** Default share of participants in the home place. */
    public static final double DEFAULT_SAME_PLACE = 0.55;
    /** Default share of participants from a nearby place. */
    public static final double DEFAULT_NEARBY = 0.25;
    /** Default radius of "nearby": about a continent's core (London–Warsaw is 1,450 km, New York–Dallas 2,200 km). */
    public static final double DEFAULT_NEARBY_KM = 3000;

    /** @throws IllegalArgumentException when a value is out of range */
    public WorkloadSpec {
        if (conferences < 1) {
            throw new IllegalArgumentException("conferences must be >= 1, got " + conferences);
        }
        if (!(samePlaceShare >= 0 && nearbyShare >= 0 && samePlaceShare + nearbyShare <= 1.0)) {
            throw new IllegalArgumentException("same-place and nearby shares must be >= 0 and sum to <= 1, got "
                    + samePlaceShare + " and " + nearbyShare);
        }
        if (!(nearbyKm > 0 && Double.isFinite(nearbyKm))) {
            throw new IllegalArgumentException("nearby radius must be > 0 km, got " + nearbyKm);
        }
    }

    /**
     * @param conferences how many conferences
     * @param seed        the seed
     * @return a spec with the documented default geography
     */
    public static WorkloadSpec defaults(int conferences, long seed) {
        return new WorkloadSpec(conferences, seed, DEFAULT_SAME_PLACE, DEFAULT_NEARBY, DEFAULT_NEARBY_KM);
    }
}
