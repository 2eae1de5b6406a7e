package io.meridian.controller.join;

import io.meridian.controller.ControllerException;
import io.meridian.controller.config.MeridianConfig;
import io.meridian.controller.config.RehomingConfig;
import io.meridian.controller.fleet.AgentRegistry;
import io.meridian.controller.fleet.AgentView;
import io.meridian.controller.persistence.ConferenceAgent;
import io.meridian.controller.persistence.ConferenceStore;
import io.meridian.controller.persistence.ConferenceView;
import io.meridian.controller.persistence.DecisionRecord;
import io.meridian.controller.persistence.ParticipantRecord;
import io.meridian.placement.Rehoming;
import io.meridian.placement.RehomingSettings;
import io.meridian.placement.geo.RegionCatalog;
import io.meridian.placement.latency.LatencyModel;
import io.meridian.placement.latency.RttEstimates;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Runs the placement module's {@link Rehoming} rule over every live conference, every
 * {@code MERIDIAN_REHOMING_INTERVAL}, and carries out its moves with {@link LiveMoves} (rule {@code rehoming} in the
 * decision log). A conference's home is the agent its first participant was placed on (after a re-homing: the agent
 * it moved to); the home was chosen for the participants placed there as the agent's first of the conference (after
 * a re-homing: everyone moved). The rule's memory per conference lives here, in memory: a restarted replica starts
 * the dwell time again, which only delays a move.
 */
@ApplicationScoped
public class ConferenceRehoming {
    private static final Logger LOG = Logger.getLogger(ConferenceRehoming.class);
    /** Most decisions read per conference to find who the home was chosen for. */
    private static final int DECISIONS_READ = 1000;

    private final ConferenceStore store;
    private final AgentRegistry registry;
    private final ParticipantGrants grants;
    private final LiveMoves moves;
    private final Rehoming rule;
    private final boolean enabled;
    private final Map<String, Rehoming.State> states = new ConcurrentHashMap<>();
    /** Conferences re-homed by this replica: their new home and whom it was chosen for. */
    private final Map<String, Home> rehomed = new ConcurrentHashMap<>();

    private record Home(String agentId, Set<String> chosenFor) {
    }

    @Inject
    public ConferenceRehoming(ConferenceStore store, AgentRegistry registry, ParticipantGrants grants, LiveMoves moves,
            RegionCatalog regions, LatencyModel model, Clock clock, RehomingConfig config, MeridianConfig meridian) {
        this.store = store;
        this.registry = registry;
        this.grants = grants;
        this.moves = moves;
        this.enabled = config.enabled();
        this.rule = new Rehoming(new RttEstimates(regions, model), new RehomingSettings(config.thresholdMs(),
                config.hysteresisMs(), config.dwell(), config.minInterval(), meridian.policy().overloadStress(),
                meridian.agent().downTimeout()), clock);
    }

    @Scheduled(every = "${meridian.rehoming.interval:10s}", delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void check() {
        if (!enabled) {
            return;
        }
        Set<String> live = new LinkedHashSet<>();
        for (AgentView agent : registry.agents()) {
            live.addAll(store.conferencesOf(agent.agentId()));
        }
        states.keySet().retainAll(live);
        rehomed.keySet().retainAll(live);
        for (String conferenceId : live) {
            try {
                store.conference(conferenceId).ifPresent(this::check);
            } catch (RuntimeException e) {
                LOG.debugf("re-homing check of %s failed: %s", conferenceId, e.getMessage());
            }
        }
    }

    private void check(ConferenceView view) {
        Optional<Home> home = home(view);
        if (home.isEmpty()) {
            return;
        }
        List<Rehoming.Member> members = new ArrayList<>();
        for (ParticipantRecord p : view.participants()) {
            if (!p.agentId().equals(home.get().agentId())) {
                continue;
            }
            Optional<ParticipantGrants.Admitted> admitted = grants.of(view.conferenceId(), p.participantId());
            if (admitted.isEmpty() || admitted.get().location() == null) {
                return; // someone this replica cannot place or move: the conference is left alone
            }
            members.add(new Rehoming.Member(p.participantId(), admitted.get().location().point(),
                    admitted.get().location().probesMs()));
        }
        Rehoming.Snapshot snapshot = new Rehoming.Snapshot(view.conferenceId(), home.get().agentId(),
                home.get().chosenFor(), members, registry.snapshot());
        Rehoming.Outcome outcome = rule.decide(snapshot, states.getOrDefault(view.conferenceId(), Rehoming.State.NEW));
        states.put(view.conferenceId(), outcome.next());
        if (!(outcome instanceof Rehoming.Move move)) {
            LOG.debugf("re-homing %s: %s (%s)", view.conferenceId(), outcome.caseName(), outcome.summary());
            return;
        }
        LOG.infof("re-homing %s from %s to %s: %s", view.conferenceId(), home.get().agentId(), move.agentId(),
                move.summary());
        Set<String> moved = new HashSet<>();
        for (Rehoming.Member m : members) {
            if (!moved.isEmpty() && !LiveMoves.spaceOut()) {
                break;
            }
            try {
                moves.move(view.conferenceId(), m.participantId(), new LiveMoves.Target(move.agentId(), null),
                        LiveMoves.Reason.REHOMING);
                moved.add(m.participantId());
            } catch (ControllerException e) {
                LOG.infof("re-homing %s: %s stays (%s)", view.conferenceId(), m.participantId(), e.getMessage());
            }
        }
        if (!moved.isEmpty()) {
            rehomed.put(view.conferenceId(), new Home(move.agentId(), Set.copyOf(moved)));
        }
    }

    /** The conference's home agent and whom it was chosen for, or empty when unknown. */
    private Optional<Home> home(ConferenceView view) {
        Home known = rehomed.get(view.conferenceId());
        if (known != null) {
            return Optional.of(known);
        }
        Optional<String> first = view.agents().stream().min(Comparator.comparing(ConferenceAgent::addedAt))
                .map(ConferenceAgent::agentId);
        if (first.isEmpty()) {
            return Optional.empty();
        }
        Set<String> chosenFor = new HashSet<>();
        for (DecisionRecord d : store.decisions(view.conferenceId(), 0, DECISIONS_READ).orElse(List.of())) {
            if (DecisionRecord.PLACED.equals(d.outcome()) && d.addsAgent() && first.get().equals(d.agentId())) {
                chosenFor.add(d.participantId());
            }
        }
        return Optional.of(new Home(first.get(), chosenFor));
    }
}
