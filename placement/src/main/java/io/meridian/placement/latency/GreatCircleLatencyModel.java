package io.meridian.placement.latency;

import io.meridian.placement.geo.GeoPoint;

import java.util.List;
import java.util.Objects;

/**
 * RTT from great-circle distance: {@code rtt = fixedMs + msPerKm × distanceKm × routeFactor}.
 *
 * <ul>
 *   <li>{@code msPerKm} is physics, not fitted: light in optical fibre travels at about c / 1.468 ≈ 204,000 km/s,
 *       so a round trip costs {@value #FIBER_RTT_MS_PER_KM} ms per km of path ({@link #FIBER_RTT_MS_PER_KM}).</li>
 *   <li>{@code routeFactor} (≥ 1 in practice) is how much longer real cable routes are than the great circle.</li>
 *   <li>{@code fixedMs} covers switching, queuing and the last-mile hops that do not grow with distance.</li>
 * </ul>
 *
 * <p>{@link #defaults()} holds the two constants fitted by {@link #fit(List)} (least squares) to the published
 * inter-region RTT table shipped with this module ({@link PublishedRttTable}: IBM Cloud VPC inter-region average
 * round-trip times for 19 Oct – 17 Nov 2024, approximate — see that class for the source).
 * {@link #errorAgainst(List)} reports how well a model matches a table. On the shipped table the fit gives
 * {@code fixedMs ≈ 14.3} and {@code routeFactor ≈ 1.60}, with a mean absolute error of about 30 ms (24 %) and a
 * maximum of about 103 ms (Sydney–São Paulo, whose traffic is routed through North America). The unit tests hold
 * the defaults to a mean absolute error ≤ 32 ms and a maximum ≤ 110 ms on that table. That is why measured RTTs
 * (client probes, inter-agent measurements) always beat this model when present.
 *
 * @param fixedMs     distance-independent part of the RTT, ms, {@code >= 0}
 * @param msPerKm     round-trip time per km of path, ms, {@code > 0}
 * @param routeFactor path length over great-circle length, {@code > 0}
 */
public record GreatCircleLatencyModel(double fixedMs, double msPerKm, double routeFactor) implements LatencyModel {

    /** Round trip per km in optical fibre: 2 / (299,792 km/s / 1.468) ≈ 0.0098 ms/km. */
    public static final double FIBER_RTT_MS_PER_KM = 0.0098;

    /** {@code fixedMs} fitted to {@link PublishedRttTable#load()} by {@link #fit(List)}. */
    public static final double FITTED_FIXED_MS = 14.3;

    /** {@code routeFactor} fitted to {@link PublishedRttTable#load()} by {@link #fit(List)}. */
    public static final double FITTED_ROUTE_FACTOR = 1.60;

    /** @throws IllegalArgumentException on negative, zero or non-finite constants */
    public GreatCircleLatencyModel {
        if (!(fixedMs >= 0 && fixedMs < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("fixedMs must be finite and >= 0, got " + fixedMs);
        }
        if (!(msPerKm > 0 && msPerKm < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("msPerKm must be finite and > 0, got " + msPerKm);
        }
        if (!(routeFactor > 0 && routeFactor < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("routeFactor must be finite and > 0, got " + routeFactor);
        }
    }

    /** @return the model with the constants fitted to the shipped published table */
    public static GreatCircleLatencyModel defaults() {
        return new GreatCircleLatencyModel(FITTED_FIXED_MS, FIBER_RTT_MS_PER_KM, FITTED_ROUTE_FACTOR);
    }

    @Override
    public double rttMs(GeoPoint a, GeoPoint b) {
        return fixedMs + msPerKm * a.distanceKm(b) * routeFactor;
    }

    /**
     * Fits {@code fixedMs} and {@code routeFactor} by ordinary least squares on
     * {@code rtt = fixedMs + routeFactor × (FIBER_RTT_MS_PER_KM × distanceKm)}, keeping {@code msPerKm} at the
     * physical constant. If the unconstrained intercept comes out negative, it is set to 0 and the slope refitted
     * through the origin, so the model never predicts a negative RTT.
     *
     * @param samples measured pairs, at least two at different distances
     * @return the fitted model
     * @throws IllegalArgumentException when the samples cannot determine a line
     */
    public static GreatCircleLatencyModel fit(List<RttSample> samples) {
        Objects.requireNonNull(samples, "samples");
        int n = samples.size();
        if (n < 2) {
            throw new IllegalArgumentException("fit needs at least 2 samples, got " + n);
        }
        double sx = 0, sy = 0, sxx = 0, sxy = 0;
        for (RttSample s : samples) {
            double x = FIBER_RTT_MS_PER_KM * s.distanceKm();
            double y = s.rttMs();
            sx += x;
            sy += y;
            sxx += x * x;
            sxy += x * y;
        }
        double denominator = n * sxx - sx * sx;
        if (!(Math.abs(denominator) > 1e-9 * Math.max(1.0, n * sxx))) {
            throw new IllegalArgumentException("fit needs samples at different distances");
        }
        double slope = (n * sxy - sx * sy) / denominator;
        double intercept = (sy - slope * sx) / n;
        if (intercept < 0) {
            intercept = 0;
            slope = sxy / sxx;
        }
        if (!(slope > 0)) {
            throw new IllegalArgumentException("fit found RTT not growing with distance (slope " + slope + ")");
        }
        return new GreatCircleLatencyModel(intercept, FIBER_RTT_MS_PER_KM, slope);
    }

    /**
     * @param samples measured pairs, at least one
     * @return this model's absolute and relative error against the samples
     */
    public ModelError errorAgainst(List<RttSample> samples) {
        return errorOf(this, samples);
    }

    /**
     * @param model   any latency model
     * @param samples measured pairs, at least one
     * @return the model's absolute and relative error against the samples
     */
    public static ModelError errorOf(LatencyModel model, List<RttSample> samples) {
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("no samples to compare against");
        }
        double sumAbs = 0, maxAbs = -1, sumRel = 0;
        int relCount = 0;
        String worst = "";
        for (RttSample s : samples) {
            double err = Math.abs(model.rttMs(s.a(), s.b()) - s.rttMs());
            sumAbs += err;
            if (s.rttMs() > 0) {
                sumRel += err / s.rttMs();
                relCount++;
            }
            if (err > maxAbs) {
                maxAbs = err;
                worst = s.from() + "-" + s.to();
            }
        }
        return new ModelError(samples.size(), sumAbs / samples.size(), maxAbs,
                relCount == 0 ? 0 : sumRel / relCount, worst);
    }
}
