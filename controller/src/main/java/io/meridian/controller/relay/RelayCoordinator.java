package io.meridian.controller.relay;

import io.meridian.controller.agentlink.AgentCommands;
import io.meridian.controller.agentlink.SrtpMasterKey;
import io.meridian.controller.fleet.AgentRegistry;
import io.meridian.controller.fleet.AgentView;
import io.meridian.controller.persistence.ConferenceStore;
import io.meridian.controller.persistence.RelayLink;
import io.meridian.placement.AgentState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jboss.logging.Logger;

/**
 * Opens and closes relay links between a conference's agents: each link gets fresh SRTP keys per direction,
 * both ends are told, and the link is OPEN when both acknowledge (FAILED otherwise).
 */
@ApplicationScoped
public class RelayCoordinator {
    private static final Logger LOG = Logger.getLogger(RelayCoordinator.class);

    private final AgentCommands commands;
    private final AgentRegistry registry;
    private final ConferenceStore store;

    @Inject
    public RelayCoordinator(AgentCommands commands, AgentRegistry registry, ConferenceStore store) {
        this.commands = commands;
        this.registry = registry;
        this.store = store;
    }

    /** Opens each link; the returned stage completes when every link is OPEN or FAILED (never exceptionally). */
    public CompletionStage<Void> open(String conferenceId, List<RelayLink> links) {
        CompletableFuture<?>[] all = links.stream()
                .map(link -> openOne(conferenceId, link).toCompletableFuture())
                .toArray(CompletableFuture[]::new);
        return CompletableFuture.allOf(all);
    }

    /** Opens one link again (fresh keys for both ends, which re-key a link they still hold); completes like open. */
    public CompletionStage<Void> reopen(String conferenceId, RelayLink link) {
        return openOne(conferenceId, link);
    }

    /** Tells both ends of each link to close it, except an end that is DOWN; failures are logged (it may be gone). */
    public void close(String conferenceId, List<RelayLink> links) {
        for (RelayLink link : links) {
            closeEnd(conferenceId, link.fromAgentId(), link.toAgentId());
            closeEnd(conferenceId, link.toAgentId(), link.fromAgentId());
        }
    }

    private CompletionStage<Void> openOne(String conferenceId, RelayLink link) {
        Optional<AgentView> from = registry.agent(link.fromAgentId());
        Optional<AgentView> to = registry.agent(link.toAgentId());
        if (from.isEmpty() || to.isEmpty()) {
            return record(conferenceId, link, RelayLink.FAILED, "an end is not a known agent");
        }
        SrtpMasterKey fromToTo = RelayKeys.generate();
        SrtpMasterKey toToFrom = RelayKeys.generate();
        CompletableFuture<Void> a = commands.openRelay(link.fromAgentId(), new AgentCommands.OpenRelay(conferenceId,
                link.toAgentId(), to.get().hello().relayAddress(), fromToTo, toToFrom)).toCompletableFuture();
        CompletableFuture<Void> b = commands.openRelay(link.toAgentId(), new AgentCommands.OpenRelay(conferenceId,
                link.fromAgentId(), from.get().hello().relayAddress(), toToFrom, fromToTo)).toCompletableFuture();
        return CompletableFuture.allOf(a, b).handle((ok, failure) -> failure == null ? RelayLink.OPEN : RelayLink.FAILED)
                .thenCompose(state -> record(conferenceId, link, state,
                        state.equals(RelayLink.OPEN) ? "both ends acknowledged" : "an end did not open it"));
    }

    private CompletionStage<Void> record(String conferenceId, RelayLink link, String state, String why) {
        try {
            store.relayLinkState(conferenceId, link.fromAgentId(), link.toAgentId(), state);
        } catch (RuntimeException e) {
            LOG.errorf(e, "recording relay %s⇄%s of %s as %s failed", link.fromAgentId(), link.toAgentId(),
                    conferenceId, state);
        }
        if (state.equals(RelayLink.OPEN)) {
            LOG.infof("relay %s⇄%s of %s OPEN", link.fromAgentId(), link.toAgentId(), conferenceId);
        } else {
            LOG.warnf("relay %s⇄%s of %s %s: %s", link.fromAgentId(), link.toAgentId(), conferenceId, state, why);
        }
        return CompletableFuture.completedFuture(null);
    }

    private void closeEnd(String conferenceId, String agentId, String peerAgentId) {
        if (registry.agent(agentId).map(a -> a.state() == AgentState.DOWN).orElse(true)) {
            return;
        }
        LOG.debugf("closing relay %s→%s of %s", agentId, peerAgentId, conferenceId);
        commands.closeRelay(agentId, conferenceId, peerAgentId).whenComplete((ok, failure) -> {
            if (failure != null) {
                LOG.debugf("closing relay %s→%s of %s: %s", agentId, peerAgentId, conferenceId, failure.getMessage());
            }
        });
    }
}
