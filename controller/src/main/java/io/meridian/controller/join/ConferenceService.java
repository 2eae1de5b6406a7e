package io.meridian.controller.join;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meridian.controller.access.ConferenceOwners;
import io.meridian.controller.access.Refusals;
import io.meridian.controller.agentlink.AgentCommands;
import io.meridian.controller.config.MeridianConfig;
import io.meridian.controller.console.ConferenceTouched;
import io.meridian.controller.fleet.AgentRegistry;
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
import io.meridian.placement.ConferenceSnapshot;
import io.meridian.placement.Decision;
import io.meridian.placement.FleetSnapshot;
import io.meridian.placement.PlacementPolicy;
import io.meridian.placement.PlacementRequest;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Joins and leaves: locate the participant, lock the conference, decide over a fresh fleet snapshot, store
 * the placement with its decision, count it against the agent, sign the token; open or close relay links
 * when the conference's agents change. What agents report about participants is handled by
 * {@link AgentEventSink}.
 */
@ApplicationScoped
public class ConferenceService {
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
    private final AgentCommands commands;
    private final Refusals refusals;
    private final ConferenceOwners owners;
    private final Event<ConferenceTouched> touched;
    private final PendingArrivals arrivals;
    private final Kicks kicks;
    @Inject
    ParticipantGrants grants;

    @Inject
    public ConferenceService(Locator locator, ConferenceStore store, AgentRegistry registry, PlacementPolicy policy,
            JoinTokens tokens, RelayCoordinator relays, Clock clock, MeterRegistry meters, AgentCommands commands,
            Refusals refusals, ConferenceOwners owners, MeridianConfig config, Event<ConferenceTouched> touched,
            Kicks kicks) {
        this.kicks = kicks;
        this.touched = touched;
        this.arrivals = new PendingArrivals(clock, config.placement().arrivalTimeout());
        this.commands = commands;
        this.owners = owners;
        this.refusals = refusals;
        this.locator = locator;
        this.store = store;
        this.registry = registry;
        this.policy = policy;
        this.tokens = tokens;
        this.relays = relays;
        this.clock = clock;
        this.meters = meters;
        this.decisionTimer = Timer.builder("meridian.decision")
                .description("Time the placement policy takes to decide one join")
                .publishPercentiles(0.5, 0.99)
                .register(meters);
    }

    /** Places a participant; throws {@link NoCapacityException} when no agent can take it. */
    public JoinAnswer join(JoinRequest request) {
        Located located = locator.locate(request.peer(), request.forwardedFor(), request.hint(), request.probes());
        located.discardedProbes().forEach(probe -> refusals.count("probe-implausible"));
        String participantId = request.participantId();
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
        touched.fire(new ConferenceTouched(request.conferenceId()));
        String mode = result.conference().mode();
        joins(mode, "placed").increment();
        if (!result.change().addedLinks().isEmpty()) {
            relays.open(request.conferenceId(), result.change().addedLinks());
        }
        if (!result.change().removedLinks().isEmpty()) {
            relays.close(request.conferenceId(), result.change().removedLinks());
        }
        String signalingUrl = registry.agent(placed.agentId()).map(a -> a.hello().signalingUrl()).orElseThrow();
        // A participant joining again elsewhere leaves its old session: that agent ends it.
        outcome.previousAgent().filter(previous -> !previous.equals(placed.agentId()))
                .ifPresent(previous -> removeSession(previous, request.conferenceId(), participantId));
        result.conference().participant(participantId).ifPresent(seat -> arrivals.expect(
                new PendingArrivals.Placement(request.conferenceId(), participantId, placed.agentId(), seat.joinedAt())));
        String token = tokens.issue(request.conferenceId(), participantId, placed.agentId(), request.permissions(),
                request.applicationKey());
        grants.admitted(request.conferenceId(), participantId, new ParticipantGrants.Admitted(request.permissions(),
                request.applicationKey(), located.location())); // what a live move re-signs
        LOG.debugf("join %s/%s → %s (%s, %s)", request.conferenceId(), participantId, placed.agentId(),
                placed.region(), placed.explanation().rule());
        return new JoinAnswer(request.conferenceId(), participantId, placed.agentId(), placed.region(), signalingUrl,
                token, mode, outcome.json().put("sequence", result.decision().sequence()));
    }

