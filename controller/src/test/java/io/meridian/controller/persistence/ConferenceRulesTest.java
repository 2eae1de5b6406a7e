package io.meridian.controller.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConferenceRulesTest {
    static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");

    static ParticipantRecord on(String participant, String agent) {
        return new ParticipantRecord(participant, agent, agent.startsWith("eu") ? "eu-west-1" : "us-east-1", null,
                "HINT", NOW);
    }

    static ConferenceView join(ConferenceView view, ParticipantRecord p) {
        return ConferenceRules.apply(view, ConferenceRules.place(view, p, NOW));
    }

    @Test
    void theFirstPlacementAddsItsAgentWithoutLinks() {
        ConferenceChange change = ConferenceRules.place(ConferenceView.empty("c"), on("p1", "us-1"), NOW);
        assertThat(change.addedAgents()).extracting(ConferenceAgent::agentId).containsExactly("us-1");
        assertThat(change.addedLinks()).isEmpty();
    }

    @Test
    void aNewAgentGetsALinkFromEveryAgentAlreadyThere() {
        ConferenceView view = join(join(ConferenceView.empty("c"), on("p1", "us-1")), on("p2", "eu-1"));
        ConferenceChange change = ConferenceRules.place(view, on("p3", "ap-1"), NOW);
        assertThat(change.addedLinks()).containsExactly(new RelayLink("us-1", "ap-1", RelayLink.OPENING),
                new RelayLink("eu-1", "ap-1", RelayLink.OPENING));
        assertThat(ConferenceRules.apply(view, change).mode()).isEqualTo("cascaded");
    }

    @Test
    void aParticipantJoiningAgainMovesAndItsEmptiedAgentLeavesWithItsLinks() {
        ConferenceView view = join(join(ConferenceView.empty("c"), on("p1", "us-1")), on("p2", "eu-1"));
        ConferenceChange change = ConferenceRules.place(view, on("p2", "us-1"), NOW);
        assertThat(change.removedAgents()).containsExactly("eu-1");
        assertThat(change.removedLinks()).hasSize(1);
        ConferenceView after = ConferenceRules.apply(view, change);
        assertThat(after.participantsByAgent()).containsExactly(java.util.Map.entry("us-1", 2));
        assertThat(after.links()).isEmpty();
        assertThat(after.mode()).isEqualTo("single");
    }

    @Test
    void aLeaveOnlyCountsFromTheAgentHostingTheParticipant() {
        ConferenceView view = join(join(ConferenceView.empty("c"), on("p1", "us-1")), on("p2", "eu-1"));
        assertThat(ConferenceRules.leave(view, "p2", "us-1").isEmpty()).isTrue();
        assertThat(ConferenceRules.leave(view, "nobody", null).isEmpty()).isTrue();
        ConferenceChange change = ConferenceRules.leave(view, "p2", "eu-1");
        assertThat(change.removedParticipants()).containsExactly("p2");
        assertThat(change.removedAgents()).containsExactly("eu-1");
        assertThat(change.removedLinks()).containsExactly(new RelayLink("us-1", "eu-1", RelayLink.OPENING));
    }

    @Test
    void adoptionAddsOnlyParticipantsTheStoreDoesNotKnow() {
        ConferenceView view = join(ConferenceView.empty("c"), on("p1", "us-1"));
        ConferenceChange change = ConferenceRules.adopt(view, "eu-1", "eu-west-1", List.of("p1", "p9", "p9"), NOW);
        assertThat(change.upsert()).extracting(ParticipantRecord::participantId).containsExactly("p9");
        assertThat(change.upsert().get(0).locationSource()).isEqualTo("ADOPTED");
        assertThat(change.addedAgents()).extracting(ConferenceAgent::agentId).containsExactly("eu-1");
        assertThat(change.addedLinks()).containsExactly(new RelayLink("us-1", "eu-1", RelayLink.OPENING));
        assertThat(ConferenceRules.adopt(view, "us-1", "us-east-1", List.of("p1"), NOW).isEmpty()).isTrue();
    }

    @Test
    void evictingAnAgentRemovesAllItsParticipantsItAndEveryLinkTouchingIt() {
        ConferenceView view = join(join(join(join(ConferenceView.empty("c"), on("p1", "us-1")), on("p2", "eu-1")),
                on("p3", "eu-1")), on("p4", "ap-1"));
        ConferenceChange change = ConferenceRules.evict(view, "eu-1");
        assertThat(change.removedParticipants()).containsExactly("p2", "p3");
        assertThat(change.removedAgents()).containsExactly("eu-1");
        assertThat(change.removedLinks()).containsExactly(new RelayLink("us-1", "eu-1", RelayLink.OPENING),
                new RelayLink("eu-1", "ap-1", RelayLink.OPENING));
        ConferenceView after = ConferenceRules.apply(view, change);
        assertThat(after.links()).containsExactly(new RelayLink("us-1", "ap-1", RelayLink.OPENING));
        assertThat(after.mode()).isEqualTo("cascaded");
        assertThat(ConferenceRules.evict(after, "eu-1").isEmpty()).isTrue();
    }

    @Test
    void aLiveMoveKeepsTheAgentItLeavesAndItsLinksUntilTheOldSessionEnds() {
        ConferenceView view = join(join(ConferenceView.empty("c"), on("p1", "us-1")), on("p2", "eu-1"));
        ConferenceChange move = ConferenceRules.move(view, on("p2", "eu-2"), NOW);
        assertThat(move.removedAgents()).isEmpty();
        assertThat(move.removedLinks()).isEmpty();
        assertThat(move.addedLinks()).containsExactlyInAnyOrder(new RelayLink("us-1", "eu-2", RelayLink.OPENING),
                new RelayLink("eu-1", "eu-2", RelayLink.OPENING));
        ConferenceView moving = ConferenceRules.apply(view, move);
        assertThat(moving.agents()).extracting(ConferenceAgent::agentId).containsExactly("us-1", "eu-1", "eu-2");
        assertThat(moving.participant("p2").orElseThrow().agentId()).isEqualTo("eu-2");

        // The old session's leave on eu-1 does not remove the participant, but releases the emptied agent.
        ConferenceChange left = ConferenceRules.leave(moving, "p2", "eu-1");
        assertThat(left.removedParticipants()).isEmpty();
        assertThat(left.removedAgents()).containsExactly("eu-1");
        assertThat(left.removedLinks()).containsExactlyInAnyOrder(new RelayLink("us-1", "eu-1", RelayLink.OPENING),
                new RelayLink("eu-1", "eu-2", RelayLink.OPENING));
        ConferenceView after = ConferenceRules.apply(moving, left);
        assertThat(after.agents()).extracting(ConferenceAgent::agentId).containsExactly("us-1", "eu-2");
        assertThat(after.links()).containsExactly(new RelayLink("us-1", "eu-2", RelayLink.OPENING));
    }

    @Test
    void aStaleLeaveNeverReleasesAnAgentSomeoneIsStillOn() {
        ConferenceView view = join(join(join(ConferenceView.empty("c"), on("p1", "us-1")), on("p2", "eu-1")),
                on("p3", "eu-1"));
        ConferenceView moving = ConferenceRules.apply(view, ConferenceRules.move(view, on("p2", "eu-2"), NOW));
        assertThat(ConferenceRules.leave(moving, "p2", "eu-1").isEmpty()).isTrue();
        assertThat(ConferenceRules.leave(moving, "p2", "ap-9").isEmpty()).isTrue();
    }
}
