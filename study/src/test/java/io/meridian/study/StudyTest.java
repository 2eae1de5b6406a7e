package io.meridian.study;

import io.meridian.study.StudyResult.SweepPoint;
import io.meridian.study.report.MarkdownReport;
import io.meridian.study.report.SvgCharts;
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
        StudyResult r = run("--conferences", "2000", "--thresholds", "0,30,100");
        assertThat(r.policies()).extracting(PolicyResult::policy)
                .containsExactly("first-joiner", "nearest-always", "region-groups", "meridian");
        assertThat(r.policies()).extracting(PolicyResult::pairs).containsOnly(r.policies().get(0).pairs());
        assertThat(r.sweep()).extracting(SweepPoint::thresholdMs).containsExactly(0.0, 30.0, 100.0);
        assertThat(r.policies().get(0).cascadedShare()).isZero();
        assertThat(r.policies().get(3).cascadedShare()).isPositive();
        String md = MarkdownReport.render(r);
        assertThat(md).contains("| first-joiner |", "| meridian |", "Recommended default threshold: **",
                "Against the published inter-region table: 45 pairs");
    }

    @Test
    void theRecommendationIsTheLargestThresholdWithinAMillisecondOfTheBest() {
        List<SweepPoint> sweep = List.of(point(0, 66.0, 158.0), point(20, 65.0, 156.0), point(40, 65.4, 156.9),
                point(60, 65.2, 157.2), point(80, 66.5, 160.0));
        assertThat(PlacementStudy.recommend(sweep)).isEqualTo(40.0);
    }

    private static SweepPoint point(double t, double mean, double p95) {
        return new SweepPoint(t, new PolicyResult("m", 1, 2, 0, 1, mean, p95, 0, 1, 0, 0, 0, 0, 0, 1, List.of()));
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