    /**
     * Removes a participant (an admin's kick): the store forgets it and its agent ends the session at once and
     * refuses its token from then on. Throws NotFoundException when unknown.
     */
    public void remove(String conferenceId, String participantId) {
        String agentId = conference(conferenceId).participant(participantId).map(ParticipantRecord::agentId)
                .orElse(null);
        ConferenceChange change = store.leave(conferenceId, participantId, null)
                .orElseThrow(() -> new NotFoundException("conference '" + conferenceId + "' does not exist"));
        if (change.removedParticipants().isEmpty() || agentId == null) {
            throw new NotFoundException("participant '" + participantId + "' is not in conference '"
                    + conferenceId + "'");
        }
        kicks.kicked(conferenceId, participantId, agentId);
        removeSession(agentId, conferenceId, participantId);
        afterChange(conferenceId, change);
    }

    private void removeSession(String agentId, String conferenceId, String participantId) {
        commands.removeParticipant(agentId, conferenceId, participantId).whenComplete((ok, failure) -> {
            if (failure != null) {
                LOG.warnf("agent %s did not confirm removing %s from %s: %s", agentId, participantId, conferenceId,
                        failure.getMessage());
            }
        });
    }

    /** The conference; throws NotFoundException when unknown. */
    public ConferenceView conference(String conferenceId) {
        return store.conference(conferenceId).orElseThrow(
                () -> new NotFoundException("conference '" + conferenceId + "' does not exist"));
    }

    /** A page of the conference's decision log (see {@link ConferenceStore#decisions(String, long, int)}); throws NotFoundException when unknown. */
    public List<DecisionRecord> decisions(String conferenceId, long afterSequence, int limit) {
        return store.decisions(conferenceId, afterSequence, limit).orElseThrow(
                () -> new NotFoundException("conference '" + conferenceId + "' does not exist"));
    }

    /** The agent reported the participant where it was placed: its placement is not released. */
    void arrived(String conferenceId, String participantId, String agentId) {
        arrivals.arrived(conferenceId, participantId, agentId);
    }

    /**
     * Releases placements whose participant never reached its agent: the seat is freed (only if it is still that
     * placement), the agent's placement count undone, and an agent left empty drops out with its relay links.
     */
    @Scheduled(every = "1s", delayed = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void releaseUnarrived() {
        for (PendingArrivals.Placement p : arrivals.overdue()) {
            try {
                registry.unplaced(p.agentId(), p.placedAt());
                boolean stillThatSeat = store.conference(p.conferenceId())
                        .flatMap(view -> view.participant(p.participantId()))
                        .filter(seat -> seat.agentId().equals(p.agentId())
                                && !seat.joinedAt().isAfter(p.placedAt().plusMillis(1)))
                        .isPresent();
                if (!stillThatSeat) {
                    continue;
                }
                refusals.count("arrival-timeout");
                LOG.infof("%s never reached %s in %s: placement released", p.participantId(), p.agentId(),
                        p.conferenceId());
                store.leave(p.conferenceId(), p.participantId(), p.agentId())
                        .ifPresent(change -> afterChange(p.conferenceId(), change));
            } catch (RuntimeException e) {
                LOG.warnf("releasing %s in %s failed: %s", p.participantId(), p.conferenceId(), e.getMessage());
            }
        }
    }

    /** Tells watchers and opens or closes relay links after a change to the conference. */
    void afterChange(String conferenceId, ConferenceChange change) {
        if (!change.upsert().isEmpty() || !change.removedParticipants().isEmpty()
                || !change.addedLinks().isEmpty() || !change.removedLinks().isEmpty()) {
            touched.fire(new ConferenceTouched(conferenceId));
        }
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
        Optional<String> previousAgent = current.participant(participantId).map(ParticipantRecord::agentId);
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
        ObjectNode json = DecisionJson.of(decision, located);
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
            return new Decided(decision, json, new JoinPlan.Place(participant, record), previousAgent);
        }
        DecisionRecord record = new DecisionRecord(0, conferenceId, participantId, now, DecisionRecord.REJECTED,
                null, null, null, false, rule, explanation);
        return new Decided(decision, json, new JoinPlan.Reject(record), Optional.empty());
    }

    private Counter joins(String mode, String outcome) {
        return Counter.builder("meridian.joins").description("Joins by resulting conference mode and outcome")
                .tag("mode", mode).tag("outcome", outcome).register(meters);
    }

    /** A decision with its JSON, the plan for the store, and where the participant was before (a re-join). */
    private record Decided(Decision decision, ObjectNode json, JoinPlan plan, Optional<String> previousAgent) {
    }
}
