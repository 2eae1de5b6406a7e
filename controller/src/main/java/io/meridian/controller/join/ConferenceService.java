package io.meridian.controller.join;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meridian.controller.agentlink.AgentEvents;
import io.meridian.controller.fleet.AgentHello;
import io.meridian.controller.fleet.AgentRegistry;
import io.meridian.controller.fleet.AgentStateChanged;
import io.meridian.controller.fleet.AgentView;
import io.meridian.controller.geo.Located;
import io.meridian.controller.geo.Locator;
import io.meridian.controller.persistence.ConferenceChange;
import io.meridian.controller.persistence.ConferenceStore;
import io.meridian.controller.persistence.ConferenceView;
import io.meridian.controller.persistence.DecisionRecord;
import io.meridian.controller.persistence.JoinPlan;
import io.meridian.controller.persistence.ParticipantRecord;
import io.meridian.controller.relay.RelayCoordinator;
import io.meridian.controller.token.JoinTokens;
import io.meridian.placement.AgentState;
import io.meridian.placement.ConferenceSnapshot;
import io.meridian.placement.Decision;
import io.meridian.placement.FleetSnapshot;
import io.meridian.placement.PlacementPolicy;
import io.meridian.placement.PlacementRequest;
import io.meridian.placement.geo.RegionCatalog;
import io.meridian.placement.latency.LatencyModel;
import io.meridian.placement.latency.RttEstimates;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Joins and leaves: locate the participant, lock the conference, decide over a fresh fleet snapshot, store
 * the placement with its decision, count it against the agent, sign the token; open or close relay links
 * when the conference's agents change. Also keeps the store in step with what agents report.
 */
@ApplicationScoped
public class ConferenceService implements AgentEvents {
    private static final Logger LOG = Logger.getLogger(ConferenceService.class);

    private final Locator locator;
    private final ConferenceStore store;
    private final AgentRegistry registry;
    private final PlacementPolicy policy;
    private final JoinTokens tokens;
    private final RelayCoordinator relays;
    private final Clock clock;
    private final MeterRegistry meters;
    private final Timer decisionTimer;
    private final RttEstimates estimates;

    @Inject
    public ConferenceService(Locator locator, ConferenceStore store, AgentRegistry registry, PlacementPolicy policy,
            JoinTokens tokens, RelayCoordinator relays, Clock clock, MeterRegistry meters, RegionCatalog regions,
            LatencyModel model) {
        this.locator = locator;
        this.store = store;
        this.registry = registry;
        this.policy = policy;
        this.tokens = tokens;
        this.relays = relays;
        this.clock = clock;
        this.meters = meters;
        this.estimates = new RttEstimates(regions, model);
        this.decisionTimer = Timer.builder("meridian.decision")
                .description("Time the placement policy takes to decide one join")
                .publishPercentiles(0.5, 0.99)
                .register(meters);
    }

    /** Places a participant; throws {@link NoCapacityException} when no agent can take it. */
    public JoinAnswer join(JoinRequest request) {
        Located located = locator.locate(request.peer(), request.forwardedFor(), request.hint(), request.probes());
        String participantId = request.participantId() != null ? request.participantId()
                : "p-" + UUID.randomUUID().toString().substring(0, 13);
        Decided[] decided = new Decided[1];
        ConferenceStore.JoinResult result = store.join(request.conferenceId(), current -> {
            decided[0] = decide(request.conferenceId(), participantId, located, current);
            return decided[0].plan();
        });
        Decided outcome = decided[0];
        if (outcome.decision() instanceof Decision.Rejected rejected) {
            joins("none", "rejected").increment();
            LOG.infof("join %s/%s rejected: %s", request.conferenceId(), participantId, rejected.reason());
            throw new NoCapacityException(rejected.reason(), outcome.json().put("sequence", result.decision().sequence()));
        }
        Decision.Placed placed = (Decision.Placed) outcome.decision();
        String mode = result.conference().mode();
        joins(mode, "placed").increment();
        if (!result.change().addedLinks().isEmpty()) {
            relays.open(request.conferenceId(), result.change().addedLinks());
        }
        if (!result.change().removedLinks().isEmpty()) {
            relays.close(request.conferenceId(), result.change().removedLinks());
        }
        String signalingUrl = registry.agent(placed.agentId()).map(a -> a.hello().signalingUrl()).orElseThrow();
        String token = tokens.issue(request.conferenceId(), participantId, placed.agentId());
        LOG.debugf("join %s/%s → %s (%s, %s)", request.conferenceId(), participantId, placed.agentId(),
                placed.region(), placed.explanation().rule());
        return new JoinAnswer(request.conferenceId(), participantId, placed.agentId(), placed.region(), signalingUrl,
                token, mode, outcome.json().put("sequence", result.decision().sequence()));
    }

