package io.meridian.study.sim;

/**
 * One-way latency seen one way of counting: per pair (each ordered-agnostic participant pair once), per participant
 * (each participant's mean latency to everyone else in its conference, each participant once) or per conference
 * (each conference's mean over its pairs, each conference once).
 *
 * @param count            pairs, participants or conferences counted
 * @param meanMs           mean network one-way latency, ms (NaN when nothing was counted)
 * @param p95Ms            95th percentile of the same, ms (0.1 ms bins)
 * @param over150Share     share above 150 ms counting the network alone
 * @param mouthToEarOver150Share share above 150 ms mouth to ear, network + {@link MouthToEar#ENDPOINT_MS}
 */
public record LatencyView(long count, double meanMs, double p95Ms, double over150Share,
                          double mouthToEarOver150Share) {

    /** @return the mean mouth-to-ear latency: network + the endpoint budget, ms */
    public double mouthToEarMeanMs() {
        return meanMs + MouthToEar.ENDPOINT_MS;
    }
}
