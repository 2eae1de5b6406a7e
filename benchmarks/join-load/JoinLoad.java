// Join load generator for bin/bench-join: concurrent POST /v1/conferences/{id}/join requests, each with a join grant
// minted for the benchmark's application, against a controller whose agents are real bin/media-agent processes.
// JDK only (run as a source file: java JoinLoad.java --http … --app-key … --app-secret … --operator-token …).
//
// Modes:
//   cascade  participants of each conference located in turn in New York, Dublin, Tokyo, San Francisco and Paris
//            (three regions' agents), so conferences span several agents and the agents get OpenRelay commands;
//   storm    every join to one conference at once (a meeting everyone opens at 09:00).
// Prints throughput, latency percentiles, errors by status, and how many conferences spanned 1, 2, 3… agents.
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

public class JoinLoad {
    /** Locations whose nearest regions are us-east-1, eu-west-1, ap-northeast-1, (us-west), eu-west. */
    static final double[][] PLACES = {{40.7, -74.0}, {53.3, -6.3}, {35.7, 139.7}, {37.8, -122.4}, {48.9, 2.4}};
    static final Pattern AGENT_ID = Pattern.compile("\"agentId\"\\s*:\\s*\"([^\"]+)\"");
    static final Pattern STATE_UP = Pattern.compile("\"agentId\"\\s*:\\s*\"([^\"]+)\"[^}]*?\"state\"\\s*:\\s*\"up\"");

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = options(args);
        String http = need(opt, "http");
        String appKey = need(opt, "app-key");
        String appSecret = need(opt, "app-secret");
        String operatorToken = need(opt, "operator-token");
        String mode = opt.getOrDefault("mode", "cascade");
        int agents = Integer.parseInt(opt.getOrDefault("agents", "3"));
        int conferences = Integer.parseInt(opt.getOrDefault("conferences", "100"));
        int joins = Integer.parseInt(opt.getOrDefault("joins", "2000"));
        int warmup = Integer.parseInt(opt.getOrDefault("warmup", "200"));
        int concurrency = Integer.parseInt(opt.getOrDefault("concurrency", "16"));
        String run = opt.getOrDefault("run-id", Long.toString(System.currentTimeMillis(), 36));

