package io.meridian.controller.support;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.meridian.controller.access.AgentCredentials;
import io.grpc.Status;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import io.grpc.netty.NettyChannelBuilder;
import io.meridian.proto.agent.v1.AgentLinkGrpc;
import io.meridian.proto.agent.v1.AgentMessage;
import io.meridian.proto.agent.v1.CommandAck;
import io.meridian.proto.agent.v1.ControllerMessage;
import io.meridian.proto.agent.v1.Hello;
import io.meridian.proto.agent.v1.LoadReport;
import io.meridian.proto.agent.v1.PeerRtt;
import io.meridian.proto.agent.v1.UdpAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** A scripted media agent speaking the real protocol over a real port, for protocol and API tests. */
public final class FakeAgent implements AutoCloseable {
    private final ManagedChannel channel;
    private final LinkedBlockingQueue<ControllerMessage> received = new LinkedBlockingQueue<>();
    private final CompletableFuture<Status> ended = new CompletableFuture<>();
    private final AtomicInteger terminations = new AtomicInteger();
    private final AtomicLong sequence = new AtomicLong();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private volatile boolean autoAck;
    private volatile double stress;
    private volatile ScheduledFuture<?> reporting;
    private final Map<String, Double> peerRtts = new ConcurrentHashMap<>();
    private final Map<String, Integer> hosting = new ConcurrentHashMap<>();
    private StreamObserver<AgentMessage> out;

    private final String fleetKey;
    private final String credential;

    private FakeAgent(int port, String fleetKey, String credential) {
        this.channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
        this.fleetKey = fleetKey;
        this.credential = credential;
    }

    /**
     * An agent of the fleet whose key is {@code fleetKey} (null: it presents no credential). The stream opens with
     * the first message, authenticated as the agent its Hello names (or "unnamed" when that is not a Hello).
     */
    public static FakeAgent connect(int port, String fleetKey) {
        return new FakeAgent(port, fleetKey, null);
    }

    /** An agent presenting exactly {@code credential} (a rogue, or a stolen credential). */
    public static FakeAgent withCredential(int port, String credential) {
        return new FakeAgent(port, null, credential);
    }

    /** The credential the fleet key {@code fleetKey} gives agent {@code agentId}. */
    public static String credential(String fleetKey, String agentId) {
        return new AgentCredentials(List.of(fleetKey)).mint(agentId);
    }

