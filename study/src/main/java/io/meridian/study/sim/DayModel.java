package io.meridian.study.sim;

import java.util.SplittableRandom;

/**
 * When conferences happen over the simulated day, and what an agent can forward. The workload is one day: each
 * conference starts at a local time drawn from a working-day profile in its first joiner's time zone (longitude / 15
 * hours from UTC), so load follows the sun around the world; agent load is counted in forwarded packets per second
 * in 5-minute bins of the UTC day.
 */
public final class DayModel {

    /** Bins of the UTC day. */
    public static final int BIN_MINUTES = 5;
    /** Bins in a day. */
    public static final int BINS = 24 * 60 / BIN_MINUTES;
    /**
     * Relative share of conferences starting in each local hour (assumption: a working day, peaks mid-morning and
     * mid-afternoon, a little in the evening, almost none at night).
     */
    static final double[] LOCAL_HOUR_WEIGHTS = {
        0.2, 0.1, 0.1, 0.1, 0.1, 0.3, 1, 3, 7, 10, 10, 8, 5, 8, 10, 10, 8, 5, 3, 2, 1.5, 1, 0.6, 0.3};
    /**
     * Packets per second of one forwarded stream: 1.5 Mbit/s of video in ~1,200-byte packets (~156/s) plus Opus at
     * 20 ms frames (50/s), rounded (assumption).
     */
    public static final double PACKETS_PER_STREAM = 200;
    /**
     * What one agent forwards, packets/s: docs/benchmarks.md measures 104–119k forwarded packets per CPU-second
     * with SRTP (bin/bench-forwarding, 5×5 and 10×10) on one media thread; the study plans at 100k for headroom.
     */
    public static final double DEFAULT_AGENT_PACKETS_PER_SECOND = 100_000;

    private static final double[] CUMULATIVE = new double[24];

    static {
        double sum = 0;
        for (double w : LOCAL_HOUR_WEIGHTS) {
            sum += w;
        }
        double run = 0;
        for (int h = 0; h < 24; h++) {
            run += LOCAL_HOUR_WEIGHTS[h] / sum;
            CUMULATIVE[h] = run;
        }
    }

    private DayModel() {
    }

    /**
     * @param conferenceIndex the conference's index (one independent draw each; the workload's stream is untouched)
     * @param longitude       its first joiner's longitude, degrees
     * @return its start, minutes after UTC midnight, in {@code [0, 1440)}
     */
    public static int startMinuteUtc(int conferenceIndex, double longitude) {
        SplittableRandom r = new SplittableRandom(0x5EEDL * 1_000_003L + conferenceIndex);
        double u = r.nextDouble();
        int hour = 0;
        while (hour < 23 && u > CUMULATIVE[hour]) {
            hour++;
        }
        double local = hour * 60 + r.nextDouble() * 60;
        double utc = local - longitude / 15 * 60;
        return (int) Math.floorMod((long) Math.floor(utc), 1440L);
    }
}
