package io.meridian.controller.fleet;

import java.util.List;
import java.util.Map;

/**
 * What an agent announced when its session opened (already validated).
 *
 * @param hosted conference id → participant ids the agent already hosts (sent on reconnect)
 */
public record AgentHello(String agentId, String region, String signalingUrl, HostPort mediaAddress,
        HostPort relayAddress, int capacity, String version, Map<String, List<String>> hosted) {

    public AgentHello {
        hosted = Map.copyOf(hosted);
    }
}
