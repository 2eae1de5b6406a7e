package io.meridian.placement.latency;

/**
 * How far a latency model's estimates are from a table of measurements.
 *
 * @param samples         number of pairs compared
 * @param meanAbsoluteMs  mean of |estimate − measured| in ms
 * @param maxAbsoluteMs   largest |estimate − measured| in ms
 * @param meanRelative    mean of |estimate − measured| / measured (pairs with measured 0 are skipped)
 * @param worstPair       the pair with the largest absolute error, as {@code "from-to"}
 */
public record ModelError(int samples, double meanAbsoluteMs, double maxAbsoluteMs, double meanRelative,
                         String worstPair) {

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT,
                "%d pairs: mean |error| %.1f ms (%.0f%%), max |error| %.1f ms (%s)",
                samples, meanAbsoluteMs, meanRelative * 100, maxAbsoluteMs, worstPair);
    }
}
