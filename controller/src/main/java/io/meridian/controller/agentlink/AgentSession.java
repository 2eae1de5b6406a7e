package io.meridian.controller.agentlink;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.meridian.controller.access.AgentScope;
import io.meridian.controller.access.Refusals;
import io.meridian.controller.fleet.Admission;
import io.meridian.controller.fleet.AgentHello;
import io.meridian.controller.fleet.AgentRegistry;
import io.meridian.controller.fleet.LoadSample;
import io.meridian.proto.agent.v1.AgentMessage;
import io.meridian.proto.agent.v1.CommandAck;
import io.meridian.proto.agent.v1.ControllerMessage;
import io.meridian.proto.agent.v1.ParticipantJoined;
import io.meridian.proto.agent.v1.ParticipantLeft;
import java.util.Locale;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * One agent's stream: Hello first, then reports, events and acks. Every way out (protocol error,
 * replacement by a newer session, the agent ending the stream) terminates the stream exactly once.
 */
final class AgentSession implements StreamObserver<AgentMessage> {
    private static final Logger LOG = Logger.getLogger(AgentSession.class);

    /** What a session needs from the rest of the controller. */
    record Context(AgentRegistry registry, AgentSessions sessions, CommandTracker commands, AgentEvents events,
            Predicate<String> knownRegion, Supplier<ControllerMessage> welcome, Executor eventPool,
            Refusals refusals) {
    }

    private final StreamObserver<ControllerMessage> out;
    private final Context context;
    /** The ids the stream's credential proves; Hello must name one of them. */
    private final AgentScope credentialScope;
    private final AtomicBoolean terminated = new AtomicBoolean();
    private final SerialExecutor events;
    private volatile AgentHello hello;
    private long lastSequence;

    AgentSession(StreamObserver<ControllerMessage> out, Context context, AgentScope credentialScope) {
        this.out = out;
        this.context = context;
        this.credentialScope = credentialScope;
        this.events = new SerialExecutor(context.eventPool());
    }

    @Override
    public void onNext(AgentMessage message) {
        if (terminated.get()) {
            return;
        }
        try {
            handle(message);
        } catch (InvalidAgentMessage e) {
            fail(Status.INVALID_ARGUMENT.withDescription(e.getMessage()));
        } catch (OutOfOrder e) {
            fail(Status.FAILED_PRECONDITION.withDescription(e.getMessage()));
        } catch (NotThisAgent e) {
            fail(Status.PERMISSION_DENIED.withDescription(e.getMessage()));
        } catch (RuntimeException e) {
            // The stream survives a failure of ours (e.g. the database is briefly away); the agent resends state.
            LOG.errorf(e, "agent %s: handling %s failed", agentId(), message.getBodyCase());
        }
    }

    private void handle(AgentMessage message) throws InvalidAgentMessage, OutOfOrder, NotThisAgent {
        switch (message.getBodyCase()) {
            case HELLO -> onHello(message);
            case LOAD_REPORT -> {
                AgentHello self = requireHello("LoadReport");
                LoadSample sample = ProtoMapper.loadReport(message.getLoadReport());
                if (sample.sequence() <= lastSequence) {
                    throw new OutOfOrder("LoadReport.sequence " + sample.sequence() + " is not after "
                            + lastSequence);
                }
                lastSequence = sample.sequence();
                context.registry().reported(self.agentId(), sample);
            }
            case PARTICIPANT_JOINED -> {
                AgentHello self = requireHello("ParticipantJoined");
                ParticipantJoined joined = message.getParticipantJoined();
                ProtoMapper.participantEvent("ParticipantJoined", joined.getConferenceId(), joined.getParticipantId());
                ProtoMapper.joinToken("ParticipantJoined", joined.getJoinToken());
                events.execute(() -> context.events().participantJoined(self, joined.getConferenceId(),
                        new Admission(joined.getParticipantId(), joined.getJoinToken())));
            }
            case PARTICIPANT_LEFT -> {
                AgentHello self = requireHello("ParticipantLeft");
                ParticipantLeft left = message.getParticipantLeft();
                ProtoMapper.participantEvent("ParticipantLeft", left.getConferenceId(), left.getParticipantId());
                String reason = switch (left.getReason()) {
                    case LEAVE_REASON_CLOSED, LEAVE_REASON_TIMEOUT, LEAVE_REASON_ERROR, LEAVE_REASON_REMOVED ->
                            left.getReason().name().substring("LEAVE_REASON_".length()).toLowerCase(Locale.ROOT);
                    default -> "unspecified";
                };
                events.execute(() -> context.events().participantLeft(self, left.getConferenceId(), left.getParticipantId(),
                        reason));
            }
            case COMMAND_ACK -> {
                AgentHello self = requireHello("CommandAck");
                CommandAck ack = message.getCommandAck();
                context.commands().acknowledged(self.agentId(), ack.getCommandId(), ack.getOk(), ack.getError());
            }
            case BODY_NOT_SET -> throw new InvalidAgentMessage("AgentMessage has no body");
        }
    }

