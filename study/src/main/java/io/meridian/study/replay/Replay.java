package io.meridian.study.replay;

import io.meridian.placement.PlacementSettings;
import io.meridian.placement.geo.RegionCatalog;
import io.meridian.placement.latency.GreatCircleLatencyModel;
import io.meridian.study.PlacementStudy;
import io.meridian.study.StudyOptions;
import io.meridian.study.StudyResult.SweepPoint;
import io.meridian.study.policy.RegionGroups;
import io.meridian.study.policy.StudyPolicies;
import io.meridian.study.policy.StudyPolicies.NamedPolicy;
import io.meridian.study.sim.PolicyResult;
import io.meridian.study.sim.SimulationSettings;
import io.meridian.study.sim.Simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * {@code bin/study --replay FILE}: a deployment's real joins ({@link DecisionLog}) through every policy, and the
 * threshold and agent budget to run it with. The recommendation is in sample (chosen on the same joins it is
 * judged on), which is what an operator tuning its own deployment wants, and says so.
 */
public final class Replay {

    private Replay() {
    }

    /**
     * The recommendation for one deployment.
     *
     * @param thresholdMs        the cascade threshold ({@link PlacementStudy#recommend} over the replayed joins)
     * @param maxAgents          the smallest agents-per-conference budget within 1 ms of the best on per-conference
     *                           mean and per-pair p95, at that threshold
     * @param agentsAtPeak       agents the fleet runs at its busiest 5 minutes with both
     * @param policies           every policy on the replayed joins
     * @param thresholdSweep     meridian per threshold
     * @param budgetSweep        meridian per agent budget (1 … default), at the recommended threshold
     */
    public record Result(double thresholdMs, int maxAgents, long agentsAtPeak, List<PolicyResult> policies,
                         List<SweepPoint> thresholdSweep, List<SweepPoint> budgetSweep) {
    }

    /**
     * @param log     the joins
     * @param options thresholds, the meridian settings and the cost knob (workload options are ignored)
     * @param catalog the deployment's regions (one study agent each)
     * @return the policies compared and the recommendation
     */
    public static Result run(DecisionLog log, StudyOptions options, RegionCatalog catalog) {
        io.meridian.placement.latency.LatencyModel model =
                new io.meridian.study.sim.MemoLatencyModel(GreatCircleLatencyModel.defaults());
        SimulationSettings d = options.simulation();
        // the log's locations are what production saw: no extra GeoIP error; it has no leave times: no churn
        SimulationSettings s = new SimulationSettings(d.hopMs(), d.streamMbps(), d.agentCapacity(), d.accessStretch(),
                d.memoize(), 0, d.measuredTruth(), 0, d.capacityAware());
        Simulator sim = PlacementStudy.simulator(s, log.places(), catalog);
        PlacementSettings base = options.meridian();
        List<SweepPoint> thresholds = new ArrayList<>();
        for (double t : options.thresholdsMs()) {
            NamedPolicy p = StudyPolicies.meridianWithThreshold(catalog, model, base, t);
            thresholds.add(new SweepPoint(t, List.of(sim.run(p.name(), p.policy(), log.conferences()))));
        }
        double threshold = PlacementStudy.recommend(thresholds);
        PlacementSettings tuned = base.withCascadeThresholdMs(threshold);
        List<SweepPoint> budgets = new ArrayList<>();
        for (int a = 1; a <= Math.max(1, base.maxAgentsPerConference()); a++) {
            PolicyResult r = sim.run("meridian budget " + a,
                    StudyPolicies.meridian(catalog, model, tuned.withMaxAgentsPerConference(a)), log.conferences());
            budgets.add(new SweepPoint(a, List.of(r)));
        }
        double bestMean = budgets.stream().mapToDouble(SweepPoint::conferenceMeanMs).min().orElseThrow();
        double bestP95 = budgets.stream().mapToDouble(SweepPoint::pairP95Ms).min().orElseThrow();
        SweepPoint budget = budgets.stream()
                .filter(b -> b.conferenceMeanMs() <= bestMean + PlacementStudy.RECOMMENDATION_TOLERANCE_MS
                        && b.pairP95Ms() <= bestP95 + PlacementStudy.RECOMMENDATION_TOLERANCE_MS)
                .findFirst().orElse(budgets.get(budgets.size() - 1));
        List<PolicyResult> policies = new ArrayList<>();
        for (NamedPolicy p : StudyPolicies.compared(catalog, model, RegionGroups.defaults(), base, threshold,
                options.usdPerMsSaved())) {
            policies.add(sim.run(p.name(), p.policy(), log.conferences()));
        }
        return new Result(threshold, (int) budget.thresholdMs(), budget.result().agentsAtPeak(), policies,
                thresholds, budgets);
    }

    /**
     * @param log the joins
     * @param r   the replay
     * @return the Markdown report
     */
    public static String render(DecisionLog log, Result r) {
        StringBuilder sb = new StringBuilder();
        sb.append("# Decision replay\n\n");
        line(sb, "%,d joins of %,d conferences from %d distinct locations (%s), replayed through every policy; "
                + "calls last until %d minutes after their last join, nobody leaves early.", log.joins(),
                log.conferences().size(), log.places().size(), log.places().source(), DecisionLog.TAIL_MINUTES);
        sb.append('\n');
        line(sb, "**Recommended: cascade threshold %s ms, at most %d agents per conference, %,d agents at the busiest "
                + "5 minutes.** Chosen on these same joins (in sample): the largest threshold within 1 ms of the best "
                + "per-conference mean and per-pair p95, then the smallest budget within 1 ms of the best on both.",
                StudyPolicies.format(r.thresholdMs()), r.maxAgents(), r.agentsAtPeak());
        sb.append('\n');
        sb.append("| policy | conf. mean ms | pair mean ms | pair p95 ms | cascaded | USD / participant-hour "
                + "| agents at peak | decisions by rule |\n|---|---:|---:|---:|---:|---:|---:|---|\n");
        for (PolicyResult p : r.policies()) {
            line(sb, "| %s | %.1f | %.1f | %.1f | %.1f %% | %.4f | %,d | %s |", p.policy(), p.byConference().meanMs(),
                    p.byPair().meanMs(), p.p95Ms(), p.cascadedShare() * 100, p.usdPerParticipantHour(),
                    p.agentsAtPeak(), p.load().ruleCounts().entrySet().stream()
                            .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")));
        }
        sb.append("\n| meridian threshold ms | conf. mean ms | pair p95 ms | agents at peak |\n|---:|---:|---:|---:|\n");
        for (SweepPoint p : r.thresholdSweep()) {
            line(sb, "| %s | %.1f | %.1f | %,d |", StudyPolicies.format(p.thresholdMs()), p.conferenceMeanMs(),
                    p.pairP95Ms(), p.result().agentsAtPeak());
        }
        sb.append("\n| agents per conference | conf. mean ms | pair p95 ms | agents at peak |\n|---:|---:|---:|---:|\n");
        for (SweepPoint p : r.budgetSweep()) {
            line(sb, "| %d | %.1f | %.1f | %,d |", (int) p.thresholdMs(), p.conferenceMeanMs(), p.pairP95Ms(),
                    p.result().agentsAtPeak());
        }
        return sb.toString();
    }

    private static void line(StringBuilder sb, String format, Object... args) {
        sb.append(String.format(Locale.ROOT, format, args)).append('\n');
    }
}
