package io.meridian.controller.agentlink;

import io.meridian.controller.fleet.AgentRegistry;
import io.meridian.controller.fleet.AgentStateChanged;
import io.meridian.controller.fleet.AgentView;
import io.meridian.placement.AgentState;
import io.meridian.proto.agent.v1.ControllerMessage;
import io.meridian.proto.agent.v1.FleetPeer;
import io.meridian.proto.agent.v1.FleetPeers;
import io.meridian.proto.agent.v1.UdpAddress;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;

/**
 * Tells every connected agent which other agents are live (with their relay addresses) whenever an agent's
 * state changes, so agents can measure RTT to their peers and report it.
 */
@ApplicationScoped
public class FleetPeersPublisher {
    @Inject
    AgentSessions sessions;
    @Inject
    AgentRegistry registry;

    void onChange(@Observes AgentStateChanged changed) {
        publish();
    }

    /** Sends each session the live agents other than itself. */
    public void publish() {
        List<AgentView> live = registry.agents().stream().filter(a -> a.state() != AgentState.DOWN).toList();
        for (Map.Entry<String, AgentSession> session : sessions.all().entrySet()) {
            FleetPeers.Builder peers = FleetPeers.newBuilder();
            for (AgentView agent : live) {
                if (!agent.agentId().equals(session.getKey())) {
                    peers.addPeers(FleetPeer.newBuilder().setAgentId(agent.agentId()).setRegion(agent.region())
                            .setRelayAddress(UdpAddress.newBuilder().setHost(agent.hello().relayAddress().host())
                                    .setPort(agent.hello().relayAddress().port())));
                }
            }
            session.getValue().send(ControllerMessage.newBuilder().setFleetPeers(peers).build());
        }
    }
}
