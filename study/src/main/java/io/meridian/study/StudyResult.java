package io.meridian.study;

import io.meridian.placement.latency.GreatCircleLatencyModel;
import io.meridian.placement.latency.ModelError;
import io.meridian.study.sim.PolicyResult;

import java.util.List;

/**
 * Everything the study found, ready to print.
 *
 * @param options               what was run
 * @param placesSource          where participants came from
 * @param places                how many places
 * @param regionsSource         where the region catalog came from
 * @param regions               how many regions (one agent each)
 * @param model                 the latency model used (policies and ground truth)
 * @param modelError            its error against the published inter-region RTT table
 * @param refit                 the model refitted to the table now (should equal {@code model}'s constants)
 * @param policies              first-joiner, nearest-always, region-groups, meridian
 * @param sweep                 meridian at each swept threshold, ascending, on the training seeds
 * @param recommendedThresholdMs the threshold the sweep on the training seeds recommends
 * @param heldOut               every policy (and meridian at the recommended threshold) on each held-out seed;
 *                              {@code policies} are the first seed's runs
 * @param leaveOneOutError      the model's out-of-sample error on the table: each pair predicted by the model
 *                              refitted without it
 */
public record StudyResult(StudyOptions options, String placesSource, int places, String regionsSource, int regions,
                          GreatCircleLatencyModel model, ModelError modelError, GreatCircleLatencyModel refit,
                          List<PolicyResult> policies, List<SweepPoint> sweep, double recommendedThresholdMs,
                          List<HeldOut> heldOut, ModelError leaveOneOutError) {

    /**
     * One point of the threshold sweep.
     *
     * @param thresholdMs  the cascade threshold
     * @param trainingRuns meridian's metrics with it, one per training seed (in seed order)
     */
    public record SweepPoint(double thresholdMs, List<PolicyResult> trainingRuns) {

        /** Copies the runs; at least one. */
        public SweepPoint {
            trainingRuns = List.copyOf(trainingRuns);
            if (trainingRuns.isEmpty()) {
                throw new IllegalArgumentException("a sweep point needs at least one run");
            }
        }

        /** @return the first training seed's run (the charts draw it) */
        public PolicyResult result() {
            return trainingRuns.get(0);
        }

        /** @return per-conference mean latency averaged over the training seeds, ms */
        public double conferenceMeanMs() {
            return trainingRuns.stream().mapToDouble(p -> p.byConference().meanMs()).average().orElse(Double.NaN);
        }

        /** @return per-pair p95 latency averaged over the training seeds, ms */
        public double pairP95Ms() {
            return trainingRuns.stream().mapToDouble(PolicyResult::p95Ms).average().orElse(Double.NaN);
        }
    }

    /**
     * One policy on every held-out seed.
     *
     * @param policy the policy's name
     * @param runs   its results, one per held-out seed (in seed order)
     */
    public record HeldOut(String policy, List<PolicyResult> runs) {

        /** Copies the runs. */
        public HeldOut {
            runs = List.copyOf(runs);
        }

        /**
         * @param metric a metric of one run
         * @return its minimum, mean and maximum over the held-out seeds
         */
        public Interval interval(java.util.function.ToDoubleFunction<PolicyResult> metric) {
            double[] v = runs.stream().mapToDouble(metric).toArray();
            return new Interval(java.util.Arrays.stream(v).min().orElse(Double.NaN),
                    java.util.Arrays.stream(v).average().orElse(Double.NaN),
                    java.util.Arrays.stream(v).max().orElse(Double.NaN));
        }
    }

    /**
     * A metric across seeds.
     *
     * @param min  the smallest seed's value
     * @param mean the mean over seeds
     * @param max  the largest
     */
    public record Interval(double min, double mean, double max) {
    }

    /** Copies the lists. */
    public StudyResult {
        policies = List.copyOf(policies);
        sweep = List.copyOf(sweep);
        heldOut = List.copyOf(heldOut);
    }
}
