package io.meridian.benchmarks.forwarding;

import io.meridian.agent.srtp.SrtpProfile;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Forwarding throughput of one media agent over loopback with SRTP on, next to a minimal UDP forwarder measured in
 * the same run as the ceiling. For each scenario (N publishers × M subscribers) both forwarders get the same load;
 * the table shows forwarded packets per CPU-second of the forwarding thread, latency from the publisher's send
 * call to the subscriber's receive, and every lost packet with where it was lost. See docs/benchmarks-forwarding.md.
 * <p>Usage: {@code java -cp benchmarks.jar io.meridian.benchmarks.forwarding.ForwardingBenchmark [options]};
 * {@code --help} lists the options.
 */
public final class ForwardingBenchmark {
    /** LiveKit's published figure, forwarded packets per second per vCPU, for the comparison line. */
    private static final String LIVEKIT = "LiveKit publishes about 50-60k forwarded packets/s per vCPU";
    private static final Scenario JIT_WARMUP = new Scenario(4, 4, 1000);
    private static final Logger QUIET_AGENT_LOGS = Logger.getLogger("io.meridian");

    private ForwardingBenchmark() {
    }

    /** Runs the scenarios and prints the table; exit code 1 on bad arguments. */
    public static void main(String[] args) throws InterruptedException {
        Options o;
        try {
            o = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(Options.USAGE);
            System.exit(1);
            return;
        }
        if (o.help()) {
            System.out.println(Options.USAGE);
            return;
        }
        QUIET_AGENT_LOGS.setLevel(Level.WARNING); // the agent logs each media plane it opens at INFO

        System.out.printf(Locale.ROOT, "load: each publisher sends video %d pkt/s of %d B + audio %d pkt/s of %d B"
                        + " (RTP sizes before SRTP), paced every %d ms; SRTP %s; warm-up %d s, measured %d s%n",
                o.load().videoPps(), o.load().videoBytes(), o.load().audioPps(), o.load().audioBytes(),
                o.load().pacingMillis(), o.profile(), o.warmupSeconds(), o.durationSeconds());
        System.out.printf(Locale.ROOT, "machine: %d CPUs, load average %s; java %s%n",
                Runtime.getRuntime().availableProcessors(), loadAverage(), Runtime.version());
        if (o.jitWarmupSeconds() > 0) { // compile the hot paths before anything is measured (steady state)
            for (Phase.Path path : o.paths()) {
                System.out.printf(Locale.ROOT, "JIT warm-up: %s through %s for %d s (not reported)%n", JIT_WARMUP,
                        path == Phase.Path.AGENT ? "agent" : "udp-fwd", o.jitWarmupSeconds());
                Phase.run(path, JIT_WARMUP, o.load().withVideoPps(JIT_WARMUP.videoPps()), o.profile(), 0,
                        o.jitWarmupSeconds() * 1_000_000_000L);
            }
        }
        List<List<PhaseResult>> runs = new ArrayList<>();
        for (Scenario sc : o.scenarios()) {
            Load load = o.load().withVideoPps(sc.videoPps());
            List<List<PhaseResult>> byPath = new ArrayList<>();
            o.paths().forEach(p -> byPath.add(new ArrayList<>()));
            for (int rep = 1; rep <= o.repeat(); rep++) { // paths interleaved, so a change in machine load hits both
                for (int i = 0; i < o.paths().size(); i++) {
                    Phase.Path path = o.paths().get(i);
                    System.out.printf(Locale.ROOT, "running %s through %s (%d/%d), load average %s ...%n", sc,
                            path == Phase.Path.AGENT ? "agent" : "udp-fwd", rep, o.repeat(), loadAverage());
                    byPath.get(i).add(Phase.run(path, sc, load, o.profile(), o.warmupSeconds() * 1_000_000_000L,
                            o.durationSeconds() * 1_000_000_000L));
                }
            }
            runs.addAll(byPath);
        }
        System.out.println();
        ResultTable.print(runs, System.out);
        System.out.println();
        System.out.println(LIVEKIT + "; compare the agent's fwd/CPU-s column.");
    }

