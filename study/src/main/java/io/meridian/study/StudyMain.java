package io.meridian.study;

import io.meridian.study.replay.DecisionLog;
import io.meridian.study.replay.Replay;

import io.meridian.study.report.MarkdownReport;
import io.meridian.study.report.SvgCharts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * {@code bin/study}: runs the placement study and prints its Markdown report on standard output (timings go to
 * standard error, so the same seed prints the same report).
 */
public final class StudyMain {

    private StudyMain() {
    }

    /**
     * @param args see {@link StudyOptions#USAGE}
     */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /**
     * @param args the command line
     * @return the exit status: 0 done, 2 bad usage or input, 1 I/O failure
     */
    static int run(String[] args) {
        StudyOptions options;
        try {
            options = StudyOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("study: " + e.getMessage());
            System.err.print(StudyOptions.USAGE);
            return 2;
        }
        if (options.help()) {
            System.out.print(StudyOptions.USAGE);
            return 0;
        }
        try {
            if (options.replay() != null) {
                return replay(options);
            }
            long start = System.nanoTime();
            StudyResult result = PlacementStudy.run(options, (policy, nanos) -> System.err.printf(Locale.ROOT,
                    "study: %-16s %6.2f s%n", policy, nanos / 1e9));
            long simulated = System.nanoTime();
            System.out.print(MarkdownReport.render(result));
            if (options.svgDir() != null) {
                Files.createDirectories(options.svgDir());
                write(options.svgDir().resolve("study-policies.svg"), SvgCharts.policies(result));
                write(options.svgDir().resolve("study-sweep.svg"), SvgCharts.sweep(result));
            }
            int runs = result.policies().size() * options.testSeeds().size()
                    + result.sweep().size() * options.trainSeeds().size();
            System.err.printf(Locale.ROOT, "study: %,d conferences x %d policy runs simulated in %.1f s "
                            + "(%.1f s with workload and report), %d cores%n",
                    options.workload().conferences(), runs, (simulated - start) / 1e9,
                    (System.nanoTime() - start) / 1e9, Runtime.getRuntime().availableProcessors());
            return 0;
        } catch (IllegalArgumentException e) {
            System.err.println("study: " + e.getMessage());
            return 2;
        } catch (UncheckedIOException | IOException e) {
            System.err.println("study: " + e.getMessage());
            return 1;
        }
    }

    private static int replay(StudyOptions options) throws IOException {
        DecisionLog log = DecisionLog.parse(Files.readString(options.replay(), StandardCharsets.UTF_8),
                options.replay().toString());
        io.meridian.placement.geo.RegionCatalog catalog = options.regions() == null ? PlacementStudy.studyCatalog()
                : io.meridian.placement.geo.RegionCatalog.parse(Files.newBufferedReader(options.regions(),
                StandardCharsets.UTF_8), options.regions().toString());
        System.out.print(Replay.render(log, Replay.run(log, options, catalog)));
        return 0;
    }

    private static void write(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8);
        System.err.println("study: wrote " + file);
    }
}
