package io.meridian.controller.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** What every conference store must do; run against the in-memory store and PostgreSQL. */
abstract class ConferenceStoreContract {
    static final Instant NOW = Instant.parse("2025-05-01T10:00:00Z");
    static final ObjectMapper JSON = new ObjectMapper();

    abstract ConferenceStore store();

    /** What the store's clock reads now (when it stamps what it creates). */
    abstract Instant storeNow();

    static String newConference() {
        return "c-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static JoinPlan place(String conference, String participant, String agent, String region) {
        return new JoinPlan.Place(new ParticipantRecord(participant, agent, region, "DE", "GEOIP", NOW),
                decision(conference, participant, DecisionRecord.PLACED, agent, region));
    }

    static DecisionRecord decision(String conference, String participant, String outcome, String agent, String region) {
        String explanation = "{\"rule\":\"cascadeToOwnRegion\",\"summary\":\"to " + agent
                + "\",\"candidates\":[{\"agentId\":\"" + agent + "\",\"estimatedRttMs\":12.5,\"relayRttMs\":null}]}";
        return new DecisionRecord(0, conference, participant, NOW, outcome, agent, region,
                agent == null ? null : "single", false, "cascadeToOwnRegion", explanation);
    }

    ConferenceStore.JoinResult join(String conference, String participant, String agent, String region) {
        return store().join(conference, current -> place(conference, participant, agent, region));
    }

    @Test
    void aConferenceIsUnknownUntilSomeoneJoins() {
        String c = newConference();
        assertThat(store().conference(c)).isEmpty();
        assertThat(store().decisions(c)).isEmpty();
        assertThat(store().leave(c, "p1", null)).isEmpty();
    }

    @Test
    void aJoinStoresThePlacementAndNumbersItsDecision() throws Exception {
        String c = newConference();
        ConferenceStore.JoinResult result = join(c, "p1", "us-1", "us-east-1");
        assertThat(result.decision().sequence()).isEqualTo(1);
        assertThat(result.conference().participants()).extracting(ParticipantRecord::participantId).containsExactly("p1");
        ConferenceView stored = store().conference(c).orElseThrow();
        assertThat(stored.agents()).extracting(ConferenceAgent::agentId).containsExactly("us-1");
        ParticipantRecord p1 = stored.participant("p1").orElseThrow();
        assertThat(p1.agentId()).isEqualTo("us-1");
        assertThat(p1.region()).isEqualTo("us-east-1");
        assertThat(p1.country()).isEqualTo("DE");
        assertThat(p1.locationSource()).isEqualTo("GEOIP");
        assertThat(stored.mode()).isEqualTo("single");
        List<DecisionRecord> log = store().decisions(c).orElseThrow();
        assertThat(log).hasSize(1);
        assertThat(log.get(0).participantId()).isEqualTo("p1");
        assertThat(log.get(0).outcome()).isEqualTo("placed");
        assertThat(log.get(0).decidedAt().truncatedTo(ChronoUnit.MILLIS)).isEqualTo(NOW);
        assertThat(JSON.readTree(log.get(0).explanationJson()))
                .isEqualTo(JSON.readTree(decision(c, "p1", "placed", "us-1", "us-east-1").explanationJson()));
    }

    @Test
    void aSecondAgentGetsARelayLinkAndTheConferenceBecomesCascaded() {
        String c = newConference();
        join(c, "p1", "us-1", "us-east-1");
        ConferenceStore.JoinResult second = join(c, "p2", "eu-1", "eu-west-1");
        assertThat(second.change().addedLinks()).containsExactly(new RelayLink("us-1", "eu-1", RelayLink.OPENING));
        ConferenceView stored = store().conference(c).orElseThrow();
        assertThat(stored.mode()).isEqualTo("cascaded");
        assertThat(stored.links()).containsExactly(new RelayLink("us-1", "eu-1", RelayLink.OPENING));
        store().relayLinkState(c, "us-1", "eu-1", RelayLink.OPEN);
        assertThat(store().conference(c).orElseThrow().links()).containsExactly(new RelayLink("us-1", "eu-1", "OPEN"));
        assertThat(store().decisions(c).orElseThrow()).extracting(DecisionRecord::sequence).containsExactly(1L, 2L);
    }

    @Test
    void retentionForgetsEndedConferencesWithTheirDecisionsAndKeepsLiveOnes() {
        String ended = newConference();
        String live = newConference();
        join(ended, "p1", "us-1", "us-east-1");
        store().leave(ended, "p1", null);
        join(live, "p1", "us-1", "us-east-1");

        assertThat(store().forgetEnded(Instant.parse("2000-01-01T00:00:00Z"), 1000)).isZero();
        assertThat(store().conference(ended)).isPresent();

        assertThat(store().forgetEnded(Instant.parse("2100-01-01T00:00:00Z"), 1000)).isPositive();
        assertThat(store().conference(ended)).isEmpty();
        assertThat(store().decisions(ended)).isEmpty();
        assertThat(store().conference(live)).isPresent();
        assertThat(store().decisions(live).orElseThrow()).hasSize(1);

        // Joining again after retention starts a new log.
        assertThat(join(ended, "p2", "us-1", "us-east-1").decision().sequence()).isEqualTo(1);
    }

