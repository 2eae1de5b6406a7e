package io.meridian.study.report;

import io.meridian.placement.latency.GreatCircleLatencyModel;
import io.meridian.study.StudyResult;
import io.meridian.study.StudyResult.HeldOut;
import io.meridian.study.StudyResult.Interval;
import io.meridian.study.StudyResult.SweepPoint;
import io.meridian.study.policy.StudyPolicies;
import io.meridian.study.sim.ClassResult;
import io.meridian.study.sim.Cost;
import io.meridian.study.sim.DayModel;
import io.meridian.study.sim.LatencyView;
import io.meridian.study.sim.MouthToEar;
import io.meridian.study.sim.PolicyResult;
import io.meridian.study.sim.SimulationSettings;
import io.meridian.study.workload.WorkloadSpec;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

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
        line(sb, "Workload: %,d conferences a seed. Held-out seeds (reported): %s; the detailed tables are seed %d: "
                        + "%,d participants (mean %.2f a conference), %,d participant pairs. Training seeds (threshold "
                        + "chosen, never reported): %s.",
                any.conferences(), seeds(r.options().testSeeds()), w.seed(), any.participants(),
                (double) any.participants() / any.conferences(), any.pairs(), seeds(r.options().trainSeeds()));
        line(sb, "Participants: %s (%d places); %.0f %% from the conference's home place, %.0f %% from within %,.0f km, "
                + "the rest from anywhere.", r.placesSource(), r.places(), w.samePlaceShare() * 100,
                w.nearbyShare() * 100, w.nearbyKm());
        line(sb, "Fleet: %s, %s in each of %d regions. Meridian: threshold %s ms, at most %d agents "
                + "per conference, no cascading below %d participants.", r.regionsSource(),
                s.capacityAware() ? "agents for the policy's own busiest 5 minutes (one run on an idle fleet sizes "
                        + "it, a second places on it with each region's stress at the moment of each join)"
                        : "one idle, unlimited agent", r.regions(),
                StudyPolicies.format(r.options().meridian().cascadeThresholdMs()),
                r.options().meridian().maxAgentsPerConference(), r.options().meridian().minParticipantsToCascade());
        line(sb, "Media path: one-way network latency = RTT/2 for each leg (participant → agent → relay → agent → "
                + "participant) + %s ms per agent; %s Mbit/s (%s packets/s) per forwarded stream; an agent forwards %,d "
                + "packets/s (docs/benchmarks.md); conferences start over one simulated day by their first joiner's "
                + "local working hours%s.",
                StudyPolicies.format(s.hopMs()), StudyPolicies.format(s.streamMbps()),
                StudyPolicies.format(DayModel.PACKETS_PER_STREAM), s.agentCapacity(),
                s.accessStretch() == 1.0 ? "" : "; participant-agent routes " + StudyPolicies.format(s.accessStretch())
                        + " × longer than the backbone's");
        line(sb, "Mouth to ear = network + %s ms at the endpoints (Opus 20 ms frames with look-ahead %s ms, "
                + "jitter buffer %s ms, capture and playout %s ms), against ITU-T G.114's 150 ms.",
                StudyPolicies.format(MouthToEar.ENDPOINT_MS), StudyPolicies.format(MouthToEar.CODEC_MS),
                StudyPolicies.format(MouthToEar.JITTER_BUFFER_MS), StudyPolicies.format(MouthToEar.DEVICE_MS));
        GreatCircleLatencyModel m = r.model();
        line(sb, "Latency estimate (what the policies decide with): RTT = %.1f ms + %.4f ms/km × %.2f × great-circle km, "
                + "from GeoIP locations %s. Against the published inter-region table, in sample: %s; out of sample "
                + "(leave-one-out): %s. Refitted now: %.1f ms, × %.2f.", m.fixedMs(), m.msPerKm(), m.routeFactor(),
                s.geoIpErrorKm() == 0 ? "without error" : "off by " + StudyPolicies.format(s.geoIpErrorKm())
                        + " km on average", r.modelError(), r.leaveOneOutError(), r.refit().fixedMs(),
                r.refit().routeFactor());
        line(sb, "Simulated truth: %s.", s.measuredTruth()
                ? "the published table's measured RTT where both ends are within 500 km of its metros, the estimate "
                + "elsewhere, each path with fixed log-normal noise (sigma 0.03 measured, 0.15 elsewhere)"
                : "the estimate itself (no estimation error)");
        sb.append('\n');

        sb.append("## Latency three ways: per conference, per participant, per pair\n\n");
        line(sb, "Seed %d. *Per conference*: each conference once, its mean over its pairs. *Per participant*: each "
                + "participant once, its mean latency to the others. *Per pair*: each participant pair once (big "
                + "conferences dominate). Mean and p95 are one-way network ms; \"> 150\" is the share over G.114's 150 ms "
                + "mouth to ear (network + %s ms), with the network-only share beside it.",
                w.seed(), StudyPolicies.format(MouthToEar.ENDPOINT_MS));
        sb.append('\n');
        sb.append("| policy | conf. mean | conf. p95 | conf. > 150 m2e | conf. > 150 net | part. mean | part. p95 "
                + "| part. > 150 m2e | pair mean | pair p95 | pairs > 150 m2e | pairs > 150 net |\n");
        sb.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (PolicyResult p : r.policies()) {
            LatencyView c = p.byConference();
            LatencyView q = p.byParticipant();
            LatencyView pr = p.byPair();
            line(sb, "| %s | %.1f | %.1f | %.2f %% | %.2f %% | %.1f | %.1f | %.2f %% | %.1f | %.1f | %.2f %% | %.2f %% |",
                    p.policy(), c.meanMs(), c.p95Ms(), c.mouthToEarOver150Share() * 100, c.over150Share() * 100,
                    q.meanMs(), q.p95Ms(), q.mouthToEarOver150Share() * 100, pr.meanMs(), pr.p95Ms(),
                    pr.mouthToEarOver150Share() * 100, pr.over150Share() * 100);
        }
        sb.append('\n');

        sb.append("## Across the held-out seeds\n\n");
        line(sb, "min–max over seeds %s (%,d conferences each).", seeds(r.options().testSeeds()), any.conferences());
        sb.append('\n');
        sb.append("| policy | conf. mean ms | part. mean ms | pair mean ms | pair p95 ms | conf. > 150 m2e "
                + "| relay USD / 1,000 conf. | USD / participant-hour | agents at peak |\n");
        sb.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (HeldOut h : r.heldOut()) {
            line(sb, "| %s | %s | %s | %s | %s | %s | %s | %s | %s |", h.policy(),
                    range(h.interval(p -> p.byConference().meanMs()), "%.1f"),
                    range(h.interval(p -> p.byParticipant().meanMs()), "%.1f"),
                    range(h.interval(p -> p.byPair().meanMs()), "%.1f"),
                    range(h.interval(PolicyResult::p95Ms), "%.1f"),
                    range(h.interval(p -> p.byConference().mouthToEarOver150Share() * 100), "%.2f %%"),
                    range(h.interval(p -> p.relayInterRegionUsd() * 1000 / p.conferences()), "%.0f"),
                    range(h.interval(PolicyResult::usdPerParticipantHour), "%.4f"),
                    range(h.interval(PolicyResult::agentsAtPeak), "%.0f"));
        }
        sb.append('\n');

        sb.append("## Relays, cost and fleet\n\n");
        line(sb, "Seed %d.", w.seed());
        sb.append('\n');
        line(sb, "Participant egress at each region's internet price; relay traffic at the inter-region transfer "
                + "price (%s USD/GB), and in brackets at internet prices (an upper bound). Agents: forwarded packets/s "
                + "over the simulated day; \"at peak\" = agents running in the fleet's busiest 5 minutes, \"sized per "
                + "region\" = each region sized for its own busiest 5 minutes%s.", StudyPolicies.format(Cost.INTER_REGION_USD_PER_GB),
                s.capacityAware() ? " (measured on the provisioned fleet, after the policy's spills)"
                        : ". Placement sees an idle fleet (no load-aware rule fires)");
        sb.append('\n');
        sb.append("| policy | agents / conference | cascaded | relay GB | relay USD / 1,000 conf. | USD / participant-hour "
                + "| relay share of cost | agents at peak | agents sized per region |\n");
        sb.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (PolicyResult p : r.policies()) {
            double total = p.relayInterRegionUsd() + p.clientEgressUsd();
            line(sb, "| %s | %.3f | %.1f %% | %,.0f | %.2f (%.2f) | %.4f | %.1f %% | %,d | %,d |", p.policy(),
                    p.agentsPerConference(), p.cascadedShare() * 100, p.relayGb(),
                    p.relayInterRegionUsd() * 1000 / p.conferences(), p.relayUsdPer1000Conferences(),
                    p.usdPerParticipantHour(), total == 0 ? 0 : p.relayInterRegionUsd() / total * 100,
                    p.agentsAtPeak(), p.agentsNeeded());
        }
        sb.append('\n');
        if (any.rejected() > 0 || r.policies().stream().anyMatch(p -> p.unpricedRelayGb() > 0)) {
            for (PolicyResult p : r.policies()) {
                line(sb, "- %s: %,d participants rejected, %,.0f GB relayed from regions without a price.",
                        p.policy(), p.rejected(), p.unpricedRelayGb());
            }
            sb.append('\n');
        }

        if (s.capacityAware()) {
            renderLoad(sb, r, w.seed());
        }

        sb.append("## Meridian's cascade threshold, chosen on the training seeds\n\n");
        line(sb, "Training seeds %s; each cell is the mean over them (min–max for the per-conference mean).",
                seeds(r.options().trainSeeds()));
        sb.append('\n');
        sb.append("| threshold ms | conf. mean ms | pair mean ms | pair p95 ms | cascaded | relay USD / 1,000 conf. "
                + "| agents at peak |\n");
        sb.append("|---:|---:|---:|---:|---:|---:|---:|\n");
        for (SweepPoint p : r.sweep()) {
            String name = StudyPolicies.format(p.thresholdMs())
                    + (p.thresholdMs() == r.recommendedThresholdMs() ? " (recommended)" : "");
            HeldOut runs = new HeldOut(name, p.trainingRuns());
            line(sb, "| %s | %s | %.1f | %.1f | %.1f %% | %.2f | %,.0f |", name,
                    range(runs.interval(q -> q.byConference().meanMs()), "%.1f"),
                    runs.interval(q -> q.byPair().meanMs()).mean(), p.pairP95Ms(),
                    runs.interval(PolicyResult::cascadedShare).mean() * 100,
                    runs.interval(q -> q.relayInterRegionUsd() * 1000 / q.conferences()).mean(),
                    runs.interval(q -> q.agentsAtPeak()).mean());
        }
        sb.append('\n');
        line(sb, "Recommended threshold: **%s ms** — the largest threshold whose per-conference mean and per-pair p95, "
                + "averaged over the training seeds, are within 1 ms of the sweep's best (a larger threshold relays less "
                + "for the same latency). The held-out tables above report it as \"meridian (trained …)\" when it "
                + "differs from the default.", StudyPolicies.format(r.recommendedThresholdMs()));
        sb.append('\n');

        sb.append("## Where cascading pays, and where it does not\n\n");
        line(sb, "Seed %d. Each cell: mean one-way network ms per conference / per participant / per pair (spread = "
                + "largest distance between two participants).", w.seed());
        sb.append('\n');
        sb.append("| size | spread | conferences |");
        for (PolicyResult p : r.policies()) {
            sb.append(' ').append(p.policy()).append(" |");
        }
        sb.append(" meridian vs first-joiner, conf. / pair | meridian cascaded | conf. > 150 m2e, first-joiner → "
                + "meridian | meridian relay USD / 1,000 conf. (internet price) |\n");
        sb.append("|---|---|---:|");
        sb.append("---:|".repeat(r.policies().size())).append("---:|---:|---:|---:|\n");
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
                ClassResult c = p.classes().get(i);
                sb.append(String.format(Locale.ROOT, " %.1f / %.1f / %.1f |", c.conferenceMeanMs(),
                        c.participantMeanMs(), c.meanMs()));
            }
            sb.append(String.format(Locale.ROOT, " %+.1f / %+.1f ms | %.1f %% | %.1f → %.1f %% | %.2f |%n",
                    mc.conferenceMeanMs() - fc.conferenceMeanMs(), mc.meanMs() - fc.meanMs(),
                    mc.cascadedShare() * 100, fc.conferenceMouthToEarOver150Share() * 100,
                    mc.conferenceMouthToEarOver150Share() * 100, mc.relayUsd() * 1000 / mc.conferences()));
        }
        sb.append('\n');
        return sb.toString();
    }

    private static void renderLoad(StringBuilder sb, StudyResult r, long seed) {
        sb.append("## Under load: overloads and the rules that decided\n\n");
        line(sb, "Seed %d. Each region runs the agents the same policy needs for its busiest 5 minutes on an idle "
                + "fleet; a region is overloaded in a 5-minute bin when its forwarded packets/s reach %s of that "
                + "capacity (the policy's overload stress). The baselines do not look at load; Meridian's load-aware "
                + "rules skip overloaded agents and spill.", seed,
                StudyPolicies.format(io.meridian.placement.PlacementSettings.DEFAULT_OVERLOAD_STRESS));
        sb.append('\n');
        sb.append("| policy | agents provisioned | overloaded region × 5 min | joins onto an overloaded agent "
                + "| agents at peak after placing | decisions by rule |\n");
        sb.append("|---|---:|---:|---:|---:|---|\n");
        for (PolicyResult p : r.policies()) {
            String rules = p.load().ruleCounts().entrySet().stream()
                    .map(e -> String.format(Locale.ROOT, "%s %,d", e.getKey(), e.getValue()))
                    .collect(Collectors.joining(", "));
            line(sb, "| %s | %,d | %,d | %,d | %,d | %s |", p.policy(), p.load().provisionedAgents(),
                    p.load().overloadedBins(), p.load().joinsOnOverloaded(), p.agentsAtPeak(), rules);
        }
        sb.append('\n');
    }

    private static String seeds(List<Long> seeds) {
        return seeds.stream().map(String::valueOf).collect(Collectors.joining(", "));
    }

    private static String range(Interval i, String format) {
        String lo = String.format(Locale.ROOT, format, i.min());
        String hi = String.format(Locale.ROOT, format, i.max());
        return lo.equals(hi) ? lo : lo + " – " + hi;
    }

    private static PolicyResult find(List<PolicyResult> results, String name) {
        return results.stream().filter(p -> p.policy().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no result for policy " + name));
    }

    private static void line(StringBuilder sb, String format, Object... args) {
        sb.append(String.format(Locale.ROOT, format, args)).append('\n');
    }
}
