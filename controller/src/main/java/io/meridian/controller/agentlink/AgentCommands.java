package io.meridian.controller.agentlink;

import io.meridian.controller.fleet.HostPort;
import java.util.concurrent.CompletionStage;

/**
 * Commands the controller sends to agents. Each stage completes when the agent acknowledges the command,
 * and fails with {@link CommandFailedException} when it refuses, is not connected, or never answers
 * (after the configured retries, each with its own deadline).
 */
public interface AgentCommands {

    /** Tells {@code agentId} to open (or re-key) its relay link to {@code peerAgentId} for a conference. */
    CompletionStage<Void> openRelay(String agentId, OpenRelay command);

    /** Tells {@code agentId} to close its relay link to {@code peerAgentId} for a conference. */
    CompletionStage<Void> closeRelay(String agentId, String conferenceId, String peerAgentId);

    /** Tells {@code agentId} to take no new participants and finish its conferences. */
    CompletionStage<Void> drain(String agentId);

    /** Tells {@code agentId} to take new participants again after a drain. */
    CompletionStage<Void> undrain(String agentId);

    /** Tells {@code agentId} to end the participant's session now (kick) and refuse its token from then on. */
    CompletionStage<Void> removeParticipant(String agentId, String conferenceId, String participantId);

    /**
     * Tells {@code agentId} to send the participant's browser a live move to another agent (a "move" signaling
     * message with that agent's signaling URL and a join token for it); its session there goes on until the browser
     * leaves it. Fails when the participant has no session on {@code agentId}.
     */
    CompletionStage<Void> moveParticipant(String agentId, MoveParticipant command);

    /**
     * A live move for one participant.
     *
     * @param toAgentId the agent to move to
     * @param region that agent's region
     * @param signalingUrl that agent's signaling URL
     * @param token a join token for that agent (a credential: never logged)
     * @param reason "operator", "drain" or "rehoming"
     */
    record MoveParticipant(String conferenceId, String participantId, String toAgentId, String region,
            String signalingUrl, String token, String reason) {
        @Override
        public String toString() {
            return "MoveParticipant[" + conferenceId + "/" + participantId + " → " + toAgentId + ", " + reason + "]";
        }
    }

    /**
     * One side of a relay link.
     *
     * @param sendKey protects what this agent sends on the link
     * @param receiveKey protects what the peer sends on the link
     */
    record OpenRelay(String conferenceId, String peerAgentId, HostPort peerRelayAddress, SrtpMasterKey sendKey,
            SrtpMasterKey receiveKey) {
    }
}
