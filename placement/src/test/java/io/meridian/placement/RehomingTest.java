package io.meridian.placement;

import static io.meridian.placement.PolicyFixture.ASHBURN;
import static io.meridian.placement.PolicyFixture.FRANKFURT;
import static io.meridian.placement.PolicyFixture.NEW_YORK;
import static io.meridian.placement.PolicyFixture.NOW;
import static io.meridian.placement.PolicyFixture.PARIS;
import static io.meridian.placement.PolicyFixture.SYDNEY;
import static io.meridian.placement.PolicyFixture.agent;
import static io.meridian.placement.PolicyFixture.fleet;
import static io.meridian.placement.PolicyFixture.withLoad;
import static io.meridian.placement.PolicyFixture.withState;
import static io.meridian.placement.PolicyFixture.withStress;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meridian.placement.geo.GeoPoint;
import io.meridian.placement.geo.RegionCatalog;
import io.meridian.placement.latency.GreatCircleLatencyModel;
import io.meridian.placement.latency.RttEstimates;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RehomingTest {
    private static final RttEstimates ESTIMATES = new RttEstimates(RegionCatalog.builtIn(), GreatCircleLatencyModel.defaults());
    private static final RehomingSettings SETTINGS = RehomingSettings.defaults();
    private static final AgentSnapshot HOME = agent("us-1", "us-east-1");
    private static final AgentSnapshot EU = agent("eu-1", "eu-central-1");
    private static final AgentSnapshot EU_BUSY = withLoad(agent("eu-2", "eu-central-1"), 80, 100, 0);

    private static Rehoming at(Instant now) {
        return new Rehoming(ESTIMATES, SETTINGS, Clock.fixed(now, ZoneOffset.UTC));
    }

    private static Rehoming.Member in(String id, GeoPoint where) {
        return new Rehoming.Member(id, where, Map.of());
    }

    /** The home agent in us-east-1 was chosen for carol (New York); alice and bob are in Europe. */
    private static Rehoming.Snapshot conference(FleetSnapshot fleet, Rehoming.Member... members) {
        return new Rehoming.Snapshot("c", "us-1", Set.of("carol"), List.of(members), fleet);
    }

    private static final Rehoming.Snapshot EUROPEANS_LEFT = europeansLeft(NOW);

    /** Carol left; alice and bob remain; the agents last reported at {@code reportedAt}. */
    private static Rehoming.Snapshot europeansLeft(Instant reportedAt) {
        Duration age = Duration.between(reportedAt, NOW);
        return conference(fleet(PolicyFixture.reportedAgo(HOME, age), PolicyFixture.reportedAgo(EU_BUSY, age),
                PolicyFixture.reportedAgo(EU, age)), in("alice", FRANKFURT), in("bob", PARIS));
    }

    @Test
    void staysWhileSomeoneTheHomeAgentWasChosenForIsStillThere() {
        Rehoming.Outcome outcome = at(NOW).decide(conference(fleet(HOME, EU), in("alice", FRANKFURT),
                in("carol", NEW_YORK)), Rehoming.State.NEW);
        assertThat(outcome).isInstanceOf(Rehoming.Stay.class);
        assertThat(outcome.caseName()).isEqualTo("homeChosenForStillHere");
        assertThat(outcome.next()).isEqualTo(Rehoming.State.NEW);
    }

    @Test
    void movesToTheLeastLoadedAgentOfTheRegionEveryoneSavesInOnceTheConditionHeldForTheDwellTime() {
        Rehoming.Outcome first = at(NOW).decide(EUROPEANS_LEFT, Rehoming.State.NEW);
        assertThat(first.caseName()).isEqualTo("waitingForDwell");
        assertThat(first.next()).isEqualTo(new Rehoming.State(NOW, "eu-central-1", null));

        Instant early29 = NOW.plus(SETTINGS.dwell()).minusSeconds(1);
        Rehoming.Outcome early = at(early29).decide(europeansLeft(early29), first.next());
        assertThat(early.caseName()).isEqualTo("waitingForDwell");

        Instant later = NOW.plus(SETTINGS.dwell());
        Rehoming.Outcome moved = at(later).decide(europeansLeft(later), early.next());
        assertThat(moved).isInstanceOf(Rehoming.Move.class);
        Rehoming.Move move = (Rehoming.Move) moved;
        assertThat(move.caseName()).isEqualTo(Rehoming.RULE);
        assertThat(move.agentId()).isEqualTo("eu-1");
        assertThat(move.region()).isEqualTo("eu-central-1");
        assertThat(move.savingMs()).containsOnlyKeys("alice", "bob");
        assertThat(move.savingMs().values()).allSatisfy(ms -> assertThat(ms).isGreaterThan(SETTINGS.thresholdMs()));
        assertThat(move.next()).isEqualTo(new Rehoming.State(null, null, later));
    }

    @Test
    void staysWhenOneRemainingParticipantWouldNotSaveEnough() {
        Rehoming.Outcome outcome = at(NOW).decide(conference(fleet(HOME, EU), in("alice", FRANKFURT),
                in("dave", ASHBURN)), new Rehoming.State(NOW.minusSeconds(60), "eu-central-1", null));
        assertThat(outcome.caseName()).isEqualTo("noRegionSavesEveryone");
        assertThat(outcome.next()).isEqualTo(Rehoming.State.NEW); // the condition is forgotten
    }

    @Test
    void neverMovesAgainWithinTheMinimumIntervalSoItCannotFlap() {
        Instant movedAt = NOW.minus(SETTINGS.minInterval()).plusSeconds(1);
        Rehoming.State justMoved = new Rehoming.State(NOW.minusSeconds(120), "eu-central-1", movedAt);
        Rehoming.Outcome outcome = at(NOW).decide(EUROPEANS_LEFT, justMoved);
        assertThat(outcome.caseName()).isEqualTo("movedRecently");
        assertThat(outcome.next()).isEqualTo(justMoved);
        assertThat(at(NOW.plusSeconds(1)).decide(europeansLeft(NOW.plusSeconds(1)), justMoved))
                .isInstanceOf(Rehoming.Move.class);
    }

    @Test
    void keepsWaitingThroughSavingsThatDipWithinTheHysteresisButForgetsBelowIt() {
        // Sydney to us-east-1 vs ap-southeast-2: a large saving; pick thresholds around it to exercise the band.
        double saving = ESTIMATES.participantToRegion(SYDNEY, Map.of(), "us-east-1").ms()
                - ESTIMATES.participantToRegion(SYDNEY, Map.of(), "ap-southeast-2").ms();
        RehomingSettings band = new RehomingSettings(saving + 5, 10, SETTINGS.dwell(), SETTINGS.minInterval(),
                SETTINGS.overloadStress(), SETTINGS.reportStaleAfter());
        Rehoming rule = new Rehoming(ESTIMATES, band, Clock.fixed(NOW, ZoneOffset.UTC));
        Rehoming.Snapshot sydney = conference(fleet(HOME, agent("ap-1", "ap-southeast-2")), in("erin", SYDNEY));

        assertThat(rule.decide(sydney, Rehoming.State.NEW).caseName()).isEqualTo("noRegionSavesEveryone");
        Rehoming.State holding = new Rehoming.State(NOW.minus(SETTINGS.dwell()), "ap-southeast-2", null);
        assertThat(rule.decide(sydney, holding)).isInstanceOf(Rehoming.Move.class);

        RehomingSettings below = new RehomingSettings(saving + 15, 10, SETTINGS.dwell(), SETTINGS.minInterval(),
                SETTINGS.overloadStress(), SETTINGS.reportStaleAfter());
        assertThat(new Rehoming(ESTIMATES, below, Clock.fixed(NOW, ZoneOffset.UTC)).decide(sydney, holding).caseName())
                .isEqualTo("noRegionSavesEveryone");
    }

    @Test
    void aConditionTowardsAnotherRegionRestartsTheWait() {
        Rehoming.State towardsLondon = new Rehoming.State(NOW.minusSeconds(120), "eu-west-2", null);
        Rehoming.Outcome outcome = at(NOW).decide(EUROPEANS_LEFT, towardsLondon);
        assertThat(outcome.caseName()).isEqualTo("waitingForDwell");
        assertThat(outcome.next()).isEqualTo(new Rehoming.State(NOW, "eu-central-1", null));
    }

    @Test
    void neverTargetsADrainingOverloadedFullOrSilentAgent() {
        AgentSnapshot[] unusable = {
            withState(EU, AgentState.DRAINING),
            withStress(EU, 0.9),
            withLoad(EU, 100, 100, 0),
            PolicyFixture.reportedAgo(EU, Duration.ofSeconds(6)),
        };
        Rehoming.State holding = new Rehoming.State(NOW.minusSeconds(120), "eu-central-1", null);
        for (AgentSnapshot eu : unusable) {
            Rehoming.Outcome outcome = at(NOW).decide(conference(fleet(HOME, eu), in("alice", FRANKFURT)), holding);
            assertThat(outcome.caseName()).as(eu.toString()).isEqualTo("noRegionSavesEveryone");
        }
    }

    @Test
    void nobodyOnTheHomeAgentMeansNothingToMove() {
        assertThat(at(NOW).decide(conference(fleet(HOME, EU)), Rehoming.State.NEW).caseName()).isEqualTo("nobodyLeft");
    }

    @Test
    void refusesSettingsWhoseHysteresisExceedsTheThreshold() {
        assertThatThrownBy(() -> new RehomingSettings(10, 20, Duration.ZERO, Duration.ZERO, 0.85, Duration.ofSeconds(5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hysteresisMs");
    }
}
