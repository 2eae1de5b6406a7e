package io.meridian.controller.join;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meridian.controller.access.ConflictException;
import io.meridian.controller.agentlink.AgentCommands;
import io.meridian.controller.console.ConferenceTouched;
import io.meridian.controller.fleet.AgentRegistry;
import io.meridian.controller.fleet.AgentView;
import io.meridian.controller.persistence.ConferenceStore;
import io.meridian.controller.persistence.ConferenceView;
import io.meridian.controller.persistence.DecisionRecord;
import io.meridian.controller.persistence.JoinPlan;
import io.meridian.controller.persistence.ParticipantRecord;
import io.meridian.controller.relay.RelayCoordinator;
import io.meridian.controller.token.JoinTokens;
import io.meridian.placement.AgentSnapshot;
import io.meridian.placement.AgentState;
import io.meridian.placement.ConferenceSnapshot;
import io.meridian.placement.Decision;
import io.meridian.placement.FleetSnapshot;
import io.meridian.placement.LocationSource;
import io.meridian.placement.Mode;
import io.meridian.placement.ParticipantLocation;
import io.meridian.placement.PlacementPolicy;
import io.meridian.placement.PlacementRequest;
import io.meridian.placement.geo.RegionCatalog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Live moves, make-before-break: the participant gets a seat on another agent while its old session keeps
 * forwarding; the target agent joins the conference with relay links to the others (as for a cascade); once those
 * links are open, the participant's current agent tells its browser where to open a second session (a "move"
 * signaling message with a token for the target). The browser publishes and subscribes there, switches to the new
 * tracks, and leaves the old session; that leave releases the old agent from the conference when nobody else is on
 * it. Every move is in the decision log (outcome "moved", the rule that asked for it).
 */
