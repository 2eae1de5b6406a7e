// Join load generator for bin/bench-join: a small fleet of scripted agents on the controller's gRPC port,
// then concurrent POST /v1/conferences/{id}/join requests; prints throughput and latency percentiles.
// Run with the controller module's test classpath (grpc-netty, the proto classes):
//   java -cp "$(cat classpath.txt)" JoinLoad.java --http http://127.0.0.1:18480 --grpc 127.0.0.1:19490 --token T
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import io.meridian.proto.agent.v1.AgentLinkGrpc;
import io.meridian.proto.agent.v1.AgentMessage;
import io.meridian.proto.agent.v1.CommandAck;
import io.meridian.proto.agent.v1.ControllerMessage;
import io.meridian.proto.agent.v1.Hello;
import io.meridian.proto.agent.v1.LoadReport;
import io.meridian.proto.agent.v1.UdpAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

public class JoinLoad {
    static final String[] REGIONS = {"us-east-1", "eu-west-1", "ap-northeast-1"};
    static final double[][] PLACES = {{40.7, -74.0}, {53.3, -6.3}, {35.7, 139.7}, {48.9, 2.4}, {37.8, -122.4}};

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = options(args);
        String http = opt.getOrDefault("http", "http://127.0.0.1:18480");
        String[] grpc = opt.getOrDefault("grpc", "127.0.0.1:19490").split(":");
        String token = opt.getOrDefault("token", "bench");
        int agentsPerRegion = Integer.parseInt(opt.getOrDefault("agents-per-region", "2"));
        int conferences = Integer.parseInt(opt.getOrDefault("conferences", "200"));
        int joins = Integer.parseInt(opt.getOrDefault("joins", "4000"));
        int warmup = Integer.parseInt(opt.getOrDefault("warmup", "400"));
        int concurrency = Integer.parseInt(opt.getOrDefault("concurrency", "16"));

        ManagedChannel channel = NettyChannelBuilder.forAddress(grpc[0], Integer.parseInt(grpc[1])).usePlaintext().build();
        ScheduledExecutorService timer = Executors.newScheduledThreadPool(2);
        List<StreamObserver<AgentMessage>> agents = new ArrayList<>();
        CountDownLatch welcomed = new CountDownLatch(REGIONS.length * agentsPerRegion);
        int port = 20000;
        for (String region : REGIONS) {
            for (int i = 1; i <= agentsPerRegion; i++) {
                agents.add(agent(channel, token, "bench-" + region + "-" + i, region, port += 10, welcomed, timer));
            }
        }
        if (!welcomed.await(20, TimeUnit.SECONDS)) {
            throw new IllegalStateException("agents were not welcomed: wrong --grpc or --token?");
        }
        Thread.sleep(1500); // let every agent report once