        HttpClient client = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(4))
                .connectTimeout(Duration.ofSeconds(5)).build();
        awaitAgents(client, http, operatorToken, agents);
        Grants grants = new Grants(appKey, appSecret);

        if (mode.equals("storm")) {
            String conference = run + "-storm";
            System.out.printf("storm: %d joins to conference %s, %d concurrent clients, %d agents%n", joins, conference,
                    concurrency, agents);
            report("storm", run(client, http, grants, i -> conference, i -> run + "-storm-p" + i, joins, concurrency));
        } else if (mode.equals("cascade")) {
            System.out.printf("warm-up: %d joins%n", warmup);
            run(client, http, grants, i -> run + "-warm-" + (i % conferences), i -> run + "-warm-p" + i, warmup,
                    concurrency);
            System.out.printf("cascade: %d joins to %d conferences (%d participants each, located in turn in New York,"
                    + " Dublin, Tokyo, San Francisco, Paris), %d concurrent clients, %d agents%n", joins, conferences,
                    (joins + conferences - 1) / conferences, concurrency, agents);
            report("cascade", run(client, http, grants, i -> run + "-conf-" + (i % conferences),
                    i -> run + "-p" + i, joins, concurrency));
        } else {
            throw new IllegalArgumentException("--mode must be cascade or storm");
        }
        System.exit(0);
    }

    interface Naming {
        String name(int i);
    }

    record Result(int ok, Map<String, Integer> errors, double seconds, long[] latenciesNanos,
            Map<String, Set<String>> agentsByConference) {
        int errorCount() {
            return errors.values().stream().mapToInt(Integer::intValue).sum();
        }

        double percentile(double p) {
            if (latenciesNanos.length == 0) {
                return Double.NaN;
            }
            int index = (int) Math.ceil(p / 100.0 * latenciesNanos.length) - 1;
            return latenciesNanos[Math.max(0, Math.min(latenciesNanos.length - 1, index))] / 1e6;
        }
    }

    static void report(String mode, Result result) {
        Map<Integer, Integer> spans = new TreeMap<>();
        result.agentsByConference().values().forEach(a -> spans.merge(a.size(), 1, Integer::sum));
        System.out.printf("%s: joins=%d errors=%d %s seconds=%.2f throughput=%.1f/s p50=%.2fms p99=%.2fms max=%.2fms%n",
                mode, result.ok(), result.errorCount(), result.errors(), result.seconds(), result.ok() / result.seconds(),
                result.percentile(50), result.percentile(99), result.percentile(100));
        System.out.printf("%s: conferences by number of agents spanned %s%n", mode, spans);
        System.out.printf("RESULT mode=%s joins_per_second=%.1f p50_ms=%.2f p99_ms=%.2f errors=%d%n", mode,
                result.ok() / result.seconds(), result.percentile(50), result.percentile(99), result.errorCount());
    }

    static Result run(HttpClient client, String http, Grants grants, Naming conferenceOf, Naming participantOf,
            int joins, int concurrency) throws Exception {
        long[] latencies = new long[joins];
        AtomicInteger next = new AtomicInteger();
        Map<String, Integer> errors = new ConcurrentHashMap<>();
        Map<String, Set<String>> agentsByConference = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> seat = new ConcurrentHashMap<>();
        Thread[] workers = new Thread[concurrency];
        long start = System.nanoTime();
        for (int w = 0; w < concurrency; w++) {
            workers[w] = Thread.ofPlatform().start(() -> {
                int i;
                while ((i = next.getAndIncrement()) < joins) {
                    String conference = conferenceOf.name(i);
                    String participant = participantOf.name(i);
                    // The k-th participant of a conference sits at PLACES[k % 5]: every conference spans regions.
                    int k = seat.computeIfAbsent(conference, c -> new AtomicInteger()).getAndIncrement();
                    double[] place = PLACES[k % PLACES.length];
                    String body = "{\"participantId\":\"" + participant + "\",\"location\":{\"lat\":" + place[0]
                            + ",\"lon\":" + place[1] + "}}";
                    HttpRequest request = HttpRequest.newBuilder(URI.create(http + "/v1/conferences/" + conference + "/join"))
                            .header("Content-Type", "application/json")
                            .header("Authorization", "Bearer " + grants.mint(conference, participant))
                            .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(body)).build();
                    long t0 = System.nanoTime();
                    try {
                        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                        latencies[i] = System.nanoTime() - t0;
                        if (response.statusCode() == 200) {
                            Matcher m = AGENT_ID.matcher(response.body());
                            if (m.find()) {
                                agentsByConference.computeIfAbsent(conference, c -> ConcurrentHashMap.newKeySet())
                                        .add(m.group(1));
                            }
                        } else {
                            latencies[i] = -1;
                            if (errors.merge(Integer.toString(response.statusCode()), 1, Integer::sum) == 1) {
                                System.err.println("first " + response.statusCode() + ": " + response.body());
                            }
                        }
                    } catch (Exception e) {
                        latencies[i] = -1;
                        if (errors.merge(e.getClass().getSimpleName(), 1, Integer::sum) == 1) {
                            System.err.println("first " + e);
                        }
                    }
                }
            });
        }
        for (Thread worker : workers) {
            worker.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long[] ok = Arrays.stream(latencies).filter(l -> l >= 0).sorted().toArray();
        return new Result(ok.length, new TreeMap<>(errors), seconds, ok, agentsByConference);
    }

    /** Waits (60 s at most) until the controller lists at least {@code expected} agents as up. */
    static void awaitAgents(HttpClient client, String http, String operatorToken, int expected) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(http + "/v1/agents"))
                .header("Authorization", "Bearer " + operatorToken).timeout(Duration.ofSeconds(5)).GET().build();
        String last = "";
        for (int attempt = 0; attempt < 120; attempt++) {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            last = response.statusCode() + " " + response.body();
            if (response.statusCode() == 200) {
                Matcher m = STATE_UP.matcher(response.body());
                int up = 0;
                while (m.find()) {
                    up++;
                }
                if (up >= expected) {
                    System.out.printf("%d agents up%n", up);
                    return;
                }
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("fewer than " + expected + " agents up after 60 s: " + last);
    }

    /** Join grants (HS256 JWT) for the benchmark's application, as its backend would mint them (docs/security.md). */
    static final class Grants {
        private final String key;
        private final SecretKeySpec secret;

        Grants(String key, String secret) {
            this.key = key;
            this.secret = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
        }

        String mint(String conference, String identity) {
            long now = System.currentTimeMillis() / 1000;
            String payload = "{\"iss\":\"" + key + "\",\"sub\":\"" + identity + "\",\"conference\":\"" + conference
                    + "\",\"permissions\":[\"publish\",\"subscribe\"],\"iat\":" + now + ",\"nbf\":" + now
                    + ",\"exp\":" + (now + 600) + ",\"jti\":\"" + UUID.randomUUID() + "\"}";
            String input = b64("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                    + b64(payload.getBytes(StandardCharsets.UTF_8));
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(secret);
                return input + "." + b64(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
            } catch (java.security.GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        private static String b64(byte[] bytes) {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        }
    }

    static String need(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("missing --" + name);
        }
        return value;
    }

    static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --name value, got " + args[i]);
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        return options;
    }
}
