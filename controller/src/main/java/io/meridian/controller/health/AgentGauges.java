package io.meridian.controller.health;

import io.meridian.controller.fleet.AgentRegistry;
import io.meridian.placement.AgentState;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Locale;

/** Publishes {@code meridian_agents{state}}: agents known to this controller, by state. */
@ApplicationScoped
public class AgentGauges {
    void register(@Observes StartupEvent start, AgentRegistry registry, MeterRegistry meters) {
        for (AgentState state : AgentState.values()) {
            Gauge.builder("meridian.agents", registry, r -> r.countByState().get(state))
                    .description("Agents known to this controller, by state")
                    .tag("state", state.name().toLowerCase(Locale.ROOT))
                    .strongReference(true)
                    .register(meters);
        }
    }
}
