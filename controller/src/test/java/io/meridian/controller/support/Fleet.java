package io.meridian.controller.support;

import static org.awaitility.Awaitility.await;

import io.meridian.controller.fleet.AgentRegistry;
import io.meridian.placement.AgentState;
import java.time.Duration;

/** Waits for fake agents to be usable by the policy: UP with a report processed. */
public final class Fleet {
    private Fleet() {
    }

    /** Blocks until every agent has reported and is UP (at most 15 s: the test machine may be busy). */
    public static void awaitReporting(AgentRegistry registry, String... agentIds) {
        await().atMost(Duration.ofSeconds(15)).until(() -> {
            for (String id : agentIds) {
                boolean ready = registry.agent(id).map(a -> a.lastReport() != null && a.state() == AgentState.UP)
                        .orElse(false);
                if (!ready) {
                    return false;
                }
            }
            return true;
        });
    }
}