        HttpClient client = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(4)).build();
        System.out.printf("warm-up: %d joins%n", warmup);
        run(client, http, "warm", warmup, conferences, concurrency);
        System.out.printf("measured: %d joins to %d conferences, %d concurrent clients, %d agents%n", joins,
                conferences, concurrency, agents.size());
        Result result = run(client, http, "run", joins, conferences, concurrency);
        System.out.printf("joins=%d errors=%d seconds=%.2f throughput=%.1f/s p50=%.2fms p99=%.2fms max=%.2fms%n",
                result.ok, result.errors, result.seconds, result.ok / result.seconds, result.percentile(50),
                result.percentile(99), result.percentile(100));
        System.out.printf("RESULT joins_per_second=%.1f p50_ms=%.2f p99_ms=%.2f errors=%d%n", result.ok / result.seconds,
                result.percentile(50), result.percentile(99), result.errors);
        stopping = true;
        agents.forEach(StreamObserver::onCompleted);
        timer.shutdownNow();
        channel.shutdownNow();
        System.exit(result.errors == 0 ? 0 : 1);
    }

    record Result(int ok, int errors, double seconds, long[] latenciesNanos) {
        double percentile(double p) {
            if (latenciesNanos.length == 0) {
                return Double.NaN;
            }
            int index = (int) Math.ceil(p / 100.0 * latenciesNanos.length) - 1;
            return latenciesNanos[Math.max(0, Math.min(latenciesNanos.length - 1, index))] / 1e6;
        }
    }

    static Result run(HttpClient client, String http, String prefix, int joins, int conferences, int concurrency)
            throws Exception {
        long[] latencies = new long[joins];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        AtomicLong firstError = new AtomicLong();
        Thread[] workers = new Thread[concurrency];
        long start = System.nanoTime();
        for (int w = 0; w < concurrency; w++) {
            workers[w] = Thread.ofPlatform().start(() -> {
                int i;
                while ((i = next.getAndIncrement()) < joins) {
                    double[] place = PLACES[i % PLACES.length];
                    String body = "{\"participantId\":\"" + prefix + "-" + i + "\",\"location\":{\"lat\":" + place[0]
                            + ",\"lon\":" + place[1] + "}}";
                    HttpRequest request = HttpRequest.newBuilder(
                                    URI.create(http + "/v1/conferences/" + prefix + "-conf-" + (i % conferences) + "/join"))
                            .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build();
                    long t0 = System.nanoTime();
                    try {
                        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                        latencies[i] = System.nanoTime() - t0;
                        if (response.statusCode() != 200) {
                            latencies[i] = -1;
                            if (errors.incrementAndGet() == 1) {
                                System.err.println("first error: " + response.statusCode() + " " + response.body());
                            }
                        }
                    } catch (Exception e) {
                        latencies[i] = -1;
                        if (errors.incrementAndGet() == 1) {
                            firstError.set(t0);
                            System.err.println("first error: " + e);
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
        return new Result(ok.length, errors.get(), seconds, ok);
    }

    static volatile boolean stopping;

    @SuppressWarnings("unchecked")
    static StreamObserver<AgentMessage> agent(ManagedChannel channel, String token, String id, String region, int port,
            CountDownLatch welcomed, ScheduledExecutorService timer) {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
        AgentLinkGrpc.AgentLinkStub stub = AgentLinkGrpc.newStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
        Object lock = new Object();
        StreamObserver<AgentMessage>[] out = new StreamObserver[1];
        out[0] = stub.connect(new StreamObserver<>() {
            @Override
            public void onNext(ControllerMessage message) {
                long command = switch (message.getBodyCase()) {
                    case OPEN_RELAY -> message.getOpenRelay().getCommandId();
                    case CLOSE_RELAY -> message.getCloseRelay().getCommandId();
                    case DRAIN -> message.getDrain().getCommandId();
                    case WELCOME -> {
                        welcomed.countDown();
                        yield 0;
                    }
                    default -> 0;
                };
                if (command > 0) {
                    synchronized (lock) {
                        out[0].onNext(AgentMessage.newBuilder()
                                .setCommandAck(CommandAck.newBuilder().setCommandId(command).setOk(true)).build());
                    }
                }
            }

            @Override
            public void onError(Throwable t) {
                if (!stopping) {
                    System.err.println("agent " + id + " stream ended: " + t);
                }
            }

            @Override
            public void onCompleted() {
            }
        });
        synchronized (lock) {
            out[0].onNext(AgentMessage.newBuilder().setHello(Hello.newBuilder().setAgentId(id).setRegion(region)
                    .setSignalingUrl("ws://127.0.0.1:" + port + "/signaling")
                    .setMediaAddress(UdpAddress.newBuilder().setHost("127.0.0.1").setPort(port + 1))
                    .setRelayAddress(UdpAddress.newBuilder().setHost("127.0.0.1").setPort(port + 2))
                    .setCapacityParticipants(1_000_000).setVersion("bench")).build());
        }
        AtomicLong sequence = new AtomicLong();
        timer.scheduleAtFixedRate(() -> {
            synchronized (lock) {
                out[0].onNext(AgentMessage.newBuilder().setLoadReport(LoadReport.newBuilder()
                        .setSequence(sequence.incrementAndGet()).setStress(0.1).setCpu(0.1)).build());
            }
        }, 200, 500, TimeUnit.MILLISECONDS);
        return out[0];
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
