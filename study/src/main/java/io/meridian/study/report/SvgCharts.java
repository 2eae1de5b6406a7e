package io.meridian.study.report;

import io.meridian.placement.PlacementSettings;
import io.meridian.study.StudyResult;
import io.meridian.study.StudyResult.SweepPoint;
import io.meridian.study.policy.StudyPolicies;
import io.meridian.study.sim.PolicyResult;

import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/** The study's two charts as SVG: the policies side by side, and Meridian's threshold sweep. */
public final class SvgCharts {

    private static final String[] POLICY_COLOURS = {"#8a8a8a", "#e07b39", "#7b68c8", "#1f77b4"};
    private static final String[] POLICY_LIGHT = {"#cfcfcf", "#f3c4a3", "#c9c0ee", "#9ec8ea"};
    private static final String G114 = "#c0392b";

    private SvgCharts() {
    }

    /**
     * @param r the results
     * @return bars of mean and p95 latency and of relay cost, one row per policy
     */
    public static String policies(StudyResult r) {
        List<PolicyResult> ps = r.policies();
        int rowH = 64;
        int top = 96;
        int height = top + ps.size() * rowH + 56;
        Svg svg = new Svg(980, height);
        svg.text(20, 30, String.format(Locale.ROOT, "Placement policies on %,d simulated conferences (seed %d)",
                ps.get(0).conferences(), r.options().workload().seed()), "start", Svg.INK,
                "font-size=\"18\" font-weight=\"bold\"");
        svg.text(20, 52, "One-way network latency per conference (each conference once, its mean over its pairs), and"
                + " what the relays cost. Shorter is better.", "start", Svg.MUTED, "");

        double x0 = 200;
        double x1 = 580;
        double maxMs = Math.max(150, ps.stream().mapToDouble(p -> p.byConference().p95Ms()).max().orElse(150)) * 1.1;
        double step = Svg.niceStep(maxMs, 5);
        maxMs = Math.ceil(maxMs / step) * step;
        double scale = (x1 - x0) / maxMs;
        double bottom = top + ps.size() * rowH;
        svg.text(x0, top - 14, "latency, ms (light: mean, dark: p95)", "start", Svg.INK, "font-weight=\"bold\"");
        for (double t = 0; t <= maxMs + 1e-9; t += step) {
            double x = x0 + t * scale;
            svg.line(x, top - 4, x, bottom, Svg.GRID, 1, false);
            svg.text(x, bottom + 18, Svg.number(t), "middle", Svg.MUTED, "");
        }
        double gx = x0 + 150 * scale;
        svg.line(gx, top - 4, gx, bottom + 4, G114, 1.5, true);
        svg.text(gx, bottom + 36, "150 ms: ITU-T G.114 mouth-to-ear limit (network alone shown)", "middle", G114, "");

        double c0 = 700;
        double c1 = 930;
        double maxUsd = ps.stream().mapToDouble(PolicyResult::relayUsdPer1000Conferences).max().orElse(0);
        double usdStep = Svg.niceStep(Math.max(maxUsd, 1), 3);
        double usdMax = Math.max(usdStep, Math.ceil(maxUsd * 1.05 / usdStep) * usdStep);
        double usdScale = (c1 - c0) / usdMax;
        svg.text(c0, top - 14, "relay egress, USD per 1,000 conferences", "start", Svg.INK, "font-weight=\"bold\"");
        for (double t = 0; t <= usdMax + 1e-9; t += usdStep) {
            double x = c0 + t * usdScale;
            svg.line(x, top - 4, x, bottom, Svg.GRID, 1, false);
            svg.text(x, bottom + 18, Svg.number(t), "middle", Svg.MUTED, "");
        }

        for (int i = 0; i < ps.size(); i++) {
            PolicyResult p = ps.get(i);
            double y = top + i * rowH;
            String dark = POLICY_COLOURS[i % POLICY_COLOURS.length];
            String light = POLICY_LIGHT[i % POLICY_LIGHT.length];
            svg.text(20, y + 24, p.policy(), "start", Svg.INK, "font-weight=\"bold\" font-size=\"15\"");
            svg.text(20, y + 42, String.format(Locale.ROOT, "%.1f %% of conf. > 150 ms m2e",
                    p.byConference().mouthToEarOver150Share() * 100), "start", Svg.MUTED, "");
            svg.text(20, y + 58, String.format(Locale.ROOT, "%.2f agents / conference", p.agentsPerConference()),
                    "start", Svg.MUTED, "");
            double mean = p.byConference().meanMs();
            double p95 = p.byConference().p95Ms();
            svg.rect(x0, y + 8, mean * scale, 20, light);
            svg.text(x0 + mean * scale + 6, y + 23, String.format(Locale.ROOT, "%.1f", mean), "start", Svg.INK, "");
            svg.rect(x0, y + 32, Math.min(p95, maxMs) * scale, 20, dark);
            svg.text(x0 + Math.min(p95, maxMs) * scale + 6, y + 47, String.format(Locale.ROOT, "%.1f", p95),
                    "start", Svg.INK, "font-weight=\"bold\"");
            double usd = p.relayUsdPer1000Conferences();
            svg.rect(c0, y + 14, usd * usdScale, 32, dark);
            svg.text(c0 + usd * usdScale + 6, y + 35, String.format(Locale.ROOT, "$%,.0f", usd), "start", Svg.INK, "");
        }
        return svg.finish();
    }

