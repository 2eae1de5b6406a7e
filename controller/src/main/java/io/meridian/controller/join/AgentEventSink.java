package io.meridian.controller.join;

import io.meridian.controller.access.ConferenceOwners;
import io.meridian.controller.access.Refusals;
import io.meridian.controller.agentlink.AgentEvents;
import io.meridian.controller.config.MeridianConfig;
import io.meridian.controller.fleet.Admission;
import io.meridian.controller.fleet.AgentHello;
import io.meridian.controller.fleet.AgentRegistry;
import io.meridian.controller.fleet.AgentStateChanged;
import io.meridian.controller.fleet.AgentView;
import io.meridian.controller.persistence.ConferenceStore;
import io.meridian.controller.token.JoinTokens;
import io.meridian.placement.AgentState;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Keeps the store in step with what agents say: participants they admit (only with a token signed for them) or
 * lose, what they host when a session opens, what their load reports no longer list, and agents' state changes.
 * The join path lives in {@link ConferenceService}; changes found here go through its relay and watcher hooks.
 */
@ApplicationScoped
public class AgentEventSink implements AgentEvents {
    private static final Logger LOG = Logger.getLogger(AgentEventSink.class);

    private final ConferenceService conferences;
    private final ConferenceStore store;
    private final AgentRegistry registry;
    private final JoinTokens tokens;
    private final ConferenceOwners owners;
    private final Refusals refusals;
    private final Kicks kicks;
    private final Clock clock;
    /** How long a placement may take to reach its agent before the agent's silence about it counts. */
    private final Duration arrivalGrace;

    public AgentEventSink(ConferenceService conferences, ConferenceStore store, AgentRegistry registry,
            JoinTokens tokens, ConferenceOwners owners, Refusals refusals, Kicks kicks, Clock clock,
            MeridianConfig config) {
        this.conferences = conferences;
        this.store = store;
        this.registry = registry;
        this.tokens = tokens;
        this.owners = owners;
        this.refusals = refusals;
        this.kicks = kicks;
        this.clock = clock;
        this.arrivalGrace = config.agent().arrivalGrace();
    }
    @Override
    public void sessionOpened(AgentHello hello) {
        AgentState state = registry.agent(hello.agentId()).map(AgentView::state).orElse(AgentState.UP);
        store.saveAgent(hello, state);
        reopenLostRelays(hello);
        hello.hosted().forEach((conferenceId, admissions) -> adopt(hello, conferenceId, admissions));
        forgetWhoLeftUnseen(hello);
    }

    /**
     * An agent that (re)connects without a conference the store places it in has restarted and holds none of that
     * conference's relay links: RelayRepair opens them again. (A conference it still hosts kept its links.)
     */
    private void reopenLostRelays(AgentHello hello) {
        int links = 0;
        for (String conferenceId : store.conferencesOf(hello.agentId())) {
            if (!hello.hosted().containsKey(conferenceId)) {
                links += store.reopenRelaysOf(conferenceId, hello.agentId(), clock.instant());
            }
        }
        if (links > 0) {
            LOG.infof("agent %s connected without %d relay links the store lists: they will be opened again",
                    hello.agentId(), links);
        }
    }

    /**
     * Reconciles after a (re)connect: a participant the store places on this agent but that the agent no longer
     * hosts left while nobody was listening (the agent's stream or this controller was down). Placements younger
     * than the arrival grace ({@code MERIDIAN_AGENT_ARRIVAL_GRACE}) may still be on their way to the agent and are
     * left alone.
     */
    private void forgetWhoLeftUnseen(AgentHello hello) {
        forgetUnhosted(hello.agentId(), conferenceId -> Optional.of(hello.hosted()
                .getOrDefault(conferenceId, List.of()).stream().map(Admission::participantId)
                .collect(Collectors.toSet())), clock.instant().minus(arrivalGrace), "left while unseen");
    }

