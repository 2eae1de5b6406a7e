package io.meridian.controller.agentlink;

import com.google.protobuf.ByteString;
import io.grpc.stub.StreamObserver;
import io.meridian.controller.access.Refusals;
import io.meridian.controller.config.MeridianConfig;
import io.meridian.controller.fleet.AgentRegistry;
import io.meridian.controller.token.JoinTokens;
import io.meridian.placement.geo.RegionCatalog;
import io.meridian.proto.agent.v1.AgentLinkGrpc;
import io.meridian.proto.agent.v1.AgentMessage;
import io.meridian.proto.agent.v1.ControllerMessage;
import io.meridian.proto.agent.v1.Welcome;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** The gRPC endpoint agents connect to: one {@link AgentSession} per stream. */
@GrpcService
public class AgentLinkService extends AgentLinkGrpc.AgentLinkImplBase {
    static final String VERSION = "0.1.0";

    private final AgentSession.Context context;
    /** Store work for participant events, off the sessions' own threads (see SerialExecutor). */
    private final ExecutorService eventPool = Executors.newFixedThreadPool(4, r -> {
        Thread thread = new Thread(r, "meridian-agent-events");
        thread.setDaemon(true);
        return thread;
    });

    @Inject
    public AgentLinkService(AgentRegistry registry, AgentSessions sessions, CommandTracker commands,
            AgentEvents events, RegionCatalog regions, JoinTokens tokens, MeridianConfig config, Refusals refusals) {
        Welcome welcome = Welcome.newBuilder()
                .setReportIntervalMs((int) config.agent().reportInterval().toMillis())
                .setTokenPublicKey(ByteString.copyFrom(tokens.publicKeyDer()))
                .setTokenAlgorithm(JoinTokens.ALGORITHM)
                .setTokenIssuer(JoinTokens.ISSUER)
                .setControllerVersion(VERSION)
                .build();
        ControllerMessage welcomeMessage = ControllerMessage.newBuilder().setWelcome(welcome).build();
        this.context = new AgentSession.Context(registry, sessions, commands, events,
                name -> regions.byName(name).isPresent(), () -> welcomeMessage, eventPool, refusals);
    }

    @PreDestroy
    void stop() {
        eventPool.shutdown();
    }

    @Override
    @Blocking
    public StreamObserver<AgentMessage> connect(StreamObserver<ControllerMessage> responseObserver) {
        return new AgentSession(responseObserver, context, AgentCredentialInterceptor.AGENT_SCOPE.get());
    }
}
