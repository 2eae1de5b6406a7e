package io.meridian.study.replay;

import io.meridian.study.PlacementStudy;
import io.meridian.study.StudyOptions;
import io.meridian.study.sim.PolicyResult;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A deployment's exported decision log replayed through every policy, with a threshold and budget recommended. */
class ReplayTest {

    private static String fixture() throws IOException {
        try (InputStream in = ReplayTest.class.getResourceAsStream("/io/meridian/study/replay/decisions.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void everyLoggedJoinBecomesAJoinOfItsConferenceInDecisionOrder() throws IOException {
        DecisionLog log = DecisionLog.parse(fixture(), "decisions.json");
        assertThat(log.joins()).isEqualTo(4 + 2 + 12 + 5);
        assertThat(log.conferences()).hasSize(4);
        assertThat(log.conferences().get(1).size()).isEqualTo(2);
        assertThat(log.places().size()).isEqualTo(6);
        // the first conference's joins are Frankfurt, London, Frankfurt, London
        int[] standup = log.conferences().get(0).places();
        assertThat(standup[0]).isEqualTo(standup[2]).isNotEqualTo(standup[1]);
    }

    @Test
    void theReplayComparesEveryPolicyAndRecommendsAThresholdAndABudget() throws IOException {
        DecisionLog log = DecisionLog.parse(fixture(), "decisions.json");
        StudyOptions options = StudyOptions.parse(new String[] {"--thresholds", "0,50,100"});
        Replay.Result r = Replay.run(log, options, PlacementStudy.studyCatalog());
        assertThat(r.policies()).extracting(PolicyResult::policy)
                .contains("first-joiner", "nearest-always", "region-groups", "meridian",
                        "meridian, 1:1 calls cascaded");
        assertThat(r.policies()).allSatisfy(p -> assertThat(p.participants()).isEqualTo(23));
        PolicyResult first = r.policies().get(0);
        assertThat(first.cascadedShare()).isZero();
        assertThat(r.thresholdMs()).isIn(0.0, 50.0, 100.0);
        assertThat(r.maxAgents()).isBetween(1, 4);
        assertThat(r.agentsAtPeak()).isPositive();
        // the all-hands spans five continents: meridian cascades it, the 1:1 call across the Atlantic it does not
        PolicyResult meridian = r.policies().get(3);
        assertThat(meridian.cascadedShare()).isEqualTo(2.0 / 4); // all-hands and apac-sync (Sydney + Tokyo)
        assertThat(Replay.render(log, r)).contains("**Recommended: cascade threshold");
    }

    @Test
    void aLogWithoutLocationsIsRefusedNamingTheDecision() {
        String json = "{\"conferenceId\":\"c\",\"decisions\":[{\"sequence\":7,\"decidedAt\":\"2026-12-01T09:00:00Z\","
                + "\"explanation\":{}}]}";
        assertThatThrownBy(() -> DecisionLog.parse(json, "x.json")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("x.json").hasMessageContaining("decision 7 of 'c'");
        assertThatThrownBy(() -> DecisionLog.parse("[", "y.json")).hasMessageContaining("y.json: not JSON");
    }
}
