package io.meridian.study;

import io.meridian.study.StudyResult.SweepPoint;
import io.meridian.study.report.MarkdownReport;
import io.meridian.study.report.SvgCharts;
import io.meridian.study.sim.LatencyView;
import io.meridian.study.sim.PolicyResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class StudyTest {

    private static StudyResult run(String... args) {
        return PlacementStudy.run(StudyOptions.parse(args));
    }

    @Test
    void theSameSeedPrintsTheSameReportAndCharts() {
        StudyResult a = run("--conferences", "2000", "--seed", "5", "--thresholds", "0,30,100");
        StudyResult b = run("--conferences", "2000", "--seed", "5", "--thresholds", "0,30,100");
        assertThat(MarkdownReport.render(a)).isEqualTo(MarkdownReport.render(b));
        assertThat(SvgCharts.policies(a)).isEqualTo(SvgCharts.policies(b));
        assertThat(SvgCharts.sweep(a)).isEqualTo(SvgCharts.sweep(b));
        StudyResult c = run("--conferences", "2000", "--seed", "6", "--thresholds", "0,30,100");
        assertThat(MarkdownReport.render(c)).isNotEqualTo(MarkdownReport.render(a));
    }

    @Test
    void theReportComparesTheFourPoliciesAndTheSweepOnOneWorkload() {
        StudyResult r = run("--conferences", "2000", "--thresholds", "0,30,100", "--test-seeds", "2",
                "--train-seeds", "7");
        assertThat(r.policies()).extracting(PolicyResult::policy)
                .startsWith("first-joiner", "nearest-always", "region-groups", "meridian");
        assertThat(r.heldOut()).hasSameSizeAs(r.policies());
        assertThat(r.heldOut()).allSatisfy(h -> assertThat(h.runs()).hasSize(2));
        assertThat(r.heldOut().get(0).runs().get(0)).isEqualTo(r.policies().get(0));
        assertThat(r.sweep()).allSatisfy(p -> assertThat(p.trainingRuns()).hasSize(1));
        assertThat(r.policies()).extracting(PolicyResult::pairs).containsOnly(r.policies().get(0).pairs());
        assertThat(r.sweep()).extracting(SweepPoint::thresholdMs).containsExactly(0.0, 30.0, 100.0);
        assertThat(r.policies().get(0).cascadedShare()).isZero();
        assertThat(r.policies().get(3).cascadedShare()).isPositive();
        String md = MarkdownReport.render(r);
        assertThat(md).contains("| first-joiner |", "| meridian |", "Recommended threshold: **",
                "## Latency three ways", "Held-out seeds (reported): 42, 43",
                "Against the published inter-region table, in sample: 45 pairs", "out of sample (leave-one-out): 45 pairs");
    }

    @Test
    void theRecommendationIsTheLargestThresholdWithinAMillisecondOfTheBest() {
        List<SweepPoint> sweep = List.of(point(0, 66.0, 158.0), point(20, 65.0, 156.0), point(40, 65.4, 156.9),
                point(60, 65.2, 157.2), point(80, 66.5, 160.0));
        assertThat(PlacementStudy.recommend(sweep)).isEqualTo(40.0);
    }

    @Test
    void theThresholdIsChosenOnTrainingSeedsAndReportedOnOthers() {
        StudyOptions o = StudyOptions.parse(new String[] {"--seed", "10", "--test-seeds", "2", "--train-seeds", "3,4"});
        assertThat(o.testSeeds()).containsExactly(10L, 11L);
        assertThat(o.trainSeeds()).containsExactly(3L, 4L);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> StudyOptions.parse(
                        new String[] {"--seed", "10", "--test-seeds", "2", "--train-seeds", "11"}))
                .hasMessageContaining("seed 11 is both a training and a held-out seed");
    }

    @Test
    void heldOutIntervalsAreTheMinimumMeanAndMaximumOverSeeds() {
        StudyResult.HeldOut h = new StudyResult.HeldOut("m", List.of(point(0, 60, 150).result(),
                point(0, 64, 150).result(), point(0, 65, 150).result()));
        StudyResult.Interval i = h.interval(p -> p.byConference().meanMs());
        assertThat(i.min()).isEqualTo(60.0);
        assertThat(i.mean()).isEqualTo(63.0);
        assertThat(i.max()).isEqualTo(65.0);
    }

    @Test
    void leaveOneOutIsZeroOnATableTheModelGeneratesAndLargerThanInSampleOnThePublishedOne() {
        io.meridian.placement.latency.GreatCircleLatencyModel m =
                io.meridian.placement.latency.GreatCircleLatencyModel.defaults();
        List<io.meridian.placement.latency.RttSample> real = io.meridian.placement.latency.PublishedRttTable.load();
        List<io.meridian.placement.latency.RttSample> exact = real.stream()
                .map(s -> new io.meridian.placement.latency.RttSample(s.from(), s.to(), s.a(), s.b(),
                        m.rttMs(s.a(), s.b())))
                .toList();
        assertThat(PlacementStudy.leaveOneOut(exact).meanAbsoluteMs()).isLessThan(1e-6);
        assertThat(PlacementStudy.leaveOneOut(real).meanAbsoluteMs())
                .isGreaterThan(m.errorAgainst(real).meanAbsoluteMs());
    }

    private static SweepPoint point(double t, double mean, double p95) {
        LatencyView conf = new LatencyView(1, mean, p95, 0, 0);
        LatencyView pair = new LatencyView(1, mean + 5, p95, 0, 0);
        return new SweepPoint(t, List.of(new PolicyResult("m", 1, 2, 0, 1, mean + 5, p95, 0, 1, 0, 0, 0, 0, 0, 1,
                List.of(), conf, conf, pair, 1, 1, 0)));
    }

    @Test
    void aBadParticipantRowFailsTheCommandNamingTheLine(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("people.csv");
        Files.writeString(csv, "latitude,longitude\n48.85,2.35\n48.85;2.35\n");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream saved = System.err;
        int status;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            status = StudyMain.run(new String[] {"--participants", csv.toString(), "--conferences", "10"});
        } finally {
            System.setErr(saved);
        }
        assertThat(status).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains(csv + ":3: expected latitude,longitude[,weight[,label]] but found 1 field(s)");
    }

    @Test
    void anUnknownOptionIsAUsageError() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream saved = System.err;
        int status;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            status = StudyMain.run(new String[] {"--confrences", "10"});
        } finally {
            System.setErr(saved);
        }
        assertThat(status).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown option --confrences", "usage: bin/study");
    }
}