    /**
     * @param r the results
     * @return p95 latency, mean latency and relay cost against Meridian's cascade threshold, with the baselines as
     *         dashed reference lines and the recommended threshold marked
     */
    public static String sweep(StudyResult r) {
        List<SweepPoint> sweep = r.sweep();
        Svg svg = new Svg(980, 690);
        svg.text(20, 30, "Meridian's cascade threshold: what it buys and what it costs", "start", Svg.INK,
                "font-size=\"18\" font-weight=\"bold\"");
        svg.text(20, 52, String.format(Locale.ROOT, "A later participant gets its own agent when that saves more than "
                + "the threshold of round-trip time. %,d conferences, training seed %d; dashed: the others on seed %d.",
                sweep.get(0).result().conferences(), r.options().trainSeeds().get(0), r.options().workload().seed()), "start", Svg.MUTED, "");
        double x0 = 90;
        double x1 = 780;
        double maxT = sweep.get(sweep.size() - 1).thresholdMs();
        double minT = sweep.get(0).thresholdMs();
        double span = Math.max(1e-9, maxT - minT);
        double[] xs = sweep.stream().mapToDouble(s -> x0 + (s.thresholdMs() - minT) / span * (x1 - x0)).toArray();

        panel(svg, r, xs, 125, 255, "p95 latency over pairs, ms", PolicyResult::p95Ms, "%.1f");
        panel(svg, r, xs, 315, 445, "mean latency per conference, ms", p -> p.byConference().meanMs(), "%.1f");
        panel(svg, r, xs, 505, 620, "relay egress, USD per 1,000 conferences", PolicyResult::relayUsdPer1000Conferences,
                "$%,.0f");

        double tStep = Svg.niceStep(span, 8);
        for (double t = Math.ceil(minT / tStep) * tStep; t <= maxT + 1e-9; t += tStep) {
            double x = x0 + (t - minT) / span * (x1 - x0);
            svg.text(x, 640, Svg.number(t), "middle", Svg.MUTED, "");
        }
        svg.text((x0 + x1) / 2, 668, "cascade threshold, ms of round-trip time saved", "middle", Svg.INK, "");
        double rec = r.recommendedThresholdMs();
        if (!Double.isNaN(rec)) {
            double x = x0 + (rec - minT) / span * (x1 - x0);
            svg.line(x, 76, x, 624, "#2e8b57", 2, false);
            svg.text(x + 5, 84, "recommended: " + StudyPolicies.format(rec) + " ms", "start", "#2e8b57",
                    "font-weight=\"bold\"");
        }
        double current = PlacementSettings.defaults().cascadeThresholdMs();
        if (current != rec && current >= minT && current <= maxT) {
            double x = x0 + (current - minT) / span * (x1 - x0);
            svg.line(x, 76, x, 624, Svg.MUTED, 1, true);
            svg.text(x - 5, 84, "current default: " + StudyPolicies.format(current) + " ms", "end", Svg.MUTED, "");
        }
        return svg.finish();
    }

    private static void panel(Svg svg, StudyResult r, double[] xs, double yTop, double yBottom, String label,
                              ToDoubleFunction<PolicyResult> metric, String valueFormat) {
        List<SweepPoint> sweep = r.sweep();
        double[] values = sweep.stream().mapToDouble(s -> metric.applyAsDouble(s.result())).toArray();
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        List<PolicyResult> baselines = r.policies().stream().filter(p -> !p.policy().startsWith("meridian")).toList();
        for (PolicyResult p : baselines) {
            lo = Math.min(lo, metric.applyAsDouble(p));
            hi = Math.max(hi, metric.applyAsDouble(p));
        }
        double step = Svg.niceStep(Math.max(hi - lo, 1e-6), 4);
        lo = Math.floor(lo / step) * step;
        hi = Math.max(lo + step, Math.ceil(hi / step) * step);
        double x0 = xs[0];
        double x1 = xs[xs.length - 1];
        double range = hi - lo;
        double finalLo = lo;
        java.util.function.DoubleUnaryOperator y = v -> yBottom - (v - finalLo) / range * (yBottom - yTop);
        svg.text(20, yTop - 20, label, "start", Svg.INK, "font-weight=\"bold\"");
        List<Label> labels = new java.util.ArrayList<>();
        for (double t = lo; t <= hi + 1e-9; t += step) {
            svg.line(x0, y.applyAsDouble(t), x1, y.applyAsDouble(t), Svg.GRID, 1, false);
            svg.text(x0 - 8, y.applyAsDouble(t) + 4, Svg.number(t), "end", Svg.MUTED, "");
        }
        for (int i = 0; i < r.policies().size(); i++) {
            PolicyResult p = r.policies().get(i);
            if (p.policy().startsWith("meridian")) {
                continue;
            }
            double v = y.applyAsDouble(metric.applyAsDouble(p));
            String colour = POLICY_COLOURS[i % POLICY_COLOURS.length];
            svg.line(x0, v, x1, v, colour, 1.5, true);
            labels.add(new Label(v + 4, p.policy() + " " + String.format(Locale.ROOT, valueFormat,
                    metric.applyAsDouble(p)), colour, ""));
        }
        double[] ys = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            ys[i] = y.applyAsDouble(values[i]);
        }
        String meridian = POLICY_COLOURS[3];
        svg.polyline(xs, ys, meridian, 2.5);
        for (int i = 0; i < xs.length; i++) {
            svg.circle(xs[i], ys[i], 3.5, meridian);
        }
        int last = values.length - 1;
        labels.add(new Label(ys[last] + 4, "meridian " + String.format(Locale.ROOT, valueFormat, values[last]),
                meridian, "font-weight=\"bold\""));
        // spread the right-hand labels so that close values do not print on top of each other
        labels.sort(java.util.Comparator.comparingDouble(Label::y));
        double previous = Double.NEGATIVE_INFINITY;
        for (Label l : labels) {
            double ly = Math.max(l.y(), previous + 15);
            svg.text(x1 + 10, ly, l.text(), "start", l.colour(), l.style());
            previous = ly;
        }
    }

    private record Label(double y, String text, String colour, String style) {
    }
}
