package io.meridian.benchmarks;

import io.meridian.placement.Decision;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Companion to the JMH benchmark for a shared machine: the <em>CPU time</em> of the benchmark thread per decision,
 * which other processes competing for the cores do not inflate, next to the wall time. Also prints which rules the
 * benchmark's joiners exercise. Usage: {@code java -cp benchmarks.jar io.meridian.benchmarks.PolicyCpuTime [decisions]}.
 */
public final class PolicyCpuTime {

    private PolicyCpuTime() {
    }

    /**
     * @param args optional number of measured decisions per scenario (default 20,000)
     */
    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        PolicyBenchFixture fixture = new PolicyBenchFixture();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();

        Map<String, Integer> rules = new TreeMap<>();
        for (int i = 0; i < PolicyBenchFixture.PLACES; i++) {
            rules.merge(fixture.joinTheConference().explanation().rule().caseName(), 1, Integer::sum);
        }
        System.out.println("rules over the " + PolicyBenchFixture.PLACES + " joiners of the conference: " + rules);

        for (String scenario : new String[] {"joinA100ParticipantConference", "startANewConference"}) {
            boolean join = scenario.startsWith("join");
            long sink = 0;
            for (int i = 0; i < n; i++) { // warm-up: same count as measured
                sink += decide(fixture, join).explanation().candidates().size();
            }
            long[] wallNs = new long[n];
            long cpu0 = threads.getCurrentThreadCpuTime();
            long wall0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                long t = System.nanoTime();
                sink += decide(fixture, join).explanation().candidates().size();
                wallNs[i] = System.nanoTime() - t;
            }
            long wall = System.nanoTime() - wall0;
            long cpu = threads.getCurrentThreadCpuTime() - cpu0;
            Arrays.sort(wallNs);
            System.out.printf(Locale.ROOT, "%-32s n=%d  cpu %.1f us/op  wall %.1f us/op  wall p50 %.1f us  "
                            + "p99 %.1f us  (checksum %d)%n", scenario, n, cpu / 1e3 / n, wall / 1e3 / n,
                    wallNs[n / 2] / 1e3, wallNs[(int) (n * 0.99)] / 1e3, sink);
        }
    }

    private static Decision decide(PolicyBenchFixture fixture, boolean join) {
        return join ? fixture.joinTheConference() : fixture.startAConference();
    }
}