    @Test
    void aConferenceJoinedAgainIsNoLongerEnded() {
        String c = newConference();
        join(c, "p1", "us-1", "us-east-1");
        store().leave(c, "p1", null);
        join(c, "p2", "us-1", "us-east-1");

        store().forgetEnded(Instant.parse("2100-01-01T00:00:00Z"), 1000);

        assertThat(store().conference(c)).isPresent();
    }

    @Test
    void readsTheDecisionLogPageByPageAfterASequence() {
        String c = newConference();
        for (int i = 1; i <= 5; i++) {
            join(c, "p" + i, "us-1", "us-east-1");
        }
        assertThat(store().decisions(c, 0, 2).orElseThrow()).extracting(DecisionRecord::sequence)
                .containsExactly(1L, 2L);
        assertThat(store().decisions(c, 2, 2).orElseThrow()).extracting(DecisionRecord::sequence)
                .containsExactly(3L, 4L);
        assertThat(store().decisions(c, 4, 2).orElseThrow()).extracting(DecisionRecord::sequence)
                .containsExactly(5L);
        assertThat(store().decisions(c, 5, 2).orElseThrow()).isEmpty();
        assertThat(store().decisions(newConference(), 0, 2)).isEmpty();
    }

    @Test
    void aRejectedJoinLogsItsDecisionAndPlacesNobody() {
        String c = newConference();
        ConferenceStore.JoinResult result = store().join(c,
                current -> new JoinPlan.Reject(decision(c, "p1", DecisionRecord.REJECTED, null, null)));
        assertThat(result.change().isEmpty()).isTrue();
        assertThat(store().conference(c).orElseThrow().participants()).isEmpty();
        assertThat(store().decisions(c).orElseThrow()).extracting(DecisionRecord::outcome).containsExactly("rejected");
    }

    @Test
    void aParticipantJoiningAgainMovesAndItsEmptiedAgentLeaves() {
        String c = newConference();
        join(c, "p1", "us-1", "us-east-1");
        join(c, "p2", "eu-1", "eu-west-1");
        ConferenceStore.JoinResult again = join(c, "p2", "us-1", "us-east-1");
        assertThat(again.change().removedAgents()).containsExactly("eu-1");
        ConferenceView stored = store().conference(c).orElseThrow();
        assertThat(stored.participantsByAgent()).isEqualTo(Map.of("us-1", 2));
        assertThat(stored.links()).isEmpty();
        assertThat(stored.participant("p2").orElseThrow().agentId()).isEqualTo("us-1");
    }

    @Test
    void aLeaveRemovesTheParticipantAndItsEmptiedAgentWithItsLinks() {
        String c = newConference();
        join(c, "p1", "us-1", "us-east-1");
        join(c, "p2", "eu-1", "eu-west-1");
        assertThat(store().leave(c, "p2", "us-1").orElseThrow().isEmpty()).isTrue();
        ConferenceChange change = store().leave(c, "p2", "eu-1").orElseThrow();
        assertThat(change.removedLinks()).hasSize(1);
        ConferenceView stored = store().conference(c).orElseThrow();
        assertThat(stored.agents()).extracting(ConferenceAgent::agentId).containsExactly("us-1");
        assertThat(stored.links()).isEmpty();
        assertThat(store().leave(c, "p2", null).orElseThrow().isEmpty()).isTrue();
    }

    @Test
    void adoptionRecordsParticipantsAnAgentHostsThatTheStoreDoesNotKnow() {
        String c = newConference();
        join(c, "p1", "us-1", "us-east-1");
        ConferenceChange change = store().adopt(c, "eu-1", "eu-west-1", List.of("p1", "p7"));
        assertThat(change.upsert()).extracting(ParticipantRecord::participantId).containsExactly("p7");
        ConferenceView stored = store().conference(c).orElseThrow();
        assertThat(stored.participantsByAgent()).isEqualTo(Map.of("us-1", 1, "eu-1", 1));
        assertThat(stored.participant("p7").orElseThrow().locationSource()).isEqualTo("ADOPTED");
        assertThat(store().adopt(newConference(), "eu-1", "eu-west-1", List.of("p9")).upsert()).hasSize(1);
    }

