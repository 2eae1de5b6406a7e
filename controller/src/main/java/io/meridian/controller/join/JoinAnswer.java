package io.meridian.controller.join;

import com.fasterxml.jackson.databind.JsonNode;
import io.meridian.controller.turn.IceServer;
import java.util.List;

/**
 * Where the participant goes.
 *
 * @param mode "single" or "cascaded": the conference's mode after this join
 * @param decision the decision's explanation, as logged
 * @param iceServers TURN servers with short-lived credentials for the browser's RTCPeerConnections (empty: none)
 */
public record JoinAnswer(String conferenceId, String participantId, String agentId, String region,
        String signalingUrl, String token, String mode, JsonNode decision, List<IceServer> iceServers) {
    public JoinAnswer {
        iceServers = iceServers == null ? List.of() : List.copyOf(iceServers);
    }

    /** An answer without ICE servers (the join itself; the API adds them). */
    public JoinAnswer(String conferenceId, String participantId, String agentId, String region, String signalingUrl,
            String token, String mode, JsonNode decision) {
        this(conferenceId, participantId, agentId, region, signalingUrl, token, mode, decision, List.of());
    }

    /** This answer handing the browser {@code servers}. */
    public JoinAnswer withIceServers(List<IceServer> servers) {
        return new JoinAnswer(conferenceId, participantId, agentId, region, signalingUrl, token, mode, decision, servers);
    }
}