@ApplicationScoped
public class LiveMoves {
    private static final Logger LOG = Logger.getLogger(LiveMoves.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** How long the target's relay links may take to open before the browser is told anyway. */
    private static final long RELAY_WAIT_MS = 5_000;

    /**
     * Between two moves of participants of one conference: the first browser's switch (a second session, receiving
     * everyone, then 1.5 s of overlap) is over before the next starts, so no browser switches to tracks of a sender
     * that is itself switching.
     */
    public static final java.time.Duration SPACING = java.time.Duration.ofSeconds(3);

    /** Waits {@link #SPACING}; false when interrupted (stop moving then). */
    static boolean spaceOut() {
        try {
            Thread.sleep(SPACING.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Who asked for the move; the rule name in the decision log. */
    public enum Reason {
        /** An operator's POST …/move. */
        OPERATOR("operatorMove", "operator"),
        /** An operator's drain now: everyone leaves the agent. */
        DRAIN("drainNow", "drain"),
        /** The re-homing rule of the placement policy. */
        REHOMING("rehoming", "rehoming");

        private final String rule;
        private final String wire;

        Reason(String rule, String wire) {
            this.rule = rule;
            this.wire = wire;
        }

        /** The rule name in the decision log. */
        public String rule() {
            return rule;
        }
    }

    /**
     * Where to move to: a given agent, any agent of a given region, or (both null) wherever the placement policy
     * puts the participant with its current agent out of the running.
     */
    public record Target(String agentId, String region) {
        /** Wherever the policy chooses. */
        public static final Target ANY = new Target(null, null);
    }

    /** What a move did. */
    public record Moved(String conferenceId, String participantId, String fromAgentId, String toAgentId, String region,
            String rule, long sequence) {
    }

    private final ConferenceStore store;
    private final AgentRegistry registry;
    private final PlacementPolicy policy;
    private final JoinTokens tokens;
    private final RelayCoordinator relays;
    private final AgentCommands commands;
    private final ParticipantGrants grants;
    private final RegionCatalog regions;
    private final Clock clock;
    private final Event<ConferenceTouched> touched;

    @Inject
    public LiveMoves(ConferenceStore store, AgentRegistry registry, PlacementPolicy policy, JoinTokens tokens,
            RelayCoordinator relays, AgentCommands commands, ParticipantGrants grants, RegionCatalog regions,
            Clock clock, Event<ConferenceTouched> touched) {
        this.store = store;
        this.registry = registry;
        this.policy = policy;
        this.tokens = tokens;
        this.relays = relays;
        this.commands = commands;
        this.grants = grants;
        this.regions = regions;
        this.clock = clock;
        this.touched = touched;
    }

    /**
     * Moves a participant live. Throws NotFoundException for an unknown conference or participant, ConflictException
     * when the target is its current agent, not UP, unknown, or nobody else can take it, or when this replica did not
     * admit the participant (it cannot sign a token with the participant's rights).
     */
    public Moved move(String conferenceId, String participantId, Target target, Reason reason) {
        ConferenceView view = store.conference(conferenceId).orElseThrow(
                () -> new NotFoundException("conference '" + conferenceId + "' does not exist"));
        ParticipantRecord seat = view.participant(participantId).orElseThrow(() -> new NotFoundException(
                "participant '" + participantId + "' is not in conference '" + conferenceId + "'"));
        ParticipantGrants.Admitted admitted = grants.of(conferenceId, participantId).orElseThrow(() ->
                new ConflictException("participant '" + participantId + "' was not admitted by this controller"
                        + " replica, so it cannot sign it a token elsewhere; it can be moved after it joins again"));
        Planned[] planned = new Planned[1];
        ConferenceStore.JoinResult result = store.join(conferenceId, current -> {
            planned[0] = plan(current, participantId, target, reason, admitted);
            return planned[0].plan();
        });
        Planned p = planned[0];
        registry.placed(p.to().agentId());
        touched.fire(new ConferenceTouched(conferenceId));
        if (!result.change().removedLinks().isEmpty()) {
            relays.close(conferenceId, result.change().removedLinks());
        }
        if (!result.change().addedLinks().isEmpty()) {
            awaitRelays(conferenceId, result);
        }
        String token = tokens.issue(conferenceId, participantId, p.to().agentId(), admitted.permissions(),
                admitted.applicationKey());
        AgentCommands.MoveParticipant command = new AgentCommands.MoveParticipant(conferenceId, participantId,
                p.to().agentId(), p.to().region(), p.to().hello().signalingUrl(), token, reason.wire);
        commands.moveParticipant(p.from(), command).whenComplete((ok, failure) -> {
            if (failure != null) {
                LOG.warnf("agent %s could not tell %s of %s to move to %s: %s", p.from(), participantId, conferenceId,
                        p.to().agentId(), failure.getMessage());
            }
        });
        LOG.infof("moving %s of %s from %s to %s (%s)", participantId, conferenceId, p.from(), p.to().agentId(),
                reason.rule);
        return new Moved(conferenceId, participantId, p.from(), p.to().agentId(), p.to().region(), reason.rule,
                result.decision().sequence());
    }

    /** The target's links should be open before the browser arrives there, so the others' media is waiting for it. */
    private void awaitRelays(String conferenceId, ConferenceStore.JoinResult result) {
        try {
            relays.open(conferenceId, result.change().addedLinks()).toCompletableFuture()
                    .get(RELAY_WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            LOG.infof("relay links of %s not all open within %d ms; moving anyway", conferenceId, RELAY_WAIT_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Under the conference's lock: where to, and the seat and decision to store. */
    private Planned plan(ConferenceView current, String participantId, Target target, Reason reason,
            ParticipantGrants.Admitted admitted) {
        ParticipantRecord seat = current.participant(participantId).orElseThrow(() -> new NotFoundException(
                "participant '" + participantId + "' is not in conference '" + current.conferenceId() + "'"));
        String from = seat.agentId();
        AgentView to = target.agentId() != null ? given(target.agentId(), from)
                : chosen(current, participantId, from, target.region(), admitted.location());
        Instant now = clock.instant();
        ObjectNode explanation = JSON.createObjectNode().put("rule", reason.rule).put("from", from)
                .put("to", to.agentId()).put("toRegion", to.region());
        if (target.agentId() != null) {
            explanation.put("target", "agent");
        } else if (target.region() != null) {
            explanation.put("target", "region");
        } else {
            explanation.put("target", "policy");
        }
        boolean addsAgent = !current.hasAgent(to.agentId());
        String mode = (current.agents().size() + (addsAgent ? 1 : 0) > 1 ? Mode.CASCADED : Mode.SINGLE).name()
                .toLowerCase(Locale.ROOT);
        DecisionRecord decision = new DecisionRecord(0, current.conferenceId(), participantId, now,
                DecisionRecord.MOVED, to.agentId(), to.region(), mode, addsAgent, reason.rule, explanation.toString());
        ParticipantRecord moved = new ParticipantRecord(participantId, to.agentId(), to.region(), seat.country(),
                seat.locationSource(), now);
        return new Planned(new JoinPlan.Move(moved, decision), from, to);
    }

    private AgentView given(String agentId, String from) {
        AgentView agent = registry.agent(agentId).orElseThrow(
                () -> new ConflictException("agent '" + agentId + "' is not known"));
        if (agentId.equals(from)) {
            throw new ConflictException("the participant is already on agent '" + agentId + "'");
        }
        if (agent.state() != AgentState.UP) {
            throw new ConflictException("agent '" + agentId + "' is " + agent.state().name().toLowerCase(Locale.ROOT)
                    + ", not up");
        }
        return agent;
    }

    /**
     * The placement policy's choice with the current agent (and, for a region, every agent elsewhere) made
     * ineligible: seen as draining, which the policy never places on.
     */
    private AgentView chosen(ConferenceView current, String participantId, String from, String region,
            ParticipantLocation location) {
        if (region != null && !regions.contains(region)) {
            throw new ConflictException("region '" + region + "' is not known");
        }
        FleetSnapshot fleet = registry.snapshot();
        List<AgentSnapshot> eligible = fleet.agents().stream()
                .map(a -> a.agentId().equals(from) || (region != null && !a.region().equals(region))
                        ? draining(a) : a)
                .toList();
        Map<String, Integer> byAgent = new LinkedHashMap<>(current.participantsByAgent());
        if (byAgent.merge(from, -1, Integer::sum) <= 0) {
            byAgent.remove(from);
        }
        ParticipantLocation where = location != null ? location : regions.byName(current.participant(participantId)
                .map(ParticipantRecord::region).orElse(""))
                .map(r -> ParticipantLocation.at(r.location(), LocationSource.DEFAULT_REGION))
                .orElseThrow(() -> new ConflictException("the participant's location is not known"));
        Decision decision = policy.place(new PlacementRequest(current.conferenceId(), participantId, where,
                new ConferenceSnapshot(current.conferenceId(), byAgent),
                new FleetSnapshot(eligible, fleet.measuredRttMs())));
        if (!(decision instanceof Decision.Placed placed) || placed.agentId().equals(from)) {
            throw new ConflictException("no other agent" + (region != null ? " in region '" + region + "'" : "")
                    + " can take the participant");
        }
        return registry.agent(placed.agentId()).orElseThrow(
                () -> new ConflictException("agent '" + placed.agentId() + "' went away"));
    }

    private static AgentSnapshot draining(AgentSnapshot a) {
        return a.state() == AgentState.UP ? new AgentSnapshot(a.agentId(), a.region(), AgentState.DRAINING,
                a.stress(), a.participants(), a.capacity(), a.reportedAt(), a.placementsSinceReport()) : a;
    }

    private record Planned(JoinPlan plan, String from, AgentView to) {
    }
}
