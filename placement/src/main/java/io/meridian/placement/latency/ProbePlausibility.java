package io.meridian.placement.latency;

import io.meridian.placement.geo.GeoPoint;
import io.meridian.placement.geo.Region;
import io.meridian.placement.geo.RegionCatalog;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Discards client probes faster than light in fibre allows: a round trip to a region cannot take less than
 * {@code 2 × distanceKm / }{@value #FIBRE_KM_PER_MS}{@code  km/ms} from where the client is, less
 * {@link #DEFAULT_SLACK_MS} for GeoIP's city-level error (≈ 500 km of path). A lying or broken client cannot
 * pull a conference to a far region by claiming a 1 ms probe there.
 */
public final class ProbePlausibility {
    /** Speed of light in optical fibre, km per ms (c / 1.468 ≈ 204 km/ms, rounded down to be lenient). */
    public static final double FIBRE_KM_PER_MS = 200.0;
    /** Subtracted from the physical floor: GeoIP places a client within a few hundred km of where it is. */
    public static final double DEFAULT_SLACK_MS = 5.0;

    private ProbePlausibility() {
    }

    /**
     * One discarded probe.
     *
     * @param region the probed region
     * @param probeMs what the client claimed
     * @param minimumMs the least RTT physics allows from the client's location (slack already subtracted)
     */
    public record Discarded(String region, double probeMs, double minimumMs) {
        /** Why, in one line. */
        public String reason() {
            return String.format(java.util.Locale.ROOT,
                    "%.1f ms is below the %.1f ms light in fibre needs from the client's location", probeMs,
                    minimumMs);
        }
    }

    /**
     * The probes split into those kept and those discarded.
     *
     * @param kept region → RTT ms, the probes the policy may use
     * @param discarded the implausible ones, in region-name order
     */
    public record Checked(Map<String, Double> kept, List<Discarded> discarded) {
        public Checked {
            kept = Map.copyOf(kept);
            discarded = List.copyOf(discarded);
        }
    }

    /** The least plausible RTT (ms) from {@code client} to {@code region}, never below 0. */
    public static double minimumRttMs(GeoPoint client, GeoPoint region, double slackMs) {
        return Math.max(0.0, 2.0 * client.distanceKm(region) / FIBRE_KM_PER_MS - slackMs);
    }

    /**
     * Checks each probe against the distance from {@code client} to its region; probes of regions the catalog
     * does not know are kept (the policy ignores them anyway).
     */
    public static Checked check(GeoPoint client, Map<String, Double> probesMs, RegionCatalog regions,
            double slackMs) {
        Map<String, Double> kept = new LinkedHashMap<>();
        List<Discarded> discarded = new ArrayList<>();
        new TreeMap<>(probesMs).forEach((name, ms) -> {
            Optional<Region> region = regions.byName(name);
            double floor = region.map(r -> minimumRttMs(client, r.location(), slackMs)).orElse(0.0);
            if (ms < floor) {
                discarded.add(new Discarded(name, ms, Math.round(floor * 10.0) / 10.0));
            } else {
                kept.put(name, ms);
            }
        });
        return new Checked(kept, discarded);
    }
}
