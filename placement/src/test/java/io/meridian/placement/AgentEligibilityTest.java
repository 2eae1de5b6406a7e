package io.meridian.placement;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.meridian.placement.PolicyFixture.*;
import static org.assertj.core.api.Assertions.assertThat;

/** Which agents may take a participant, how load is compared, and what happens when nothing fits. */
class AgentEligibilityTest {

    /** Frankfurt participant, one unusable agent in Frankfurt, a healthy one in London. */
    private static Decision.Placed placeBesides(AgentSnapshot unusableInFrankfurt) {
        FleetSnapshot fleet = fleet(unusableInFrankfurt, agent("lon-1", "eu-west-2"));
        Decision.Placed d = placed(policy().place(newConference(geoip(FRANKFURT), fleet)));
        assertThat(d.agentId()).isEqualTo("lon-1");
        assertThat(candidate(d, unusableInFrankfurt.agentId()).eligible()).isFalse();
        return d;
    }

    @Test
    void skipsAnOverloadedAgent() {
        Decision.Placed d = placeBesides(withStress(agent("fra-1", "eu-central-1"), 0.85));
        assertThat(candidate(d, "fra-1").reason()).isEqualTo("overloaded: stress 0.85 >= 0.85");
    }

    @Test
    void skipsADrainingAgent() {
        Decision.Placed d = placeBesides(withState(agent("fra-1", "eu-central-1"), AgentState.DRAINING));
        assertThat(candidate(d, "fra-1").reason()).isEqualTo("draining");
    }

    @Test
    void skipsADownAgent() {
        Decision.Placed d = placeBesides(withState(agent("fra-1", "eu-central-1"), AgentState.DOWN));
        assertThat(candidate(d, "fra-1").reason()).isEqualTo("down");
    }

    @Test
    void skipsAnAgentWhoseLastReportIsStale() {
        Decision.Placed d = placeBesides(reportedAgo(agent("fra-1", "eu-central-1"), Duration.ofMillis(5001)));
        assertThat(candidate(d, "fra-1").reason()).isEqualTo("stale: last report 5.0 s ago (> 5.0 s)");
    }

    @Test
    void anAgentReportingExactlyAtTheStaleLimitIsStillUsable() {
        FleetSnapshot fleet = fleet(reportedAgo(agent("fra-1", "eu-central-1"), Duration.ofSeconds(5)),
                agent("lon-1", "eu-west-2"));
        assertThat(placed(policy().place(newConference(geoip(FRANKFURT), fleet))).agentId()).isEqualTo("fra-1");
    }

    @Test
    void skipsAFullAgent() {
        Decision.Placed d = placeBesides(withLoad(agent("fra-1", "eu-central-1"), 100, 100, 0));
        assertThat(candidate(d, "fra-1").reason()).isEqualTo("full: 100 of 100");
    }

    @Test
    void countsPlacementsSinceTheLastReportTowardsCapacity() {
        Decision.Placed d = placeBesides(withLoad(agent("fra-1", "eu-central-1"), 97, 100, 3));
        assertThat(candidate(d, "fra-1").reason()).isEqualTo("full: 100 of 100");
    }

