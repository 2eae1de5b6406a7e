package io.meridian.study.sim;

import io.meridian.study.workload.Conference;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * When each participant of a conference is there, in {@link DayModel#BIN_MINUTES}-minute bins of the call. The first
 * participant opens the call; the others join in join order within its first fifth (late joiners); with probability
 * {@code churnShare} a participant leaves early, at a uniformly random bin after it joined. Drawn from the
 * conference's index (the workload's random stream is untouched); {@code churnShare = 0} and everyone joining at the
 * start gives the study without churn.
 *
 * @param bins     the call's length in bins
 * @param joinBin  per participant (join order), the bin it joins in; non-decreasing
 * @param leaveBin per participant, the first bin it is gone ({@code bins} = stays to the end)
 */
public record Churn(int bins, int[] joinBin, int[] leaveBin) {

    /** Default share of participants who leave before the end of the call (assumption). */
    public static final double DEFAULT_SHARE = 0.3;
    /** Late joiners arrive within this share of the call (assumption). */
    public static final double JOIN_WINDOW = 0.2;

    /**
     * @param conference the conference
     * @param churnShare share of participants who leave early, 0..1; 0 = everyone present throughout
     * @return its timeline
     */
    public static Churn of(Conference conference, double churnShare) {
        int n = conference.size();
        int bins = Math.max(1, conference.durationMinutes() / DayModel.BIN_MINUTES);
        int[] join = new int[n];
        int[] leave = new int[n];
        Arrays.fill(leave, bins);
        if (churnShare <= 0) {
            return new Churn(bins, join, leave);
        }
        SplittableRandom r = new SplittableRandom(0xC4A11L * 1_000_003L + conference.index());
        int window = (int) Math.floor(bins * JOIN_WINDOW);
        for (int i = 1; i < n; i++) {
            join[i] = window == 0 ? 0 : r.nextInt(window + 1);
        }
        Arrays.sort(join, 1, n);
        for (int i = 0; i < n; i++) {
            if (r.nextDouble() < churnShare && join[i] + 1 < bins) {
                leave[i] = join[i] + 1 + r.nextInt(bins - join[i] - 1);
            }
        }
        return new Churn(bins, join, leave);
    }
}
