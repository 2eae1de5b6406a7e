package io.meridian.study.report;

import io.meridian.placement.latency.GreatCircleLatencyModel;
import io.meridian.study.StudyResult;
import io.meridian.study.StudyResult.SweepPoint;
import io.meridian.study.policy.StudyPolicies;
import io.meridian.study.sim.ClassResult;
import io.meridian.study.sim.PolicyResult;
import io.meridian.study.sim.SimulationSettings;
import io.meridian.study.workload.WorkloadSpec;

import java.util.List;
import java.util.Locale;

/** Renders a {@link StudyResult} as Markdown: deterministic text (no timings), so equal seeds print equal reports. */
public final class MarkdownReport {

    private MarkdownReport() {
    }

    /**
     * @param r the results
     * @return the report
     */
    public static String render(StudyResult r) {
        StringBuilder sb = new StringBuilder();
        WorkloadSpec w = r.options().workload();
        SimulationSettings s = r.options().simulation();
        PolicyResult any = r.policies().get(0);
        sb.append("# Placement study: when does cascading pay?\n\n");
        line(sb, "Workload: %,d conferences (seed %d), %,d participants (mean %.2f a conference), %,d participant pairs.",
                any.conferences(), w.seed(), any.participants(), (double) any.participants() / any.conferences(),
                any.pairs());
        line(sb, "Participants: %s (%d places); %.0f %% from the conference's home place, %.0f %% from within %,.0f km, "
                + "the rest from anywhere.", r.placesSource(), r.places(), w.samePlaceShare() * 100,
                w.nearbyShare() * 100, w.nearbyKm());
        line(sb, "Fleet: %s, one idle agent in each of %d regions. Meridian: threshold %s ms, at most %d agents "
                + "per conference.", r.regionsSource(), r.regions(),
                StudyPolicies.format(r.options().meridian().cascadeThresholdMs()),
                r.options().meridian().maxAgentsPerConference());
        line(sb, "Media path: one-way latency = RTT/2 for each leg (participant → agent → relay → agent → participant)"
                + " + %s ms per agent; %s Mbit/s per forwarded stream; agents hold %,d participants%s.",
                StudyPolicies.format(s.hopMs()), StudyPolicies.format(s.streamMbps()), s.agentCapacity(),
                s.accessStretch() == 1.0 ? "" : "; participant-agent routes " + StudyPolicies.format(s.accessStretch())
                        + " × longer than the backbone's");
        GreatCircleLatencyModel m = r.model();
        line(sb, "Latency model: RTT = %.1f ms + %.4f ms/km × %.2f × great-circle km. Against the published "
                + "inter-region table: %s. Refitted now: %.1f ms, × %.2f.", m.fixedMs(), m.msPerKm(), m.routeFactor(),
                r.modelError(), r.refit().fixedMs(), r.refit().routeFactor());
        sb.append('\n');

        sb.append("## Policies on the same workload\n\n");
        sb.append("| policy | mean ms | p95 ms | pairs > 150 ms | agents / conference | cascaded | relay GB "
                + "| relay egress USD | relay USD / 1,000 conf. | relay share of egress | agents needed |\n");
        sb.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (PolicyResult p : r.policies()) {
            policyRow(sb, p.policy(), p);
        }
        sb.append('\n');
        if (any.rejected() > 0 || r.policies().stream().anyMatch(p -> p.unpricedRelayGb() > 0)) {
            for (PolicyResult p : r.policies()) {
                line(sb, "- %s: %,d participants rejected, %,.0f GB relayed from regions without a price.",
                        p.policy(), p.rejected(), p.unpricedRelayGb());
            }
            sb.append('\n');
        }

        sb.append("## Meridian's cascade threshold\n\n");
        sb.append("| threshold ms | mean ms | p95 ms | pairs > 150 ms | agents / conference | cascaded "
                + "| relay GB | relay egress USD | relay USD / 1,000 conf. | relay share of egress | agents needed |\n");
        sb.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (SweepPoint p : r.sweep()) {
            String name = StudyPolicies.format(p.thresholdMs())
                    + (p.thresholdMs() == r.recommendedThresholdMs() ? " (recommended)" : "");
            policyRow(sb, name, p.result());
        }
        sb.append('\n');
        line(sb, "Recommended default threshold: **%s ms** — the largest threshold whose mean and p95 are within "
                + "1 ms of the sweep's best (a larger threshold relays less for the same latency).",
                StudyPolicies.format(r.recommendedThresholdMs()));
        sb.append('\n');

        sb.append("## Where cascading pays, and where it does not\n\n");
        sb.append("Mean one-way latency over the pairs of each class of conference (spread = largest distance "
                + "between two participants).\n\n");
        sb.append("| size | spread | conferences |");
        for (PolicyResult p : r.policies()) {
            sb.append(' ').append(p.policy()).append(" ms |");
        }
        sb.append(" meridian cascaded | meridian vs first-joiner | meridian relay USD / 1,000 conf. |\n");
        sb.append("|---|---|---:|");
        sb.append("---:|".repeat(r.policies().size())).append("---:|---:|---:|\n");
        PolicyResult first = find(r.policies(), "first-joiner");
        PolicyResult meridian = find(r.policies(), "meridian");
        for (int i = 0; i < first.classes().size(); i++) {
            ClassResult fc = first.classes().get(i);
            if (fc.conferences() == 0) {
                continue;
            }
            ClassResult mc = meridian.classes().get(i);
            sb.append(String.format(Locale.ROOT, "| %s | %s | %,d |", fc.conferenceClass().size(),
                    fc.conferenceClass().spread(), fc.conferences()));
            for (PolicyResult p : r.policies()) {
                sb.append(String.format(Locale.ROOT, " %.1f |", p.classes().get(i).meanMs()));
            }
            sb.append(String.format(Locale.ROOT, " %.1f %% | %+.1f ms | %.2f |%n", mc.cascadedShare() * 100,
                    mc.meanMs() - fc.meanMs(), mc.relayUsd() * 1000 / mc.conferences()));
        }
        sb.append('\n');
        return sb.toString();
    }

    private static void policyRow(StringBuilder sb, String name, PolicyResult p) {
        double totalEgress = p.relayUsd() + p.clientEgressUsd();
        sb.append(String.format(Locale.ROOT,
                "| %s | %.1f | %.1f | %.2f %% | %.3f | %.1f %% | %,.0f | %,.0f | %.2f | %.1f %% | %,d |%n",
                name, p.meanMs(), p.p95Ms(), p.over150Share() * 100, p.agentsPerConference(), p.cascadedShare() * 100,
                p.relayGb(), p.relayUsd(), p.relayUsdPer1000Conferences(),
                totalEgress == 0 ? 0 : p.relayUsd() / totalEgress * 100, p.agentsNeeded()));
    }

    private static PolicyResult find(List<PolicyResult> results, String name) {
        return results.stream().filter(p -> p.policy().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no result for policy " + name));
    }

    private static void line(StringBuilder sb, String format, Object... args) {
        sb.append(String.format(Locale.ROOT, format, args)).append('\n');
    }
}