    @Test
    void withinARegionTheLeastEffectiveStressWins() {
        AgentSnapshot calm = withStress(agent("fra-1", "eu-central-1"), 0.30);
        AgentSnapshot busyBurst = withLoad(withStress(agent("fra-2", "eu-central-1"), 0.20), 20, 100, 15);
        Decision.Placed d = placed(policy().place(newConference(geoip(FRANKFURT), fleet(calm, busyBurst))));
        assertThat(d.agentId()).isEqualTo("fra-1"); // 0.30 beats 0.20 + 15 x 0.01 = 0.35
        assertThat(candidate(d, "fra-2").effectiveStress()).isCloseTo(0.35, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(candidate(d, "fra-2").stress()).isEqualTo(0.20);
    }

    @Test
    void aBurstOf50JoinsSpreadsEvenlyAcrossARegionsAgents() {
        FleetSnapshot fleet = fleet(agent("fra-1", "eu-central-1"), agent("fra-2", "eu-central-1"),
                agent("fra-3", "eu-central-1"), agent("fra-4", "eu-central-1"), agent("fra-5", "eu-central-1"));
        Map<String, Integer> counts = burst(policy(), fleet, 50);
        assertThat(counts).containsOnlyKeys("fra-1", "fra-2", "fra-3", "fra-4", "fra-5");
        assertThat(counts.values()).containsOnly(10);
    }

    @Test
    void aBurstOf50JoinsFillsTheLeastLoadedAgentsFirstWithoutHerding() {
        List<AgentSnapshot> agents = new ArrayList<>();
        double[] stress = {0.10, 0.20, 0.30, 0.40, 0.50};
        for (int i = 0; i < stress.length; i++) {
            agents.add(withStress(agent("fra-" + (i + 1), "eu-central-1"), stress[i]));
        }
        Map<String, Integer> counts = burst(policy(), new FleetSnapshot(agents), 50);
        // water-filling: effective stress levels out at about 0.367, above fra-3's 0.30 and below fra-4's 0.40
        assertThat(counts).containsOnlyKeys("fra-1", "fra-2", "fra-3");
        assertThat(counts.get("fra-1")).isGreaterThan(counts.get("fra-2"));
        assertThat(counts.get("fra-2")).isGreaterThan(counts.get("fra-3"));
        assertThat(counts.get("fra-1")).isLessThan(30);
    }

    @Test
    void withoutCountingPlacementsABurstWouldHerdOntoOneAgent() {
        PlacementSettings d = PlacementSettings.defaults();
        PlacementSettings noCorrection = new PlacementSettings(d.cascadeThresholdMs(), d.maxAgentsPerConference(),
                d.overloadStress(), 0.0, d.reportStaleAfter());
        FleetSnapshot fleet = fleet(withStress(agent("fra-1", "eu-central-1"), 0.10),
                withStress(agent("fra-2", "eu-central-1"), 0.15), withStress(agent("fra-3", "eu-central-1"), 0.20));
        // every join sees the same stale stresses, so the same agent always looks best
        assertThat(burst(policy(noCorrection), fleet, 50)).containsOnlyKeys("fra-1");
    }

    /** 50 first participants of 50 new conferences, the caller counting each placement as it goes. */
    private static Map<String, Integer> burst(MeridianPolicy policy, FleetSnapshot fleet, int joins) {
        Map<String, Integer> counts = new TreeMap<>();
        for (int i = 0; i < joins; i++) {
            Decision.Placed d = placed(policy.place(new PlacementRequest("c" + i, "p" + i, geoip(FRANKFURT),
                    ConferenceSnapshot.empty("c" + i), fleet)));
            counts.merge(d.agentId(), 1, Integer::sum);
            fleet = afterPlacementOn(fleet, d.agentId());
        }
        return counts;
    }

    @Test
    void noCapacityAnywhereIsARejectionThatSaysWhy() {
        FleetSnapshot fleet = fleet(withState(agent("fra-1", "eu-central-1"), AgentState.DOWN),
                withLoad(agent("lon-1", "eu-west-2"), 50, 50, 0), withStress(agent("va-1", "us-east-1"), 1.2));
        Decision d = policy().place(newConference(geoip(FRANKFURT), fleet));
        assertThat(d).isInstanceOf(Decision.Rejected.class);
        Decision.Rejected r = (Decision.Rejected) d;
        assertThat(r.reason()).isEqualTo("no agent can take a participant (1 down, 1 full, 1 overloaded)");
        assertThat(r.explanation().rule()).isEqualTo(Rule.REJECT_NO_CAPACITY);
        assertThat(r.explanation().candidates()).hasSize(3).noneMatch(Candidate::eligible);
    }

    @Test
    void anEmptyFleetIsARejection() {
        Decision d = policy().place(newConference(geoip(FRANKFURT), fleet()));
        assertThat(d).isInstanceOfSatisfying(Decision.Rejected.class,
                r -> assertThat(r.reason()).isEqualTo("no agents are registered"));
    }

    @Test
    void aConferenceAtItsBudgetWhoseAgentsAreFullIsRejectedEvenWithCapacityElsewhere() {
        FleetSnapshot fleet = fleet(withLoad(agent("fra-1", "eu-central-1"), 100, 100, 0),
                withLoad(agent("lon-1", "eu-west-2"), 100, 100, 0), agent("fra-2", "eu-central-1"));
        Decision d = policy(settings(30, 2)).place(request(geoip(FRANKFURT), conferenceOn(100, "fra-1", "lon-1"), fleet));
        assertThat(d).isInstanceOfSatisfying(Decision.Rejected.class,
                r -> assertThat(r.reason()).contains("spans 2 agents (budget 2)"));
    }
}
