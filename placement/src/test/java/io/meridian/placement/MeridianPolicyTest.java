package io.meridian.placement;

import io.meridian.placement.latency.RttSource;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.meridian.placement.PolicyFixture.*;
import static org.assertj.core.api.Assertions.assertThat;

/** Where participants go: first placement, staying, cascading, budget, overload, probes and measured RTT. */
class MeridianPolicyTest {

    @Test
    void theFirstParticipantGoesToItsNearestRegion() {
        FleetSnapshot fleet = fleet(agent("va-1", "us-east-1"), agent("fra-1", "eu-central-1"),
                agent("syd-1", "ap-southeast-2"));
        Decision.Placed d = placed(policy().place(newConference(geoip(PARIS), fleet)));
        assertThat(d.agentId()).isEqualTo("fra-1");
        assertThat(d.mode()).isEqualTo(Mode.SINGLE);
        assertThat(d.addsAgent()).isTrue();
        assertThat(d.explanation().rule()).isEqualTo(Rule.FIRST_PARTICIPANT_NEAREST_REGION);
    }

    @Test
    void theFirstParticipantSkipsANearerRegionWhoseAgentsCannotTakeMore() {
        FleetSnapshot fleet = fleet(withState(agent("fra-1", "eu-central-1"), AgentState.DRAINING),
                agent("lon-1", "eu-west-2"), agent("va-1", "us-east-1"));
        Decision.Placed d = placed(policy().place(newConference(geoip(FRANKFURT), fleet)));
        assertThat(d.agentId()).isEqualTo("lon-1");
    }

    @Test
    void sameRegionParticipantsStaySingle() {
        FleetSnapshot fleet = fleet(agent("fra-1", "eu-central-1"), agent("fra-2", "eu-central-1"),
                agent("va-1", "us-east-1"));
        Decision.Placed d = placed(policy().place(request(geoip(FRANKFURT), conferenceOn(3, "fra-1"), fleet)));
        assertThat(d.agentId()).isEqualTo("fra-1");
        assertThat(d.mode()).isEqualTo(Mode.SINGLE);
        assertThat(d.addsAgent()).isFalse();
        assertThat(d.explanation().rule()).isEqualTo(Rule.STAY_ON_CONFERENCE_AGENT);
    }

    @Test
    void aNearbyParticipantStaysEvenWhenItsOwnRegionHasAnAgent() {
        FleetSnapshot fleet = fleet(agent("fra-1", "eu-central-1"), agent("par-1", "eu-west-3"));
        Decision.Placed d = placed(policy().place(request(geoip(PARIS), conferenceOn(3, "fra-1"), fleet)));
        assertThat(d.agentId()).isEqualTo("fra-1");
        assertThat(d.mode()).isEqualTo(Mode.SINGLE);
        assertThat(d.explanation().summary()).contains("own region eu-west-3 would save");
    }

    @Test
    void cascadesAFarParticipantToItsOwnRegion() {
        FleetSnapshot fleet = fleet(agent("va-1", "us-east-1"), agent("fra-1", "eu-central-1"),
                agent("fra-2", "eu-central-1"));
        Decision.Placed d = placed(policy().place(request(geoip(FRANKFURT), conferenceOn(4, "va-1"), fleet)));
        assertThat(d.region()).isEqualTo("eu-central-1");
        assertThat(d.mode()).isEqualTo(Mode.CASCADED);
        assertThat(d.addsAgent()).isTrue();
        assertThat(d.explanation().rule()).isEqualTo(Rule.CASCADE_TO_OWN_REGION);
        assertThat(candidate(d, "va-1").estimatedRttMs() - candidate(d, d.agentId()).estimatedRttMs())
                .isGreaterThan(PlacementSettings.defaults().cascadeThresholdMs());
    }

    @Test
    void aSavingExactlyAtTheThresholdDoesNotCascade() {
        FleetSnapshot fleet = fleet(agent("va-1", "us-east-1"), agent("fra-1", "eu-central-1"));
        ParticipantLocation where = probes(FRANKFURT, Map.of("us-east-1", 60.0, "eu-central-1", 30.0));
        Decision.Placed d = placed(policy(settings(30, 4)).place(request(where, conferenceOn(2, "va-1"), fleet)));
        assertThat(d.agentId()).isEqualTo("va-1");
        assertThat(d.mode()).isEqualTo(Mode.SINGLE);
        assertThat(d.explanation().rule()).isEqualTo(Rule.STAY_ON_CONFERENCE_AGENT);
    }

    @Test
    void aSavingJustAboveTheThresholdCascades() {
        FleetSnapshot fleet = fleet(agent("va-1", "us-east-1"), agent("fra-1", "eu-central-1"));
        ParticipantLocation where = probes(FRANKFURT, Map.of("us-east-1", 60.01, "eu-central-1", 30.0));
        Decision.Placed d = placed(policy(settings(30, 4)).place(request(where, conferenceOn(2, "va-1"), fleet)));
        assertThat(d.agentId()).isEqualTo("fra-1");
        assertThat(d.mode()).isEqualTo(Mode.CASCADED);
        assertThat(d.explanation().rule()).isEqualTo(Rule.CASCADE_TO_OWN_REGION);
    }