    @Test
    void concurrentJoinsToOneConferenceAreDecidedOneAtATime() throws Exception {
        String c = newConference();
        List<Integer> seen = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<ConferenceStore.JoinResult>> results = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                String participant = "p" + i;
                results.add(pool.submit(() -> store().join(c, current -> {
                    int before = current.participants().size();
                    seen.add(before);
                    // A planner that depends on what it saw: with joins serialised, every count is distinct.
                    String agent = "agent-" + (before % 3);
                    return place(c, participant, agent, "eu-west-1");
                })));
            }
            for (Future<ConferenceStore.JoinResult> result : results) {
                result.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(seen).containsExactlyInAnyOrderElementsOf(java.util.stream.IntStream.range(0, 24).boxed().toList());
        ConferenceView stored = store().conference(c).orElseThrow();
        assertThat(stored.participantsByAgent()).isEqualTo(Map.of("agent-0", 8, "agent-1", 8, "agent-2", 8));
        assertThat(stored.links()).hasSize(3);
        assertThat(store().decisions(c).orElseThrow()).extracting(DecisionRecord::sequence)
                .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, 24).boxed().toList());
    }

    static String newAgent(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** What the failover logs: one evicted entry per removed participant. */
    static Optional<List<DecisionRecord>> evictions(String conference, String agent, ConferenceView after,
            ConferenceChange change) {
        return Optional.of(change.removedParticipants().stream()
                .map(p -> new DecisionRecord(0, conference, p, NOW, DecisionRecord.EVICTED, agent, "eu-west-1",
                        after.mode(), false, "agentDown", "{\"rule\":\"agentDown\",\"reason\":\"stream ended\"}"))
                .toList());
    }

    @Test
    void evictingADownAgentRemovesItsParticipantsItselfAndItsLinksAndLogsEachParticipant() throws Exception {
        String c = newConference();
        String live = newAgent("live");
        String dead = newAgent("dead");
        join(c, "p1", live, "us-east-1");
        join(c, "p2", dead, "eu-west-1");
        join(c, "p3", dead, "eu-west-1");
        assertThat(store().conferencesOf(dead)).containsExactly(c);

        ConferenceChange change = store().evict(c, dead, (after, removal) -> evictions(c, dead, after, removal));
        assertThat(change.removedParticipants()).containsExactlyInAnyOrder("p2", "p3");
        assertThat(change.removedAgents()).containsExactly(dead);
        assertThat(change.removedLinks()).containsExactly(new RelayLink(live, dead, RelayLink.OPENING));
        ConferenceView stored = store().conference(c).orElseThrow();
        assertThat(stored.agents()).extracting(ConferenceAgent::agentId).containsExactly(live);
        assertThat(stored.participants()).extracting(ParticipantRecord::participantId).containsExactly("p1");
        assertThat(stored.links()).isEmpty();
        assertThat(stored.mode()).isEqualTo("single");
        assertThat(store().conferencesOf(dead)).isEmpty();
        List<DecisionRecord> log = store().decisions(c).orElseThrow();
        assertThat(log).extracting(DecisionRecord::sequence).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(log).extracting(DecisionRecord::outcome)
                .containsExactly("placed", "placed", "placed", "evicted", "evicted");
        assertThat(log.subList(3, 5)).extracting(DecisionRecord::participantId).containsExactlyInAnyOrder("p2", "p3");
        assertThat(log.get(4).agentId()).isEqualTo(dead);
        assertThat(log.get(4).mode()).isEqualTo("single");
        assertThat(log.get(4).rule()).isEqualTo("agentDown");
        assertThat(JSON.readTree(log.get(4).explanationJson()).path("reason").asText()).isEqualTo("stream ended");

        // Another replica that saw the same agent die finds nothing left to do.
        assertThat(store().evict(c, dead, (after, removal) -> evictions(c, dead, after, removal)).isEmpty()).isTrue();
        assertThat(store().decisions(c).orElseThrow()).hasSize(5);
        assertThat(store().evict(newConference(), dead, (after, removal) -> evictions(c, dead, after, removal))
                .isEmpty()).isTrue();
    }

    @Test
    void anEvictionThePlannerDeclinesChangesNothing() {
        String c = newConference();
        String agent = newAgent("back");
        join(c, "p1", agent, "eu-west-1");
        ConferenceChange change = store().evict(c, agent, (after, removal) -> Optional.empty());
        assertThat(change.isEmpty()).isTrue();
        assertThat(store().conference(c).orElseThrow().participants()).extracting(ParticipantRecord::agentId)
                .containsExactly(agent);
        assertThat(store().decisions(c).orElseThrow()).hasSize(1);
        assertThat(store().conferencesOf(agent)).containsExactly(c);
    }

    @Test
    void concurrentEvictionsOfOneAgentRemoveItOnce() throws Exception {
        String c = newConference();
        String live = newAgent("live");
        String dead = newAgent("dead");
        join(c, "p1", live, "us-east-1");
        for (int i = 2; i <= 6; i++) {
            join(c, "p" + i, dead, "eu-west-1");
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<ConferenceChange> changes = new ArrayList<>();
        try {
            List<Future<ConferenceChange>> results = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                results.add(pool.submit(() -> store().evict(c, dead,
                        (after, removal) -> evictions(c, dead, after, removal))));
            }
            for (Future<ConferenceChange> result : results) {
                changes.add(result.get());
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(changes).filteredOn(change -> !change.isEmpty()).hasSize(1);
        assertThat(store().decisions(c).orElseThrow()).extracting(DecisionRecord::outcome)
                .containsExactly("placed", "placed", "placed", "placed", "placed", "placed", "evicted", "evicted",
                        "evicted", "evicted", "evicted");
        assertThat(store().conference(c).orElseThrow().participants()).extracting(ParticipantRecord::participantId)
                .containsExactly("p1");
    }

    /** Claims due relay retries (other tests' links may be due too: only this conference's are returned). */
    List<ConferenceStore.RelayRetry> claim(String conference, Instant now) {
        return store().claimRelayRetries(now, STUCK_AFTER, MAX_BACKOFF, 100_000).stream()
                .filter(retry -> retry.conferenceId().equals(conference)).toList();
    }

    static final java.time.Duration STUCK_AFTER = java.time.Duration.ofSeconds(10);
    static final java.time.Duration MAX_BACKOFF = java.time.Duration.ofSeconds(60);

    @Test
    void aRelayLinkThatFailedIsClaimedOnceAtATimeWithGrowingBackoff() {
        String c = newConference();
        join(c, "p1", "us-1", "us-east-1");
        join(c, "p2", "eu-1", "eu-west-1");
        store().relayLinkState(c, "us-1", "eu-1", RelayLink.FAILED);
        Instant later = Instant.now().plus(1, ChronoUnit.DAYS);

        assertThat(claim(c, later)).containsExactly(
                new ConferenceStore.RelayRetry(c, new RelayLink("us-1", "eu-1", RelayLink.OPENING), 1));
        assertThat(store().conference(c).orElseThrow().links()).containsExactly(
                new RelayLink("us-1", "eu-1", RelayLink.OPENING));
        assertThat(claim(c, later)).as("claimed by someone else: not again while that attempt runs").isEmpty();
        store().relayLinkState(c, "us-1", "eu-1", RelayLink.FAILED);
        // The first attempt's retry is due stuck-after + 2 s later, the second's after stuck-after + 4 s.
        assertThat(claim(c, later.plus(STUCK_AFTER).plusSeconds(1))).isEmpty();
        assertThat(claim(c, later.plus(STUCK_AFTER).plusSeconds(2))).extracting(ConferenceStore.RelayRetry::attempt)
                .containsExactly(2);
        Instant second = later.plus(STUCK_AFTER).plusSeconds(2);
        assertThat(claim(c, second.plus(STUCK_AFTER).plusSeconds(3))).isEmpty();
        assertThat(claim(c, second.plus(STUCK_AFTER).plusSeconds(4))).extracting(ConferenceStore.RelayRetry::attempt)
                .containsExactly(3);
    }

    @Test
    void aLinkStillOpeningIsLeftToItsAttemptUntilItIsStuck() {
        String c = newConference();
        join(c, "p1", "us-1", "us-east-1");
        join(c, "p2", "eu-1", "eu-west-1");
        assertThat(claim(c, storeNow().plus(STUCK_AFTER).minusSeconds(1))).isEmpty();
        assertThat(claim(c, Instant.now().plus(1, ChronoUnit.DAYS))).hasSize(1);
    }

    @Test
    void anOpenLinkIsLeftAloneUntilItsAgentComesBackWithoutTheConference() {
        String c = newConference();
        join(c, "p1", "us-1", "us-east-1");
        join(c, "p2", "eu-1", "eu-west-1");
        store().relayLinkState(c, "us-1", "eu-1", RelayLink.OPEN);
        Instant later = Instant.now().plus(1, ChronoUnit.DAYS);
        assertThat(claim(c, later)).isEmpty();

        assertThat(store().reopenRelaysOf(c, "eu-1", later)).isEqualTo(1);
        assertThat(claim(c, later)).extracting(ConferenceStore.RelayRetry::attempt).containsExactly(1);
        store().relayLinkState(c, "us-1", "eu-1", RelayLink.OPEN);
        assertThat(claim(c, later.plus(1, ChronoUnit.DAYS))).as("open again: its schedule is cleared").isEmpty();
        assertThat(store().reopenRelaysOf(c, "ap-1", later)).isZero();
    }
}
