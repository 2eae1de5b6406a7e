package io.meridian.benchmarks.fleet;

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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Agents that exist only as gRPC streams: each says Hello under its own id, reports its load on a fixed interval
 * (spread evenly over the interval so the controller sees a steady rate, not a burst per second) and acknowledges
 * every command. Streams share a few HTTP/2 connections, as agents behind one load balancer would not, but the
 * controller's per-stream work is the same. Nothing here sends media.
 */
final class SimulatedFleet implements AutoCloseable {
    private static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    /** Reports are sent by this many timer slots per interval. */
    private static final int SLOTS = 100;

    private final List<ManagedChannel> channels = new ArrayList<>();
    private final List<List<Agent>> slots = new ArrayList<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("fleet-reports").daemon().factory());
    private final String credential;
    private final AtomicLong welcomed = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong reports = new AtomicLong();
    private final AtomicLong commands = new AtomicLong();
    private int nextSlot;
    private int nextChannel;
    private volatile boolean closing;

    /** A fleet connecting to {@code target} ({@code host:port}) over {@code connections} channels. */
    SimulatedFleet(String target, String credential, int connections, long reportIntervalMs) {
        this.credential = credential;
        for (int i = 0; i < connections; i++) {
            channels.add(NettyChannelBuilder.forTarget(target).usePlaintext().build());
        }
        for (int i = 0; i < SLOTS; i++) {
            slots.add(new ArrayList<>());
        }
        long slotMicros = reportIntervalMs * 1000 / SLOTS;
        for (int i = 0; i < SLOTS; i++) {
            List<Agent> slot = slots.get(i);
            timer.scheduleAtFixedRate(() -> reportAll(slot), i * slotMicros, reportIntervalMs * 1000,
                    TimeUnit.MICROSECONDS);
        }
    }

    /** Opens the stream of agent {@code id} in {@code region} and says Hello. */
    void connect(String id, String region) {
        Metadata headers = new Metadata();
        headers.put(AUTHORIZATION, "Bearer " + credential);
        AgentLinkGrpc.AgentLinkStub stub = AgentLinkGrpc.newStub(channels.get(nextChannel++ % channels.size()))
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
        Agent agent = new Agent(id);
        agent.out = stub.connect(agent);
        agent.send(AgentMessage.newBuilder().setHello(Hello.newBuilder().setAgentId(id).setRegion(region)
                .setSignalingUrl("ws://127.0.0.1:1/signaling")
                .setMediaAddress(UdpAddress.newBuilder().setHost("127.0.0.1").setPort(2))
                .setRelayAddress(UdpAddress.newBuilder().setHost("127.0.0.1").setPort(3))
                .setCapacityParticipants(100_000).setVersion("fleet-load")).build());
        synchronized (slots) {
            slots.get(nextSlot++ % SLOTS).add(agent);
        }
    }

    long welcomed() {
        return welcomed.get();
    }

    long failed() {
        return failed.get();
    }

    long reportsSent() {
        return reports.get();
    }

    long commandsAcknowledged() {
        return commands.get();
    }

    private void reportAll(List<Agent> slot) {
        Agent[] agents;
        synchronized (slots) {
            agents = slot.toArray(Agent[]::new);
        }
        for (Agent agent : agents) {
            if (agent.welcomed && !agent.ended) {
                agent.send(AgentMessage.newBuilder().setLoadReport(LoadReport.newBuilder()
                        .setSequence(++agent.sequence).setStress(0.2).setCpu(0.2)).build());
                reports.incrementAndGet();
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        closing = true;
        timer.shutdownNow();
        for (List<Agent> slot : slots) {
            for (Agent agent : slot) {
                agent.end();
            }
        }
        for (ManagedChannel channel : channels) {
            channel.shutdownNow();
        }
        for (ManagedChannel channel : channels) {
            channel.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    /** One simulated agent's stream; the stream observer is not thread-safe, so sends are serialised. */
    private final class Agent implements StreamObserver<ControllerMessage> {
        private final String id;
        private StreamObserver<AgentMessage> out;
        private long sequence;
        private volatile boolean welcomed;
        private volatile boolean ended;

        Agent(String id) {
            this.id = id;
        }

        synchronized void send(AgentMessage message) {
            if (!ended) {
                out.onNext(message);
            }
        }

        synchronized void end() {
            if (!ended) {
                ended = true;
                out.onCompleted();
            }
        }

        @Override
        public void onNext(ControllerMessage message) {
            long command = switch (message.getBodyCase()) {
                case WELCOME -> {
                    welcomed = true;
                    SimulatedFleet.this.welcomed.incrementAndGet();
                    yield 0;
                }
                case OPEN_RELAY -> message.getOpenRelay().getCommandId();
                case CLOSE_RELAY -> message.getCloseRelay().getCommandId();
                case DRAIN -> message.getDrain().getCommandId();
                case UNDRAIN -> message.getUndrain().getCommandId();
                case REMOVE_PARTICIPANT -> message.getRemoveParticipant().getCommandId();
                default -> 0;
            };
            if (command > 0) {
                send(AgentMessage.newBuilder().setCommandAck(CommandAck.newBuilder().setCommandId(command)
                        .setOk(true)).build());
                commands.incrementAndGet();
            }
        }

        @Override
        public void onError(Throwable t) {
            ended = true;
            if (!closing) {
                failed.incrementAndGet();
                if (failed.get() <= 5) {
                    System.err.println("agent " + id + " stream failed: " + t);
                }
            }
        }

        @Override
        public void onCompleted() {
            ended = true;
        }
    }
}