    @Test
    void theAgentBudgetIsRespected() {
        FleetSnapshot fleet = fleet(agent("va-1", "us-east-1"), agent("or-1", "us-west-2"),
                agent("fra-1", "eu-central-1"));
        ConferenceSnapshot twoAgents = conferenceOn(5, "va-1", "or-1");

        Decision.Placed capped = placed(policy(settings(30, 2)).place(request(geoip(FRANKFURT), twoAgents, fleet)));
        assertThat(capped.agentId()).isEqualTo("va-1"); // the nearer of the conference's agents
        assertThat(capped.addsAgent()).isFalse();
        assertThat(capped.explanation().rule()).isEqualTo(Rule.ANY_AGENT_IN_CONFERENCE);
        assertThat(capped.explanation().summary()).contains("budget 2");

        Decision.Placed roomForOneMore = placed(policy(settings(30, 3))
                .place(request(geoip(FRANKFURT), twoAgents, fleet)));
        assertThat(roomForOneMore.agentId()).isEqualTo("fra-1");
        assertThat(roomForOneMore.addsAgent()).isTrue();
    }

    @Test
    void aLaterParticipantJoinsTheNearestOfTheConferencesAgents() {
        FleetSnapshot fleet = fleet(agent("va-1", "us-east-1"), agent("fra-1", "eu-central-1"));
        Decision.Placed d = placed(policy().place(request(geoip(PARIS), conferenceOn(2, "va-1", "fra-1"), fleet)));
        assertThat(d.agentId()).isEqualTo("fra-1");
        assertThat(d.mode()).isEqualTo(Mode.CASCADED); // the conference still spans two agents
        assertThat(d.addsAgent()).isFalse();
    }

    @Test
    void anOverloadedConferenceAgentGetsASecondAgentInItsRegion() {
        FleetSnapshot fleet = fleet(withStress(agent("fra-1", "eu-central-1"), 0.9), agent("fra-2", "eu-central-1"),
                agent("lon-1", "eu-west-2"));
        Decision.Placed d = placed(policy().place(request(geoip(FRANKFURT), conferenceOn(40, "fra-1"), fleet)));
        assertThat(d.agentId()).isEqualTo("fra-2");
        assertThat(d.mode()).isEqualTo(Mode.CASCADED);
        assertThat(d.addsAgent()).isTrue();
        assertThat(d.explanation().rule()).isEqualTo(Rule.SECOND_AGENT_IN_OVERLOADED_REGION);
        assertThat(candidate(d, "fra-1").reason()).startsWith("overloaded");
    }

    @Test
    void aFarParticipantOfAnOverloadedConferenceIsCascadedHomeRatherThanBesideTheOverloadedAgent() {
        FleetSnapshot fleet = fleet(withStress(agent("fra-1", "eu-central-1"), 0.9), agent("fra-2", "eu-central-1"),
                agent("syd-1", "ap-southeast-2"));
        Decision.Placed d = placed(policy().place(request(geoip(SYDNEY), conferenceOn(40, "fra-1"), fleet)));
        assertThat(d.agentId()).isEqualTo("syd-1");
        assertThat(d.explanation().rule()).isEqualTo(Rule.CASCADE_TO_OWN_REGION);
    }

    @Test
    void whenNoConferenceAgentCanTakeMoreTheBestAgentElsewhereIsAdded() {
        FleetSnapshot fleet = fleet(withState(agent("va-1", "us-east-1"), AgentState.DOWN), agent("ny-1", "us-east-2"),
                agent("fra-1", "eu-central-1"));
        Decision.Placed d = placed(policy().place(request(geoip(NEW_YORK), conferenceOn(3, "va-1"), fleet)));
        assertThat(d.agentId()).isEqualTo("ny-1");
        assertThat(d.explanation().rule()).isEqualTo(Rule.LEAST_LOADED_ANYWHERE);
    }

    @Test
    void aDrainingConferenceAgentTakesNobodyNewSoAnotherAgentNearbyJoinsTheConference() {
        FleetSnapshot fleet = fleet(withState(agent("fra-1", "eu-central-1"), AgentState.DRAINING),
                agent("fra-2", "eu-central-1"), agent("va-1", "us-east-1"));
        Decision.Placed d = placed(policy().place(request(geoip(FRANKFURT), conferenceOn(6, "fra-1"), fleet)));
        assertThat(d.agentId()).isEqualTo("fra-2");
        assertThat(d.mode()).isEqualTo(Mode.CASCADED); // relays to the draining agent's remaining participants
        assertThat(d.addsAgent()).isTrue();
        assertThat(candidate(d, "fra-2").relayRttMs()).isLessThan(candidate(d, "va-1").relayRttMs());
    }

