package io.meridian.controller.join;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Where the participant goes.
 *
 * @param mode "single" or "cascaded": the conference's mode after this join
 * @param decision the decision's explanation, as logged
 */
public record JoinAnswer(String conferenceId, String participantId, String agentId, String region,
        String signalingUrl, String token, String mode, JsonNode decision) {
}
