package io.meridian.study.sim;

import io.meridian.placement.FleetSnapshot;
import io.meridian.placement.PlacementSettings;

/**
 * A provisioned fleet's load over the simulated day: each region sized for its busiest 5 minutes of an idle-fleet
 * run of the same policy (forwarded packets/s ÷ one agent's, rounded up, at least one agent), and in each 5-minute
 * bin the region's stress = that run's packets/s ÷ the region's capacity. One study agent stands for the region's
 * pool, balanced within it. Overloaded = at or above {@link PlacementSettings#DEFAULT_OVERLOAD_STRESS} (the study's
 * policies run the default). The load is the idle run's: where a policy spills, load moves, and the second run
 * measures where it went, not a third.
 */
final class FleetLoad {

    private final long[] agentsByRegion;
    private final FleetSnapshot[] snapshotByBin;
    private final long[] overloadedByBin;
    private final boolean[][] overloaded;

    FleetLoad(StudyFleet fleet, double[][] regionPackets, int agentCapacity) {
        int regions = fleet.size();
        agentsByRegion = new long[regions];
        for (int r = 0; r < regions; r++) {
            double max = 0;
            for (double pps : regionPackets[r]) {
                max = Math.max(max, pps);
            }
            agentsByRegion[r] = Math.max(1, (long) Math.ceil(max / agentCapacity - 1e-9));
        }
        snapshotByBin = new FleetSnapshot[DayModel.BINS];
        overloadedByBin = new long[DayModel.BINS];
        overloaded = new boolean[DayModel.BINS][regions];
        double[] stress = new double[regions];
        for (int b = 0; b < DayModel.BINS; b++) {
            long mask = 0;
            for (int r = 0; r < regions; r++) {
                stress[r] = regionPackets[r][b] / ((double) agentsByRegion[r] * agentCapacity);
                if (stress[r] >= PlacementSettings.DEFAULT_OVERLOAD_STRESS) {
                    overloaded[b][r] = true;
                    // the mask keys the decision cache, which only runs for catalogs of at most 64 regions
                    mask |= r < 64 ? 1L << r : 0;
                }
            }
            snapshotByBin[b] = fleet.loaded(stress);
            overloadedByBin[b] = mask;
        }
    }

    /** @return the fleet as reported in 5-minute bin {@code dayBin} of the UTC day */
    FleetSnapshot snapshot(int dayBin) {
        return snapshotByBin[dayBin];
    }

    /** @return bit mask of the regions overloaded in {@code dayBin} */
    long overloaded(int dayBin) {
        return overloadedByBin[dayBin];
    }

    /** @return whether region {@code region}'s agents are overloaded in {@code dayBin} */
    boolean overloaded(int dayBin, int region) {
        return overloaded[dayBin][region];
    }

    /** @return agents provisioned over all regions */
    long provisionedAgents() {
        long sum = 0;
        for (long a : agentsByRegion) {
            sum += a;
        }
        return sum;
    }

    /** @return region × bin pairs at or above the overload stress */
    long overloadedBins() {
        long n = 0;
        for (boolean[] bin : overloaded) {
            for (boolean o : bin) {
                n += o ? 1 : 0;
            }
        }
        return n;
    }
}