    /** Removes a participant (an operator kick, or a client leaving); throws NotFoundException when unknown. */
    public void remove(String conferenceId, String participantId) {
        ConferenceChange change = store.leave(conferenceId, participantId, null)
                .orElseThrow(() -> new NotFoundException("conference '" + conferenceId + "' does not exist"));
        if (change.removedParticipants().isEmpty()) {
            throw new NotFoundException("participant '" + participantId + "' is not in conference '"
                    + conferenceId + "'");
        }
        afterChange(conferenceId, change);
    }

    /** The conference; throws NotFoundException when unknown. */
    public ConferenceView conference(String conferenceId) {
        return store.conference(conferenceId).orElseThrow(
                () -> new NotFoundException("conference '" + conferenceId + "' does not exist"));
    }

    /** The conference's decision log; throws NotFoundException when unknown. */
    public List<DecisionRecord> decisions(String conferenceId) {
        return store.decisions(conferenceId).orElseThrow(
                () -> new NotFoundException("conference '" + conferenceId + "' does not exist"));
    }

    @Override
    public void sessionOpened(AgentHello hello) {
        AgentState state = registry.agent(hello.agentId()).map(AgentView::state).orElse(AgentState.UP);
        store.saveAgent(hello, state);
        hello.hosted().forEach((conferenceId, participants) ->
                afterChange(conferenceId, store.adopt(conferenceId, hello.agentId(), hello.region(), participants)));
    }

    @Override
    public void participantJoined(AgentHello agent, String conferenceId, String participantId) {
        afterChange(conferenceId, store.adopt(conferenceId, agent.agentId(), agent.region(), List.of(participantId)));
    }

    @Override
    public void participantLeft(AgentHello agent, String conferenceId, String participantId, String reason) {
        store.leave(conferenceId, participantId, agent.agentId()).ifPresent(change -> {
            if (!change.removedParticipants().isEmpty()) {
                LOG.debugf("%s left %s on %s (%s)", participantId, conferenceId, agent.agentId(), reason);
            }
            afterChange(conferenceId, change);
        });
    }

    void onAgentState(@Observes AgentStateChanged changed) {
        try {
            store.agentState(changed.agentId(), changed.state());
        } catch (RuntimeException e) {
            LOG.warnf("recording agent %s as %s failed: %s", changed.agentId(), changed.state(), e.getMessage());
        }
    }

    private void afterChange(String conferenceId, ConferenceChange change) {
        if (!change.addedLinks().isEmpty()) {
            relays.open(conferenceId, change.addedLinks());
        }
        if (!change.removedLinks().isEmpty()) {
            relays.close(conferenceId, change.removedLinks());
        }
    }

    /** Runs under the conference's lock: snapshot, decide, count, and describe what to store. */
    private Decided decide(String conferenceId, String participantId, Located located, ConferenceView current) {
        Map<String, Integer> byAgent = new LinkedHashMap<>(current.participantsByAgent());
        // A participant joining again is leaving its old seat: decide as if it were gone.
        current.participant(participantId).ifPresent(old -> {
            if (byAgent.merge(old.agentId(), -1, Integer::sum) <= 0) {
                byAgent.remove(old.agentId());
            }
        });
        FleetSnapshot fleet = registry.snapshot();
        PlacementRequest request = new PlacementRequest(conferenceId, participantId, located.location(),
                new ConferenceSnapshot(conferenceId, byAgent), fleet);
        Timer.Sample sample = Timer.start(meters);
        Decision decision = policy.place(request);
        sample.stop(decisionTimer);
        ObjectNode json = DecisionJson.of(decision, located,
                RelayRttSources.of(request, decision.explanation().candidates(), estimates));
        String explanation = DecisionJson.text(json);
        var now = clock.instant();
        String rule = decision.explanation().rule().caseName();
        if (decision instanceof Decision.Placed placed) {
            registry.placed(placed.agentId());
            DecisionRecord record = new DecisionRecord(0, conferenceId, participantId, now, DecisionRecord.PLACED,
                    placed.agentId(), placed.region(), placed.mode().name().toLowerCase(Locale.ROOT),
                    placed.addsAgent(), rule, explanation);
            ParticipantRecord participant = new ParticipantRecord(participantId, placed.agentId(), placed.region(),
                    located.location().country(), located.location().source().name(), now);
            return new Decided(decision, json, new JoinPlan.Place(participant, record));
        }
        DecisionRecord record = new DecisionRecord(0, conferenceId, participantId, now, DecisionRecord.REJECTED,
                null, null, null, false, rule, explanation);
        return new Decided(decision, json, new JoinPlan.Reject(record));
    }

    private Counter joins(String mode, String outcome) {
        return Counter.builder("meridian.joins").description("Joins by resulting conference mode and outcome")
                .tag("mode", mode).tag("outcome", outcome).register(meters);
    }

    /** A decision with its JSON and the plan for the store. */
    private record Decided(Decision decision, ObjectNode json, JoinPlan plan) {
    }
}
