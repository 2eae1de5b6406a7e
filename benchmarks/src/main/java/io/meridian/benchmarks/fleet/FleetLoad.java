package io.meridian.benchmarks.fleet;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * One controller replica holding a large simulated fleet (bin/bench-fleet, docs/benchmarks-controller.md): the same
 * join load runs twice in one run — beside a small fleet (the baseline) and beside N agents reporting every second —
 * and for each the controller process's CPU over the window (from /proc), the joins' p50/p99 and errors, and its
 * heap after a full GC. What N agents cost is the difference: report handling as a share of one core, and heap bytes
 * per agent.
 */
public final class FleetLoad {
    /** Where simulated agents say they are; all in the controller's built-in catalog. */
    private static final String[] REGIONS = {"us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-1",
        "ap-northeast-1", "sa-east-1", "ap-south-1", "af-south-1", "australiaeast"};
    /** Where joiners say they are (a location hint), so joins land in several regions. */
    private static final double[][] CITIES = {{48.86, 2.35}, {40.71, -74.0}, {35.68, 139.69}, {-23.55, -46.63},
        {1.35, 103.82}, {51.51, -0.13}, {37.77, -122.42}, {19.08, 72.88}};

    private FleetLoad() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = options(args);
        String http = o.getOrDefault("http", "http://127.0.0.1:8080");
        String grpc = o.getOrDefault("grpc", "127.0.0.1:9090");
        String credential = required(o, "credential");
        String[] app = required(o, "app").split(":", 2);
        long pid = Long.parseLong(required(o, "controller-pid"));
        int agents = Integer.parseInt(o.getOrDefault("agents", "10000"));
        int seconds = Integer.parseInt(o.getOrDefault("seconds", "20"));
        int joinRate = Integer.parseInt(o.getOrDefault("join-rate", "20"));
        // Unmeasured joins first, and a settling time after the fleet connects, so that neither phase pays for the
        // JIT compiling the code it measures.
        int warmup = Integer.parseInt(o.getOrDefault("warmup", "15"));
        int baselineAgents = 20;

        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        System.out.printf("# %d simulated agents vs %d, joins at %d/s for %d s per phase after %d s of warm-up,"
                + " controller pid %d%n", agents, baselineAgents, joinRate, seconds, warmup, pid);
        List<Phase> phases = new ArrayList<>();
        try (SimulatedFleet base = new SimulatedFleet(grpc, credential, 2, 1000)) {
            for (int i = 0; i < baselineAgents; i++) {
                base.connect(String.format("sim-base-%02d", i), REGIONS[i % REGIONS.length]);
            }
            awaitWelcomed(base, baselineAgents);
            measure("warm-up", base, client, http, app, pid, warmup, joinRate, "w");
            phases.add(measure("baseline: " + baselineAgents + " agents", base, client, http, app, pid, seconds,
                    joinRate, "b"));
            try (SimulatedFleet fleet = new SimulatedFleet(grpc, credential, 16, 1000)) {
                long started = System.nanoTime();
                for (int i = 0; i < agents; i++) {
                    fleet.connect(String.format("sim-%05d", i), REGIONS[i % REGIONS.length]);
                    if (i % 500 == 499) {
                        Thread.sleep(100); // ramp: ~5,000 new streams a second
                    }
                }
                awaitWelcomed(fleet, agents);
                System.out.printf("# %d agents welcomed in %.1f s%n", fleet.welcomed(),
                        (System.nanoTime() - started) / 1e9);
                Thread.sleep(warmup * 1000L);
                phases.add(measure("fleet: " + (agents + baselineAgents) + " agents", fleet, client, http, app, pid,
                        seconds, joinRate, "f"));
                if (fleet.failed() > 0) {
                    System.out.printf("# %d simulated agent streams failed%n", fleet.failed());
                }
            }
        }
        System.out.println();
        System.out.println("| phase | controller CPU (% of one core) | reports/s | joins | join errors | join p50 (ms) |"
                + " join p99 (ms) | heap after GC (MiB) |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        for (Phase p : phases) {
            System.out.printf("| %s | %.1f | %.0f | %d | %d | %.1f | %.1f | %.1f |%n", p.name, p.cpuPercent,
                    p.reportsPerSecond, p.joins, p.errors, p.p50, p.p99, p.heapBytes / 1048576.0);
        }
        Phase b = phases.get(0);
        Phase f = phases.get(1);
        System.out.printf("%nreport handling: %.1f %% of one core for %d more agents (%.0f reports/s);"
                + " heap per agent: %.1f KiB; join p99 %.1f → %.1f ms%n", f.cpuPercent - b.cpuPercent, agents,
                f.reportsPerSecond - b.reportsPerSecond, (f.heapBytes - b.heapBytes) / 1024.0 / agents, b.p99, f.p99);
        System.exit(0);
    }

    private record Phase(String name, double cpuPercent, double reportsPerSecond, int joins, int errors, double p50,
            double p99, long heapBytes) {
    }

    private static Phase measure(String name, SimulatedFleet fleet, HttpClient client, String http, String[] app,
            long pid, int seconds, int joinRate, String tag) throws Exception {
        long reportsBefore = fleet.reportsSent();
        long cpuBefore = cpuTicks(pid);
        long started = System.nanoTime();
        List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger errors = new AtomicInteger();
        List<CompletableFuture<Void>> inFlight = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            int total = seconds * joinRate;
            for (int i = 0; i < total; i++) {
                long due = started + (long) (i * 1e9 / joinRate);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                int n = i;
                inFlight.add(CompletableFuture.runAsync(() -> {
                    long t0 = System.nanoTime();
                    try {
                        int status = join(client, http, app, "fleet-" + tag + "-" + n, "u" + n, CITIES[n % CITIES.length]);
                        if (status == 200) {
                            latencies.add((System.nanoTime() - t0) / 1e6);
                        } else {
                            errors.incrementAndGet();
                        }
                    } catch (IOException | InterruptedException e) {
                        errors.incrementAndGet();
                    }
                }, pool));
            }
            CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).join();
        }
        double elapsed = (System.nanoTime() - started) / 1e9;
        double cpu = (cpuTicks(pid) - cpuBefore) / (double) clockTicksPerSecond() / elapsed * 100;
        double reportsPerSecond = (fleet.reportsSent() - reportsBefore) / elapsed;
        List<Double> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        return new Phase(name, cpu, reportsPerSecond, sorted.size(), errors.get(), percentile(sorted, 50),
                percentile(sorted, 99), heapAfterGc(pid));
    }

    private static int join(HttpClient client, String http, String[] app, String conference, String identity,
            double[] city) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(http + "/v1/conferences/" + conference + "/join"))
                .header("authorization", "Bearer " + grant(app[0], app[1], conference, identity))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"location\":{\"lat\":" + city[0] + ",\"lon\":" + city[1] + "}}"))
                .timeout(Duration.ofSeconds(10)).build();
        return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** A join grant as an application's backend mints it (HS256; docs/security.md). */
    static String grant(String apiKey, String secret, String conference, String identity) {
        long now = System.currentTimeMillis() / 1000;
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String claims = b64.encodeToString(("{\"iss\":\"" + apiKey + "\",\"sub\":\"" + identity + "\",\"conference\":\""
                + conference + "\",\"permissions\":[\"publish\",\"subscribe\"],\"iat\":" + now + ",\"exp\":"
                + (now + 600) + ",\"jti\":\"" + UUID.randomUUID() + "\"}").getBytes(StandardCharsets.UTF_8));
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            String input = header + "." + claims;
            return input + "." + b64.encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void awaitWelcomed(SimulatedFleet fleet, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (fleet.welcomed() < expected && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        if (fleet.welcomed() < expected) {
            throw new IllegalStateException("only " + fleet.welcomed() + " of " + expected + " agents welcomed ("
                    + fleet.failed() + " streams failed)");
        }
    }

    /** utime + stime of the process, in clock ticks (/proc/PID/stat fields 14 and 15). */
    private static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    private static long clockTicksPerSecond() {
        return 100; // USER_HZ on Linux
    }

    /** Heap used after a full GC, from the JDK's jcmd (GC.run, then GC.heap_info's "used"). */
    private static long heapAfterGc(long pid) throws IOException, InterruptedException {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        new ProcessBuilder(jcmd, String.valueOf(pid), "GC.run").redirectErrorStream(true).start().waitFor();
        Process info = new ProcessBuilder(jcmd, String.valueOf(pid), "GC.heap_info").redirectErrorStream(true).start();
        String out = new String(info.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        info.waitFor();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("used (\\d+)K").matcher(out);
        return m.find() ? Long.parseLong(m.group(1)) * 1024 : -1;
    }

    private static double percentile(List<Double> sorted, int p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    private static String required(Map<String, String> o, String name) {
        String value = o.get(name);
        if (value == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> o = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --name value, got " + args[i]);
            }
            o.put(args[i].substring(2), args[i + 1]);
        }
        return o;
    }
}