    private static String loadAverage() {
        try {
            String[] f = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (java.io.IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /** Command-line options. */
    record Options(List<Scenario> scenarios, List<Phase.Path> paths, Load load, SrtpProfile profile,
            int warmupSeconds, int durationSeconds, int repeat, int jitWarmupSeconds, boolean help) {
        static final String USAGE = """
                options:
                  --scenarios LIST   comma-separated NxM or NxM@videoPps (default 1x10,5x5,10x10,10x10@1000)
                  --duration S       measured seconds per phase (default 10)
                  --warmup S         warm-up seconds per phase, not measured (default 2)
                  --video-pps N      video packets/s per publisher when a scenario gives none (default 250)
                  --video-bytes N    video RTP packet size before SRTP (default 1100)
                  --audio-bytes N    audio RTP packet size before SRTP (default 100; 50 packets/s)
                  --profile P        gcm (AEAD_AES_128_GCM, the agent's first choice) or cm (AES_CM_128_HMAC_SHA1_80)
                  --paths LIST       agent,udp-fwd (default both)
                  --repeat R         runs per scenario and path, interleaved, pooled in the table (default 1)
                  --jit-warmup S     seconds of 4x4@1000 through each path before measuring, to reach compiled
                                     code (default 3; 0 = off)""";

        static Options parse(String[] args) {
            String scenarios = "1x10,5x5,10x10,10x10@1000";
            int duration = 10;
            int warmup = 2;
            int videoPps = 250;
            int videoBytes = 1100;
            int audioBytes = 100;
            SrtpProfile profile = SrtpProfile.AEAD_AES_128_GCM;
            List<Phase.Path> paths = List.of(Phase.Path.AGENT, Phase.Path.BASELINE);
            boolean help = false;
            int repeat = 1;
            int jitWarmup = 3;
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (a.equals("--help") || a.equals("-h")) {
                    help = true;
                    continue;
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("missing value after " + a);
                }
                String v = args[++i];
                try {
                    switch (a) {
                        case "--scenarios" -> scenarios = v;
                        case "--duration" -> duration = positive(a, v);
                        case "--warmup" -> warmup = Integer.parseInt(v);
                        case "--video-pps" -> videoPps = Integer.parseInt(v);
                        case "--video-bytes" -> videoBytes = Integer.parseInt(v);
                        case "--audio-bytes" -> audioBytes = Integer.parseInt(v);
                        case "--profile" -> profile = switch (v) {
                            case "gcm" -> SrtpProfile.AEAD_AES_128_GCM;
                            case "cm" -> SrtpProfile.AES_CM_128_HMAC_SHA1_80;
                            default -> throw new IllegalArgumentException("--profile is gcm or cm, got " + v);
                        };
                        case "--paths" -> paths = parsePaths(v);
                        case "--repeat" -> repeat = positive(a, v);
                        case "--jit-warmup" -> jitWarmup = Integer.parseInt(v);
                        default -> throw new IllegalArgumentException("unknown option " + a);
                    }
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(a + " needs a number, got " + v);
                }
            }
            if (warmup < 0 || jitWarmup < 0) {
                throw new IllegalArgumentException("--warmup and --jit-warmup must be >= 0");
            }
            int defaultPps = videoPps;
            List<Scenario> list = new ArrayList<>();
            for (String s : scenarios.split(",")) {
                if (!s.isBlank()) {
                    list.add(Scenario.parse(s, defaultPps));
                }
            }
            if (list.isEmpty()) {
                throw new IllegalArgumentException("no scenarios");
            }
            return new Options(list, paths, new Load(videoPps, videoBytes, 50, audioBytes, 5), profile, warmup,
                    duration, repeat, jitWarmup, help);
        }

        private static int positive(String name, String v) {
            int n = Integer.parseInt(v);
            if (n <= 0) {
                throw new IllegalArgumentException(name + " must be > 0");
            }
            return n;
        }

        private static List<Phase.Path> parsePaths(String v) {
            List<Phase.Path> out = new ArrayList<>();
            for (String p : v.split(",")) {
                switch (p.trim()) {
                    case "agent" -> out.add(Phase.Path.AGENT);
                    case "udp-fwd", "baseline" -> out.add(Phase.Path.BASELINE);
                    default -> throw new IllegalArgumentException("--paths takes agent and/or udp-fwd, got " + p);
                }
            }
            if (out.isEmpty()) {
                throw new IllegalArgumentException("--paths is empty");
            }
            return out;
        }
    }
}
