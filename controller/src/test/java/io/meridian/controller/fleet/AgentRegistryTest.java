package io.meridian.controller.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.controller.support.MutableClock;
import io.meridian.placement.AgentSnapshot;
import io.meridian.placement.AgentState;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.NotificationOptions;
import jakarta.enterprise.util.TypeLiteral;
import java.lang.annotation.Annotation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

class AgentRegistryTest {
    final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));
    final AgentRegistry registry = new AgentRegistry(clock, Duration.ofSeconds(5), null);

    static AgentHello hello(String id, String region) {
        return new AgentHello(id, region, "ws://127.0.0.1:8081/signaling", new HostPort("127.0.0.1", 10000),
                new HostPort("127.0.0.1", 10001), 50, "1", Map.of());
    }

    static LoadSample sample(long sequence, double stress, int participants, Map<String, Double> rtt) {
        return new LoadSample(sequence, stress, stress, 0, 0, 0, 0, participants, Map.of(), rtt);
    }

    @Test
    void anAgentIsUpWhenItSaysHelloAndDownWhenItsReportsStopForTheTimeout() {
        registry.connected(hello("a1", "eu-west-1"));
        assertThat(registry.agent("a1").orElseThrow().state()).isEqualTo(AgentState.UP);
        clock.advance(Duration.ofSeconds(4));
        registry.reported("a1", sample(1, 0.2, 3, Map.of()));
        clock.advance(Duration.ofSeconds(5));
        registry.expireSilentAgents();
        assertThat(registry.agent("a1").orElseThrow().state()).isEqualTo(AgentState.UP);
        clock.advance(Duration.ofMillis(1));
        registry.expireSilentAgents();
        assertThat(registry.agent("a1").orElseThrow().state()).isEqualTo(AgentState.DOWN);
    }

    @Test
    void aReportRevivesATimedOutAgentButNotADisconnectedOne() {
        AgentHello session = hello("a1", "eu-west-1");
        registry.connected(session);
        clock.advance(Duration.ofSeconds(6));
        registry.expireSilentAgents();
        registry.reported("a1", sample(1, 0.1, 0, Map.of()));
        assertThat(registry.agent("a1").orElseThrow().state()).isEqualTo(AgentState.UP);
        registry.disconnected(session, "agent closed the stream");
        registry.reported("a1", sample(2, 0.1, 0, Map.of()));
        assertThat(registry.agent("a1").orElseThrow().state()).isEqualTo(AgentState.DOWN);
    }

    @Test
    void countsPlacementsSinceTheLastReportAndResetsOnTheNextOne() {
        registry.connected(hello("a1", "eu-west-1"));
        registry.placed("a1");
        registry.placed("a1");
        assertThat(registry.agent("a1").orElseThrow().placementsSinceReport()).isEqualTo(2);
        registry.reported("a1", sample(1, 0.3, 2, Map.of()));
        assertThat(registry.agent("a1").orElseThrow().placementsSinceReport()).isZero();
    }

    @Test
    void aDrainedAgentStaysDrainingAcrossAReconnect() {
        AgentHello session = hello("a1", "eu-west-1");
        registry.connected(session);
        assertThat(registry.drain("a1")).isTrue();
        assertThat(registry.agent("a1").orElseThrow().state()).isEqualTo(AgentState.DRAINING);
        registry.disconnected(session, "agent closed the stream");
        registry.connected(hello("a1", "eu-west-1"));
        assertThat(registry.agent("a1").orElseThrow().state()).isEqualTo(AgentState.DRAINING);
        assertThat(registry.drain("nobody")).isFalse();
    }

    @Test
    void mapsToThePolicySnapshotWithMeasuredRtts() {
        registry.connected(hello("a1", "eu-west-1"));
        registry.connected(hello("a2", "us-east-1"));
        registry.reported("a1", sample(1, 0.4, 7, Map.of("a2", 71.5)));
        registry.placed("a2");
        var snapshot = registry.snapshot();
        AgentSnapshot a1 = snapshot.agent("a1");
        assertThat(a1.region()).isEqualTo("eu-west-1");
        assertThat(a1.stress()).isEqualTo(0.4);
        assertThat(a1.participants()).isEqualTo(7);
        assertThat(a1.capacity()).isEqualTo(50);
        assertThat(a1.reportedAt()).isEqualTo(clock.instant());
        assertThat(snapshot.agent("a2").placementsSinceReport()).isEqualTo(1);
        assertThat(snapshot.measuredRttMs()).containsEntry("a1", Map.of("a2", 71.5));
        assertThat(registry.countByState()).containsEntry(AgentState.UP, 2).containsEntry(AgentState.DOWN, 0);
        assertThat(registry.agents()).extracting(AgentView::agentId).isEqualTo(List.of("a1", "a2"));
    }

    @Test
    void theEndOfAnOldSessionDoesNotMarkANewerSessionOfTheSameAgentDown() {
        List<AgentStateChanged> events = new ArrayList<>();
        AgentRegistry watched = new AgentRegistry(clock, Duration.ofSeconds(5), new RecordingEvent(events));
        AgentHello old = hello("a1", "eu-west-1");
        AgentHello fresh = hello("a1", "eu-west-1");
        watched.connected(old);
        watched.connected(fresh);
        watched.disconnected(old, "stream failed: CANCELLED");
        assertThat(watched.agent("a1").orElseThrow().state()).isEqualTo(AgentState.UP);
        watched.disconnected(fresh, "agent closed the stream");
        assertThat(watched.agent("a1").orElseThrow().state()).isEqualTo(AgentState.DOWN);
        assertThat(events).extracting(AgentStateChanged::cause).containsExactly(AgentStateChanged.Cause.CONNECTED,
                AgentStateChanged.Cause.CONNECTED, AgentStateChanged.Cause.DISCONNECTED);
        assertThat(events.get(2).session()).isSameAs(fresh);
        assertThat(events.get(2).reason()).isEqualTo("stream ended: agent closed the stream");
    }

    @Test
    void aSilentAgentIsReportedDownOnceWithItsSessionAndTheReason() {
        List<AgentStateChanged> events = new ArrayList<>();
        AgentRegistry watched = new AgentRegistry(clock, Duration.ofSeconds(5), new RecordingEvent(events));
        AgentHello session = hello("a1", "eu-west-1");
        watched.connected(session);
        clock.advance(Duration.ofSeconds(6));
        watched.expireSilentAgents();
        watched.expireSilentAgents();
        // The session ending afterwards changes nothing more: the agent is already DOWN.
        watched.disconnected(session, "declared DOWN");
        assertThat(events).hasSize(2);
        AgentStateChanged down = events.get(1);
        assertThat(down.state()).isEqualTo(AgentState.DOWN);
        assertThat(down.cause()).isEqualTo(AgentStateChanged.Cause.SILENT);
        assertThat(down.reason()).isEqualTo("no load report for 5 s");
        assertThat(down.session()).isSameAs(session);
    }

    /** Collects fired events, outside CDI. */
    private record RecordingEvent(List<AgentStateChanged> fired) implements Event<AgentStateChanged> {
        @Override
        public void fire(AgentStateChanged event) {
            fired.add(event);
        }

        @Override
        public <U extends AgentStateChanged> CompletionStage<U> fireAsync(U event) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <U extends AgentStateChanged> CompletionStage<U> fireAsync(U event, NotificationOptions options) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Event<AgentStateChanged> select(Annotation... qualifiers) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <U extends AgentStateChanged> Event<U> select(Class<U> subtype, Annotation... qualifiers) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <U extends AgentStateChanged> Event<U> select(TypeLiteral<U> subtype, Annotation... qualifiers) {
            throw new UnsupportedOperationException();
        }
    }
}
