package io.meridian.controller.agentlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.stub.StreamObserver;
import io.meridian.controller.access.AgentScope;
import io.meridian.controller.access.Refusals;
import io.meridian.controller.fleet.AgentRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.meridian.controller.fleet.HostPort;
import io.meridian.proto.agent.v1.ControllerMessage;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CommandTrackerTest {
    final AgentSessions sessions = new AgentSessions();
    final CommandTracker tracker = new CommandTracker(sessions, Duration.ofMillis(100), 3);
    final List<ControllerMessage> sent = new CopyOnWriteArrayList<>();

    void connect(String agentId) {
        StreamObserver<ControllerMessage> out = new StreamObserver<>() {
            @Override
            public void onNext(ControllerMessage value) {
                sent.add(value);
            }

            @Override
            public void onError(Throwable t) {
            }

            @Override
            public void onCompleted() {
            }
        };
        AgentSession session = new AgentSession(out, new AgentSession.Context(
                new AgentRegistry(Clock.systemUTC(), Duration.ofSeconds(5), null), sessions, tracker, null,
                region -> true, () -> ControllerMessage.getDefaultInstance(), Runnable::run,
                new Refusals(new SimpleMeterRegistry())), new AgentScope(agentId));
        sessions.open(agentId, session);
    }

    @Test
    void anAckCompletesTheCommandsStage() throws Exception {
        connect("a1");
        CompletableFuture<Void> drain = tracker.drain("a1").toCompletableFuture();
        assertThat(sent).hasSize(1);
        long id = sent.get(0).getDrain().getCommandId();
        tracker.acknowledged("a1", id, true, "");
        assertThat(drain.get(1, TimeUnit.SECONDS)).isNull();
        assertThat(tracker.pendingCount()).isZero();
    }

    @Test
    void aRefusalFailsTheStageWithTheAgentsReason() {
        connect("a1");
        CompletableFuture<Void> open = tracker.openRelay("a1", new AgentCommands.OpenRelay("c1", "a2",
                new HostPort("10.0.0.2", 10001), key(), key())).toCompletableFuture();
        long id = sent.get(0).getOpenRelay().getCommandId();
        tracker.acknowledged("a1", id, false, "port busy");
        assertThatThrownBy(() -> open.get(1, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(CommandFailedException.class).hasMessageContaining("port busy");
    }

    @Test
    void anUnansweredCommandIsResentThenFails() {
        connect("a1");
        CompletableFuture<Void> close = tracker.closeRelay("a1", "c1", "a2").toCompletableFuture();
        assertThatThrownBy(() -> close.get(2, TimeUnit.SECONDS)).cause()
                .isInstanceOf(CommandFailedException.class).hasMessageContaining("no acknowledgement after 3 attempts");
        assertThat(sent).hasSize(3);
        assertThat(sent).extracting(m -> m.getCloseRelay().getCommandId()).containsOnly(sent.get(0).getCloseRelay().getCommandId());
    }

    @Test
    void aCommandToAnAbsentAgentFailsAfterItsRetries() {
        CompletableFuture<Void> drain = tracker.drain("ghost").toCompletableFuture();
        assertThatThrownBy(() -> drain.get(2, TimeUnit.SECONDS)).cause()
                .isInstanceOf(CommandFailedException.class);
    }

    @Test
    void anAckFromTheWrongAgentOrForAnUnknownIdIsDroppedAndCounted() {
        connect("a1");
        CompletableFuture<Void> drain = tracker.drain("a1").toCompletableFuture();
        long id = sent.get(0).getDrain().getCommandId();
        tracker.acknowledged("a2", id, true, "");
        tracker.acknowledged("a1", id + 1000, true, "");
        assertThat(drain).isNotDone();
        assertThat(tracker.unknownAcks()).isEqualTo(2);
        tracker.acknowledged("a1", id, true, "");
        assertThat(drain).isCompleted();
    }

    static SrtpMasterKey key() {
        return new SrtpMasterKey("AEAD_AES_128_GCM", new byte[16], new byte[12]);
    }
}
