package io.meridian.agent.signaling;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * The agent on free ports, so signaling tests never collide with a running agent or each other; a short negotiation
 * timeout and a small per-source session cap so the tests can reach both.
 */
public class SignalingTestProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("meridian.agent.media-port", "0", "meridian.agent.relay-port", "0",
                "quarkus.http.test-port", "0", "meridian.agent.id", "agent-under-test",
                "meridian.agent.signaling.negotiation-timeout", "1s",
                "meridian.agent.signaling.max-sessions-per-source", "4");
    }
}
