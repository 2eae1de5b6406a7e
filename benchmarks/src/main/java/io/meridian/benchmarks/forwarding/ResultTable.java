package io.meridian.benchmarks.forwarding;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/** Prints the results: one row per forwarder and scenario, agent/ceiling ratios, then loss and where it happened. */
final class ResultTable {
    private ResultTable() {
    }

    /** Prints one row per scenario and path from its pooled runs ({@code runs}: one list per scenario and path). */
    static void print(List<List<PhaseResult>> runs, PrintStream out) {
        List<PhaseResult> results = runs.stream().map(PhaseResult::pool).toList();
        out.println("fwd/CPU-s = RTP packets forwarded per CPU-second of the forwarding thread (user+system; on loopback");
        out.println("the sender's thread also pays the kernel's delivery to the receiving socket). Latency: publisher's");
        out.println("send call -> subscriber's receive, through the forwarder, during the measured window.");
        out.println();
        out.printf(Locale.ROOT, "%-14s %-8s %9s %10s %7s %11s %8s %9s %9s %9s %10s%n", "scenario", "path",
                "in pkt/s", "fwd pkt/s", "CPU", "fwd/CPU-s", "B/fwd", "p50 us", "p99 us", "p99.9 us", "lost");
        for (PhaseResult r : results) {
            out.printf(Locale.ROOT, "%-14s %-8s %9.0f %10.0f %6.0f%% %11.0f %8.1f %9.1f %9.1f %9.1f %10s%n",
                    r.scenario(), r.path(), r.inPerSecond(), r.forwardedPerSecond(), 100 * r.cpuShare(),
                    r.forwardedPerCpuSecond(), r.allocatedPerForwarded(), r.latencyMicros(0.5),
                    r.latencyMicros(0.99), r.latencyMicros(0.999), lost(r));
        }
        out.println();
        out.println("agent vs udp-fwd (same scenario, same run):");
        for (PhaseResult a : results) {
            if (!a.path().equals("agent")) {
                continue;
            }
            PhaseResult b = results.stream().filter(x -> x.scenario().equals(a.scenario()) && !x.path().equals("agent"))
                    .findFirst().orElse(null);
            if (b == null) {
                continue;
            }
            out.printf(Locale.ROOT, "  %-14s fwd/CPU-s %.2fx of the ceiling (%.1f vs %.1f us CPU per forwarded packet);"
                            + " latency p50 %+.1f us, p99 %+.1f us%n",
                    a.scenario(), a.forwardedPerCpuSecond() / b.forwardedPerCpuSecond(), usPerPacket(a),
                    usPerPacket(b), a.latencyMicros(0.5) - b.latencyMicros(0.5),
                    a.latencyMicros(0.99) - b.latencyMicros(0.99));
        }
        if (runs.stream().anyMatch(l -> l.size() > 1)) {
            out.println();
            out.println("fwd/CPU-s of each run (spread between repeats):");
            for (List<PhaseResult> l : runs) {
                StringBuilder s = new StringBuilder();
                for (PhaseResult r : l) {
                    s.append(String.format(Locale.ROOT, " %.0f", r.forwardedPerCpuSecond()));
                }
                out.printf(Locale.ROOT, "  %-14s %-8s%s%n", l.get(0).scenario(), l.get(0).path(), s);
            }
        }
        out.println();
        out.println("loss (whole phase, after a drain) and where it happened:");
        for (PhaseResult r : results) {
            out.printf(Locale.ROOT, "  %-14s %-8s sent %d, expected %d deliveries, delivered %d, lost %d (%.3f%%)%s%n",
                    r.scenario(), r.path(), r.sent(), r.expected(), r.delivered(), r.lost(), r.lossPercent(),
                    causes(r));
        }
        out.println();
        out.println("other: load threads' CPU (publishers + subscribers) and GC during the window:");
        for (PhaseResult r : results) {
            out.printf(Locale.ROOT, "  %-14s %-8s load CPU %.0f%% of a core; %d GCs, %d ms; %d latency samples%n",
                    r.scenario(), r.path(), 100.0 * r.loadCpuNanos() / r.windowNanos(), r.gcCount(), r.gcMillis(),
                    r.latency().count());
        }
    }

    private static double usPerPacket(PhaseResult r) {
        return r.forwardedWindow() == 0 ? 0 : r.cpuNanos() / 1e3 / r.forwardedWindow();
    }

    private static String lost(PhaseResult r) {
        return r.lost() == 0 ? "0" : String.format(Locale.ROOT, "%.2f%%", r.lossPercent());
    }

    private static String causes(PhaseResult r) {
        StringBuilder s = new StringBuilder();
        if (!r.kernelCountersKnown()) {
            s.append("; kernel socket drop counters unreadable");
        } else {
            if (r.forwarderKernelDrops() != 0) {
                s.append("; forwarder socket full: ").append(r.forwarderKernelDrops()).append(" datagrams");
            }
            if (r.subscriberKernelDrops() != 0) {
                s.append("; subscriber sockets full: ").append(r.subscriberKernelDrops()).append(" datagrams");
            }
        }
        if (!r.forwarderDrops().isEmpty()) {
            s.append("; forwarder counted: ").append(r.forwarderDrops());
        }
        if (r.subscriberBadSrtp() != 0) {
            s.append("; subscribers rejected (SRTP/not ours): ").append(r.subscriberBadSrtp());
        }
        if (r.generatorFailures() != 0) {
            s.append("; publishers failed to send: ").append(r.generatorFailures());
        }
        return s.toString();
    }
}
