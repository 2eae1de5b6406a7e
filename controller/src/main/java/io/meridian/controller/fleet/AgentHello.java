package io.meridian.controller.fleet;

import java.util.List;
import java.util.Map;

/**
 * What an agent announced when its session opened (already validated).
 *
 * @param hosted conference id → participants the agent already hosts, with their admitting tokens (sent on reconnect)
 */
public record AgentHello(String agentId, String region, String signalingUrl, HostPort mediaAddress,
        HostPort relayAddress, int capacity, String version, Map<String, List<Admission>> hosted) {

    public AgentHello {
        hosted = Map.copyOf(hosted);
    }
}