    private void onHello(AgentMessage message) throws InvalidAgentMessage, OutOfOrder, NotThisAgent {
        if (hello != null) {
            throw new OutOfOrder("Hello was already sent on this stream");
        }
        if (!credentialScope.admits(message.getHello().getAgentId())) {
            context.refusals().count("agent_wrong_id");
            throw new NotThisAgent("the credential is for agent '" + credentialScope + "'; Hello may not name another");
        }
        AgentHello announced = ProtoMapper.hello(message.getHello(), context.knownRegion());
        hello = announced;
        // Welcome goes first: only then may other threads (commands, FleetPeers) find this session.
        send(context.welcome().get());
        context.sessions().open(announced.agentId(), this).ifPresent(AgentSession::supersede);
        context.registry().connected(announced);
        events.execute(() -> context.events().sessionOpened(announced));
    }

    /** Sends a controller message unless the stream has ended; false when it could not be sent. */
    boolean send(ControllerMessage message) {
        synchronized (out) {
            if (terminated.get()) {
                return false;
            }
            try {
                out.onNext(message);
                return true;
            } catch (RuntimeException e) {
                // The transport is gone (e.g. cancelled); onError follows and ends the session.
                LOG.debugf("agent %s: send failed: %s", agentId(), e.getMessage());
                return false;
            }
        }
    }

    /** A newer session of the same agent took over: this stream ends with ABORTED. */
    void supersede() {
        LOG.infof("agent %s: session replaced by a newer Hello", agentId());
        terminate(Status.ABORTED.withDescription("session replaced by a newer Hello with the same agent id"));
    }

    /**
     * The registry declared this session's agent DOWN for silence: end the stream (UNAVAILABLE), so that an
     * agent that is alive after all reconnects and re-announces what it hosts (its participants were removed).
     */
    void expire(String why) {
        LOG.warnf("agent %s: ending its session (%s)", agentId(), why);
        terminate(Status.UNAVAILABLE.withDescription(why + ": declared DOWN; reconnect and re-announce hosted"
                + " conferences"));
        ended("declared DOWN: " + why);
    }

    /** What the agent announced on this stream; null before Hello. */
    AgentHello hello() {
        return hello;
    }

    @Override
    public void onError(Throwable t) {
        ended("stream failed: " + Status.fromThrowable(t).getCode());
        terminated.set(true);
    }

    @Override
    public void onCompleted() {
        ended("agent closed the stream");
        if (terminated.compareAndSet(false, true)) {
            synchronized (out) {
                out.onCompleted();
            }
        }
    }

    private void fail(Status status) {
        LOG.warnf("agent %s: protocol error: %s", agentId(), status.getDescription());
        terminate(status);
        ended("protocol error");
    }

    private void terminate(Status status) {
        if (terminated.compareAndSet(false, true)) {
            synchronized (out) {
                try {
                    out.onError(status.asRuntimeException());
                } catch (RuntimeException e) {
                    LOG.debugf("agent %s: stream already closed: %s", agentId(), e.getMessage());
                }
            }
        }
    }

    private void ended(String why) {
        AgentHello self = hello;
        if (self != null && context.sessions().close(self.agentId(), this)) {
            LOG.infof("agent %s: session ended (%s)", self.agentId(), why);
            context.registry().disconnected(self, why);
        }
    }

    private AgentHello requireHello(String what) throws OutOfOrder {
        AgentHello self = hello;
        if (self == null) {
            throw new OutOfOrder(what + " before Hello: Hello must be the first message");
        }
        return self;
    }

    private String agentId() {
        AgentHello self = hello;
        return self == null ? "(before Hello)" : self.agentId();
    }

    /** A message arrived in the wrong order. */
    private static final class OutOfOrder extends Exception {
        OutOfOrder(String description) {
            super(description, null, false, false);
        }
    }

    /** Hello named another agent than the stream's credential proves. */
    private static final class NotThisAgent extends Exception {
        NotThisAgent(String description) {
            super(description, null, false, false);
        }
    }
}