    @Test
    void probesOverrideTheModel() {
        FleetSnapshot fleet = fleet(agent("va-1", "us-east-1"), agent("fra-1", "eu-central-1"));
        // GeoIP says Frankfurt (a VPN exit, say); the client's own probes say Virginia is nearer
        ParticipantLocation where = new ParticipantLocation(FRANKFURT, LocationSource.GEOIP, "DE",
                Map.of("us-east-1", 15.0, "eu-central-1", 95.0));
        Decision.Placed d = placed(policy().place(newConference(where, fleet)));
        assertThat(d.agentId()).isEqualTo("va-1");
        assertThat(candidate(d, "va-1").estimatedRttMs()).isEqualTo(15.0);
        assertThat(candidate(d, "va-1").rttSource()).isEqualTo(RttSource.PROBE);
    }

    @Test
    void aRegionWithoutAProbeFallsBackToTheModel() {
        FleetSnapshot fleet = fleet(agent("va-1", "us-east-1"), agent("fra-1", "eu-central-1"));
        ParticipantLocation where = probes(FRANKFURT, Map.of("us-east-1", 200.0));
        Decision.Placed d = placed(policy().place(newConference(where, fleet)));
        assertThat(d.agentId()).isEqualTo("fra-1");
        assertThat(candidate(d, "fra-1").rttSource()).isEqualTo(RttSource.MODEL);
    }

    @Test
    void measuredRttOverridesTheModel() {
        // the conference's only agent is full and its region has no spare: a new agent must relay to it
        AgentSnapshot full = withLoad(agent("va-1", "us-east-1"), 100, 100, 0);
        AgentSnapshot dublin = agent("dub-1", "eu-west-1");
        AgentSnapshot frankfurt = agent("fra-1", "eu-central-1");
        ParticipantLocation where = probes(PARIS, Map.of("eu-west-1", 20.0, "eu-central-1", 20.0));
        ConferenceSnapshot conference = conferenceOn(100, "va-1");

        // the model puts Dublin nearer to Virginia than Frankfurt
        Decision.Placed byModel = placed(policy().place(request(where, conference, fleet(full, dublin, frankfurt))));
        assertThat(byModel.agentId()).isEqualTo("dub-1");
        assertThat(byModel.explanation().rule()).isEqualTo(Rule.LEAST_LOADED_ANYWHERE);

        // the agents measured otherwise (a cable cut, say)
        FleetSnapshot measured = new FleetSnapshot(java.util.List.of(full, dublin, frankfurt),
                Map.of("dub-1", Map.of("va-1", 160.0), "fra-1", Map.of("va-1", 80.0)));
        Decision.Placed byMeasurement = placed(policy().place(request(where, conference, measured)));
        assertThat(byMeasurement.agentId()).isEqualTo("fra-1");
        assertThat(candidate(byMeasurement, "fra-1").relayRttMs()).isEqualTo(80.0);
        assertThat(candidate(byMeasurement, "dub-1").relayRttMs()).isEqualTo(160.0);
    }

    @Test
    void everyDecisionExplainsAllCandidatesTheWinningRuleAndASummary() {
        FleetSnapshot fleet = fleet(agent("va-1", "us-east-1"), withState(agent("fra-1", "eu-central-1"),
                AgentState.DRAINING), agent("lon-1", "eu-west-2"), agent("x-1", "not-a-region"));
        Decision d = policy().place(newConference(geoip(FRANKFURT), fleet));
        Explanation e = d.explanation();
        assertThat(e.rule()).isEqualTo(Rule.FIRST_PARTICIPANT_NEAREST_REGION);
        assertThat(e.locationSource()).isEqualTo(LocationSource.GEOIP);
        assertThat(e.summary()).contains("lon-1").contains("eu-west-2").doesNotContain("\n");
        assertThat(e.candidates()).extracting(Candidate::agentId).containsExactly("lon-1", "va-1", "fra-1", "x-1");
        assertThat(candidate(d, "lon-1").eligible()).isTrue();
        assertThat(candidate(d, "lon-1").reason()).isEqualTo(Candidate.ELIGIBLE);
        assertThat(candidate(d, "lon-1").estimatedRttMs()).isLessThan(candidate(d, "va-1").estimatedRttMs());
        assertThat(candidate(d, "fra-1").reason()).isEqualTo("draining");
        assertThat(candidate(d, "x-1").reason()).isEqualTo("unknown region 'not-a-region'");
        assertThat(candidate(d, "x-1").estimatedRttMs()).isNaN();
    }

    @Test
    void aDecisionOverALargeFleetExplainsTheBestAgentsThePickAndTheConferencesOwnNotAllOfThem() {
        String[] regions = {"us-east-1", "eu-central-1", "eu-west-2", "ap-southeast-2"};
        AgentSnapshot[] agents = new AgentSnapshot[2000];
        for (int i = 0; i < agents.length; i++) {
            agents[i] = agent(String.format("a-%04d", i), regions[i % regions.length]);
        }
        FleetSnapshot fleet = fleet(agents);
        Decision d = policy().place(request(geoip(SYDNEY), conferenceOn(3, "a-0000"), fleet));
        Explanation e = d.explanation();

        assertThat(e.considered()).isEqualTo(2000);
        assertThat(e.candidates().size()).isLessThanOrEqualTo(MeridianPolicy.EXPLAINED_CANDIDATES + 2);
        assertThat(e.candidates()).extracting(Candidate::agentId).contains("a-0000", ((Decision.Placed) d).agentId());
    }
}