    /**
     * Reconciles from load reports, every {@code MERIDIAN_AGENT_RECONCILE_INTERVAL}: a conference the store places
     * participants of on a live agent, but that the agent's latest report no longer lists, has none there any more;
     * its participants placed more than the arrival grace before that report are removed (a lost ParticipantLeft, or
     * a client that never arrived). Reports carry counts, not ids, so a conference still listed is left to events.
     */
    @Scheduled(every = "${meridian.agent.reconcile-interval:10s}", identity = "conference-reconcile")
    void reconcileFromReports() {
        for (AgentView agent : registry.agents()) {
            if (agent.state() == AgentState.DOWN || agent.lastReport() == null) {
                continue;
            }
            Map<String, Integer> reported = agent.lastReport().conferences();
            try {
                forgetUnhosted(agent.agentId(), conferenceId -> reported.getOrDefault(conferenceId, 0) > 0
                        ? Optional.empty() : Optional.of(Set.of()), agent.reportedAt().minus(arrivalGrace),
                        "its agent no longer reports the conference");
            } catch (RuntimeException e) {
                LOG.debugf("reconciling agent %s from its reports failed: %s", agent.agentId(), e.getMessage());
            }
        }
    }

    /**
     * Removes participants placed on {@code agentId} before {@code cutoff} whom {@code hosted} (conference → who the
     * agent hosts there; empty when unknown) does not list.
     */
    private void forgetUnhosted(String agentId, Function<String, Optional<Set<String>>> hosted, Instant cutoff,
            String why) {
        for (String conferenceId : store.conferencesOf(agentId)) {
            Optional<Set<String>> there = hosted.apply(conferenceId);
            if (there.isEmpty()) {
                continue;
            }
            store.conference(conferenceId).ifPresent(view -> view.participants().stream()
                    .filter(p -> p.agentId().equals(agentId) && !there.get().contains(p.participantId())
                            && p.joinedAt().isBefore(cutoff))
                    .forEach(gone -> {
                        LOG.infof("%s in %s is no longer on %s: removed (%s)", gone.participantId(), conferenceId,
                                agentId, why);
                        store.leave(conferenceId, gone.participantId(), agentId)
                                .ifPresent(change -> conferences.afterChange(conferenceId, change));
                    }));
        }
    }

    @Override
    public void participantJoined(AgentHello agent, String conferenceId, Admission admission) {
        adopt(agent, conferenceId, List.of(admission));
    }

    /**
     * Records participants an agent says it hosts, but only those whose join token this controller signed for
     * that agent, conference and participant: an agent cannot put into a conference someone it was never sent.
     * The token names the conference's application, so a conference rebuilt from agents keeps its owner.
     */
    private void adopt(AgentHello agent, String conferenceId, List<Admission> admissions) {
        List<String> proven = new ArrayList<>(admissions.size());
        for (Admission admission : admissions) {
            if (kicks.recentlyKicked(conferenceId, admission.participantId(), agent.agentId())) {
                continue; // the agent was told to end this session; its ParticipantJoined crossed the kick
            }
            Optional<String> app = tokens.admits(admission.joinToken(), agent.agentId(), conferenceId,
                    admission.participantId());
            if (app.isPresent() && owners.claim(conferenceId, app.get()).equals(app.get())) {
                proven.add(admission.participantId());
            } else {
                refusals.count("adoption_unproven");
                LOG.warnf("agent %s announced %s in %s without a join token signed for it there: ignored",
                        agent.agentId(), admission.participantId(), conferenceId);
            }
        }
        proven.forEach(participantId -> conferences.arrived(conferenceId, participantId, agent.agentId()));
        if (!proven.isEmpty()) {
            conferences.afterChange(conferenceId,
                    store.adopt(conferenceId, agent.agentId(), agent.region(), proven));
        }
    }

    @Override
    public void participantLeft(AgentHello agent, String conferenceId, String participantId, String reason) {
        store.leave(conferenceId, participantId, agent.agentId()).ifPresent(change -> {
            if (!change.removedParticipants().isEmpty()) {
                LOG.debugf("%s left %s on %s (%s)", participantId, conferenceId, agent.agentId(), reason);
            }
            conferences.afterChange(conferenceId, change);
        });
    }

    void onAgentState(@Observes AgentStateChanged changed) {
        try {
            store.agentState(changed.agentId(), changed.state());
        } catch (RuntimeException e) {
            LOG.warnf("recording agent %s as %s failed: %s", changed.agentId(), changed.state(), e.getMessage());
        }
    }
}