    private void open(String agentId) {
        Metadata headers = new Metadata();
        String presented = credential != null ? credential : fleetKey != null ? credential(fleetKey, agentId) : null;
        if (presented != null) {
            headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + presented);
        }
        AgentLinkGrpc.AgentLinkStub stub = AgentLinkGrpc.newStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
        out = stub.connect(new StreamObserver<>() {
            @Override
            public void onNext(ControllerMessage message) {
                received.add(message);
                if (autoAck) {
                    long id = commandId(message);
                    if (id > 0) {
                        send(AgentMessage.newBuilder().setCommandAck(CommandAck.newBuilder().setCommandId(id).setOk(true))
                                .build());
                    }
                }
            }

            @Override
            public void onError(Throwable t) {
                terminations.incrementAndGet();
                ended.complete(Status.fromThrowable(t));
            }

            @Override
            public void onCompleted() {
                terminations.incrementAndGet();
                ended.complete(Status.OK);
            }
        });
    }

    /** A valid Hello for this agent. */
    public static Hello.Builder hello(String agentId, String region, int signalingPort) {
        return Hello.newBuilder().setAgentId(agentId).setRegion(region)
                .setSignalingUrl("ws://127.0.0.1:" + signalingPort + "/signaling")
                .setMediaAddress(UdpAddress.newBuilder().setHost("127.0.0.1").setPort(signalingPort + 1000))
                .setRelayAddress(UdpAddress.newBuilder().setHost("127.0.0.1").setPort(signalingPort + 2000))
                .setCapacityParticipants(100).setVersion("test");
    }

    /** Sends any message. */
    public synchronized FakeAgent send(AgentMessage message) {
        if (out == null) {
            open(message.hasHello() ? message.getHello().getAgentId() : "unnamed");
        }
        out.onNext(message);
        return this;
    }

    /** Sends Hello. */
    public FakeAgent sayHello(Hello.Builder hello) {
        return send(AgentMessage.newBuilder().setHello(hello).build());
    }

    /** Sends one report with the current stress and peer RTTs. */
    public FakeAgent report() {
        LoadReport.Builder report = LoadReport.newBuilder().setSequence(sequence.incrementAndGet()).setStress(stress)
                .setCpu(Math.min(1, stress));
        peerRtts.forEach((agentId, ms) -> report.addPeerRtts(PeerRtt.newBuilder().setAgentId(agentId).setRttMs(ms)));
        hosting.forEach((conferenceId, count) -> report.addConferences(
                io.meridian.proto.agent.v1.ConferenceLoad.newBuilder().setConferenceId(conferenceId)
                        .setParticipants(count)));
        return send(AgentMessage.newBuilder().setLoadReport(report).build());
    }

    /** Reports {@code participants} in {@code conferenceId} from the next report on. */
    public FakeAgent hosting(String conferenceId, int participants) {
        hosting.put(conferenceId, participants);
        return this;
    }

    /** Reports {@code ms} as the measured RTT to {@code agentId} from the next report on. */
    public FakeAgent peerRtt(String agentId, double ms) {
        peerRtts.put(agentId, ms);
        return this;
    }

    /** Reports every {@code millis} until stopped. */
    public FakeAgent reportEvery(long millis) {
        reporting = timer.scheduleAtFixedRate(() -> {
            try {
                report();
            } catch (RuntimeException ignored) {
                // The stream may have ended; the test looks at that.
            }
        }, 0, millis, TimeUnit.MILLISECONDS);
        return this;
    }

    /** Stops periodic reports. */
    public FakeAgent stopReporting() {
        ScheduledFuture<?> r = reporting;
        if (r != null) {
            r.cancel(false);
        }
        return this;
    }

    /** Sets the stress of later reports. */
    public FakeAgent stress(double value) {
        this.stress = value;
        return this;
    }

    /** Acknowledges every command as done. */
    public FakeAgent autoAck() {
        this.autoAck = true;
        return this;
    }

    /** Next message from the controller, or null after {@code seconds}. */
    public ControllerMessage next(long seconds) throws InterruptedException {
        return received.poll(seconds, TimeUnit.SECONDS);
    }

    /** The next message of {@code kind} within {@code seconds}, skipping others; null when none came. */
    public ControllerMessage nextOfKind(ControllerMessage.BodyCase kind, long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            ControllerMessage message = received.poll(100, TimeUnit.MILLISECONDS);
            if (message != null && message.getBodyCase() == kind) {
                return message;
            }
        }
        return null;
    }

    /** Everything received so far (drained). */
    public List<ControllerMessage> drainReceived() {
        List<ControllerMessage> all = new ArrayList<>();
        received.drainTo(all);
        return all;
    }

    /** Completes with the status the stream ended with (OK when completed). */
    public CompletableFuture<Status> ended() {
        return ended;
    }

    /** How many times the stream was terminated (must never exceed 1). */
    public int terminations() {
        return terminations.get();
    }

    /** Ends the stream from the agent's side. */
    public synchronized void complete() {
        out.onCompleted();
    }

    @Override
    public void close() {
        stopReporting();
        timer.shutdownNow();
        channel.shutdownNow();
    }

    private static long commandId(ControllerMessage message) {
        return switch (message.getBodyCase()) {
            case OPEN_RELAY -> message.getOpenRelay().getCommandId();
            case CLOSE_RELAY -> message.getCloseRelay().getCommandId();
            case DRAIN -> message.getDrain().getCommandId();
            case UNDRAIN -> message.getUndrain().getCommandId();
            case REMOVE_PARTICIPANT -> message.getRemoveParticipant().getCommandId();
            default -> 0;
        };
    }
}
