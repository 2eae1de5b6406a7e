package io.meridian.controller.agentlink;

import com.google.protobuf.ByteString;
import io.meridian.controller.config.MeridianConfig;
import io.meridian.controller.fleet.HostPort;
import io.meridian.proto.agent.v1.CloseRelay;
import io.meridian.proto.agent.v1.ControllerMessage;
import io.meridian.proto.agent.v1.Drain;
import io.meridian.proto.agent.v1.RemoveParticipant;
import io.meridian.proto.agent.v1.Undrain;
import io.meridian.proto.agent.v1.SrtpKey;
import io.meridian.proto.agent.v1.UdpAddress;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;
import org.jboss.logging.Logger;

/**
 * Sends commands to agents and completes each command's stage with its acknowledgement. A command not
 * acknowledged within the timeout is sent again (same id: agents treat commands idempotently), up to the
 * configured attempts; then its stage fails.
 */
@ApplicationScoped
public class CommandTracker implements AgentCommands {
    private static final Logger LOG = Logger.getLogger(CommandTracker.class);

    private final AgentSessions sessions;
    private final Duration timeout;
    private final int attempts;
    private final AtomicLong nextId = new AtomicLong();
    private final AtomicLong unknownAcks = new AtomicLong();
    private final ConcurrentHashMap<Long, Pending> pending = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "meridian-command-timer");
        thread.setDaemon(true);
        return thread;
    });

    @Inject
    public CommandTracker(AgentSessions sessions, MeridianConfig config) {
        this(sessions, config.agent().commandTimeout(), config.agent().commandAttempts());
    }

    CommandTracker(AgentSessions sessions, Duration timeout, int attempts) {
        this.sessions = sessions;
        this.timeout = timeout;
        this.attempts = Math.max(1, attempts);
    }

    @Override
    public CompletionStage<Void> openRelay(String agentId, OpenRelay command) {
        return send(agentId, "OpenRelay", id -> ControllerMessage.newBuilder().setOpenRelay(
                io.meridian.proto.agent.v1.OpenRelay.newBuilder()
                        .setCommandId(id)
                        .setConferenceId(command.conferenceId())
                        .setPeerAgentId(command.peerAgentId())
                        .setPeerRelayAddress(address(command.peerRelayAddress()))
                        .setSendKey(key(command.sendKey()))
                        .setReceiveKey(key(command.receiveKey()))).build());
    }

    @Override
    public CompletionStage<Void> closeRelay(String agentId, String conferenceId, String peerAgentId) {
        return send(agentId, "CloseRelay", id -> ControllerMessage.newBuilder().setCloseRelay(
                CloseRelay.newBuilder().setCommandId(id).setConferenceId(conferenceId).setPeerAgentId(peerAgentId))
                .build());
    }

    @Override
    public CompletionStage<Void> drain(String agentId) {
        return send(agentId, "Drain", id -> ControllerMessage.newBuilder()
                .setDrain(Drain.newBuilder().setCommandId(id)).build());
    }

    @Override
    public CompletionStage<Void> undrain(String agentId) {
        return send(agentId, "Undrain", id -> ControllerMessage.newBuilder()
                .setUndrain(Undrain.newBuilder().setCommandId(id)).build());
    }

    @Override
    public CompletionStage<Void> removeParticipant(String agentId, String conferenceId, String participantId) {
        return send(agentId, "RemoveParticipant", id -> ControllerMessage.newBuilder()
                .setRemoveParticipant(RemoveParticipant.newBuilder().setCommandId(id).setConferenceId(conferenceId)
                        .setParticipantId(participantId)).build());
    }

    @Override
    public CompletionStage<Void> moveParticipant(String agentId, MoveParticipant move) {
        return send(agentId, "MoveParticipant", id -> ControllerMessage.newBuilder()
                .setMoveParticipant(io.meridian.proto.agent.v1.MoveParticipant.newBuilder().setCommandId(id)
                        .setConferenceId(move.conferenceId()).setParticipantId(move.participantId())
                        .setAgentId(move.toAgentId()).setRegion(move.region()).setSignalingUrl(move.signalingUrl())
                        .setToken(move.token()).setReason(move.reason())).build());
    }

    /** An agent acknowledged a command; an unknown id (late duplicate, or another agent's) is dropped and counted. */
    void acknowledged(String agentId, long commandId, boolean ok, String error) {
        Pending command = pending.get(commandId);
        if (command == null || !command.agentId.equals(agentId) || !pending.remove(commandId, command)) {
            unknownAcks.incrementAndGet();
            LOG.debugf("agent %s acknowledged unknown command %d", agentId, commandId);
            return;
        }
        if (ok) {
            command.result.complete(null);
        } else {
            command.result.completeExceptionally(new CommandFailedException(
                    command.kind + " refused by agent " + agentId + ": " + (error.isBlank() ? "no reason" : error)));
        }
    }

    /** Acknowledgements that matched no pending command. */
    public long unknownAcks() {
        return unknownAcks.get();
    }

    /** Commands sent and not yet answered. */
    public int pendingCount() {
        return pending.size();
    }

    private CompletionStage<Void> send(String agentId, String kind, LongFunction<ControllerMessage> build) {
        long id = nextId.incrementAndGet();
        Pending command = new Pending(id, agentId, kind, build.apply(id));
        pending.put(id, command);
        attempt(command);
        return command.result.minimalCompletionStage();
    }

    private void attempt(Pending command) {
        if (command.result.isDone()) {
            return;
        }
        command.attempts++;
        boolean sent = sessions.current(command.agentId).map(session -> session.send(command.message)).orElse(false);
        if (!sent && command.attempts >= attempts) {
            fail(command, command.kind + " to agent " + command.agentId + ": agent not connected");
            return;
        }
        timer.schedule(() -> expire(command), timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void expire(Pending command) {
        if (command.result.isDone()) {
            return;
        }
        if (command.attempts >= attempts) {
            fail(command, command.kind + " to agent " + command.agentId + ": no acknowledgement after "
                    + attempts + " attempts of " + timeout.toMillis() + " ms");
        } else {
            LOG.debugf("agent %s: %s %d unanswered, resending", command.agentId, command.kind, command.id);
            attempt(command);
        }
    }

    private void fail(Pending command, String why) {
        if (pending.remove(command.id, command)) {
            LOG.warn(why);
            command.result.completeExceptionally(new CommandFailedException(why));
        }
    }

    @PreDestroy
    void stop() {
        timer.shutdownNow();
    }

    private static UdpAddress address(HostPort address) {
        return UdpAddress.newBuilder().setHost(address.host()).setPort(address.port()).build();
    }

    private static SrtpKey key(SrtpMasterKey key) {
        return SrtpKey.newBuilder().setProfile(key.profile()).setMasterKey(ByteString.copyFrom(key.key()))
                .setMasterSalt(ByteString.copyFrom(key.salt())).build();
    }

    /** A command waiting for its acknowledgement. */
    private static final class Pending {
        final long id;
        final String agentId;
        final String kind;
        final ControllerMessage message;
        final CompletableFuture<Void> result = new CompletableFuture<>();
        volatile int attempts;

        Pending(long id, String agentId, String kind, ControllerMessage message) {
            this.id = id;
            this.agentId = agentId;
            this.kind = kind;
            this.message = message;
        }
    }
}
