package io.meridian.controller.agentlink;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.controller.fleet.AgentHello;
import io.meridian.controller.fleet.AgentView;
import io.meridian.controller.fleet.HostPort;
import io.meridian.placement.AgentState;
import io.meridian.proto.agent.v1.FleetPeer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FleetPeersPublisherTest {

    private static AgentView agent(String id, String region) {
        AgentHello hello = new AgentHello(id, region, "ws://10.0.0.1:8081/signaling", new HostPort("10.0.0.1", 10000),
                new HostPort("10.0.0.1", 10001), 100, "1", Map.of());
        return new AgentView(hello, AgentState.UP, 0.1, 0, Instant.EPOCH, 0, null);
    }

    private static List<String> ids(List<FleetPeer> peers) {
        return peers.stream().map(FleetPeer::getAgentId).toList();
    }

    @Test
    void everyAgentMeasuresTheSameTwoLowestIdAgentsOfEachRegion() {
        List<AgentView> fleet = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            fleet.add(agent(String.format("eu-%02d", i), "eu-west-1"));
            fleet.add(agent(String.format("us-%02d", i), "us-east-1"));
        }
        var representatives = FleetPeersPublisher.Representatives.of(fleet);

        assertThat(ids(representatives.peersOf("eu-30").getPeersList())).containsExactly("eu-00", "eu-01", "us-00", "us-01");
        assertThat(representatives.peersOf("us-49")).isSameAs(representatives.peersOf("eu-30"));
    }

    @Test
    void aRepresentativeIsNeverItsOwnPeerAndGetsTheNextOneOfItsRegion() {
        var representatives = FleetPeersPublisher.Representatives.of(List.of(agent("eu-00", "eu-west-1"),
                agent("eu-01", "eu-west-1"), agent("eu-02", "eu-west-1"), agent("ap-00", "ap-southeast-1")));

        assertThat(ids(representatives.peersOf("eu-00").getPeersList())).containsExactly("ap-00", "eu-01", "eu-02");
        assertThat(ids(representatives.peersOf("ap-00").getPeersList())).containsExactly("eu-00", "eu-01");
    }

    @Test
    void theListGrowsWithRegionsNotWithAgents() {
        List<AgentView> fleet = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            fleet.add(agent(String.format("a-%05d", i), "region-" + (i % 20)));
        }
        var representatives = FleetPeersPublisher.Representatives.of(fleet);

        assertThat(representatives.peersOf("a-09999").getPeersCount()).isEqualTo(20 * FleetPeersPublisher.PEERS_PER_REGION);
    }
}
