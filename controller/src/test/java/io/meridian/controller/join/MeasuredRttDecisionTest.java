package io.meridian.controller.join;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meridian.controller.fleet.AgentRegistry;
import io.meridian.controller.support.FakeAgent;
import io.meridian.controller.support.Fleet;
import io.meridian.placement.PlacementSettings;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** RTTs the agents measure between themselves reach the policy and its explanations in place of the model. */
@QuarkusTest
class MeasuredRttDecisionTest {
    @ConfigProperty(name = "quarkus.grpc.server.test-port")
    int port;
    @Inject
    AgentRegistry registry;
    @Inject
    PlacementSettings settings;

    @Test
    void relayRttsTheAgentsReportReplaceTheModelInTheDecisionAndItsExplanation() throws Exception {
        try (FakeAgent europe = FakeAgent.connect(port, "test-fleet-secret").autoAck();
             FakeAgent brazil = FakeAgent.connect(port, "test-fleet-secret").autoAck();
             FakeAgent virginia = FakeAgent.connect(port, "test-fleet-secret").autoAck()) {
            europe.sayHello(FakeAgent.hello("rtt-eu-1", "eu-west-1", 8901)).stress(0.1).peerRtt("rtt-sa-1", 190.0)
                    .reportEvery(300);
            brazil.sayHello(FakeAgent.hello("rtt-sa-1", "sa-east-1", 8911)).stress(0.1).peerRtt("rtt-eu-1", 210.0)
                    .reportEvery(300);
            virginia.sayHello(FakeAgent.hello("rtt-us-1", "us-east-1", 8921)).stress(0.1).reportEvery(300);
            Fleet.awaitReporting(registry, "rtt-eu-1", "rtt-sa-1", "rtt-us-1");
            await().atMost(Duration.ofSeconds(5)).until(() -> registry.snapshot().measuredRttMs().keySet()
                    .containsAll(List.of("rtt-eu-1", "rtt-sa-1")));
            assertThat(registry.snapshot().measuredRttMs()).containsEntry("rtt-eu-1", Map.of("rtt-sa-1", 190.0))
                    .containsEntry("rtt-sa-1", Map.of("rtt-eu-1", 210.0));

            assertThat(AgentFailoverTest.join("rtt-conf-1", "siobhan", AgentFailoverTest.DUBLIN).getString("agentId"))
                    .isEqualTo("rtt-eu-1");
            JsonPath far = AgentFailoverTest.join("rtt-conf-1", "joao", AgentFailoverTest.SAO_PAULO);
            assertThat(far.getString("agentId")).isEqualTo("rtt-sa-1");
            assertThat(far.getString("mode")).isEqualTo("cascaded");

            // Both directions reported: the mean of 190 and 210 ms, marked as measured.
            Map<String, Object> brazilCandidate = candidate(far, "rtt-sa-1");
            assertThat(((Number) brazilCandidate.get("relayRttMs")).doubleValue()).isEqualTo(200.0);
            assertThat(brazilCandidate).containsEntry("relayRttSource", "MEASURED");
            // Nobody measured Virginia ⇄ Ireland: the model's estimate, marked as such.
            Map<String, Object> virginiaCandidate = candidate(far, "rtt-us-1");
            assertThat(virginiaCandidate).containsEntry("relayRttSource", "MODEL");
            assertThat(((Number) virginiaCandidate.get("relayRttMs")).doubleValue()).isBetween(40.0, 150.0);
            // The conference's own agent relays to nobody: 0, no source.
            Map<String, Object> own = candidate(far, "rtt-eu-1");
            assertThat(((Number) own.get("relayRttMs")).doubleValue()).isZero();
            assertThat(own.get("relayRttSource")).isNull();

            // The decision log keeps the same explanation.
            JsonPath log = AgentFailoverTest.decisions("rtt-conf-1");
            assertThat(log.getString("decisions[1].explanation.candidates.find { it.agentId == 'rtt-sa-1' }"
                    + ".relayRttSource")).isEqualTo("MEASURED");
        }
    }

    @Test
    void theDefaultCascadeThresholdIsThePlacementStudysFiftyMilliseconds() {
        assertThat(settings.cascadeThresholdMs()).isEqualTo(50.0)
                .isEqualTo(PlacementSettings.defaults().cascadeThresholdMs());
    }

    private static Map<String, Object> candidate(JsonPath answer, String agentId) {
        return answer.getMap("decision.candidates.find { it.agentId == '" + agentId + "' }");
    }
}
