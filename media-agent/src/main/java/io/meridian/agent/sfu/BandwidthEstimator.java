package io.meridian.agent.sfu;

/**
 * The bitrate we announce to one publisher with REMB, from what its subscribers report: the worst recent loss
 * fraction among them drives a loss-based controller shaped like GCC's (RFC draft-ietf-rmcat-gcc §6: below 2 %
 * grow 8 % per interval, above 10 % cut by half the loss), capped by the subscribers' own REMB and by the
 * configured range. The worst subscriber limits everyone because without simulcast there is one encoding.
 */
final class BandwidthEstimator {
    private final long min;
    private final long max;
    private long estimate;

    BandwidthEstimator(long min, long max) {
        this.min = min;
        this.max = max;
        this.estimate = max;
    }

    /**
     * Advances one feedback interval.
     *
     * @param worstLoss worst subscriber loss fraction 0..1, or a negative value when no subscriber reported
     * @param cap the highest bitrate the subscribers said they can take, or Long.MAX_VALUE
     * @return the bitrate to announce
     */
    long update(double worstLoss, long cap) {
        if (worstLoss >= 0) {
            if (worstLoss < 0.02) {
                estimate = (long) (estimate * 1.08);
            } else if (worstLoss > 0.10) {
                estimate = (long) (estimate * (1 - 0.5 * worstLoss));
            }
        }
        estimate = Math.max(min, Math.min(max, estimate));
        return Math.max(min, Math.min(estimate, cap));
    }

    long estimate() {
        return estimate;
    }
}
