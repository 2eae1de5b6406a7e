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
     * One side of a relay link.
     *
     * @param sendKey protects what this agent sends on the link
     * @param receiveKey protects what the peer sends on the link
     */
    record OpenRelay(String conferenceId, String peerAgentId, HostPort peerRelayAddress, SrtpMasterKey sendKey,
            SrtpMasterKey receiveKey) {
    }
}
