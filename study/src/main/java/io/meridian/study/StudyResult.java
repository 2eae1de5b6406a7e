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
 * @param sweep                 meridian at each swept threshold, ascending
 * @param recommendedThresholdMs the threshold the sweep recommends
 */
public record StudyResult(StudyOptions options, String placesSource, int places, String regionsSource, int regions,
                          GreatCircleLatencyModel model, ModelError modelError, GreatCircleLatencyModel refit,
                          List<PolicyResult> policies, List<SweepPoint> sweep, double recommendedThresholdMs) {

    /**
     * One point of the threshold sweep.
     *
     * @param thresholdMs the cascade threshold
     * @param result      meridian's metrics with it
     */
    public record SweepPoint(double thresholdMs, PolicyResult result) {
    }

    /** Copies the lists. */
    public StudyResult {
        policies = List.copyOf(policies);
        sweep = List.copyOf(sweep);
    }
}
