package io.meridian.controller.join;

import io.meridian.controller.agentlink.AgentCommands;
import io.meridian.controller.fleet.AgentRegistry;
import io.meridian.controller.fleet.AgentStateChanged;
import io.meridian.controller.fleet.AgentView;
import io.meridian.controller.fleet.DrainedAgents;
import io.meridian.controller.persistence.StoreUnavailableException;
import io.meridian.placement.AgentState;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.jboss.logging.Logger;

/**
 * The operator's drains, durable and shared: recorded in {@link DrainedAgents} first, then applied to this
 * replica's registry and told to the agent. Every replica re-reads the record every two seconds and applies what
 * another replica (or a controller before a restart) decided; an agent that (re)connects drained is told Drain
 * again. Commands are idempotent on the agent, so replicas telling it twice is harmless.
 */
@ApplicationScoped
public class Drains {
    private static final Logger LOG = Logger.getLogger(Drains.class);

    private final DrainedAgents drained;
    private final AgentRegistry registry;
    private final AgentCommands commands;

    @Inject
    public Drains(DrainedAgents drained, AgentRegistry registry, AgentCommands commands) {
        this.drained = drained;
        this.registry = registry;
        this.commands = commands;
    }

    /** Drains an agent this replica knows; false when it does not. */
    public boolean drain(String agentId) {
        if (registry.agent(agentId).isEmpty()) {
            return false;
        }
        drained.drain(agentId);
        registry.drain(agentId);
        tell(agentId, "Drain", commands.drain(agentId));
        return true;
    }

    /** Undrains an agent this replica knows; false when it does not. */
    public boolean undrain(String agentId) {
        if (registry.agent(agentId).isEmpty()) {
            return false;
        }
        drained.undrain(agentId);
        registry.undrain(agentId);
        tell(agentId, "Undrain", commands.undrain(agentId));
        return true;
    }

    @Scheduled(every = "2s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sync() {
        Set<String> recorded;
        try {
            recorded = drained.refresh();
        } catch (StoreUnavailableException e) {
            return; // keep what we have; the next round retries
        }
        for (AgentView agent : registry.agents()) {
            boolean shouldDrain = recorded.contains(agent.agentId());
            if (shouldDrain && agent.state() == AgentState.UP) {
                registry.drain(agent.agentId());
                tell(agent.agentId(), "Drain", commands.drain(agent.agentId()));
            } else if (!shouldDrain && agent.state() == AgentState.DRAINING) {
                registry.undrain(agent.agentId());
                tell(agent.agentId(), "Undrain", commands.undrain(agent.agentId()));
            }
        }
    }

    void onConnected(@Observes AgentStateChanged changed) {
        if (changed.cause() == AgentStateChanged.Cause.CONNECTED && changed.state() == AgentState.DRAINING
                && drained.isDrained(changed.agentId())) {
            tell(changed.agentId(), "Drain", commands.drain(changed.agentId()));
        }
    }

    private static void tell(String agentId, String command, CompletionStage<Void> ack) {
        ack.whenComplete((ok, failure) -> {
            if (failure != null) {
                LOG.warnf("agent %s did not acknowledge %s: %s", agentId, command, failure.getMessage());
            }
        });
    }
}
