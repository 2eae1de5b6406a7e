package io.meridian.study.sim;

import io.meridian.placement.geo.GeoPoint;
import io.meridian.placement.latency.LatencyModel;
import io.meridian.placement.latency.RttSample;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The simulated true RTT, apart from the estimate the policies decide with. Where both ends lie within
 * {@link #MATCH_KM} of two different metros of the published measured table (IBM Cloud's inter-region table, see
 * {@code PublishedRttTable}), the truth is that measured RTT, rescaled by the estimate's ratio for the small offset of
 * the ends from the metros; elsewhere it is the estimate. Either way each path then gets its own fixed noise: a
 * log-normal factor drawn once per path (symmetric, from the seed and the two ends), with {@code measuredSigma} on
 * measured paths (the table moves week to week) and {@code modelSigma} elsewhere (the estimate's residuals).
 */
public final class TruthModel implements LatencyModel {

    /** An end within this of a table metro takes that metro's measured RTTs, km. */
    public static final double MATCH_KM = 500;
    /** Default noise on paths the table measures (log-normal sigma): about ±3 %. */
    public static final double DEFAULT_MEASURED_SIGMA = 0.03;
    /** Default noise on paths it does not (log-normal sigma): about ±15 %. */
    public static final double DEFAULT_MODEL_SIGMA = 0.15;

    private final LatencyModel estimate;
    private final List<RttSample> table;
    private final double measuredSigma;
    private final double modelSigma;
    private final long seed;

    /**
     * @param estimate      the model used where the table does not reach (and to rescale where it does)
     * @param table         the measured pairs (may be empty: then every path is the estimate plus noise)
     * @param measuredSigma noise on measured paths, {@code >= 0}
     * @param modelSigma    noise on the others, {@code >= 0}
     * @param seed          the noise seed
     */
    public TruthModel(LatencyModel estimate, List<RttSample> table, double measuredSigma, double modelSigma,
                      long seed) {
        if (!(measuredSigma >= 0 && modelSigma >= 0 && Double.isFinite(measuredSigma) && Double.isFinite(modelSigma))) {
            throw new IllegalArgumentException("path noise must be finite and >= 0");
        }
        this.estimate = estimate;
        this.table = List.copyOf(table);
        this.measuredSigma = measuredSigma;
        this.modelSigma = modelSigma;
        this.seed = seed;
    }

    @Override
    public double rttMs(GeoPoint a, GeoPoint b) {
        RttSample measured = measured(a, b);
        double base;
        double sigma;
        if (measured != null) {
            double metros = estimate.rttMs(measured.a(), measured.b());
            base = measured.rttMs() * (metros > 0 ? estimate.rttMs(a, b) / metros : 1);
            sigma = measuredSigma;
        } else {
            base = estimate.rttMs(a, b);
            sigma = modelSigma;
        }
        return sigma == 0 ? base : base * Math.exp(sigma * noise(a, b));
    }

    /**
     * @param a one end
     * @param b the other
     * @return the table's pair whose metros are within {@link #MATCH_KM} of the two ends (nearest first), or null
     */
    public RttSample measured(GeoPoint a, GeoPoint b) {
        RttSample best = null;
        double bestKm = Double.POSITIVE_INFINITY;
        for (RttSample s : table) {
            double straight = Math.max(a.distanceKm(s.a()), b.distanceKm(s.b()));
            double crossed = Math.max(a.distanceKm(s.b()), b.distanceKm(s.a()));
            double km = Math.min(straight, crossed);
            if (km <= MATCH_KM && km < bestKm) {
                best = s;
                bestKm = km;
            }
        }
        return best;
    }

    /** A standard normal draw fixed per unordered pair of ends. */
    private double noise(GeoPoint a, GeoPoint b) {
        long ha = key(a);
        long hb = key(b);
        long h = Math.min(ha, hb) * 0x9E3779B97F4A7C15L + Math.max(ha, hb);
        return new SplittableRandom(seed ^ h).nextGaussian();
    }

    private static long key(GeoPoint p) {
        return Math.round(p.latitude() * 1000) * 1_000_003L + Math.round(p.longitude() * 1000);
    }
}
